"""The one entry point for every document: `render(kind, fmt, person=..., ...)`.

Plain and synchronous; the worker may call it with a `progress(done, total, note)` callback.
Each kind gathers its data through the selectors for `person`, so a file never holds more than
the person may see on the pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from collegium.core.errors import NotFound, ValidationFailed
from collegium.documents import context as ctx
from collegium.documents.context import Progress
from collegium.parties.models import Person

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ics": "text/calendar; charset=utf-8",
    "akn": "application/akn+xml",
    "csv": "text/csv; charset=utf-8",
}
EXTENSIONS = {"akn": "akn.xml"}

FORMATS = {
    "resolution": ("docx", "pdf", "akn"),
    "interim": ("docx", "pdf", "xlsx"),
    "agenda": ("pdf",),
    "pack": ("pdf",),
    "plan": ("docx", "xlsx", "ics"),
    "discipline": ("xlsx",),
}


@dataclass
class Rendered:
    content: bytes
    filename: str
    content_type: str


def _session_number(person: Person, session_id: int) -> int:
    from collegium.meetings.models import Session

    number = Session.objects.filter(pk=session_id).values_list("number", flat=True).first()
    if number is None:
        raise NotFound()
    return number


def render(kind: str, fmt: str, *, person: Person, session_id: int | None = None, party: str | None = None,
           plan_id: int | None = None, today: dt.date | None = None, progress: Progress = None) -> Rendered:
    from collegium.documents.exporters import akn, docx, ics, pdf, xlsx

    if fmt not in FORMATS.get(kind, ()):
        raise ValidationFailed(field_errors={"format": f"{kind} is not available as {fmt}"})
    needs_session = kind in ("resolution", "interim", "agenda", "pack") or (kind == "plan" and plan_id is None)
    if needs_session and session_id is None:
        raise ValidationFailed(field_errors={"session": "a session is required"})
    stem = f"{kind}-{_session_number(person, session_id)}" if session_id is not None else kind
    content: bytes
    if kind == "resolution":
        if fmt == "akn":
            from collegium.resolutions.selectors import resolution_for_session

            content = akn.resolution_akn(resolution_for_session(person, session_id), progress)
        else:
            assert session_id is not None  # needs_session, checked above
            resolution = ctx.resolution_view(person, session_id, progress)
            content = (docx.resolution_docx(resolution, progress) if fmt == "docx"
                       else pdf.resolution_pdf(resolution, progress))
    elif kind == "interim":
        assert session_id is not None  # needs_session, checked above
        interim = ctx.interim_view(person, session_id, today=today, progress=progress)
        content = {"docx": docx.interim_docx, "pdf": pdf.interim_pdf, "xlsx": xlsx.interim_xlsx}[fmt](interim, progress)
    elif kind in ("agenda", "pack"):
        assert session_id is not None  # needs_session, checked above
        pack = ctx.pack_view(person, session_id, progress)
        content = pdf.pack_pdf(pack, with_materials=kind == "pack", progress=progress)
    elif kind == "plan":
        plans, parties = _plans(person, session_id, plan_id)
        if plan_id is not None:
            stem = f"plan-{plans[0].year}"
        if fmt == "ics":
            content = ics.plan_ics(plans, name=plans[0].title if plans else "Collegium", progress=progress)
        else:
            content = (docx.plan_docx if fmt == "docx" else xlsx.plan_xlsx)(plans, parties, progress)
    else:  # discipline
        discipline = ctx.discipline_view(person, party_code=party, today=today, progress=progress)
        stem = "discipline" + (f"-{party.upper()}" if party else "")
        content = xlsx.discipline_xlsx(discipline, progress)
    return Rendered(content=content, filename=f"{stem}.{EXTENSIONS.get(fmt, fmt)}", content_type=CONTENT_TYPES[fmt])


def _plans(person: Person, session_id: int | None, plan_id: int | None) -> tuple[list[Any], list[Any]]:
    from collegium.consultations.selectors import plan_get
    from collegium.parties.selectors import party_list

    if plan_id is not None:
        plan = plan_get(person, plan_id)
        plans = [ctx.plan_view(person, plan)]
        parties = (list(plan.resolution.session.parties.all()) if plan.resolution is not None
                   else list(party_list(person)))
    else:
        from collegium.meetings.selectors import session_get

        assert session_id is not None  # render() requires a session for plans without plan_id
        session = session_get(person, session_id)
        plans = ctx.plans_for_session(person, session_id)
        parties = list(session.parties.all())
    return plans, sorted(parties, key=lambda p: (p.order, p.code))


def feed_ics(person: Person, today: dt.date | None = None) -> bytes:
    """The person's calendar feed: every round of the plans of this year and the next."""
    from django.utils import timezone

    from collegium.consultations.selectors import plan_list
    from collegium.documents.exporters import ics

    year = (today or timezone.localdate()).year
    plans = [ctx.plan_view(person, plan) for plan in plan_list(person).filter(year__gte=year - 1)]
    return ics.plan_ics(plans, name="Collegium — консультации")
