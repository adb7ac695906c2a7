"""Reads of sessions for a person: internal materials of another party, or above the person's
clearance, are neither returned nor counted."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django.db.models import Prefetch, QuerySet

from collegium.core.errors import NotFound
from collegium.core.selectors import visible_q
from collegium.meetings.models import AgendaItem, Attendance, Material, Rapporteur, Session
from collegium.parties.models import Person

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _VisibleMaterials(TypedDict):
        visible_materials: list[Material]

    # A session as session_get returns it, and each of its agenda items: with the materials this
    # person may see (Prefetch to_attr).
    SessionDetail: TypeAlias = WithAnnotations[Session, _VisibleMaterials]
    AgendaItemDetail: TypeAlias = WithAnnotations[AgendaItem, _VisibleMaterials]


def session_list(person: Person) -> QuerySet[Session]:
    return Session.objects.select_related("host_party").prefetch_related("parties").order_by("-date_start")


def materials_visible(person: Person) -> QuerySet[Material]:
    return Material.objects.filter(visible_q(person))


def session_get(person: Person, pk: Any) -> SessionDetail:
    try:
        return Session.objects.select_related("host_party", "previous").prefetch_related(
            "parties",
            "co_chairs",
            Prefetch("agenda_items", queryset=AgendaItem.objects.order_by("order").prefetch_related(
                Prefetch("rapporteurs", queryset=Rapporteur.objects.select_related("party", "person")),
                Prefetch("materials", queryset=materials_visible(person).select_related("owner_party"),
                         to_attr="visible_materials"),
            )),
            Prefetch("materials", queryset=materials_visible(person).select_related("owner_party", "agenda_item"),
                     to_attr="visible_materials"),
            Prefetch("attendance", queryset=Attendance.objects.select_related("party", "person")),
        ).get(pk=int(pk))
    except (Session.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def session_by_number(person: Person, number: Any) -> Session:
    try:
        pk = Session.objects.values_list("pk", flat=True).get(number=int(number))
    except (Session.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc
    return session_get(person, pk)


def material_get(person: Person, pk: Any) -> Material:
    try:
        return materials_visible(person).select_related("session", "owner_party").get(pk=int(pk))
    except (Material.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound() from exc


def next_session(person: Person, today) -> Session | None:
    return Session.objects.filter(date_end__gte=today).exclude(status=Session.Status.CANCELLED) \
        .order_by("date_start").first()
