"""Writing and verifying the audit chain. Every service calls `audit_record` inside its transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from collegium.audit.models import AuditEvent, AuditHead
from collegium.core.bulk import bulk_insert

GENESIS = "0" * 64


def _canonical(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), cls=DjangoJSONEncoder).encode()


def event_digest(*, seq: int, at: str, actor_id: int | None, party_id: int | None, action: str,
                 object_type: str, object_id: str, changes: dict[str, Any], internal_to_id: int | None,
                 prev_hash: str) -> str:
    payload = {
        "seq": seq, "at": at, "actor": actor_id, "party": party_id, "action": action,
        "object_type": object_type, "object_id": object_id, "changes": changes,
        "internal_to": internal_to_id, "prev": prev_hash,
    }
    return hashlib.sha256(_canonical(payload)).hexdigest()


def _now_ms():
    now = timezone.now()
    # Millisecond precision: what every database and Django's JSON serialiser (backups) keep.
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def _build_event(*, seq: int, at: Any, actor: Any, action: str, object_type: str, object_id: str,
                 changes: dict[str, Any] | None, internal_to_id: int | None, prev_hash: str) -> AuditEvent:
    # Normalise changes through JSON so that what is hashed equals what is stored and read back.
    clean_changes = json.loads(_canonical(changes or {}))
    actor_id = getattr(actor, "pk", None)
    party_id = getattr(actor, "party_id", None)
    digest = event_digest(
        seq=seq, at=at.isoformat(), actor_id=actor_id, party_id=party_id, action=action,
        object_type=object_type, object_id=object_id, changes=clean_changes,
        internal_to_id=internal_to_id, prev_hash=prev_hash,
    )
    return AuditEvent(
        seq=seq, at=at, actor_id=actor_id, actor_label=str(actor) if actor else "system", party_id=party_id,
        action=action, object_type=object_type, object_id=object_id, changes=clean_changes,
        internal_to_id=internal_to_id, prev_hash=prev_hash, hash=digest,
    )


def _locked_head() -> AuditHead:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events must be written inside a transaction")
    head, _created = AuditHead.objects.select_for_update().get_or_create(id=1)
    return head


def audit_record(*, actor: Any, action: str, obj: models.Model | None = None, object_type: str = "",
                 object_id: str = "", changes: dict[str, Any] | None = None,
                 internal_to: Any = None) -> AuditEvent:
    """Append one event to the chain; must run inside the caller's transaction."""
    head = _locked_head()
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    event = _build_event(seq=head.seq + 1, at=_now_ms(), actor=actor, action=action, object_type=object_type,
                         object_id=object_id, changes=changes,
                         internal_to_id=getattr(internal_to, "pk", internal_to), prev_hash=head.hash)
    event.save()
    AuditHead.objects.filter(id=1).update(seq=event.seq, hash=event.hash)
    return event


def audit_record_many(*, actor: Any, action: str, entries: list[tuple[models.Model, dict[str, Any]]]) -> None:
    """The events `audit_record` would append one by one for each (object, changes), written with
    one lock of the chain head and one insert (COPY on PostgreSQL): for bulk work such as news
    ingestion."""
    if not entries:
        return
    head = _locked_head()
    at = _now_ms()
    seq, prev = head.seq, head.hash
    events = []
    for obj, changes in entries:
        seq += 1
        event = _build_event(seq=seq, at=at, actor=actor, action=action, object_type=obj._meta.label_lower,
                             object_id=str(obj.pk), changes=changes, internal_to_id=None, prev_hash=prev)
        events.append(event)
        prev = event.hash
    bulk_insert(events, ids=False)
    AuditHead.objects.filter(id=1).update(seq=seq, hash=prev)


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""


def audit_verify(batch_size: int = 2000) -> VerifyResult:
    """Walk the whole chain and name the first broken link."""
    prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return VerifyResult(False, checked, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev:
            return VerifyResult(False, checked, event.seq, f"event #{event.seq} does not point to the previous event")
        digest = event_digest(
            seq=event.seq, at=event.at.isoformat(), actor_id=event.actor_id, party_id=event.party_id,
            action=event.action, object_type=event.object_type, object_id=event.object_id,
            changes=event.changes, internal_to_id=event.internal_to_id, prev_hash=event.prev_hash,
        )
        if digest != event.hash:
            return VerifyResult(False, checked, event.seq, f"event #{event.seq} was altered (hash mismatch)")
        prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return VerifyResult(False, checked, checked + 1, f"the chain ends at #{checked} but the head says #{head.seq}")
    return VerifyResult(True, checked)
