"""Imports from the web pages, run in the background with progress.

The upload is stored in the job's own folder (VAR_DIR/exports/<job id>/, outside the static
root, like the files the render jobs leave), and the worker calls the same importer as the CLI,
as the person who uploaded the file: their roles decide, never a system reader. What the import
came to (the new record, or the bad rows) is kept next to it as outcome.json and shown only to
that person. The importers check every row before writing any, so a bad file imports nothing.

These functions live apart from documents/services.py so that the import jobs have one small,
self-contained home: the enqueue (a write, through notifications.services.enqueue_job), the job
itself, and the read of its outcome for the person who started it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from collegium.core.errors import NotFound, PermissionDenied, ValidationFailed
from collegium.core.permissions import require_role
from collegium.notifications.messages import language_of
from collegium.notifications.models import Job
from collegium.notifications.services import enqueue_job, job_result_dir
from collegium.parties.models import Person, Role

KINDS = ("programme", "plan")
JOB_FUNC = "collegium.documents.import_jobs.import_job"
OUTCOME = "outcome.json"
PROGRESS = "progress.json"


def job_kind(kind: str) -> str:
    return f"import:{kind}"


def _upload_name(filename: str) -> str:
    # The stored name is ours (never the client's), so a crafted filename cannot escape the folder;
    # only the extension matters to the reader of the file.
    return "upload.xlsx" if filename.lower().endswith(".xlsx") else "upload.csv"


def import_enqueue(*, actor: Person, kind: str, data: bytes, filename: str, params: dict[str, Any]) -> Job:
    """Store the uploaded file under the job's folder and queue its import as `actor`.

    The role is checked now, so a person who may not import is refused at once instead of
    watching a job that fails; the job checks again when it runs. The file is written inside the
    transaction that creates the job, and the task is queued only when both are done.
    """
    if kind not in KINDS:
        raise ValidationFailed(field_errors={"kind": f"unknown import {kind!r}"})
    require_role(actor, Role.SECRETARIAT)
    with transaction.atomic():
        job = enqueue_job(job_kind(kind), JOB_FUNC, {"kind": kind, "filename": filename[:255], **params},
                          actor=actor)
        folder = job_result_dir(job.pk)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / _upload_name(filename)).write_bytes(data)
        job.kwargs = {**job.kwargs, "job_id": job.pk}
        Job.objects.filter(pk=job.pk).update(kwargs=job.kwargs)
    return job


def _write_json(job_id: int, name: str, data: dict[str, Any]) -> None:
    folder = job_result_dir(job_id)
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / (name + ".tmp")
    temporary.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, folder / name)  # a reader never sees half a file


def _write_outcome(job_id: int, outcome: dict[str, Any]) -> None:
    _write_json(job_id, OUTCOME, outcome)


def _split_errors(exc: ValidationFailed) -> tuple[list[tuple[int, str]], list[str]]:
    rows, other = [], []
    for key, reason in exc.field_errors.items():
        number = key.removeprefix("row_")
        if key.startswith("row_") and number.isdigit():
            rows.append((int(number), str(reason)))
        else:
            other.append(str(reason))
    if not rows and not other:
        other.append(exc.message)
    return sorted(rows), other


def import_job(*, progress: Any, job_id: int, kind: str, filename: str, **params: Any) -> str:
    """The job: import the stored file as the person who uploaded it, report the rows checked
    (first half of the bar) and imported (second half), and record the outcome. Bad rows are an
    outcome, not a failure: retrying would only find them again. Leaves no file to download."""
    from collegium.documents import importers

    job = Job.objects.select_related("created_by").get(pk=job_id)
    actor = job.created_by
    if actor is None or not actor.is_active:
        raise PermissionDenied("The person who started the import is no longer active.")
    upload = job_result_dir(job_id) / _upload_name(filename)
    with translation.override(language_of(actor.language)):
        def report(done: int, total: int, note: str = "") -> None:
            half = 0 if note == "checked" else 50
            text = (_("Checking rows: %(done)s of %(total)s") if note == "checked"
                    else _("Importing rows: %(done)s of %(total)s")) % {"done": done, "total": total}
            # The importer runs in one transaction (all rows or none), so a write to the job's row
            # from in here would stay invisible to the page until the end (PostgreSQL) or wait for
            # the import's write lock (SQLite). The progress goes to a file beside the job instead.
            _write_json(job_id, PROGRESS, {"progress": min(99, half + 50 * done // max(total, 1)), "message": text})

        progress(0, _("Reading the file"))
        data = upload.read_bytes()
        try:
            if kind == "programme":
                record = importers.import_programme(
                    actor=actor, data=data, filename=filename, title=params["title"],
                    year_from=int(params["year_from"]), year_to=int(params["year_to"]), progress=report)
                from collegium.programme.models import Action

                count = record.sections.count()
                items = Action.objects.filter(section__programme=record).count()
            else:
                resolution = None
                if params.get("resolution_id"):
                    from collegium.resolutions.selectors import resolution_list

                    resolution = resolution_list(actor).filter(pk=params["resolution_id"]).first()
                record = importers.import_plan(actor=actor, data=data, filename=filename, year=int(params["year"]),
                                               title=params["title"], resolution=resolution, progress=report)
                count, items = 0, record.rounds.count()
        except (ValidationFailed, PermissionDenied) as exc:
            rows: list[tuple[int, str]]
            other: list[str]
            if isinstance(exc, PermissionDenied):
                rows, other = [], [str(exc.message)]
            else:
                rows, other = _split_errors(exc)
            _write_outcome(job_id, {"ok": False, "rows": rows, "errors": other})
            message = (ngettext("%(n)s row is wrong; nothing is imported.",
                                "%(n)s rows are wrong; nothing is imported.", len(rows)) % {"n": len(rows)}
                       if rows else _("Nothing is imported."))
            progress(99, message)
        else:
            _write_outcome(job_id, {"ok": True, "id": record.pk, "title": str(record), "sections": count,
                                    "items": items})
            progress(99, _("Imported: %(title)s") % {"title": str(record)})
    upload.unlink(missing_ok=True)  # the outcome is decided: the uploaded data need not stay on the server
    (job_result_dir(job_id) / PROGRESS).unlink(missing_ok=True)
    return ""


def import_job_get(person: Person, *, job_id: int, kind: str) -> tuple[Job, dict[str, Any] | None]:
    """An import job and its outcome (None until it is decided), for the person who started it
    only: anyone else, a superuser included, gets NotFound as for a missing job."""
    if not getattr(person, "is_authenticated", False):
        raise NotFound()
    job = Job.objects.filter(pk=job_id, created_by_id=person.pk, kind=job_kind(kind)).first()
    if job is None:
        raise NotFound()
    folder = Path(job_result_dir(job.pk))
    outcome = None
    if job.status == Job.Status.SUCCEEDED and (folder / OUTCOME).is_file():
        outcome = json.loads((folder / OUTCOME).read_text(encoding="utf-8"))
    elif job.status == Job.Status.RUNNING and (folder / PROGRESS).is_file():
        try:
            reported = json.loads((folder / PROGRESS).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            reported = {}  # replaced between the check and the read: the row's values will do
        if int(reported.get("progress", 0)) > job.progress:
            job.progress, job.message = int(reported["progress"]), str(reported.get("message", ""))
    return job, outcome
