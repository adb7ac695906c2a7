"""Long renders in the background: a job renders as the person who asked, keeps the file outside
static, reports progress, and gives the file to that person only."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from collegium.core.testing import PASSWORD
from collegium.documents import render as render_module
from collegium.documents.tests.builders import agreed_resolution
from collegium.notifications.models import Job
from collegium.notifications.services import job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


def _url(name: str, session_id: int, kind: str, fmt: str) -> str:
    return reverse(f"documents:{name}", kwargs={"session_id": session_id, "kind": kind, "fmt": fmt}) + "?background=1"


def test_pack_in_background_renders_as_its_creator_and_only_they_download_it(world, client, var_dir, monkeypatch):
    session, _resolution, _plan = agreed_resolution(world)
    seen = []
    real_render = render_module.render

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs["person"])
        return real_render(*args, **kwargs)

    monkeypatch.setattr(render_module, "render", spy)
    client.login(username="by_exec", password=PASSWORD)
    response = client.get(_url("pack", session.pk, "pack", "pdf"))
    assert response.status_code == 202
    job = Job.objects.get()
    assert job.created_by == world.by_exec and job.status == Job.Status.QUEUED
    assert reverse("notifications:job", args=[job.pk]) in response.content.decode()  # the page polls it

    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.SUCCEEDED and job.progress == 100
    # Rendered as the person who asked: their party and clearance, not a system reader.
    assert [p.pk for p in seen] == [world.by_exec.pk] and seen[0].party_id == world.by.pk
    path = Path(job.result_path)
    assert path.parent == var_dir / "exports" / str(job.pk) and path.name == "pack-1.pdf"
    static_root = Path(__import__("django.conf").conf.settings.STATIC_ROOT)
    assert static_root not in path.parents

    partial = client.get(reverse("notifications:job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 286  # htmx stops polling
    file_url = reverse("notifications:job_file", args=[job.pk])
    assert file_url in partial.content.decode()
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]

    # Anyone else, of the other party, of the same party, or a superuser: 404 like a missing job.
    for username in ("ru_sec", "by_sec"):
        client.logout()
        client.login(username=username, password=PASSWORD)
        assert client.get(file_url).status_code == 404
    world.ru_sec.is_superuser = True
    world.ru_sec.save(update_fields=["is_superuser"])
    client.force_login(world.ru_sec)
    assert client.get(file_url).status_code == 404
    client.logout()
    assert client.get(file_url).status_code == 302  # to the login page


def test_job_reports_render_progress_that_never_goes_back(world, var_dir, monkeypatch):
    from collegium.documents.services import document_render_enqueue

    session, _resolution, _plan = agreed_resolution(world)
    progress_seen: list[int] = []
    from collegium.notifications import services as ns

    real = ns.job_update_progress

    def record(*, job, progress, message=""):  # type: ignore[no-untyped-def]
        progress_seen.append(progress)
        real(job=job, progress=progress, message=message)

    monkeypatch.setattr(ns, "job_update_progress", record)
    job = document_render_enqueue(actor=world.ru_sec, kind="resolution", fmt="pdf", session_id=session.pk)
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.SUCCEEDED
    assert Path(job.result_path).read_bytes().startswith(b"%PDF")
    assert len(progress_seen) >= 3 and progress_seen == sorted(progress_seen) and progress_seen[-1] < 100


def test_background_refuses_hidden_sessions_and_light_kinds(world, client, var_dir):
    session, _resolution, _plan = agreed_resolution(world)
    client.login(username="ru_sec", password=PASSWORD)
    assert client.get(_url("pack", 99999, "pack", "pdf")).status_code == 404
    assert client.get(_url("pack", session.pk, "agenda", "pdf")).status_code == 422
    assert not Job.objects.exists()


def test_job_of_a_deactivated_person_fails_without_a_file(world, var_dir):
    from collegium.documents.services import document_render_enqueue

    session, _resolution, _plan = agreed_resolution(world)
    job = document_render_enqueue(actor=world.by_exec, kind="pack", fmt="pdf", session_id=session.pk)
    Job.objects.filter(pk=job.pk).update(max_attempts=1)
    world.by_exec.is_active = False
    world.by_exec.save(update_fields=["is_active"])
    job = job_run(job_id=job.pk)
    assert job.status == Job.Status.FAILED and "no longer active" in job.error
    assert not (var_dir / "exports" / str(job.pk)).exists()


def test_a_tampered_result_path_is_not_served(world, client, var_dir, tmp_path_factory):
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.txt"
    secret.write_text("not yours")
    job = Job.objects.create(kind="document:pack.pdf", func_path="collegium.documents.services.document_render_job",
                             created_by=world.by_exec, status=Job.Status.SUCCEEDED, result_path=str(secret),
                             created_at=world.by_exec.date_joined)
    client.force_login(world.by_exec)
    assert client.get(reverse("notifications:job_file", args=[job.pk])).status_code == 404
