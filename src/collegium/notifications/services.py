"""Every write of notifications and background jobs.

Delivery guarantee (read this before changing `deliver_due`)
-------------------------------------------------------------
* A notice is created at most once: its key is UNIQUE, and creation is an insert that loses
  quietly to an existing row. Scans may run any number of times, on any number of workers.
* The in-app Notification is written in the same transaction as its Notice, so it exists
  exactly once.
* E-mail is claimed before it is sent: one conditional UPDATE moves the notice from `pending`
  (or from `sending` whose lease has expired) to `sending` with `claimed_by`/`claimed_at`; only
  the worker whose UPDATE matched sends. The UPDATE commits on its own, before the SMTP
  conversation starts, so two workers never hold the same claim.
* Right after the SMTP server accepts the message the notice is marked `sent` (conditional on
  still holding the claim). SMTP is not transactional, so one window remains: a worker killed
  after the server said "250 OK" and before that commit. After the lease expires the notice is
  claimed again and the message goes out a second time. Every message carries a Message-ID
  derived from the notice key, so mail systems and clients can fold such a duplicate. A worker
  killed at any other moment (between notices, during the SMTP conversation before the server
  accepted the message) loses nothing and duplicates nothing: the SMTP server discards an
  unfinished message, and the lease brings the notice back.
* A failing notice is retried with exponential back-off and ends `failed` with `last_error`
  after `max_attempts`; a claim lost to a crash counts as an attempt, so a message that kills
  its worker cannot loop for ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import logging
import os
import socket
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from collegium.audit.services import audit_record
from collegium.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from collegium.notifications.messages import WORDS, language_of, render_message
from collegium.notifications.models import Job, MediaDigest, Notice, Notification, NotificationPreference
from collegium.parties.models import Person

log = logging.getLogger(__name__)

Status = Notice.Status


def worker_name() -> str:
    """Who holds a claim: host, process and thread, so a log line points at one worker."""
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:100]


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=settings.COLLEGIUM_NOTICE_LEASE_SECONDS)


def retry_delay(attempts: int) -> dt.timedelta:
    """1, 2, 4, 8 ... minutes, at most an hour."""
    return dt.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 3600))


# --- creating notices ----------------------------------------------------------------------------

def preference_of(person: Person) -> NotificationPreference:
    """The person's preference, or the defaults (not saved) when they never chose."""
    try:
        return person.notification_preference
    except NotificationPreference.DoesNotExist:
        return NotificationPreference(person=person)


def _render(person: Person, subject: str, body: str, url: str, items: list[dict[str, str]] | None = None
            ) -> tuple[str, str]:
    language = language_of(person.language)
    words = WORDS[language]
    context = {
        "greeting": words["greeting"].format(name=person.first_name or person.full_name or person.username),
        "subject": subject, "body": body, "body_lines": body.splitlines(), "url": url, "items": items or [],
        "open": words["open"], "footer": words["footer"], "site_url": settings.COLLEGIUM_SITE_URL.rstrip("/"),
    }
    with translation.override(language):
        text = render_to_string(f"notifications/email/{language}/notice.txt", context).strip() + "\n"
        html = render_to_string(f"notifications/email/{language}/notice.html", context)
    return text, html


@dataclass
class NoticeDraft:
    """What a scan or a signal wants to tell one person; `context` fills the message of `kind`."""

    key: str
    person: Person
    kind: str
    context: dict[str, Any] = field(default_factory=dict)
    url: str = ""
    internal_to_id: int | None = None
    ics: str = ""
    ics_name: str = ""
    # A message with its own body (the media digest): these replace the rendered text and HTML.
    body_text: str = ""
    body_html: str = ""
    # A digest is a digest already: it is never held back to be folded into the daily notice digest.
    holdable: bool = True


def notice_create(draft: NoticeDraft, *, kick: bool = True) -> Notice | None:
    """Create the notice and its in-app twin, unless a notice with this key exists already.

    Returns None when the key is taken (the notice was created before, by this or another worker).
    A notice about a record internal to a party goes only to people of that party.
    """
    person = draft.person
    if draft.internal_to_id is not None and person.party_id != draft.internal_to_id:
        raise PermissionDenied("A notice about an internal record may go only to people of its party.")
    if not person.is_active:
        return None
    preference = preference_of(person)
    language = language_of(person.language)
    with translation.override(language):
        subject, body = render_message(draft.kind, language, draft.context)
    text, html = _render(person, subject, body, draft.url)
    text, html = draft.body_text or text, draft.body_html or html
    if not preference.by_email or not person.email:
        status = Status.SKIPPED
    elif preference.daily_digest and draft.holdable:
        status = Status.HELD
    else:
        status = Status.PENDING
    now = timezone.now()
    try:
        # A savepoint, so that losing the race on the key leaves the caller's transaction usable.
        with transaction.atomic():
            notice = Notice.objects.create(
                key=draft.key[:255], person=person, kind=draft.kind, internal_to_id=draft.internal_to_id,
                language=language, subject=subject, body_text=text, body_html=html, url=draft.url,
                ics=draft.ics, ics_name=draft.ics_name, status=status, next_attempt_at=now, created_at=now,
                max_attempts=settings.COLLEGIUM_NOTICE_MAX_ATTEMPTS,
            )
            if preference.in_app:
                Notification.objects.create(person=person, notice=notice, kind=draft.kind, title=subject,
                                            body=body, url=draft.url, created_at=now)
    except IntegrityError:
        return None
    if kick and status == Status.PENDING:
        transaction.on_commit(kick_delivery)
    return notice


def notices_create(drafts: Iterable[NoticeDraft]) -> int:
    """Create many notices; keys that exist already are skipped with one query, not one insert each."""
    drafts = list(drafts)
    if not drafts:
        return 0
    existing: set[str] = set()
    keys = [d.key[:255] for d in drafts]
    for start in range(0, len(keys), 500):
        existing.update(Notice.objects.filter(key__in=keys[start:start + 500]).values_list("key", flat=True))
    created = 0
    for draft in drafts:
        if draft.key[:255] in existing:
            continue
        if notice_create(draft, kick=False) is not None:
            created += 1
    if created:
        transaction.on_commit(kick_delivery)
    return created


def kick_delivery() -> None:
    """Ask the worker to deliver now rather than at its next minute; the sweep would find them anyway."""
    try:
        from collegium.notifications.tasks import deliver_notices_task

        deliver_notices_task()
    except Exception:  # noqa: BLE001 - a queue that is down must not break the write that made the notice
        log.warning("could not enqueue the delivery of notices; the periodic sweep will send them", exc_info=True)


# --- delivering e-mail ---------------------------------------------------------------------------

@dataclass
class DeliveryStats:
    sent: int = 0
    retried: int = 0
    failed: int = 0

    @property
    def handled(self) -> int:
        return self.sent + self.retried + self.failed


def _claimable_q(now: dt.datetime) -> Q:
    return Q(status=Status.PENDING, next_attempt_at__lte=now) | Q(status=Status.SENDING, claimed_at__lt=now - _lease())


def due_count(now: dt.datetime | None = None) -> int:
    return Notice.objects.filter(_claimable_q(now or timezone.now())).count()


def notice_claim_next(*, worker: str) -> Notice | None:
    """Take one due notice for this worker, or None when nothing is due.

    The UPDATE's WHERE repeats the "due" condition, so of two workers racing for one row exactly
    one matches; the loser simply tries the next candidate.
    """
    while True:
        now = timezone.now()
        candidates = list(Notice.objects.filter(_claimable_q(now)).order_by("next_attempt_at", "id")
                          .values_list("pk", flat=True)[:20])
        if not candidates:
            return None
        for pk in candidates:
            won = Notice.objects.filter(Q(pk=pk) & _claimable_q(now)).update(
                status=Status.SENDING, claimed_by=worker, claimed_at=now, attempts=F("attempts") + 1)
            if won == 1:
                return Notice.objects.select_related("person").get(pk=pk)


def message_id_for(notice: Notice) -> str:
    digest = hashlib.sha256(notice.key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "collegium"
    return f"<{digest}@{domain}>"


def email_for(notice: Notice, connection=None) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notice.subject, body=notice.body_text, to=[notice.person.email], connection=connection,
        headers={"Message-ID": message_id_for(notice), "X-Collegium-Notice": notice.key},
    )
    if notice.body_html:
        message.attach_alternative(notice.body_html, "text/html")
    if notice.ics:
        message.attach(notice.ics_name or "event.ics", notice.ics, "text/calendar; charset=utf-8; method=PUBLISH")
    return message


def _finish_attempt(notice: Notice, worker: str, error: BaseException | None) -> str:
    mine = Notice.objects.filter(pk=notice.pk, status=Status.SENDING, claimed_by=worker)
    now = timezone.now()
    if error is None:
        if mine.update(status=Status.SENT, sent_at=now, last_error="") != 1:
            log.warning("notice %s was sent but its claim had passed to another worker", notice.key)
        return Status.SENT
    text = f"{type(error).__name__}: {error}"[:2000]
    if notice.attempts >= notice.max_attempts:
        mine.update(status=Status.FAILED, last_error=text)
        log.error("notice %s failed after %s attempts: %s", notice.key, notice.attempts, text)
        return Status.FAILED
    mine.update(status=Status.PENDING, last_error=text, next_attempt_at=now + retry_delay(notice.attempts))
    return Status.PENDING


def deliver_due(*, worker: str | None = None, limit: int | None = None,
                progress: Callable[[int, int], None] | None = None) -> DeliveryStats:
    """Send every due notice by e-mail, one claim at a time (see the module docstring).

    Call it outside a transaction: each claim and each result must commit on its own.
    """
    worker = worker or worker_name()
    stats = DeliveryStats()
    total = due_count() if progress else 0
    connection = None
    try:
        while limit is None or stats.handled < limit:
            notice = notice_claim_next(worker=worker)
            if notice is None:
                break
            if notice.attempts > notice.max_attempts:
                # Claimed again after crashes beyond the limit: give up visibly, do not send.
                _finish_attempt(notice, worker, RuntimeError("the worker stopped while sending, too many times"))
                stats.failed += 1
                continue
            error: BaseException | None = None
            try:
                if connection is None:
                    connection = get_connection(fail_silently=False)
                    connection.open()
                email_for(notice, connection).send()
            except Exception as exc:  # noqa: BLE001 - any failure of one message is recorded on it
                error = exc
                try:
                    if connection is not None:
                        connection.close()
                except Exception:  # noqa: BLE001,S110 - the connection is being dropped anyway
                    pass
                connection = None
            outcome = _finish_attempt(notice, worker, error)
            if outcome == Status.SENT:
                stats.sent += 1
            elif outcome == Status.FAILED:
                stats.failed += 1
            else:
                stats.retried += 1
            if progress:
                progress(stats.handled, max(total, stats.handled))
    finally:
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001,S110 - closing a broken connection
                pass
    return stats


@transaction.atomic
def digests_build(*, now: dt.datetime | None = None) -> int:
    """Fold each person's held notices into one digest notice for the day; returns digests created."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    created = 0
    person_ids = (Notice.objects.filter(status=Status.HELD, created_at__lte=now)
                  .values_list("person_id", flat=True).distinct())
    for person in Person.objects.filter(pk__in=list(person_ids)):
        held = list(Notice.objects.select_for_update().filter(person=person, status=Status.HELD, created_at__lte=now)
                    .order_by("id"))
        if not held:
            continue
        language = language_of(person.language)
        context = {"date": day.strftime("%d.%m.%Y"), "count": len(held)}
        subject, body = render_message("digest", language, context)
        items = [{"subject": n.subject, "url": n.url} for n in held]
        text, html = _render(person, subject, body, "", items)
        try:
            with transaction.atomic():
                digest = Notice.objects.create(
                    key=f"digest:{person.pk}:{day.isoformat()}", person=person, kind="digest", language=language,
                    subject=subject, body_text=text, body_html=html, status=Status.PENDING, next_attempt_at=now,
                    created_at=now, max_attempts=settings.COLLEGIUM_NOTICE_MAX_ATTEMPTS,
                    # A digest mixes notices; it is internal when any item is, and items only ever go
                    # to their own party's people, so the person's party is the right mark.
                    internal_to_id=person.party_id if any(n.internal_to_id for n in held) else None,
                )
        except IntegrityError:
            continue  # today's digest exists; these wait for tomorrow's
        Notice.objects.filter(pk__in=[n.pk for n in held], status=Status.HELD).update(
            status=Status.DIGESTED, digest=digest)
        created += 1
    if created:
        transaction.on_commit(kick_delivery)
    return created


@transaction.atomic
def notice_retry(*, actor: Person, notice: Notice) -> Notice:
    """An administrator sends a failed notice again."""
    if not (actor.is_superuser or actor.is_party_admin):
        raise PermissionDenied()
    if Notice.objects.filter(pk=notice.pk, status=Status.FAILED).update(
        status=Status.PENDING, attempts=0, next_attempt_at=timezone.now(), claimed_by="", claimed_at=None
    ) != 1:
        raise InvalidTransition()
    audit_record(actor=actor, action="notice.retry", obj=notice)
    notice.refresh_from_db()
    transaction.on_commit(kick_delivery)
    return notice


# --- in-app notifications ------------------------------------------------------------------------
# Reading one's own notifications is not audited: it changes nothing anyone else can see.

def notification_mark_read(*, actor: Person, notification_id: int) -> Notification:
    now = timezone.now()
    updated = Notification.objects.filter(pk=notification_id, person=actor, read_at__isnull=True).update(read_at=now)
    try:
        notification = Notification.objects.get(pk=notification_id, person=actor)
    except Notification.DoesNotExist:
        raise NotFound() from None
    if not updated and notification.read_at is None:
        raise InvalidTransition()
    return notification


def notification_mark_all_read(*, actor: Person) -> int:
    return Notification.objects.filter(person=actor, read_at__isnull=True).update(read_at=timezone.now())


@transaction.atomic
def preference_update(*, actor: Person, person: Person, by_email: bool, in_app: bool, daily_digest: bool,
                      reminder_offsets: list[int] | None, media_digest: str | None = None) -> NotificationPreference:
    if actor.pk != person.pk and not (actor.is_party_admin and actor.party_id == person.party_id):
        raise PermissionDenied()
    if reminder_offsets is not None and (
        not all(isinstance(d, int) and 0 < d <= 365 for d in reminder_offsets) or len(reminder_offsets) > 10
    ):
        raise ValidationFailed(field_errors={"reminder_offsets": "1..365 days, at most 10 reminders"})
    if media_digest is not None and media_digest not in MediaDigest.values:
        raise ValidationFailed(field_errors={"media_digest": "off | daily | weekly"})
    defaults: dict[str, Any] = {"by_email": by_email, "in_app": in_app, "daily_digest": daily_digest,
                "reminder_offsets": sorted(set(reminder_offsets), reverse=True) if reminder_offsets else None}
    if media_digest is not None:
        defaults["media_digest"] = media_digest
    preference, _created = NotificationPreference.objects.update_or_create(person=person, defaults=defaults)
    audit_record(actor=actor, action="notification_preference.update", obj=preference,
                 changes={"by_email": by_email, "in_app": in_app, "daily_digest": daily_digest,
                          "reminder_offsets": reminder_offsets, "media_digest": media_digest})
    return preference


# --- background jobs -----------------------------------------------------------------------------

JobFunc = Callable[..., Any]


def resolve_job_func(func_path: str) -> JobFunc:
    """Only Collegium's own functions run as jobs: the path is stored in the database, and a row
    that someone managed to alter must not be able to import arbitrary code."""
    module_name, _, attribute = func_path.rpartition(".")
    if not func_path.startswith("collegium.") or not module_name:
        raise ValidationFailed(field_errors={"func_path": "Jobs run functions of the collegium package only."})
    try:
        func = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ValidationFailed(field_errors={"func_path": f"{func_path} cannot be imported: {exc}"}) from exc
    if not callable(func):
        raise ValidationFailed(field_errors={"func_path": f"{func_path} is not callable"})
    return func


@transaction.atomic
def enqueue_job(kind: str, func_path: str, kwargs: dict[str, Any] | None = None, actor: Person | None = None,
                *, max_attempts: int | None = None) -> Job:
    """Record a job and queue it once the caller's transaction commits.

    The function is called as func(progress=callable(percent, message), **kwargs); what it returns,
    if a string, is kept as the path of the result file. kwargs must be JSON-serialisable.
    """
    resolve_job_func(func_path)
    job = Job.objects.create(kind=kind[:48], func_path=func_path, kwargs=kwargs or {}, created_by=actor,
                             created_at=timezone.now(),
                             max_attempts=max_attempts or settings.COLLEGIUM_JOB_MAX_ATTEMPTS)
    audit_record(actor=actor, action="job.enqueue", obj=job, changes={"kind": kind, "func": func_path})
    transaction.on_commit(lambda: _queue_job(job.pk))
    return job


def _queue_job(job_id: int, delay: float | None = None) -> None:
    from collegium.notifications.tasks import run_job_task

    if delay:
        run_job_task.schedule((job_id,), delay=delay)
    else:
        run_job_task(job_id)


def job_update_progress(*, job: Job | int, progress: int, message: str = "") -> None:
    """Report progress of a running job; also its heartbeat, which tells the recovery sweep it is alive."""
    job_id = job.pk if isinstance(job, Job) else job
    Job.objects.filter(pk=job_id, status=Job.Status.RUNNING).update(
        progress=max(0, min(100, int(progress))), message=message[:500], heartbeat_at=timezone.now())


def job_run(*, job_id: int, worker: str | None = None) -> Job:
    """Run a queued job once (called by the queue). Returns the job in its new state; a job to retry
    is left in `retrying` with the delay for the caller to schedule in `retry_in`."""
    worker = worker or worker_name()
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status__in=[Job.Status.QUEUED, Job.Status.RETRYING]).update(
        status=Job.Status.RUNNING, claimed_by=worker, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now,
        error="")
    job = Job.objects.get(pk=job_id)
    job.retry_in = None  # type: ignore[attr-defined]
    if claimed != 1:
        return job  # already run, running elsewhere, or finished: a duplicate delivery of the task
    try:
        func = resolve_job_func(job.func_path)
        result = func(progress=lambda percent, message="": job_update_progress(job=job_id, progress=percent,
                                                                               message=message),
                      **job.kwargs)
    except Exception as exc:  # noqa: BLE001 - recorded on the job, retried or failed
        text = f"{type(exc).__name__}: {exc}"[:4000]
        log.warning("job %s (%s) attempt %s failed: %s", job_id, job.kind, job.attempts, text)
        if job.attempts >= job.max_attempts:
            Job.objects.filter(pk=job_id, claimed_by=worker).update(
                status=Job.Status.FAILED, error=text, finished_at=timezone.now())
        else:
            Job.objects.filter(pk=job_id, claimed_by=worker).update(status=Job.Status.RETRYING, error=text)
            job.retry_in = retry_delay(job.attempts).total_seconds()  # type: ignore[attr-defined]
    else:
        Job.objects.filter(pk=job_id, claimed_by=worker).update(
            status=Job.Status.SUCCEEDED, progress=100, finished_at=timezone.now(),
            result_path=result if isinstance(result, str) else "")
    retry_in = job.retry_in  # type: ignore[attr-defined]
    job.refresh_from_db()
    job.retry_in = retry_in  # type: ignore[attr-defined]
    return job


def jobs_recover(*, stale_after: dt.timedelta | None = None) -> list[int]:
    """Jobs whose worker died (no heartbeat for a lease) go back to the queue, or fail at their limit."""
    cutoff = timezone.now() - (stale_after or _lease())
    recovered = []
    for job in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff):
        if job.attempts >= job.max_attempts:
            Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).update(
                status=Job.Status.FAILED, error="The worker stopped while running the job.",
                finished_at=timezone.now())
        elif Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).update(
            status=Job.Status.RETRYING
        ) == 1:
            recovered.append(job.pk)
            _queue_job(job.pk)
    return recovered


def job_result_dir(job_id: int) -> Path:
    """VAR_DIR/exports/<job id>/: where a job leaves its file; outside the static root, so a file is
    only ever served by `job_file`, to the person who started the job."""
    return Path(settings.VAR_DIR) / "exports" / str(int(job_id))


def job_file(*, actor: Person, job_id: int) -> Path:
    """The finished file of a job, for the person who started it only. Anyone else gets NotFound,
    as for a missing job, a superuser included: the file holds what its creator's party and
    clearance allow, which is not the superuser's to read."""
    if not getattr(actor, "is_authenticated", False):
        raise NotFound()
    job = Job.objects.filter(pk=job_id, created_by_id=actor.pk, status=Job.Status.SUCCEEDED).first()
    if job is None or not job.result_path:
        raise NotFound()
    path = Path(job.result_path).resolve()
    # The stored path must lie in the job's own folder: a row altered in the database must not
    # turn a download into a way to read any file of the server.
    if path.parent != job_result_dir(job.pk).resolve() or not path.is_file():
        raise NotFound()
    return path
