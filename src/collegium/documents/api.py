"""REST endpoints of documents: downloads (same selectors as the pages), keys, feed tokens, imports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import File, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile

from collegium.core.errors import DomainError, NotFound, PermissionDenied
from collegium.documents import importers
from collegium.documents.render import CONTENT_TYPES, render

router = Router(tags=["documents"])


def _person(request: HttpRequest):
    user = getattr(request, "auth", None) or request.user
    if not getattr(user, "is_authenticated", False):
        raise HttpError(401, "Authentication required.")
    return user


def _download(request: HttpRequest, kind: str, fmt: str, **kwargs) -> HttpResponse:
    person = _person(request)
    try:
        result = render(kind, fmt, person=person, **kwargs)
    except NotFound as exc:
        raise HttpError(404, "Not found.") from exc
    except DomainError as exc:
        raise HttpError(422, exc.message) from exc
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
    return response


@router.get("/sessions/{session_id}/resolution.{fmt}", url_name="documents_resolution")
def resolution(request: HttpRequest, session_id: int, fmt: str) -> HttpResponse:
    return _download(request, "resolution", fmt, session_id=session_id)


@router.get("/sessions/{session_id}/interim.{fmt}", url_name="documents_interim")
def interim(request: HttpRequest, session_id: int, fmt: str) -> HttpResponse:
    return _download(request, "interim", fmt, session_id=session_id)


@router.get("/sessions/{session_id}/agenda.pdf", url_name="documents_agenda")
def agenda(request: HttpRequest, session_id: int) -> HttpResponse:
    return _download(request, "agenda", "pdf", session_id=session_id)


@router.get("/sessions/{session_id}/pack.pdf", url_name="documents_pack")
def pack(request: HttpRequest, session_id: int) -> HttpResponse:
    return _download(request, "pack", "pdf", session_id=session_id)


@router.get("/sessions/{session_id}/plan.{fmt}", url_name="documents_session_plan")
def session_plan(request: HttpRequest, session_id: int, fmt: str) -> HttpResponse:
    return _download(request, "plan", fmt, session_id=session_id)


@router.get("/plans/{plan_id}.{fmt}", url_name="documents_plan")
def plan(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    return _download(request, "plan", fmt, plan_id=plan_id)


@router.get("/discipline.xlsx", url_name="documents_discipline")
def discipline(request: HttpRequest, party: str | None = None) -> HttpResponse:
    from collegium.parties.selectors import party_by_code

    if party:
        party_by_code(party)  # an unknown party answers 404, like any missing record
    return _download(request, "discipline", "xlsx", party=party)


@router.get("/templates/{kind}.{fmt}", url_name="documents_template")
def template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    _person(request)
    if kind not in ("programme", "plan") or fmt not in ("csv", "xlsx"):
        raise HttpError(404, "Not found.")
    response = HttpResponse(importers.template_bytes(kind, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response


class ImportOut(Schema):
    id: int
    kind: str


class ErrorItem(Schema):
    loc: list[str | int]
    msg: str
    type: str = "value_error"


class ImportErrorOut(Schema):
    """The same shape as every other 422 of the API: one item per bad row or field."""

    detail: list[ErrorItem]


def _import_errors(exc: DomainError) -> dict:
    items = [{"loc": ["body", key], "msg": str(msg), "type": "value_error"} for key, msg in exc.field_errors.items()]
    return {"detail": items or [{"loc": ["body"], "msg": exc.message, "type": "value_error"}]}


@router.post("/import/programme", response={201: ImportOut, 422: ImportErrorOut})
def import_programme(request: HttpRequest, title: str, year_from: int, year_to: int,
                     file: UploadedFile = File(...)):  # noqa: B008
    person = _person(request)
    try:
        obj = importers.import_programme(actor=person, data=file.read(), filename=file.name or "", title=title,
                                         year_from=year_from, year_to=year_to)
    except PermissionDenied as exc:
        raise HttpError(403, exc.message) from exc
    except DomainError as exc:
        return 422, _import_errors(exc)
    return 201, {"id": obj.pk, "kind": "programme"}


@router.post("/import/plan", response={201: ImportOut, 422: ImportErrorOut})
def import_plan(request: HttpRequest, year: int, title: str, file: UploadedFile = File(...)):  # noqa: B008
    person = _person(request)
    try:
        obj = importers.import_plan(actor=person, data=file.read(), filename=file.name or "", year=year, title=title)
    except PermissionDenied as exc:
        raise HttpError(403, exc.message) from exc
    except DomainError as exc:
        return 422, _import_errors(exc)
    return 201, {"id": obj.pk, "kind": "plan"}


class KeyIn(Schema):
    public_key_pem: str
    username: str | None = None


class KeyOut(Schema):
    id: int
    fingerprint: str
    party: str
    person: str


@router.post("/keys", response={201: KeyOut})
def key_register(request: HttpRequest, payload: KeyIn):
    from collegium.documents.services import signing_key_register
    from collegium.parties.selectors import person_by_username

    actor = _person(request)
    try:
        person = actor if not payload.username else person_by_username(payload.username)
    except NotFound as exc:
        raise HttpError(404, "Not found.") from exc
    try:
        key = signing_key_register(actor=actor, person=person, public_key_pem=payload.public_key_pem)
    except PermissionDenied as exc:
        raise HttpError(403, exc.message) from exc
    except DomainError as exc:
        raise HttpError(422, "; ".join(exc.field_errors.values()) or exc.message) from exc
    return 201, {"id": key.pk, "fingerprint": key.fingerprint, "party": key.party.code, "person": person.username}


class FeedOut(Schema):
    url: str


@router.post("/feed-tokens", response={201: FeedOut})
def feed_token(request: HttpRequest):
    from django.urls import reverse

    from collegium.documents.services import feed_token_create

    _token, secret = feed_token_create(actor=_person(request))
    return 201, {"url": request.build_absolute_uri(reverse("documents:feed", args=[secret]))}
