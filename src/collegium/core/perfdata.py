"""Synthetic data for load tests: a large, plausible mechanism built in seconds to minutes.

What is made (sizes are parameters): the parties RU and BY (reused from the demo when present),
extra units, `people` people with roles, `years × sessions` held sessions each with an agenda, a
signed resolution and its clauses, one Programme per three years with sections and actions, one
plan of consultations per year with rounds, and `obligations` obligations (instructions, Programme
actions and rounds, one per executing party) in every status, with their executors, deadline
changes, extension requests, reports (internal and released, about `reports_per_month` a month over
the whole period) and timeline events.

This deliberately bypasses the services: rows are written with bulk_create in batches, because the
services do one audited transaction per record and 200,000 obligations would take hours that way.
The data is consistent in the same ways the services keep it (exactly one responsible executor per
obligation, an event for every report and every status change, overdue never stored), but it is
synthetic. No audit event is written per record; one summary event `perfdata.generate` goes
through audit_record, so the audit chain stays intact and `collegium audit verify` still passes.
Never run this against production data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from collegium.audit.services import audit_record
from collegium.consultations.models import ConsultationPlan, Round
from collegium.control.models import (
    DeadlineChange,
    Executor,
    ExtensionRequest,
    Obligation,
    ObligationEvent,
    Report,
)
from collegium.core import calendars
from collegium.core.models import Clearance, Visibility
from collegium.meetings.models import AgendaItem, Session
from collegium.parties.models import Party, Person, Unit
from collegium.programme.models import Action, Programme, Section
from collegium.resolutions.models import Clause, Periodicity, Resolution

PERF_PASSWORD = "collegium-perf"  # noqa: S105 - synthetic people of a load-test database
BATCH = 2000

Status = Obligation.Status
CITIES = ["Москва", "Минск", "Брест", "Санкт-Петербург", "Гродно", "Казань", "Витебск", "Сочи", "Могилёв", "Гомель"]
VERBS = ["Обеспечить", "Проработать", "Подготовить", "Провести", "Организовать", "Рассмотреть", "Согласовать",
         "Продолжить", "Активизировать", "Содействовать"]
TOPICS = ["консультации по вопросам Союзного государства", "координацию позиций в ООН", "визовые вопросы",
          "гуманитарное сотрудничество", "информационное взаимодействие", "вопросы безопасности в Европе",
          "сотрудничество в рамках СНГ", "договорно-правовую базу", "консульское взаимодействие",
          "совместные мероприятия к памятным датам", "экономическую дипломатию", "работу в ОДКБ и ЕАЭС"]


@dataclass
class GenerateResult:
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@lru_cache(maxsize=20000)
def _working(day: dt.date, code: str) -> dt.date:
    return calendars.previous_working_day(day, code)


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _bulk(model, rows: list, counts: dict[str, int]) -> list:
    """bulk_create in batches; primary keys come back on PostgreSQL and SQLite ≥ 3.35."""
    if not rows:
        return rows
    created = model.objects.bulk_create(rows, batch_size=BATCH)
    key = model._meta.model_name
    counts[key] = counts.get(key, 0) + len(rows)
    return created


class _Rows:
    """Plain tuples for the biggest tables, inserted with executemany: building a model instance
    and letting the ORM prepare every value costs more than the database's own work here."""

    def __init__(self, model, columns: list[str]) -> None:
        self.model = model
        self.columns = columns
        self.rows: list[tuple] = []
        ops = connection.ops
        kinds = []
        for name in columns:
            internal = model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name) \
                .get_internal_type()
            kinds.append(ops.adapt_datetimefield_value if internal == "DateTimeField"
                         else ops.adapt_datefield_value if internal == "DateField" else None)
        self.adapters = kinds

    def add(self, *values: object) -> None:
        self.rows.append(values)

    def flush(self, counts: dict[str, int]) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['%s'] * len(self.columns))})"  # noqa: S608 - names from the model, values bound
        adapters = list(enumerate(self.adapters))
        prepared = [tuple(adapt(v) if adapt and v is not None else v for (_i, adapt), v in zip(adapters, row,
                                                                                              strict=True))
                    for row in self.rows]
        with connection.cursor() as cursor:
            for start in range(0, len(prepared), 5000):
                cursor.executemany(sql, prepared[start:start + 5000])
        key = self.model._meta.model_name
        counts[key] = counts.get(key, 0) + len(self.rows)
        self.rows = []


def _ensure_parties() -> dict[str, Party]:
    parties = {p.code: p for p in Party.objects.filter(code__in=["RU", "BY"])}
    defaults = {
        "RU": ("Министерство иностранных дел Российской Федерации", "МИД России", "MFA of Russia", 1),
        "BY": ("Министерство иностранных дел Республики Беларусь", "МИД Беларуси", "MFA of Belarus", 2),
    }
    for code, (name, short, short_en, order) in defaults.items():
        if code not in parties:
            parties[code] = Party.objects.create(code=code, name=name, name_en=name, short_name=short,
                                                 short_name_en=short_en, country=code, calendar_code=code, order=order)
    return parties


def _ensure_units(party: Party, minimum: int, counts: dict[str, int]) -> list[Unit]:
    units = list(Unit.objects.filter(party=party))
    existing = {u.code for u in units}
    extra: list[Unit] = []
    n = 1
    while len(units) + len(extra) < minimum:
        code = f"PERF-{n:02d}"
        n += 1
        if code in existing:
            continue
        extra.append(Unit(party=party, code=code, name=f"Департамент №{n - 1} (синтетический)"))
    if extra:
        _bulk(Unit, extra, counts)
        units = list(Unit.objects.filter(party=party))
    return units


def generate(*, years: int = 10, sessions: int = 10, obligations: int = 200_000, reports_per_month: int = 2000,
             people: int = 500, seed: int = 1, today: dt.date | None = None,
             log: Callable[[str], None] | None = None) -> GenerateResult:
    """Build the synthetic mechanism. `sessions` is per year; the period ends today."""
    started = time.monotonic()
    rng = random.Random(seed)  # noqa: S311 - reproducible synthetic data, not secrets
    today = today or timezone.localdate()
    say = log or (lambda message: None)
    counts: dict[str, int] = {}
    first_day = dt.date(today.year - years + 1, 1, 15)
    tag = f"g{seed}x{(Session.objects.aggregate(m=Max('number'))['m'] or 0)}"

    with transaction.atomic():
        parties = _ensure_parties()
        party_list = [parties["RU"], parties["BY"]]
        units = {p.code: _ensure_units(p, 20, counts) for p in party_list}

        # --- people ---------------------------------------------------------------------------
        password = make_password(PERF_PASSWORD)
        rows = []
        for i in range(people):
            party = party_list[i % 2]
            share = (i // 2) % 20
            roles = {"is_secretariat": share == 0, "is_head": share == 1, "is_press": share == 2,
                     "is_observer": share == 3, "is_executor": share >= 4}
            unit = rng.choice(units[party.code]) if share >= 4 or share in (0, 2) else None
            rows.append(Person(username=f"perf_{tag}_{i}", password=password, party=party, unit=unit,
                               first_name=f"Имя{i}", last_name=f"Сотрудник{i}", email=f"perf{i}@example.org",
                               clearance=Clearance.CONFIDENTIAL if share == 1 else Clearance.OFFICIAL, **roles))
        _bulk(Person, rows, counts)
        staff = list(Person.objects.filter(username__startswith=f"perf_{tag}_").only("pk", "party_id", "unit_id",
                                                                                      "is_secretariat", "is_executor"))
        executors_by_unit: dict[int, list[int]] = {}
        secretariat: dict[int, list[int]] = {p.pk: [] for p in party_list}
        executors_by_party: dict[int, list[int]] = {p.pk: [] for p in party_list}
        for person in staff:
            # Every generated person belongs to one of the parties created above.
            assert person.party_id is not None
            if person.is_executor and person.unit_id:
                executors_by_unit.setdefault(person.unit_id, []).append(person.pk)
                executors_by_party[person.party_id].append(person.pk)
            if person.is_secretariat:
                secretariat[person.party_id].append(person.pk)
        for party in party_list:  # tiny runs: make sure every party has someone to act
            if not secretariat[party.pk]:
                secretariat[party.pk] = list(Person.objects.filter(party=party).values_list("pk", flat=True)[:1])
            if not executors_by_party[party.pk]:
                executors_by_party[party.pk] = secretariat[party.pk]
        say(f"people: {len(staff)}")

        # --- sessions, resolutions, clauses ----------------------------------------------------
        base_number = Session.objects.aggregate(m=Max("number"))["m"] or 0
        session_rows = []
        total_sessions = max(1, years * sessions)
        span = (today - first_day).days
        for i in range(total_sessions):
            day = first_day + dt.timedelta(days=span * i // total_sessions)
            host = party_list[i % 2]
            session_rows.append(Session(number=base_number + i + 1, title=f"Совместное заседание №{base_number + i + 1}",
                                        date_start=day, date_end=day + dt.timedelta(days=1), city=CITIES[i % len(CITIES)],
                                        host_party=host, status=Session.Status.HELD))
        session_objs = _bulk(Session, session_rows, counts)
        through = Session.parties.through
        _bulk(through, [through(session_id=s.pk, party_id=p.pk) for s in session_objs for p in party_list], counts)
        _bulk(AgendaItem, [AgendaItem(session_id=s.pk, order=k + 1, title=f"О {rng.choice(TOPICS)}",
                                      duration_minutes=rng.choice([10, 15, 20, 30]))
                           for s in session_objs for k in range(8)], counts)
        resolutions = _bulk(Resolution, [Resolution(session_id=s.pk, number=f"{s.number}", place=s.city,
                                                    title="Постановление совместного заседания",
                                                    status=Resolution.Status.SIGNED, signed_on=s.date_start)
                                         for s in session_objs], counts)
        say(f"sessions: {len(session_objs)}")

        # How many source items of each kind: about half instructions, a third actions, the rest rounds.
        items_total = (obligations + 1) // 2
        n_clauses = max(1, items_total * 50 // 100)
        n_actions = max(1, items_total * 33 // 100)
        n_rounds = max(1, items_total - n_clauses - n_actions)

        clause_rows: list[Clause] = []
        per_resolution = -(-n_clauses // len(resolutions))
        for r in resolutions:
            for k in range(per_resolution):
                if len(clause_rows) >= n_clauses:
                    break
                kind = Clause.Kind.INSTRUCTS
                periodicity: str = rng.choices([Periodicity.ONCE, Periodicity.QUARTERLY, Periodicity.YEARLY],
                                          weights=[90, 6, 4])[0]
                clause_rows.append(Clause(resolution_id=r.pk, number=k + 3, kind=kind, periodicity=periodicity,
                                          text=f"{rng.choice(VERBS)} {rng.choice(TOPICS)} (п. {k + 3})",
                                          deadline_days=rng.choice([30, 60, 90, 180, 365])))
        # Two non-instructing clauses at the top of every resolution, as real ones have.
        notes = [Clause(resolution_id=r.pk, number=n, kind=Clause.Kind.TAKES_NOTE if n == 1 else Clause.Kind.APPROVES,
                        text="Принять к сведению информацию" if n == 1 else "Одобрить план")
                 for r in resolutions for n in (1, 2)]
        clauses = _bulk(Clause, clause_rows, counts)
        _bulk(Clause, notes, counts)
        signed_on = {r.pk: r.signed_on for r in resolutions}

        # --- Programme: one per three years ------------------------------------------------------
        programmes = []
        year = first_day.year
        while year <= today.year:
            programmes.append(Programme(title=f"Программа согласованных действий {year}–{year + 2}", year_from=year,
                                        year_to=year + 2, status=Programme.Status.APPROVED,
                                        approval_date=dt.date(year, 1, 20)))
            year += 3
        programmes = _bulk(Programme, programmes, counts)
        pthrough = Programme.parties.through
        _bulk(pthrough, [pthrough(programme_id=p.pk, party_id=pa.pk) for p in programmes for pa in party_list], counts)
        sections = _bulk(Section, [Section(programme_id=p.pk, number=k + 1, title=f"Раздел {k + 1}. {TOPICS[k]}")
                                   for p in programmes for k in range(10)], counts)
        section_start = {s.pk: dt.date(p.year_from, 1, 20) for p in programmes for s in sections
                         if s.programme_id == p.pk}
        action_rows = []
        for i in range(n_actions):
            s = sections[i % len(sections)]
            action_rows.append(Action(section_id=s.pk, number=f"{s.number}.{i // len(sections) + 1}", order=i,
                                      text=f"{rng.choice(VERBS)} {rng.choice(TOPICS)}",
                                      deadline_text=rng.choice(["постоянно", "ежегодно", "IV квартал", ""])))
        actions = _bulk(Action, action_rows, counts)
        action_start = {a.pk: section_start[a.section_id] for a in actions}

        # --- consultation plans: one per year ---------------------------------------------------
        plans = _bulk(ConsultationPlan, [ConsultationPlan(year=y, title=f"План консультаций на {y} год")
                                         for y in range(first_day.year, today.year + 1)], counts)
        round_rows = []
        for i in range(n_rounds):
            plan = plans[i % len(plans)]
            q = rng.randrange(4)
            start = dt.date(plan.year, q * 3 + 1, 1)
            end = dt.date(plan.year, q * 3 + 3, 28)
            status = Round.Status.HELD if end < today and rng.random() < 0.8 else Round.Status.PLANNED
            round_rows.append(Round(plan_id=plan.pk, number=i // len(plans) + 1, topic=rng.choice(TOPICS).capitalize(),
                                    period_start=start, period_end=end, period_label=f"{q + 1} квартал",
                                    host_party=party_list[i % 2], status=status,
                                    date_start=start + dt.timedelta(days=20) if status == Round.Status.HELD else None,
                                    date_end=start + dt.timedelta(days=21) if status == Round.Status.HELD else None,
                                    uid=uuid.UUID(int=rng.getrandbits(128))))
        rounds = _bulk(Round, round_rows, counts)
        say(f"sources: {len(clauses)} clauses, {len(actions)} actions, {len(rounds)} rounds")

        # --- obligation specs --------------------------------------------------------------------
        sources: list[tuple[str, int, dt.date, str, int | None]] = []
        for c in clauses:
            sources.append((Obligation.Source.INSTRUCTION, c.pk, signed_on[c.resolution_id], c.periodicity,
                            c.deadline_days))
        for a in actions:
            sources.append((Obligation.Source.ACTION, a.pk, action_start[a.pk], Periodicity.YEARLY, None))
        for r in rounds:
            sources.append((Obligation.Source.ROUND, r.pk, min(r.period_start, today), Periodicity.ONCE, None))
        rng.shuffle(sources)
        supersede_pool = [c.pk for c in clauses[-max(1, len(clauses) // 10):]]

        months_total = 0
        specs = []
        made = 0
        for source, source_pk, issued, periodicity, days in sources:
            for party in party_list:
                if made >= obligations:
                    break
                made += 1
                specs.append(_spec(rng, today, party, source, source_pk, issued, periodicity, days, units[party.code]))
        for spec in specs:
            months_total += spec["months"]
        rate = (reports_per_month * years * 12) / max(1, months_total)
        say(f"obligations planned: {len(specs)}; reports per obligation-month {rate:.3f}")

        # --- write obligations and everything hanging from them, chunk by chunk -------------------
        for chunk_start in range(0, len(specs), BATCH * 5):
            _write_chunk(rng, today, specs[chunk_start:chunk_start + BATCH * 5], rate, counts, executors_by_unit,
                         executors_by_party, secretariat, supersede_pool)
            say(f"  obligations written: {min(chunk_start + BATCH * 5, len(specs))}")

        audit_record(actor=None, action="perfdata.generate", object_type="perfdata", object_id=tag,
                     changes={"seed": seed, "years": years, "sessions_per_year": sessions, **counts})
    # Fresh statistics for the planner; on PostgreSQL VACUUM also sets the visibility map, without
    # which COUNT(*) cannot use an index-only scan (what autovacuum would do some minutes later).
    if not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return GenerateResult(counts=counts, seconds=time.monotonic() - started)


def _spec(rng: random.Random, today: dt.date, party: Party, source: str, source_pk: int, issued: dt.date,
          periodicity: str, days: int | None, units: list[Unit]) -> dict:
    code = party.calendar_code
    if periodicity == Periodicity.ONCE:
        raw = issued + dt.timedelta(days=days or rng.choice([30, 60, 90, 180]))
        deadline = _working(raw, code)
        period = None
    else:
        period = calendars.period_end(issued, periodicity)
        deadline = calendars.report_due(period, periodicity, code)
    initial = deadline
    changes = []
    if rng.random() < 0.12:  # deadline moved once or twice
        for _ in range(rng.choice([1, 1, 2])):
            new = _working(deadline + dt.timedelta(days=rng.choice([30, 60, 90])), code)
            changes.append((deadline, new, rng.random() < 0.6))
            deadline = new
    age = (today - deadline).days
    if age > 30:
        # Secretariats clean up: the older the deadline, the rarer it is still open (overdue).
        stuck = 10 if age <= 365 else 4 if age <= 730 else 1
        status = rng.choices([Status.COMPLETED, Status.ACTIVE, Status.NOT_RELEVANT, Status.SUPERSEDED],
                             weights=[92 - stuck, stuck, 5, 3])[0]
    elif age > 0:
        status = rng.choices([Status.COMPLETED, Status.ACTIVE], weights=[40, 60])[0]
    else:
        status = rng.choices([Status.ACTIVE, Status.COMPLETED, Status.NOT_RELEVANT], weights=[85, 13, 2])[0]
    completed_on = None
    if status == Status.COMPLETED:
        latest = min(today, deadline + dt.timedelta(days=60))
        completed_on = issued + dt.timedelta(days=rng.randint(1, max(1, (latest - issued).days)))
        if completed_on > today:
            completed_on = today
    end = completed_on or (today if status == Status.ACTIVE else min(today, deadline))
    months = max(0, (end - issued).days) / 30.4
    responsible = rng.choice(units)
    co = [u for u in rng.sample(units, k=min(len(units), rng.choice([0, 0, 1, 2]))) if u.pk != responsible.pk]
    return {"party": party, "source": source, "source_pk": source_pk, "issued": issued, "periodicity": periodicity,
            "days": days, "period": period, "initial": initial, "deadline": deadline, "changes": changes,
            "status": status, "completed_on": completed_on, "end": end, "months": months,
            "responsible": responsible.pk, "co": [u.pk for u in co]}


def _write_chunk(rng: random.Random, today: dt.date, specs: list[dict], rate: float, counts: dict[str, int],
                 executors_by_unit: dict[int, list[int]], executors_by_party: dict[int, list[int]],
                 secretariat: dict[int, list[int]], supersede_pool: list[int]) -> None:
    source_field = {Obligation.Source.INSTRUCTION: "clause_id", Obligation.Source.ACTION: "action_id",
                    Obligation.Source.ROUND: "round_id"}
    rows = []
    for s in specs:
        party = s["party"]
        status = s["status"]
        kwargs = {source_field[s["source"]]: s["source_pk"]}
        removal = ""
        superseded = None
        if status == Status.NOT_RELEVANT:
            removal = "Утратило актуальность по решению сторон"
        elif status == Status.SUPERSEDED:
            removal = "Заменено новым поручением"
            superseded = rng.choice(supersede_pool)
        elif status == Status.COMPLETED:
            removal = "Выполнено"
        rows.append(Obligation(
            party_id=party.pk, source=s["source"], title=f"{rng.choice(VERBS)} {rng.choice(TOPICS)}"[:500],
            issued_on=s["issued"], deadline_days=s["days"], periodicity=s["periodicity"],
            initial_deadline=s["initial"], period_end=s["period"], deadline=s["deadline"], status=status,
            completed_on=s["completed_on"],
            completed_in_time=(s["completed_on"] <= s["deadline"]) if s["completed_on"] else None,
            removal_reason=removal, superseded_by_id=superseded,
            controller_id=rng.choice(secretariat[party.pk]) if secretariat[party.pk] else None,
            lock_version=1 + len(s["changes"]), **kwargs,
        ))
    obligations = _bulk(Obligation, rows, counts)

    executors = _Rows(Executor, ["obligation_id", "unit_id", "is_responsible"])
    events = _Rows(ObligationEvent, ["obligation_id", "at", "actor_id", "kind", "from_status", "to_status", "note",
                                     "internal_to_id"])
    reports = _Rows(Report, ["obligation_id", "kind", "period_end", "text", "author_id", "unit_id", "status",
                             "created_at", "submitted_at", "decided_by_id", "decided_at", "return_reason",
                             "released_at", "attachment", "attachment_name", "owner_party_id", "visibility",
                             "clearance"])
    changes, requests = [], []
    kind_label = {Report.Kind.FINAL: "Итоговый отчёт", Report.Kind.INTERIM: "Промежуточная информация"}

    def event(ob_id: int, at: dt.datetime, kind: str, note: str = "", from_status: str = "", to_status: str = "",
              internal_to: int | None = None, actor: int | None = None) -> None:
        events.add(ob_id, at, actor, kind, from_status, to_status, note, internal_to)

    for ob, s in zip(obligations, specs, strict=True):
        party_id = ob.party_id
        sec = secretariat[party_id]
        executors.add(ob.pk, s["responsible"], True)
        for u in s["co"]:
            executors.add(ob.pk, u, False)
        people = executors_by_unit.get(s["responsible"]) or executors_by_party[party_id]
        event(ob.pk, _at(s["issued"], 9), "created", str(s["initial"]), to_status=Status.ACTIVE)
        for old, new, via_request in s["changes"]:
            at = _at(min(today, old - dt.timedelta(days=5)), 12)
            decider = rng.choice(sec) if sec else None
            if via_request:
                requester = rng.choice(people)
                requests.append(ExtensionRequest(
                    obligation_id=ob.pk, requested_by_id=requester, requested_at=at - dt.timedelta(days=3),
                    current_deadline=old, proposed_deadline=new, reason="Требуется дополнительное согласование",
                    status=ExtensionRequest.Status.GRANTED, decided_by_id=decider, decided_at=at, granted_deadline=new))
                event(ob.pk, at - dt.timedelta(days=3), "extension_requested", f"{old} → {new}",
                      internal_to=party_id, actor=requester)
            changes.append(DeadlineChange(obligation_id=ob.pk, old_deadline=old, new_deadline=new,
                                          reason="Продление срока", changed_by_id=decider, changed_at=at))
            event(ob.pk, at, "deadline_changed", f"{old} → {new}", actor=decider)
        if s["status"] == Status.ACTIVE and rng.random() < 0.04:
            proposed = s["deadline"] + dt.timedelta(days=45)
            at = _at(min(today, s["deadline"]) - dt.timedelta(days=2), 15)
            requester = rng.choice(people)
            requests.append(ExtensionRequest(
                obligation_id=ob.pk, requested_by_id=requester, requested_at=at,
                current_deadline=s["deadline"], proposed_deadline=proposed, reason="Ожидается ответ смежного ведомства",
                status=rng.choice([ExtensionRequest.Status.PENDING, ExtensionRequest.Status.REJECTED])))
            event(ob.pk, at, "extension_requested", f"{s['deadline']} → {proposed}", internal_to=party_id,
                  actor=requester)
        # Reports: a Poisson-like count from the obligation's life in months.
        expected = s["months"] * rate
        n_reports = int(expected) + (1 if rng.random() < expected - int(expected) else 0)
        if s["status"] == Status.COMPLETED:
            n_reports = max(1, n_reports)
        life = max(1, (s["end"] - s["issued"]).days)
        for k in range(n_reports):
            final = s["status"] == Status.COMPLETED and k == n_reports - 1
            day = s["end"] if final else s["issued"] + dt.timedelta(days=rng.randint(0, life))
            recent = (today - day).days < 20
            if final:
                status = Report.Status.ACCEPTED
            elif recent:
                status = rng.choice([Report.Status.DRAFT, Report.Status.SUBMITTED, Report.Status.SUBMITTED,
                                     Report.Status.RETURNED])
            else:
                status = rng.choices([Report.Status.ACCEPTED, Report.Status.RETURNED], weights=[92, 8])[0]
            released = status == Report.Status.ACCEPTED and rng.random() < 0.55
            kind = Report.Kind.FINAL if final else Report.Kind.INTERIM
            author = rng.choice(people)
            created = _at(day, 13)
            submitted = _at(day, 14) if status != Report.Status.DRAFT else None
            decided = _at(day + dt.timedelta(days=2), 10) if status in (Report.Status.ACCEPTED,
                                                                       Report.Status.RETURNED) else None
            decider = (rng.choice(sec) if sec else None) if decided else None
            released_at = _at(day + dt.timedelta(days=3), 10) if released else None
            reports.add(ob.pk, kind, s["period"] if s["period"] and not final else None,
                        f"Информация о ходе выполнения (№{k + 1}). Проведены консультации, подготовлены материалы.",
                        author, s["responsible"], status, created, submitted, decider, decided,
                        "Уточнить сроки" if status == Report.Status.RETURNED else "", released_at, "", "",
                        party_id, Visibility.JOINT if released else Visibility.INTERNAL, Clearance.OPEN)
            event(ob.pk, created, "report_drafted", kind_label[kind], internal_to=party_id, actor=author)
            if submitted:
                event(ob.pk, submitted, "report_submitted", kind_label[kind], Report.Status.DRAFT,
                      Report.Status.SUBMITTED, internal_to=party_id, actor=author)
            if decided:
                event(ob.pk, decided, "report_accepted" if status == Report.Status.ACCEPTED else "report_returned",
                      kind_label[kind], Report.Status.SUBMITTED, status, internal_to=party_id, actor=decider)
            if released_at:
                event(ob.pk, released_at, "report_released", kind_label[kind], actor=decider)
        if s["status"] != Status.ACTIVE:
            end_day = s["completed_on"] or s["end"]
            event(ob.pk, _at(end_day, 17), "status_changed", ob.removal_reason, Status.ACTIVE, s["status"])
    executors.flush(counts)
    _bulk(ExtensionRequest, requests, counts)
    _bulk(DeadlineChange, changes, counts)
    reports.flush(counts)
    events.flush(counts)
