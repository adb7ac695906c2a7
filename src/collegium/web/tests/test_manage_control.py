"""The secretariat of the executing party changes the executors and moves the deadline on the
obligation card; the other party cannot."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from collegium.control.models import DeadlineChange
from collegium.core.testing import make_obligation


def _ob(world):  # type: ignore[no-untyped-def]
    return make_obligation(world, issued_on=dt.date.today() - dt.timedelta(days=5), days=60)


def test_card_offers_the_forms_to_own_secretariat_only(world, login):
    ob = _ob(world)
    html = login(world.ru_sec).get(reverse("obligation_detail", args=[ob.pk])).content.decode()
    assert reverse("obligation_executors", args=[ob.pk]) in html
    assert reverse("obligation_deadline", args=[ob.pk]) in html
    for person in (world.by_sec, world.ru_exec):
        html = login(person).get(reverse("obligation_detail", args=[ob.pk])).content.decode()
        assert reverse("obligation_executors", args=[ob.pk]) not in html


def test_change_executors(world, login):
    ob = _ob(world)
    c = login(world.ru_sec)
    response = c.post(reverse("obligation_executors", args=[ob.pk]), {
        "responsible_unit": world.units["ru_info"].pk, "co_executor_units": [world.units["ru_cis_div"].pk],
        "lock_version": ob.lock_version})
    assert response.status_code == 302 and response["Location"].endswith("#executors")
    assert {(e.unit.code, e.is_responsible) for e in ob.executors.all()} == {("INFO", True), ("CIS-1", False)}


def test_stale_version_is_a_conflict_shown_on_the_form(world, login):
    ob = _ob(world)
    stale = ob.lock_version
    c = login(world.ru_sec)
    c.post(reverse("obligation_executors", args=[ob.pk]), {"responsible_unit": world.units["ru_info"].pk,
                                                           "lock_version": stale})
    html = c.post(reverse("obligation_executors", args=[ob.pk]), {"responsible_unit": world.units["ru_cis"].pk,
                                                                  "lock_version": stale}).content.decode()
    assert "Запись изменена другим пользователем" in html
    assert ob.executors.get(is_responsible=True).unit.code == "INFO"


def test_units_of_another_party_are_refused(world, login):
    ob = _ob(world)
    html = login(world.ru_sec).post(reverse("obligation_executors", args=[ob.pk]), {
        "responsible_unit": world.units["by_cis"].pk, "lock_version": ob.lock_version}).content.decode()
    assert "has-error" in html
    assert ob.executors.get(is_responsible=True).unit.code == "CIS"


def test_other_party_cannot_change_executors_or_deadline(world, login):
    ob = _ob(world)
    c = login(world.by_sec)
    c.post(reverse("obligation_executors", args=[ob.pk]), {"responsible_unit": world.units["ru_info"].pk,
                                                           "lock_version": ob.lock_version})
    response = c.post(reverse("obligation_deadline", args=[ob.pk]), {
        "deadline": (ob.deadline + dt.timedelta(days=30)).isoformat(), "reason": "Хотим", "confirmed": "1",
        "lock_version": ob.lock_version}, follow=True)
    assert "У вас нет прав на это действие" in response.content.decode()
    assert ob.executors.get(is_responsible=True).unit.code == "CIS"
    assert not DeadlineChange.objects.exists()


def test_move_deadline_asks_confirmation_then_moves(world, login):
    ob = _ob(world)
    c = login(world.ru_sec)
    wanted = dt.date(dt.date.today().year + 1, 3, 16)  # a Monday-or-so; the service may shift to a working day
    data = {"deadline": wanted.isoformat(), "reason": "Постановление №5", "lock_version": ob.lock_version}
    html = c.post(reverse("obligation_deadline", args=[ob.pk]), data).content.decode()
    assert 'name="confirmed" value="1"' in html and not DeadlineChange.objects.exists()
    response = c.post(reverse("obligation_deadline", args=[ob.pk]), {**data, "confirmed": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#deadline")
    ob.refresh_from_db()
    change = DeadlineChange.objects.get()
    assert change.reason == "Постановление №5" and ob.deadline == change.new_deadline
    assert abs((ob.deadline - wanted).days) <= 4


def test_move_deadline_needs_a_reason(world, login):
    ob = _ob(world)
    html = login(world.ru_sec).post(reverse("obligation_deadline", args=[ob.pk]), {
        "deadline": "2030-01-10", "reason": "", "confirmed": "1", "lock_version": ob.lock_version}).content.decode()
    assert "field-error" in html
    assert not DeadlineChange.objects.exists()
