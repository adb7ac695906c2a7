"""Test data for documents, built through the domain services."""

from __future__ import annotations

import datetime as dt

from collegium.consultations import services as cs
from collegium.core.testing import make_session
from collegium.documents import signing
from collegium.documents.services import signing_key_register
from collegium.resolutions import services as rs


def agreed_resolution(world, *, clauses: int = 3, rounds: int = 3, number: int = 1):  # type: ignore[no-untyped-def]
    """A session with an agreed (approved by both parties) resolution and a plan annexed to it."""
    session = make_session(world, number=number)
    resolution = rs.resolution_create(actor=world.ru_sec, session=session, title="О ходе выполнения Программы",
                                      place="Москва", number=f"{number}пс",
                                      preamble="Коллегии, рассмотрев итоги,\n\nотмечают высокий уровень координации.")
    for i in range(1, clauses + 1):
        rs.clause_add(actor=world.ru_sec, resolution=resolution, kind="instructs" if i % 2 else "takes_note",
                      text=f"Поручить департаментам обеспечить подготовку консультаций №{i} по вопросам СНГ.",
                      deadline_days=30 if i % 2 else None,
                      responsible_units=[world.units["ru_cis"], world.units["by_cis"]] if i % 2 else (),
                      co_executor_units=[world.units["ru_info"]] if i % 2 else ())
    plan = cs.plan_create(actor=world.ru_sec, year=2026, title="План межмидовских консультаций на 2026 год",
                          resolution=resolution)
    for i in range(1, rounds + 1):
        month = (i - 1) % 12 + 1
        cs.round_create(actor=world.ru_sec, plan=plan, topic=f"Консультации по теме {i}: ООН и ОБСЕ",
                        level="deputy_ministers", period_start=dt.date(2026, month, 1),
                        period_end=dt.date(2026, month, 28), period_label=f"{month} месяц", venue="Минск",
                        host_party=world.by,
                        delegations=[{"party": world.ru, "unit": world.units["ru_cis"], "head_name": "Иванов И.И."},
                                     {"party": world.by, "unit": world.units["by_cis"], "head_name": "Петров П.П."}])
    resolution.refresh_from_db()
    for sec in (world.ru_sec, world.by_sec):
        rs.resolution_approve(actor=sec, resolution=resolution, text_version=resolution.text_version)
    resolution.refresh_from_db()
    return session, resolution, plan


def register_key(person):  # type: ignore[no-untyped-def]
    private, public = signing.generate_keypair()
    key = signing_key_register(actor=person, person=person, public_key_pem=public.decode())
    return signing.load_private_key(private), key, private
