"""Everything a document shows, gathered once from the selectors the pages use.

Every exporter (DOCX, PDF, XLSX, ICS, AKN) renders one of these plain structures, so a person
gets the same records in a file as on the page and nothing more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from django.utils import timezone
from django.utils.functional import Promise

from collegium.core.models import Clearance
from collegium.parties.models import Party, Person

if TYPE_CHECKING:
    from collegium.meetings.selectors import AgendaItemDetail

Progress = Callable[[int, int, str], None] | None

KIND_LABELS = {"takes_note": "принимает к сведению", "approves": "одобряет", "instructs": "поручает",
               "other": ""}
ROUND_STATUS = {"planned": "запланирован", "dates_agreed": "даты согласованы", "held": "проведён",
                "postponed": "перенесён", "cancelled": "отменён", "moved": "перенесён на следующий год"}
LEVELS = {"deputy_ministers": "заместители министров", "heads_of_departments": "руководители департаментов",
          "mixed": "смешанный", "experts": "эксперты"}
OBLIGATION_STATUS = {"active": "на контроле", "completed": "исполнено", "not_relevant": "снято: утратило актуальность",
                     "superseded": "снято: заменено"}
REPORT_KIND = {"interim": "промежуточная информация", "final": "итоговый доклад"}
PERIODICITY = {"once": "", "monthly": "ежемесячно", "quarterly": "ежеквартально", "yearly": "ежегодно",
               "permanent": "постоянно"}


def joint_reader() -> Person:
    """An unsaved person of no party with open clearance: sees only joint, open records."""
    return Person(username="joint-reader", party=None, clearance=Clearance.OPEN, is_observer=True)


def tick(progress: Progress, done: int, total: int, note: str = "") -> None:
    if progress is not None:
        progress(done, total, note)


def fmt_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d.%m.%Y %H:%M")
    return value.strftime("%d.%m.%Y")


def genitive_ministry(name: str) -> str:
    """«Министерство иностранных дел X» → «Министерства иностранных дел X» (the form the title needs)."""
    for nominative, genitive in (("Министерство ", "Министерства "), ("Министерства ", "Министерства ")):
        if name.startswith(nominative):
            return genitive + name[len(nominative):]
    return name


def join_ru(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " и " + items[-1]


def resolution_heading(parties: list[Party]) -> str:
    return "совместного заседания коллегий " + join_ru([genitive_ministry(p.name) for p in parties])


# --- resolution -------------------------------------------------------------------------------------

@dataclass
class ClauseView:
    number: int
    kind: str
    kind_label: str
    text: str
    deadline: str
    addressees: str


@dataclass
class RoundView:
    number: int
    topic: str
    level: str
    period: str
    venue: str
    delegations: list[tuple[str, str]]
    status: str
    dates: str
    obj: Any = None


@dataclass
class PlanView:
    title: str
    year: int
    rounds: list[RoundView]
    obj: Any = None


@dataclass
class SignatureBlock:
    party: Party
    position: str
    name: str
    signed: bool = False
    signer: str = ""
    signed_at: str = ""
    fingerprint: str = ""
    algorithm: str = ""


@dataclass
class ResolutionView:
    resolution: Any
    session: Any
    parties: list[Party]
    doc_type: str
    heading: str
    date: str
    place: str
    number: str
    preamble: list[str]
    clauses: list[ClauseView]
    plans: list[PlanView]
    signatures: list[SignatureBlock]
    status: str


def clause_deadline(clause: Any) -> str:
    parts = []
    if clause.deadline_date:
        parts.append(f"срок — {fmt_date(clause.deadline_date)}")
    elif clause.deadline_days:
        parts.append(f"срок — {clause.deadline_days} дн. со дня подписания")
    if PERIODICITY.get(clause.periodicity):
        parts.append(PERIODICITY[clause.periodicity])
    return ", ".join(parts)


def round_view(rnd: Any, parties: list[Party] | None = None) -> RoundView:
    dates = ""
    if rnd.date_start:
        dates = fmt_date(rnd.date_start) + (f" – {fmt_date(rnd.date_end)}" if rnd.date_end and
                                            rnd.date_end != rnd.date_start else "")
    venue = rnd.venue or {"video": "по видеосвязи", "margins": "на полях мероприятия"}.get(rnd.venue_kind, "")
    period = rnd.period_label or f"{fmt_date(rnd.period_start)} – {fmt_date(rnd.period_end)}"
    delegations = [(d.party.code, ", ".join(x for x in [d.head_name, d.head_position,
                                                         d.unit.name if d.unit else ""] if x))
                   for d in rnd.delegations.all()]
    return RoundView(number=rnd.number, topic=rnd.topic, level=LEVELS.get(rnd.level, rnd.level), period=period,
                     venue=venue, delegations=delegations, status=ROUND_STATUS.get(rnd.status, rnd.status),
                     dates=dates, obj=rnd)


def plan_view(person: Person, plan: Any) -> PlanView:
    from collegium.consultations.selectors import round_list

    return PlanView(title=plan.title, year=plan.year, rounds=[round_view(r) for r in round_list(person, plan)],
                    obj=plan)


def head_of(party: Party, session: Any) -> tuple[str, str]:
    chair = next((p for p in session.co_chairs.all() if p.party_id == party.pk), None)
    if chair is None:
        chair = Person.objects.filter(party=party, is_head=True, is_active=True).order_by("id").first()
    position = f"{party.head_title} {party.country if len(party.country) > 3 else ''}".strip()
    if chair is not None and chair.position:
        position = chair.position
    return position, (chair.short_name if chair else "")


def resolution_view(person: Person, session_id: int, progress: Progress = None) -> ResolutionView:
    from collegium.resolutions.selectors import resolution_for_session

    resolution = resolution_for_session(person, session_id)
    session = resolution.session
    parties = sorted(session.parties.all(), key=lambda p: (p.order, p.code))
    tick(progress, 1, 3, "resolution")
    clauses = []
    for c in resolution.clauses.all():
        addressees = "; ".join(f"{a.unit.party.code}: {a.unit.name}" + ("" if a.is_responsible else " (соисп.)")
                               for a in c.addressees.all())
        clauses.append(ClauseView(number=c.number, kind=c.kind, kind_label=KIND_LABELS.get(c.kind, ""),
                                  text=c.text, deadline=clause_deadline(c), addressees=addressees))
    plans = [plan_view(person, plan) for plan in resolution.consultation_plans.order_by("year", "id")]
    tick(progress, 2, 3, "annex")
    signatures = {s.party_id: s for s in resolution.signatures.all()}
    blocks = []
    for party in parties:
        position, name = head_of(party, session)
        block = SignatureBlock(party=party, position=position, name=name)
        sig = signatures.get(party.pk)
        if sig is not None:
            block.signed = True
            block.signer = sig.signer.full_name or sig.signer.username
            block.name = sig.signer.short_name
            block.signed_at = fmt_date(sig.signed_at)
            block.fingerprint = sig.key_fingerprint
            block.algorithm = sig.algorithm
        blocks.append(block)
    preamble = [p.strip() for p in resolution.preamble.split("\n\n") if p.strip()]
    return ResolutionView(
        resolution=resolution, session=session, parties=parties, doc_type="ПОСТАНОВЛЕНИЕ",
        heading=resolution_heading(parties), date=fmt_date(resolution.signed_on or session.date_start),
        place=resolution.place or session.city, number=resolution.number, preamble=preamble, clauses=clauses,
        plans=plans, signatures=blocks, status=resolution.get_status_display(),
    )


# --- interim results ------------------------------------------------------------------------------

@dataclass
class InterimRowView:
    number: str
    party: str
    title: str
    executors: str
    deadline: str
    deadline_history: str
    status: str
    overdue: bool
    report: str


@dataclass
class InterimGroupView:
    title: str
    rows: list[InterimRowView]
    totals: dict[str, int]


@dataclass
class InterimView:
    session: Any
    title: str
    today: dt.date
    groups: list[InterimGroupView] = field(default_factory=list)


TOTAL_LABELS = [("total", "Всего"), ("completed", "Исполнено"), ("completed_in_time", "в срок"),
                ("completed_late", "с нарушением срока"), ("in_progress", "В работе"),
                ("overdue", "Просрочено"), ("removed", "Снято с контроля")]


def interim_view(person: Person, session_id: int, today: dt.date | None = None,
                 progress: Progress = None) -> InterimView:
    from collegium.control.selectors import interim_results
    from collegium.meetings.selectors import session_get

    session = session_get(person, session_id)
    groups = interim_results(person, session_id=session.pk, today=today)
    view = InterimView(session=session, title=f"Справка о ходе выполнения к заседанию №{session.number}",
                       today=today or timezone.localdate())
    total = sum(len(g.rows) for g in groups) or 1
    done = 0
    for group in groups:
        rows = []
        for row in group.rows:
            ob = row.obligation
            executors = "; ".join(e.unit.name + ("" if e.is_responsible else " (соисп.)")
                                  for e in ob.executors.all())
            history = " → ".join([fmt_date(row.deadline_history[0].old_deadline)] +
                                 [fmt_date(ch.new_deadline) for ch in row.deadline_history]) \
                if row.deadline_history else ""
            number = (f"п. {ob.clause.number}" if ob.clause is not None else
                      (f"{ob.action.number}" if ob.action is not None else ""))
            status = OBLIGATION_STATUS.get(ob.status, ob.status)
            if row.overdue:
                status = "просрочено (на контроле)"
            report = ""
            if row.latest_report is not None:
                rep = row.latest_report
                report = f"{REPORT_KIND.get(rep.kind, rep.kind)}, {fmt_date(rep.created_at.date())}: {rep.text}"
            rows.append(InterimRowView(number=number, party=ob.party.code, title=ob.title, executors=executors,
                                       deadline=fmt_date(ob.deadline), deadline_history=history, status=status,
                                       overdue=row.overdue, report=report))
            done += 1
            if done % 200 == 0:
                tick(progress, done, total, "rows")
        view.groups.append(InterimGroupView(title=group.title, rows=rows, totals=group.totals))
    tick(progress, total, total, "rows")
    return view


# --- agenda and materials pack --------------------------------------------------------------------

@dataclass
class MaterialView:
    anchor: str
    title: str
    owner: str
    marking: str | Promise  # a lazy label, translated when the pack is rendered
    joint: bool
    file_name: str
    content_type: str
    size: int
    description: str
    text: str = ""
    pdf_path: str = ""
    pdf_pages: tuple[int, int] | None = None
    obj: Any = None


@dataclass
class AgendaItemView:
    order: int
    title: str
    description: str
    duration: int
    rapporteurs: list[str]
    materials: list[MaterialView]


@dataclass
class PackView:
    session: Any
    parties: list[Party]
    items: list[AgendaItemView]
    general_materials: list[MaterialView]
    reader: str

    @property
    def all_materials(self) -> list[MaterialView]:
        return [m for item in self.items for m in item.materials] + self.general_materials


MAX_TEXT = 200_000


def _material_view(m: Any) -> MaterialView:
    view = MaterialView(anchor=f"m{m.pk}", title=m.title, owner=m.owner_party.code,
                        marking=Clearance(m.clearance).label if m.clearance in Clearance.values else "",
                        joint=m.visibility == "joint", file_name=m.file_name, content_type=m.content_type,
                        size=m.size, description=m.description, obj=m)
    if m.file:
        try:
            if m.content_type == "text/plain":
                with m.file.open("rb") as fh:
                    view.text = fh.read(MAX_TEXT).decode("utf-8", errors="replace")
            elif m.content_type == "application/pdf":
                view.pdf_path = m.file.path
        except (OSError, ValueError, NotImplementedError):
            pass
    return view


def pack_view(person: Person, session_id: int, progress: Progress = None) -> PackView:
    from collegium.meetings.selectors import session_get

    session = session_get(person, session_id)
    items = []
    in_items: set[int] = set()
    # session_get prefetches each agenda item with the materials this person may see.
    for item in cast("Iterable[AgendaItemDetail]", session.agenda_items.all()):
        materials = [_material_view(m) for m in item.visible_materials]
        in_items.update(m.obj.pk for m in materials)
        rapporteurs = [f"{r.party.code}: {r.display_name}" + (f", {r.position}" if r.position else "")
                       for r in item.rapporteurs.all()]
        items.append(AgendaItemView(order=item.order, title=item.title, description=item.description,
                                    duration=item.duration_minutes, rapporteurs=rapporteurs, materials=materials))
    general = [_material_view(m) for m in session.visible_materials if m.pk not in in_items]
    tick(progress, 1, 2, "materials")
    return PackView(session=session, parties=sorted(session.parties.all(), key=lambda p: (p.order, p.code)),
                    items=items, general_materials=general,
                    reader=(person.full_name or person.username) if person.pk else "")


# --- discipline -----------------------------------------------------------------------------------

@dataclass
class DisciplineView:
    title: str
    party_code: str | None
    today: dt.date
    rows: list[Any]


def discipline_view(person: Person, party_code: str | None = None, today: dt.date | None = None,
                    progress: Progress = None) -> DisciplineView:
    from collegium.control.selectors import discipline

    today = today or timezone.localdate()
    rows = discipline(person, party_code=party_code, today=today)
    title = "Исполнительская дисциплина" + (f" ({party_code.upper()})" if party_code else "")
    return DisciplineView(title=title, party_code=party_code, today=today, rows=rows)


def plans_for_session(person: Person, session_id: int) -> list[PlanView]:
    from collegium.resolutions.selectors import resolution_for_session

    resolution = resolution_for_session(person, session_id)
    return [plan_view(person, plan) for plan in resolution.consultation_plans.order_by("year", "id")]
