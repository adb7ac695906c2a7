"""A small but complete picture of the mechanism for page tests: a session with its agenda and
materials, a resolution under negotiation, obligations with reports, the Programme and a plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from collegium.consultations import services as consultations
from collegium.consultations.models import Round
from collegium.control import services as control
from collegium.control.models import Report
from collegium.core.models import Clearance, Visibility
from collegium.core.testing import World, make_obligation, make_session
from collegium.meetings import services as meetings
from collegium.programme import services as programme
from collegium.resolutions import services as resolutions


@dataclass
class Scenario:
    world: World
    session: Any
    resolution: Any
    obligation: Any
    by_obligation: Any
    internal_report: Any
    secret_material: Any
    by_internal_material: Any
    plan: Any
    round: Any
    programme: Any


def build(world: World, *, size: int = 1, number: int = 1) -> Scenario:
    """`size` multiplies the rows of every list, for query-count tests at two data sizes."""
    today = timezone.localdate()
    session = make_session(world, number=number, date=today + dt.timedelta(days=10))
    for i in range(size):
        meetings.agenda_item_add(actor=world.ru_sec, session=session, title=f"О союзном государстве {number}-{i}",
                                 duration_minutes=20, rapporteurs=[{"party": world.ru, "name": "Иванов И.И."},
                                                                   {"party": world.by, "name": "Петров П.П."}])
        meetings.material_add(actor=world.ru_sec, session=session, title=f"Справка {i}", visibility=Visibility.JOINT)
    secret = meetings.material_add(actor=world.ru_sec, session=session, title="Секретная справка",
                                   visibility=Visibility.JOINT, clearance=Clearance.OFFICIAL)
    by_internal = meetings.material_add(actor=world.by_sec, session=session, title="Внутренняя записка BY",
                                        visibility=Visibility.INTERNAL)
    resolution = resolutions.resolution_create(actor=world.ru_sec, session=session, title="Постановление",
                                               place="Москва", number=f"{number}")
    for i in range(size):
        resolutions.clause_add(actor=world.ru_sec, resolution=resolution, kind="instructs",
                               text=f"Поручить подготовить доклад об интеграции {i}", deadline_days=60,
                               responsible_units=[world.units["ru_cis"], world.units["by_cis"]])
    clause = resolution.clauses.first()
    proposal = resolutions.proposal_create(actor=world.by_sec, resolution=resolution, kind="modify", clause=clause,
                                           proposed_text=clause.text + " и согласовать его",
                                           comment="Уточнение")
    resolutions.proposal_submit(actor=world.by_sec, proposal=proposal)

    obligations = [make_obligation(world, issued_on=today - dt.timedelta(days=40), days=30) for _ in range(size)]
    obligation = obligations[0]
    by_obligation = make_obligation(world, party_code="BY", issued_on=today - dt.timedelta(days=10), days=30)
    internal = control.report_create(actor=world.ru_exec, obligation=obligation, kind=Report.Kind.INTERIM,
                                     text="Внутренняя информация о ходе исполнения")
    control.report_submit(actor=world.ru_exec, report=internal)
    control.extension_request_create(actor=world.ru_exec, obligation=obligation,
                                     proposed_deadline=obligation.deadline + dt.timedelta(days=60), reason="Нужно время")

    prog = programme.programme_create(actor=None, title="Программа согласованных действий", year_from=today.year - 1,
                                      year_to=today.year + 1, parties=[world.ru, world.by])
    section = programme.section_add(actor=None, programme=prog, title="СНГ и ОДКБ")
    for i in range(size):
        programme.action_add(actor=None, section=section, number=f"1.{i + 1}", text=f"Проводить консультации {i}",
                             executors={world.ru: [world.units["ru_cis"]], world.by: [world.units["by_cis"]]},
                             issued_on=today - dt.timedelta(days=100), deadline_date=today + dt.timedelta(days=100))

    plan = consultations.plan_create(actor=world.ru_sec, year=today.year, title=f"План консультаций {today.year}")

    for i in range(size):
        start = dt.date(today.year, 1 + (i * 3) % 12, 1)
        consultations.round_create(
            actor=world.ru_sec, plan=plan, topic=f"Консультации по ООН {i}", level=Round.Level.DEPUTY_MINISTERS,
            period_start=start, period_end=start + dt.timedelta(days=80), venue="Минск",
            delegations=[{"party": world.ru, "unit": world.units["ru_cis"], "head_name": "Замминистра РФ"},
                         {"party": world.by, "unit": world.units["by_cis"], "head_name": "Замминистра РБ"}])
    consultations.plan_put_on_control(plan=plan, issued_on=dt.date(today.year, 1, 1))
    return Scenario(world=world, session=session, resolution=resolution, obligation=obligation,
                    by_obligation=by_obligation, internal_report=internal, secret_material=secret,
                    by_internal_material=by_internal, plan=plan, round=plan.rounds.order_by("number").first(),
                    programme=prog)
