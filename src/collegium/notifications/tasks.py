"""Tasks and periodic jobs run by `collegium worker`.

Tasks are thin: each calls one service. Every scan is idempotent (keys), so a periodic job that
fires twice, or on two workers, does no harm; that is why they may run often.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from django.db import close_old_connections, connection
from huey import crontab

from collegium.notifications.queue import huey

log = logging.getLogger(__name__)


@huey.pre_execute()
def _fresh_connection(task) -> None:
    # A long-lived worker thread must not keep a connection the database has dropped. (Never
    # inside a transaction: a task executed inline, e.g. in a test, must not close its caller's.)
    if not connection.in_atomic_block:
        close_old_connections()


@huey.post_execute()
def _release_connection(task, task_value, exc) -> None:
    if not connection.in_atomic_block:
        close_old_connections()


@huey.task()
def deliver_notices_task() -> int:
    from collegium.notifications.services import deliver_due

    return deliver_due().sent


@huey.periodic_task(crontab(minute="*"))
def deliver_notices_periodic() -> int:
    """The sweep: retries whose back-off has passed, and notices whose worker died (lease expired)."""
    from collegium.notifications.services import deliver_due

    return deliver_due().sent


@huey.periodic_task(crontab(minute="*/15"))
def reminders_periodic() -> int:
    from collegium.notifications.scans import escalations_run, reminders_run

    return reminders_run() + escalations_run()


@huey.periodic_task(crontab(minute="*/5"))
def materials_periodic() -> int:
    from collegium.notifications.scans import materials_run

    return materials_run()


@huey.periodic_task(crontab(minute="0"))
def digests_periodic() -> int:
    """Hourly, but a person gets one digest a day (its key holds the date); the first run after
    the digest hour of the local day builds it."""
    from django.utils import timezone

    from collegium.notifications.services import digests_build

    if timezone.localtime().hour < DIGEST_HOUR:
        return 0
    return digests_build()


DIGEST_HOUR = 8


@huey.periodic_task(crontab(minute="5"))
def media_digests_periodic() -> int:
    """Hourly, from the digest hour on; the key (person, period, last day) lets one through per period."""
    from django.utils import timezone

    from collegium.notifications.scans import media_digests_run

    if timezone.localtime().hour < DIGEST_HOUR:
        return 0
    return media_digests_run()


@huey.task()
def run_job_task(job_id: int) -> str:
    from collegium.notifications.services import job_run

    job = job_run(job_id=job_id)
    retry_in = getattr(job, "retry_in", None)  # set by job_run when the job failed and will be retried
    if retry_in:
        run_job_task.schedule((job_id,), delay=retry_in)
    return job.status


@huey.periodic_task(crontab(minute="*"))
def jobs_recover_periodic() -> int:
    from collegium.notifications.services import jobs_recover

    return len(jobs_recover())


@huey.periodic_task(crontab(minute="*"))
def discipline_snapshot_periodic() -> int:
    """Execution discipline for the analytics page, at most a minute old (the page says as of when)."""
    from collegium.control.services import discipline_snapshot_refresh

    return discipline_snapshot_refresh()


def optional_hook(module: str, name: str) -> Callable[[], object] | None:
    """A function another app may or may not provide yet; None when it does not."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


# Hooks into other apps are registered only when those apps provide them: a periodic job that
# does nothing would only make the schedule lie about what the worker does.
_poll_due_feeds = optional_hook("collegium.media.services", "poll_due_feeds")
if _poll_due_feeds is not None:

    @huey.periodic_task(crontab(minute="*/10"))
    def poll_feeds_periodic() -> object:
        return _poll_due_feeds()  # type: ignore[misc]


_refresh_calendar_feeds = optional_hook("collegium.documents.services", "refresh_calendar_feeds")
if _refresh_calendar_feeds is not None:

    @huey.periodic_task(crontab(minute="30", hour="*/6"))
    def refresh_calendar_feeds_periodic() -> object:
        return _refresh_calendar_feeds()  # type: ignore[misc]


def periodic_names() -> list[str]:
    return sorted(task.__name__ for task in huey._registry._periodic_tasks)
