"""The canonical form of a resolution's text: what approvals and signatures are bound to."""

from __future__ import annotations

import json

from collegium.resolutions.models import Resolution


def canonical_payload(resolution: Resolution) -> dict:
    clauses = [
        {
            "number": c.number, "kind": c.kind, "text": c.text.strip(), "deadline_days": c.deadline_days,
            "deadline_date": c.deadline_date.isoformat() if c.deadline_date else None, "periodicity": c.periodicity,
            "addressees": sorted(
                [[a.unit.party.code, a.unit.code, a.is_responsible] for a in c.addressees.all()]
            ),
        }
        for c in resolution.clauses.order_by("number").prefetch_related("addressees__unit__party")
    ]
    return {
        "session": resolution.session.number, "title": resolution.title.strip(), "number": resolution.number,
        "place": resolution.place, "preamble": resolution.preamble.strip(), "text_version": resolution.text_version,
        "clauses": clauses,
    }


def canonical_bytes(resolution: Resolution) -> bytes:
    return json.dumps(canonical_payload(resolution), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def canonical_digest(resolution: Resolution) -> str:
    """SHA-256 of the signed form: the Akoma Ntoso text in exclusive C14N (collegium.documents.akn)."""
    from collegium.documents.akn import canonical_akn_digest

    return canonical_akn_digest(resolution)
