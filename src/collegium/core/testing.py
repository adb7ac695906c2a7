"""A small world for tests: two parties (and a third when asked), their units and named people.

Named people, like healthchecks' alice and bob: `ru_sec` (RU secretariat), `ru_exec` (RU executor in
the department of the CIS), `ru_head` (RU minister), `ru_press`, `by_sec`, `by_exec`, `by_head`,
`by_press`, `observer` (RU, read-only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from collegium.core.models import Clearance
from collegium.parties.models import Party, Person, Unit

PASSWORD = "test-password-123"  # noqa: S105 - tests only


@dataclass
class World:
    ru: Party
    by: Party
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)

    def __getattr__(self, name: str):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)


def make_person(username: str, party: Party, unit: Unit | None, *, clearance: int = Clearance.OFFICIAL,
                **roles: bool) -> Person:
    person = Person(username=username, party=party, unit=unit, clearance=clearance, email=f"{username}@example.org",
                    first_name=username.split("_")[-1].capitalize(), last_name=username.replace("_", " ").title(),
                    **roles)
    person.set_password(PASSWORD)
    person.save()
    return person


def make_party(code: str, name: str, calendar_code: str, order: int) -> Party:
    return Party.objects.create(code=code, name=name, name_en=name, short_name=f"МИД {code}",
                                short_name_en=f"MFA {code}", country=code, calendar_code=calendar_code, order=order)


def make_world(third_party: bool = False) -> World:
    ru = make_party("RU", "Министерство иностранных дел Российской Федерации", "RU", 1)
    by = make_party("BY", "Министерство иностранных дел Республики Беларусь", "BY", 2)
    world = World(ru=ru, by=by)
    for party in [ru, by]:
        p = party.code.lower()
        world.units[f"{p}_sec"] = Unit.objects.create(party=party, code="SEC", name="Секретариат")
        world.units[f"{p}_cis"] = Unit.objects.create(party=party, code="CIS", name="Департамент СНГ")
        world.units[f"{p}_cis_div"] = Unit.objects.create(party=party, code="CIS-1", name="Отдел Союзного государства",
                                                          parent=world.units[f"{p}_cis"])
        world.units[f"{p}_info"] = Unit.objects.create(party=party, code="INFO", name="Департамент информации")
        world.people[f"{p}_sec"] = make_person(f"{p}_sec", party, world.units[f"{p}_sec"], is_secretariat=True)
        world.people[f"{p}_exec"] = make_person(f"{p}_exec", party, world.units[f"{p}_cis"], is_executor=True)
        world.people[f"{p}_head"] = make_person(f"{p}_head", party, None, is_head=True,
                                                clearance=Clearance.CONFIDENTIAL)
        world.people[f"{p}_press"] = make_person(f"{p}_press", party, world.units[f"{p}_info"], is_press=True)
    world.people["observer"] = make_person("observer", ru, None, is_observer=True, clearance=Clearance.OPEN)
    if third_party:
        kz = make_party("KZ", "Министерство иностранных дел Республики Казахстан", "KZ", 3)
        world.units["kz_cis"] = Unit.objects.create(party=kz, code="CIS", name="Департамент СНГ")
        world.people["kz_sec"] = make_person("kz_sec", kz, world.units["kz_cis"], is_secretariat=True)
        world.people["kz_head"] = make_person("kz_head", kz, None, is_head=True)
        world.__dict__["kz"] = kz
    return world


def make_session(world: World, *, number: int = 1, date: dt.date = dt.date(2025, 11, 25), parties=None,
                 previous=None):
    from collegium.meetings.services import session_create

    return session_create(actor=world.people["ru_sec"], number=number, title=f"Заседание №{number}",
                          date_start=date, date_end=date, city="Москва", host_party=world.ru,
                          parties=parties or [world.ru, world.by], previous=previous)


def make_obligation(world: World, *, party_code: str = "RU", issued_on: dt.date = dt.date(2025, 1, 15),
                    days: int | None = 30, periodicity: str = "once"):
    """A signed one-clause resolution and its obligation for one party."""
    from collegium.control.models import Obligation
    from collegium.control.services import obligation_create
    from collegium.resolutions.models import Clause, Resolution

    party = world.ru if party_code == "RU" else world.by
    p = party_code.lower()
    session = make_session(world, number=900 + Obligation.objects.count(), date=issued_on)
    resolution = Resolution.objects.create(session=session, title="Постановление", place="Москва",
                                           status=Resolution.Status.SIGNED, signed_on=issued_on)
    clause = Clause.objects.create(resolution=resolution, number=1, kind=Clause.Kind.INSTRUCTS,
                                   text="Обеспечить подготовку", deadline_days=days, periodicity=periodicity)
    return obligation_create(actor=None, party=party, source=Obligation.Source.INSTRUCTION, clause=clause,
                             title="Обеспечить подготовку", issued_on=issued_on,
                             responsible_unit=world.units[f"{p}_cis"], co_executor_units=[world.units[f"{p}_info"]],
                             deadline_days=days, periodicity=periodicity)
