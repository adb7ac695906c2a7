"""Reads the pages need that no domain selector offers yet. Same rule as everywhere: the person
comes first and nothing hidden from them is returned."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.db.models import QuerySet

from collegium.core.errors import NotFound
from collegium.meetings.models import AgendaItem, Attendance, Material
from collegium.parties.models import ApiToken, Person
from collegium.programme.models import Section
from collegium.resolutions.models import ChangeProposal, Resolution

if TYPE_CHECKING:
    from collegium.meetings.selectors import AgendaItemDetail, SessionDetail


def agenda_item_get(person: Person, pk: Any) -> AgendaItem:
    """Agenda items are joint: any participant may read them."""
    try:
        return AgendaItem.objects.select_related("session").get(pk=int(pk))
    except (AgendaItem.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def resolutions_needing_answer(person: Person) -> QuerySet[Resolution]:
    """Drafts where another party has proposed a change this person's party must answer."""
    if not (person.is_secretariat and person.party_id):
        return Resolution.objects.none()
    pending = ChangeProposal.objects.filter(status=ChangeProposal.Status.PROPOSED).exclude(party_id=person.party_id)
    return Resolution.objects.filter(status=Resolution.Status.DRAFT, proposals__in=pending,
                                     session__parties=person.party_id).select_related("session").distinct()


def resolutions_to_sign(person: Person) -> QuerySet[Resolution]:
    if not (person.is_head and person.party_id):
        return Resolution.objects.none()
    return Resolution.objects.filter(status=Resolution.Status.AGREED, session__parties=person.party_id) \
        .exclude(signatures__party_id=person.party_id).select_related("session").distinct()


def attendance_get(person: Person, pk: Any) -> Attendance:
    """Attendance lists are joint, like the session they belong to."""
    try:
        return Attendance.objects.select_related("session", "party", "person").get(pk=int(pk))
    except (Attendance.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def section_get(person: Person, pk: Any) -> Section:
    """Sections of the Programme are joint."""
    try:
        return Section.objects.select_related("programme").get(pk=int(pk))
    except (Section.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def api_tokens_of(person: Person) -> QuerySet[ApiToken]:
    """A person's own tokens only: someone else's are never listed, not even their names."""
    return ApiToken.objects.filter(person=person).order_by("revoked_at", "-created_at")


def api_token_get(person: Person, pk: Any) -> ApiToken:
    try:
        return api_tokens_of(person).get(pk=int(pk))
    except (ApiToken.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def feed_tokens_of(person: Person) -> QuerySet[Any]:
    from collegium.documents.models import CalendarFeedToken

    return CalendarFeedToken.objects.filter(person=person).order_by("revoked_at", "-created_at")


def feed_token_get(person: Person, pk: Any) -> Any:
    from collegium.documents.models import CalendarFeedToken

    try:
        return feed_tokens_of(person).get(pk=int(pk))
    except (CalendarFeedToken.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def notification_preference_of(person: Person) -> Any:
    """The person's saved choices, or None while they follow their party's defaults."""
    from collegium.notifications.models import NotificationPreference

    return NotificationPreference.objects.filter(person=person).first()


def resolution_status_for_session(person: Person, session_id: Any) -> Resolution | None:
    """The session's resolution with only what the session page shows (its id and status).
    `resolutions.selectors.resolution_for_session` loads every clause with its addressees, which
    was half the session page's time for a resolution of hundreds of clauses. Like that selector,
    it answers for any participant: the resolution of a session is joint."""
    try:
        return Resolution.objects.only("id", "session_id", "status").get(session_id=int(session_id))
    except (Resolution.DoesNotExist, ValueError, TypeError):
        return None


def agenda_totals(session: Any) -> dict[str, int]:
    """How many questions a session's agenda has and their minutes, counted by the database
    (the home page loaded every item for two numbers). The agenda is joint."""
    from django.db.models import Count, Sum

    if session is None:
        return {"count": 0, "minutes": 0}
    totals = AgendaItem.objects.filter(session_id=session.pk).aggregate(count=Count("id"),
                                                                         minutes=Sum("duration_minutes"))
    return {"count": totals["count"] or 0, "minutes": totals["minutes"] or 0}


def session_page(person: Person, pk: Any) -> SessionDetail:
    """A session with what its page shows, in six queries: `meetings.selectors.session_get` also
    loads the co-chairs and the previous session (not shown) and the visible materials twice (per
    agenda item and for the session). Here each item's materials are taken from the session's
    visible ones, which are the same records under the same visibility rule. Sessions, their
    agenda and attendance are joint; materials internal to another party are never loaded."""
    from django.db.models import Prefetch

    from collegium.meetings.models import Rapporteur, Session
    from collegium.meetings.selectors import materials_visible

    try:
        session = Session.objects.select_related("host_party", "minutes").prefetch_related(
            "parties",
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order").prefetch_related(
                Prefetch("rapporteurs", queryset=Rapporteur.objects.select_related("party", "person")))),
            Prefetch("materials", queryset=materials_visible(person).select_related("owner_party", "agenda_item"),
                     to_attr="visible_materials"),
            Prefetch("attendance", queryset=Attendance.objects.select_related("party", "person")),
        ).get(pk=int(pk))
    except (Session.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    by_item: dict[int | None, list[Material]] = {}
    for material in session.visible_materials:
        by_item.setdefault(material.agenda_item_id, []).append(material)
    for item in session.agenda_items.all():
        # Setting the attribute is what makes the item an AgendaItemDetail, as session_get's
        # Prefetch(to_attr=) would.
        cast("AgendaItemDetail", item).visible_materials = by_item.get(item.pk, [])
    return session
