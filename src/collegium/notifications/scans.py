"""Periodic scans that turn the state of the domain into notices.

Each scan may run any number of times, anywhere: what it would send is named by a key, and a key
is created once. Keys carry the deadline, so a granted extension starts a fresh cycle of reminders.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation

from collegium.control.models import Obligation
from collegium.notifications.ics import round_ics, session_ics
from collegium.notifications.messages import language_of
from collegium.notifications.models import (
    DEFAULT_ESCALATE_TO_HEAD_AFTER,
    DEFAULT_ESCALATE_TO_SECRETARIAT_AFTER,
    DEFAULT_REMINDER_OFFSETS,
    Notice,
    NotificationPreference,
    PartyNotificationSettings,
    ScanCursor,
)
from collegium.notifications.services import NoticeDraft, notices_create
from collegium.parties.models import Person, Unit


def _fmt(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def obligation_url(obligation: Obligation) -> str:
    from django.urls import reverse

    return reverse("obligation_detail", args=[obligation.pk])


class _PartyWorld:
    """Units, people, preferences and settings of the parties a scan touches, loaded once."""

    def __init__(self, party_ids: set[int]) -> None:
        self.settings = {s.party_id: s for s in PartyNotificationSettings.objects.filter(party_id__in=party_ids)}
        self.units = {u.pk: u for u in Unit.objects.filter(party_id__in=party_ids).select_related("head")}
        people = list(Person.objects.filter(party_id__in=party_ids, is_active=True))
        self.people = {p.pk: p for p in people}
        preferences = {p.person_id: p for p in NotificationPreference.objects.filter(person__in=people)}
        for person in people:
            # Fill the cached reverse one-to-one so preference_of() asks no query per person.
            if person.pk in preferences:
                person.notification_preference = preferences[person.pk]
            else:
                person.notification_preference = NotificationPreference(person=person)
        self.by_unit: dict[int, list[Person]] = defaultdict(list)
        for person in people:
            if person.unit_id:
                self.by_unit[person.unit_id].append(person)
        self.secretariat: dict[int | None, list[Person]] = defaultdict(list)
        for person in people:
            if person.is_secretariat:
                self.secretariat[person.party_id].append(person)

    def offsets_for(self, person: Person) -> list[int]:
        own = person.notification_preference.reminder_offsets
        if own:
            return sorted({int(d) for d in own})
        party = self.settings.get(person.party_id) if person.party_id is not None else None
        return sorted({int(d) for d in (party.reminder_offsets if party else DEFAULT_REMINDER_OFFSETS)})

    def escalation_delays(self, party_id: int) -> tuple[int, int]:
        party = self.settings.get(party_id)
        if party is None:
            return DEFAULT_ESCALATE_TO_HEAD_AFTER, DEFAULT_ESCALATE_TO_SECRETARIAT_AFTER
        return party.escalate_to_head_after_days, party.escalate_to_secretariat_after_days

    def executors_of(self, obligation: Obligation) -> list[Person]:
        """Executors in an executing unit or any unit below it, and the controller, of its own party."""
        executing = {e.unit_id for e in obligation.executors.all()}
        found: dict[int, Person] = {}
        for unit_id, people in self.by_unit.items():
            if self._under(unit_id, executing):
                for person in people:
                    if person.is_executor and person.party_id == obligation.party_id:
                        found[person.pk] = person
        controller = self.people.get(obligation.controller_id or 0)
        if controller is not None and controller.party_id == obligation.party_id:
            found[controller.pk] = controller
        return list(found.values())

    def _under(self, unit_id: int, targets: set[int]) -> bool:
        seen = 0
        unit = self.units.get(unit_id)
        while unit is not None and seen < 20:
            if unit.pk in targets:
                return True
            unit = self.units.get(unit.parent_id or 0)
            seen += 1
        return False

    def responsible_unit(self, obligation: Obligation) -> Unit | None:
        for executor in obligation.executors.all():
            if executor.is_responsible:
                return self.units.get(executor.unit_id)
        return None


def _active_obligations(**filters: object) -> list[Obligation]:
    return list(Obligation.objects.filter(status=Obligation.Status.ACTIVE, **filters)
                .select_related("round").prefetch_related("executors"))


def _context(obligation: Obligation, **extra: object) -> dict[str, object]:
    return {"title": obligation.title, "deadline": _fmt(obligation.deadline), **extra}


def _attachment(obligation: Obligation) -> tuple[str, str]:
    if obligation.round is not None:
        return round_ics(obligation.round), f"round-{obligation.round.number}.ics"
    return "", ""


def reminders_run(*, today: dt.date | None = None) -> int:
    """Reminders before the deadline, on the day, and once when it has passed. Returns notices created."""
    today = today or timezone.localdate()
    max_offset = max([*DEFAULT_REMINDER_OFFSETS,
                      *[max(s.reminder_offsets or [0]) for s in PartyNotificationSettings.objects.all()],
                      *[max(p.reminder_offsets or [0]) for p in
                        NotificationPreference.objects.exclude(reminder_offsets=None)]])
    # Overdue reminders are sent once; looking further back than a year would only find stale debts.
    obligations = _active_obligations(deadline__lte=today + dt.timedelta(days=max_offset),
                                      deadline__gte=today - dt.timedelta(days=366))
    world = _PartyWorld({o.party_id for o in obligations})
    drafts: list[NoticeDraft] = []
    for obligation in obligations:
        days_left = (obligation.deadline - today).days
        ics, ics_name = _attachment(obligation)
        for person in world.executors_of(obligation):
            base = f"{obligation.pk}:{person.pk}"
            if days_left > 0:
                window = [d for d in world.offsets_for(person) if d >= days_left]
                if not window:
                    continue
                # The smallest offset not yet passed: a worker that was down for a few days sends
                # the reminder that is due now, not every one it missed.
                offset = min(window)
                drafts.append(NoticeDraft(
                    key=f"reminder:{base}:{offset}:{obligation.deadline.isoformat()}", person=person,
                    kind="reminder", context=_context(obligation, days=days_left), url=obligation_url(obligation),
                    ics=ics, ics_name=ics_name))
            elif days_left == 0:
                drafts.append(NoticeDraft(
                    key=f"due:{base}:{obligation.deadline.isoformat()}", person=person, kind="due_today",
                    context=_context(obligation), url=obligation_url(obligation), ics=ics, ics_name=ics_name))
            else:
                drafts.append(NoticeDraft(
                    key=f"overdue:{base}:{obligation.deadline.isoformat()}", person=person, kind="overdue",
                    context=_context(obligation), url=obligation_url(obligation)))
    with transaction.atomic():
        return notices_create(drafts)


def escalations_run(*, today: dt.date | None = None) -> int:
    """An overdue obligation goes to the head of the responsible unit, later to its party's secretariat."""
    today = today or timezone.localdate()
    obligations = _active_obligations(deadline__lt=today)
    world = _PartyWorld({o.party_id for o in obligations})
    drafts: list[NoticeDraft] = []
    for obligation in obligations:
        overdue = (today - obligation.deadline).days
        to_head, to_secretariat = world.escalation_delays(obligation.party_id)
        unit = world.responsible_unit(obligation)
        unit_name = unit.name if unit else ""
        context = _context(obligation, days=overdue, unit=unit_name)
        deadline = obligation.deadline.isoformat()
        if overdue >= to_head and unit is not None and unit.head_id:
            head = world.people.get(unit.head_id)
            if head is not None and head.party_id == obligation.party_id:
                drafts.append(NoticeDraft(
                    key=f"escalation:head:{obligation.pk}:{head.pk}:{deadline}", person=head,
                    kind="escalation_head", context=context, url=obligation_url(obligation)))
        if overdue >= to_secretariat:
            for person in world.secretariat.get(obligation.party_id, []):
                drafts.append(NoticeDraft(
                    key=f"escalation:secretariat:{obligation.pk}:{person.pk}:{deadline}", person=person,
                    kind="escalation_secretariat", context=context, url=obligation_url(obligation)))
    with transaction.atomic():
        return notices_create(drafts)


MATERIALS_CURSOR = "audit:materials"


def materials_run() -> int:
    """Notices for materials made joint, read from the audit chain after the last position seen.

    The meetings services record `material.add` (joint from the start) and `material.publish` in
    the audit chain; reading it keeps this app from reaching into their code. The first run starts
    at the end of the chain, so a fresh worker does not announce every material ever published.
    """
    from collegium.audit.models import AuditEvent
    from collegium.meetings.models import Material

    with transaction.atomic():
        cursor, created = ScanCursor.objects.select_for_update().get_or_create(name=MATERIALS_CURSOR)
        if created:
            cursor.position = AuditEvent.objects.aggregate(m=Max("seq"))["m"] or 0
            cursor.save(update_fields=["position"])
            return 0
        events = list(AuditEvent.objects.filter(seq__gt=cursor.position, object_type="meetings.material",
                                                action__in=["material.add", "material.publish"])
                      .order_by("seq")[:500])
        last = AuditEvent.objects.filter(seq__gt=cursor.position).aggregate(m=Max("seq"))["m"]
        material_ids = [int(e.object_id) for e in events if e.object_id.isdigit()]
        materials = Material.objects.filter(pk__in=material_ids, visibility="joint").select_related("session")
        drafts: list[NoticeDraft] = []
        sessions = {m.session_id for m in materials}
        parties_of: dict[int, set[int]] = {s: set() for s in sessions}
        from collegium.meetings.models import Session

        for session in Session.objects.filter(pk__in=sessions).prefetch_related("parties"):
            parties_of[session.pk] = {p.pk for p in session.parties.all()}
        world = _PartyWorld(set().union(*parties_of.values()) if parties_of else set())
        for material in materials:
            session = material.session
            ics = session_ics(session)
            for person in world.people.values():
                # Joint material: all parties of the session; still never above a person's clearance.
                if person.party_id not in parties_of[session.pk] or person.clearance < material.clearance:
                    continue
                if not (person.is_secretariat or person.is_head):
                    continue
                drafts.append(NoticeDraft(
                    key=f"material:{material.pk}:{person.pk}", person=person, kind="material_published",
                    context={"session": session.number, "title": material.title, "date": _fmt(session.date_start)},
                    url=reverse("session_detail", args=[session.pk]), ics=ics, ics_name=f"session-{session.number}.ics"))
        count = notices_create(drafts)
        if events or last:
            # Only as far as the events actually read, so a burst above the page size is not skipped.
            cursor.position = events[-1].seq if len(events) == 500 else max(last or 0, cursor.position)
            cursor.save(update_fields=["position"])
        return count


# --- media digest ---------------------------------------------------------------------------------

def media_digest_period(period: str, today: dt.date) -> dt.date:
    """The last day a digest sent on `today` covers: yesterday (daily), or the Sunday before this
    week's Monday (weekly). Periods are fixed calendar days, so the key of a period never depends
    on the hour or the day of the week the worker happens to run."""
    if period == "weekly":
        return today - dt.timedelta(days=today.weekday() + 1)
    return today - dt.timedelta(days=1)


def _media_digest_text(data: dict, url: str) -> str:
    lines = [f"{data['party']}: {data['date_from']:%d.%m.%Y}–{data['date_to']:%d.%m.%Y}", ""]
    for story in data["stories"]:
        mark = "! " if story["concerns_party"] else "- "
        lines.append(f"{mark}{story['title']} ({story['published']:%d.%m.%Y}; {', '.join(story['sources'])})")
        for link in story["links"]:
            lines.append(f"    → {link['target']} [{link['status']}]")
    lines += ["", url]
    return "\n".join(lines) + "\n"


def media_digests_run(*, today: dt.date | None = None) -> int:
    """The media digest for press officers and heads of every party, by their preference (daily by
    default, weekly or off), exactly once per person and period (the key names both). An empty
    period sends nothing: a digest of no news is only noise. Returns notices created."""
    from django.conf import settings

    from collegium.media.digest import digest_build, digest_render
    from collegium.notifications.models import MediaDigest

    today = today or timezone.localdate()
    people = list(Person.objects.filter(is_active=True, party__isnull=False)
                  .filter(Q(is_press=True) | Q(is_head=True)).select_related("party", "notification_preference"))
    site = settings.COLLEGIUM_SITE_URL.rstrip("/")
    drafts: list[NoticeDraft] = []
    for person in people:
        try:
            preference = person.notification_preference
        except NotificationPreference.DoesNotExist:
            preference = NotificationPreference(person=person)
        period = preference.media_digest
        if period == MediaDigest.OFF:
            continue
        last_day = media_digest_period(period, today)
        key = f"media_digest:{period}:{person.pk}:{last_day.isoformat()}"
        if Notice.objects.filter(key=key).exists():
            continue  # sent already; building a digest costs queries, and the key would refuse it anyway
        # Built for the person: their party decides what is highlighted, their clearance what is linked.
        data = digest_build(person, period, today=last_day)
        if not data["counts"]["stories"]:
            continue
        span = (f"{data['date_from']:%d.%m.%Y}" if period == "daily"
                else f"{data['date_from']:%d.%m.%Y}–{data['date_to']:%d.%m.%Y}")
        url = f"{reverse('media:digest')}?period={period}&date={last_day.isoformat()}"
        with translation.override(language_of(person.language)):
            html = str(digest_render(data, "html"))
        drafts.append(NoticeDraft(
            key=key, person=person, kind="media_digest", url=url, holdable=False,
            context={"period": span, "stories": data["counts"]["stories"], "linked": data["counts"]["linked"]},
            body_text=_media_digest_text(data, site + url), body_html=html,
            internal_to_id=person.party_id))
    with transaction.atomic():
        return notices_create(drafts)

