"""Retries and failure of delivery, leases, background jobs, the queue (SQLite and Redis), the pages."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.test import Client

from collegium.control.models import Obligation
from collegium.core.testing import PASSWORD, make_obligation
from collegium.notifications import selectors
from collegium.notifications.models import Job, Notice, Notification
from collegium.notifications.progress import print_progress
from collegium.notifications.scans import reminders_run
from collegium.notifications.services import (
    deliver_due,
    enqueue_job,
    job_run,
    jobs_recover,
    notice_claim_next,
    notification_mark_read,
)

pytestmark = pytest.mark.django_db

JOB_CALLS: list[dict] = []


def sample_job(*, progress, pages: int) -> str:  # type: ignore[no-untyped-def]
    for page in range(pages):
        progress(100 * (page + 1) // pages, f"page {page + 1}")
    JOB_CALLS.append({"pages": pages})
    return f"renders/{pages}.pdf"


def failing_job(*, progress) -> None:  # type: ignore[no-untyped-def]
    progress(10, "starting")
    raise RuntimeError("the renderer crashed")


def one_reminder(world, clock) -> Notice:  # type: ignore[no-untyped-def]
    obligation = make_obligation(world)
    Obligation.objects.filter(pk=obligation.pk).update(deadline=clock.today + dt.timedelta(days=1))
    reminders_run()
    return Notice.objects.get()


def test_a_rejecting_server_is_retried_with_back_off_then_the_notice_fails(world, clock, smtp_server, settings):
    notice = one_reminder(world, clock)
    Notice.objects.filter(pk=notice.pk).update(max_attempts=3)
    smtp_server.reject = True

    assert deliver_due().retried == 1
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PENDING and "554" in notice.last_error
    assert deliver_due().handled == 0  # back-off: not before a minute
    clock.advance(minutes=1, seconds=1)
    assert deliver_due().retried == 1
    clock.advance(minutes=1, seconds=1)
    assert deliver_due().handled == 0  # the second back-off is two minutes
    clock.advance(minutes=1)
    assert deliver_due().failed == 1
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.FAILED, 3)
    clock.advance(days=1)
    assert deliver_due().handled == 0
    assert smtp_server.messages == []


def test_a_claim_is_exclusive_until_its_lease_expires(world, clock, smtp_server, settings):
    settings.COLLEGIUM_NOTICE_LEASE_SECONDS = 300
    one_reminder(world, clock)
    claimed = notice_claim_next(worker="dead-worker")
    assert claimed is not None and claimed.status == Notice.Status.SENDING
    assert notice_claim_next(worker="other") is None
    clock.advance(seconds=299)
    assert deliver_due(worker="other").handled == 0
    clock.advance(seconds=2)
    assert deliver_due(worker="other").sent == 1
    assert len(smtp_server.messages) == 1
    # The dead worker's late confirmation cannot overwrite the new owner's result.
    assert Notice.objects.filter(claimed_by="dead-worker").count() == 0


def test_job_runs_through_the_queue_with_progress_and_result(world, private_queue, django_capture_on_commit_callbacks):
    private_queue.immediate = True
    JOB_CALLS.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_job("render", "collegium.notifications.tests.test_delivery_and_jobs.sample_job", {"pages": 4},
                          world.ru_sec)
    job.refresh_from_db()
    assert (job.status, job.progress, job.result_path, job.message) == (Job.Status.SUCCEEDED, 100, "renders/4.pdf",
                                                                         "page 4")
    assert JOB_CALLS == [{"pages": 4}]
    assert job_run(job_id=job.pk).status == Job.Status.SUCCEEDED  # a duplicate delivery runs nothing
    assert JOB_CALLS == [{"pages": 4}]


def test_a_job_that_keeps_failing_ends_failed_after_its_attempts(world):
    job = enqueue_job("render", "collegium.notifications.tests.test_delivery_and_jobs.failing_job", {}, world.ru_sec,
                      max_attempts=3)
    first = job_run(job_id=job.pk)
    assert first.status == Job.Status.RETRYING and first.retry_in == 60
    assert job_run(job_id=job.pk).retry_in == 120
    last = job_run(job_id=job.pk)
    assert (last.status, last.attempts, last.retry_in) == (Job.Status.FAILED, 3, None)
    assert "the renderer crashed" in last.error
    assert job_run(job_id=job.pk).attempts == 3


def test_jobs_only_run_collegium_functions(world):
    from collegium.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed):
        enqueue_job("x", "os.system", {"command": "true"}, world.ru_sec)


def test_a_job_whose_worker_died_is_queued_again(world, clock, private_queue):
    job = enqueue_job("render", "collegium.notifications.tests.test_delivery_and_jobs.sample_job", {"pages": 1},
                      world.ru_sec)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, attempts=1, heartbeat_at=clock.now)
    assert jobs_recover() == []
    clock.advance(minutes=6)
    assert jobs_recover() == [job.pk]
    assert Job.objects.get(pk=job.pk).status == Job.Status.RETRYING
    assert len(private_queue) == 1  # run_job_task waits in the queue


def _round_trip(huey, world, django_capture_on_commit_callbacks) -> Job:  # type: ignore[no-untyped-def]
    huey.flush()
    with django_capture_on_commit_callbacks(execute=True):
        job = enqueue_job("render", "collegium.notifications.tests.test_delivery_and_jobs.sample_job", {"pages": 2},
                          world.ru_sec)
    assert len(huey) == 1
    task = huey.dequeue()
    huey.execute(task)
    job.refresh_from_db()
    return job


def test_sqlite_queue_round_trip(world, private_queue, django_capture_on_commit_callbacks):
    assert _round_trip(private_queue, world, django_capture_on_commit_callbacks).status == Job.Status.SUCCEEDED


def _redis_url() -> str | None:
    url = os.environ.get("COLLEGIUM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except Exception:  # noqa: BLE001
        return None
    return url


def test_redis_queue_round_trip(world, private_queue, django_capture_on_commit_callbacks):
    url = _redis_url()
    if url is None:
        pytest.skip("no Redis reachable at COLLEGIUM_TEST_REDIS_URL or redis://127.0.0.1:6379/15")
    from huey.storage import RedisStorage

    private_queue.storage = RedisStorage(name=f"collegium-test-{os.getpid()}", url=url)
    try:
        assert _round_trip(private_queue, world, django_capture_on_commit_callbacks).status == Job.Status.SUCCEEDED
    finally:
        private_queue.flush()


def test_pages_unread_count_and_mark_read(world, clock, django_assert_num_queries):
    one_reminder(world, clock)
    notification = Notification.objects.get()
    with django_assert_num_queries(1):
        assert selectors.unread_count(world.ru_exec) == 1
    assert selectors.unread_count(world.by_exec) == 0

    client = Client()
    client.login(username="by_exec", password=PASSWORD)
    assert client.post(f"/notifications/{notification.pk}/read").status_code == 404  # not theirs: as if missing
    client.login(username="ru_exec", password=PASSWORD)
    page = client.get("/notifications/")
    assert page.status_code == 200 and notification.title in page.content.decode()
    assert client.post(f"/notifications/{notification.pk}/read", HTTP_HX_REQUEST="true").status_code == 200
    assert selectors.unread_count(world.ru_exec) == 0
    assert notification_mark_read(actor=world.ru_exec, notification_id=notification.pk).read_at is not None


def test_job_progress_partial_is_shown_to_its_creator_only(world):
    job = enqueue_job("render", "collegium.notifications.tests.test_delivery_and_jobs.sample_job", {"pages": 1},
                      world.ru_sec)
    client = Client()
    client.login(username="by_sec", password=PASSWORD)
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    client.login(username="ru_sec", password=PASSWORD)
    response = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'hx-trigger="every 2s"' in response.content.decode()
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, progress=100)
    assert client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").status_code == 286  # htmx: stop polling


def test_progress_bar():
    stream = io.StringIO()
    assert print_progress(3, 4, "notices", width=8, stream=stream) == "notices [######..] 3/4  75%"
    print_progress(4, 4, "notices", width=8, stream=stream)
    assert stream.getvalue().endswith("4/4 100%\n")


def test_worker_lists_only_real_periodic_jobs():
    from collegium.notifications.tasks import optional_hook, periodic_names

    names = periodic_names()
    assert {"deliver_notices_periodic", "reminders_periodic", "digests_periodic", "materials_periodic"} <= set(names)
    assert ("poll_feeds_periodic" in names) == (optional_hook("collegium.media.services", "poll_due_feeds") is not None)
