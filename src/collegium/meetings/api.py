"""API: sessions, their agenda, rapporteurs, materials, attendance and minutes.

Materials come only through the materials selector, so an internal material of another party,
or one above the reader's clearance, answers 404 exactly like a missing one, also on download.
"""

import datetime as dt

from django.http import FileResponse, HttpRequest
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from collegium.core.errors import NotFound, ValidationFailed
from collegium.core.models import Clearance, Visibility
from collegium.meetings import selectors, services
from collegium.meetings.models import AgendaItem, Attendance, Session
from collegium.parties import selectors as parties_selectors
from collegium.parties.api import MAX_ID, Id, Pagination, PartyRef, PersonRef, me
from collegium.parties.models import Party, Person

router = Router()

# --- output ---------------------------------------------------------------------------------------

class SessionOut(Schema):
    id: int
    number: int
    title: str
    date_start: dt.date
    date_end: dt.date
    city: str
    venue: str
    format: str
    status: str
    host_party: PartyRef
    parties: list[PartyRef]
    previous_id: int | None
    lock_version: int


class RapporteurOut(Schema):
    id: int
    party: PartyRef
    person_id: int | None
    name: str = Field(..., alias="display_name")
    position: str


class MaterialOut(Schema):
    id: int
    session_id: int
    agenda_item_id: int | None
    title: str
    description: str
    owner_party: str = Field(..., alias="owner_party.code")
    visibility: str
    clearance: int
    file_name: str
    content_type: str
    size: int
    uploaded_at: dt.datetime
    download_url: str | None

    @staticmethod
    def resolve_download_url(obj) -> str | None:
        return f"/api/materials/{obj.pk}/download" if obj.file else None


class AgendaItemOut(Schema):
    id: int
    order: int
    title: str
    description: str
    duration_minutes: int
    outcome: str
    is_interim_results: bool
    lock_version: int
    rapporteurs: list[RapporteurOut]


class AgendaItemDetailOut(AgendaItemOut):
    materials: list[MaterialOut] = Field(..., alias="visible_materials")


class AttendanceOut(Schema):
    id: int
    party: PartyRef
    person_id: int | None
    name: str
    position: str
    role: str
    present: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj)


class MinutesOut(Schema):
    text: str
    is_final: bool
    lock_version: int
    updated_at: dt.datetime


class SessionDetailOut(SessionOut):
    co_chairs: list[PersonRef]
    agenda: list[AgendaItemDetailOut] = Field(..., alias="agenda_items")
    materials: list[MaterialOut] = Field(..., alias="visible_materials")
    attendance: list[AttendanceOut]
    minutes: MinutesOut | None

    @staticmethod
    def resolve_minutes(obj):
        return getattr(obj, "minutes", None)


# --- input ----------------------------------------------------------------------------------------

class SessionIn(Schema):
    number: int = Field(..., ge=1, le=32767)
    title: str = Field(..., max_length=500)
    date_start: dt.date
    date_end: dt.date | None = None
    city: str = Field(..., max_length=128)
    venue: str = Field("", max_length=255)
    host_party: str = Field(..., max_length=8, description="Party code")
    parties: list[str] = Field(..., min_length=1, max_length=50, description="Party codes")
    format: Session.Format = Session.Format.IN_PERSON
    previous_id: int | None = Field(None, ge=1, le=MAX_ID)


class SessionStatusIn(Schema):
    status: Session.Status
    expected_version: int | None = Field(None, ge=1)
    date_start: dt.date | None = None
    date_end: dt.date | None = None


class RapporteurIn(Schema):
    party: str = Field(..., max_length=8, description="Party code")
    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    name: str = Field("", max_length=255)
    position: str = Field("", max_length=255)


class AgendaItemIn(Schema):
    title: str = Field(..., max_length=1000)
    duration_minutes: int = Field(15, ge=1, le=600)
    description: str = ""
    rapporteurs: list[RapporteurIn] = Field(default_factory=list, max_length=20)


class AgendaItemUpdateIn(Schema):
    expected_version: int = Field(..., ge=1)
    title: str | None = Field(None, max_length=1000)
    duration_minutes: int | None = Field(None, ge=1, le=600)
    description: str | None = None
    outcome: str | None = None


class AgendaMoveIn(Schema):
    position: int = Field(..., ge=1, le=1000)


class MaterialIn(Schema):
    title: str = Field(..., max_length=500)
    description: str = ""
    visibility: Visibility = Visibility.JOINT
    clearance: Clearance = Clearance.OPEN
    agenda_item_id: int | None = Field(None, ge=1, le=MAX_ID)


class AttendanceIn(Schema):
    party: str = Field(..., max_length=8, description="Party code")
    role: Attendance.Role = Attendance.Role.MEMBER
    person_id: int | None = Field(None, ge=1, le=MAX_ID)
    name: str = Field("", max_length=255)
    position: str = Field("", max_length=255)


class MinutesIn(Schema):
    text: str
    expected_version: int = Field(..., ge=1)
    final: bool = False


# --- helpers: resolve references from the body into records, as field errors ----------------------

def _party(code: str, field: str) -> Party:
    try:
        return parties_selectors.party_by_code(code)
    except NotFound as exc:
        raise ValidationFailed(field_errors={field: "Unknown party."}) from exc


def _person(party: Party, person_id: int | None, field: str) -> Person | None:
    if person_id is None:
        return None
    person = parties_selectors.people_of_party(party.pk).filter(pk=person_id).first()
    if person is None:
        raise ValidationFailed(field_errors={field: "No such person in this party."})
    return person


def _item(person: Person, session_id: int, item_id: int) -> AgendaItem:
    session = selectors.session_get(person, session_id)
    item = next((i for i in session.agenda_items.all() if i.pk == item_id), None)
    if item is None:
        raise NotFound()
    return item


# --- reads ----------------------------------------------------------------------------------------

@router.get("/sessions", response=list[SessionOut])
@paginate(Pagination, page_size=50)
def sessions_list(request: HttpRequest):
    return selectors.session_list(me(request)).order_by("-date_start", "-id")


@router.get("/sessions/{session_id}", response=SessionDetailOut)
def session_get(request: HttpRequest, session_id: Id):
    return selectors.session_get(me(request), session_id)


@router.get("/materials/{material_id}", response=MaterialOut)
def material_get(request: HttpRequest, material_id: Id):
    return selectors.material_get(me(request), material_id)


@router.get("/materials/{material_id}/download", response={200: None})
def material_download(request: HttpRequest, material_id: Id):
    material = selectors.material_get(me(request), material_id)
    if not material.file:
        raise NotFound()
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file_name or "file",
                        content_type=material.content_type or "application/octet-stream")


# --- writes ---------------------------------------------------------------------------------------

@router.post("/sessions", response={201: SessionOut})
def session_create(request: HttpRequest, data: SessionIn):
    person = me(request)
    previous = selectors.session_get(person, data.previous_id) if data.previous_id else None
    parties = [_party(code, "parties") for code in data.parties]
    session = services.session_create(
        actor=person, number=data.number, title=data.title, date_start=data.date_start, date_end=data.date_end,
        city=data.city, venue=data.venue, host_party=_party(data.host_party, "host_party"), parties=parties,
        format=data.format, previous=previous,
    )
    return Status(201, session)


@router.post("/sessions/{session_id}/status", response=SessionOut)
def session_set_status(request: HttpRequest, data: SessionStatusIn, session_id: Id):
    session = selectors.session_get(me(request), session_id)
    return services.session_set_status(actor=me(request), session=session, status=data.status,
                                       expected_version=data.expected_version, date_start=data.date_start,
                                       date_end=data.date_end)


@router.post("/sessions/{session_id}/agenda", response={201: AgendaItemOut})
def agenda_item_add(request: HttpRequest, data: AgendaItemIn, session_id: Id):
    person = me(request)
    session = selectors.session_get(person, session_id)
    rapporteurs = []
    for rap in data.rapporteurs:
        party = _party(rap.party, "rapporteurs")
        rapporteurs.append({"party": party, "person": _person(party, rap.person_id, "rapporteurs"),
                            "name": rap.name, "position": rap.position})
    item = services.agenda_item_add(actor=person, session=session, title=data.title,
                                    duration_minutes=data.duration_minutes, description=data.description,
                                    rapporteurs=rapporteurs)
    return Status(201, item)


@router.patch("/sessions/{session_id}/agenda/{item_id}", response=AgendaItemOut)
def agenda_item_update(request: HttpRequest, data: AgendaItemUpdateIn, session_id: Id,
                       item_id: Id):
    item = _item(me(request), session_id, item_id)
    return services.agenda_item_update(actor=me(request), item=item, expected_version=data.expected_version,
                                       title=data.title, duration_minutes=data.duration_minutes,
                                       description=data.description, outcome=data.outcome)


@router.post("/sessions/{session_id}/agenda/{item_id}/move", response=AgendaItemOut)
def agenda_item_move(request: HttpRequest, data: AgendaMoveIn, session_id: Id,
                     item_id: Id):
    item = _item(me(request), session_id, item_id)
    return services.agenda_item_move(actor=me(request), item=item, position=data.position)


@router.delete("/sessions/{session_id}/agenda/{item_id}", response={204: None})
def agenda_item_delete(request: HttpRequest, session_id: Id,
                       item_id: Id):
    item = _item(me(request), session_id, item_id)
    services.agenda_item_delete(actor=me(request), item=item)
    return Status(204, None)


@router.post("/sessions/{session_id}/agenda/{item_id}/rapporteurs", response={201: RapporteurOut})
def rapporteur_add(request: HttpRequest, data: RapporteurIn, session_id: Id,
                   item_id: Id):
    item = _item(me(request), session_id, item_id)
    party = _party(data.party, "party")
    rap = services.rapporteur_add(actor=me(request), item=item, party=party,
                                  person=_person(party, data.person_id, "person_id"), name=data.name,
                                  position=data.position)
    return Status(201, rap)


@router.post("/sessions/{session_id}/materials", response={201: MaterialOut})
def material_add(request: HttpRequest, data: Form[MaterialIn], session_id: Id,
                 file: File[UploadedFile | None] = None):
    person = me(request)
    session = selectors.session_get(person, session_id)
    agenda_item = None
    if data.agenda_item_id is not None:
        agenda_item = next((i for i in session.agenda_items.all() if i.pk == data.agenda_item_id), None)
        if agenda_item is None:
            raise ValidationFailed(field_errors={"agenda_item_id": "No such agenda item in this session."})
    material = services.material_add(actor=person, session=session, title=data.title,
                                     visibility=data.visibility.value, clearance=int(data.clearance),
                                     agenda_item=agenda_item, description=data.description, upload=file)
    return Status(201, selectors.material_get(person, material.pk))


@router.post("/materials/{material_id}/publish", response=MaterialOut)
def material_publish(request: HttpRequest, material_id: Id):
    material = selectors.material_get(me(request), material_id)
    return services.material_publish(actor=me(request), material=material)


@router.post("/sessions/{session_id}/attendance", response={201: AttendanceOut})
def attendance_add(request: HttpRequest, data: AttendanceIn, session_id: Id):
    session = selectors.session_get(me(request), session_id)
    party = _party(data.party, "party")
    row = services.attendance_add(actor=me(request), session=session, party=party, role=data.role,
                                  person=_person(party, data.person_id, "person_id"), name=data.name,
                                  position=data.position)
    return Status(201, row)


@router.put("/sessions/{session_id}/minutes", response=MinutesOut)
def minutes_update(request: HttpRequest, data: MinutesIn, session_id: Id):
    session = selectors.session_get(me(request), session_id)
    return services.minutes_update(actor=me(request), session=session, text=data.text,
                                   expected_version=data.expected_version, final=data.final)
