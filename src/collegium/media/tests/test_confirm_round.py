"""A press officer confirms that the wire reports a round as held, and the round becomes held."""

from __future__ import annotations

import datetime as dt

import pytest

from collegium.audit.models import AuditEvent
from collegium.consultations.models import Round
from collegium.control.models import Obligation
from collegium.core.errors import InvalidTransition, PermissionDenied
from collegium.media import services
from collegium.media.models import Link, Source
from collegium.media.tests.conftest import CONSULTATIONS_TEXT, make_round


@pytest.fixture
def suggestion(world):  # type: ignore[no-untyped-def]
    rnd = make_round(world)
    source = services.source_ensure(actor=None, kind=Source.Kind.API, url="api:БЕЛТА", name="БЕЛТА")
    result = services.article_ingest(actor=world.by_press, source=source, title="Консультации по информационной политике",
                                     body=CONSULTATIONS_TEXT, published=dt.date(2026, 3, 10),
                                     url="https://example.org/belta/1")
    link = Link.objects.get(article=result.article, round=rnd)
    return rnd, link


def test_round_link_is_suggested_with_reasons(suggestion):  # type: ignore[no-untyped-def]
    rnd, link = suggestion
    assert link.event.type == "consultations" and link.event.modality == "held"
    assert "информационный" in link.explanation and "плановом периоде" in link.explanation
    assert "Минск" in link.explanation


def test_press_officer_confirms_and_the_round_is_held(world, suggestion):  # type: ignore[no-untyped-def]
    rnd, link = suggestion
    link = services.link_confirm(actor=world.ru_press, link=link)
    rnd.refresh_from_db()
    assert link.status == Link.Status.CONFIRMED and link.confirmed_by == world.ru_press and link.applied
    assert rnd.status == Round.Status.HELD and rnd.date_start == dt.date(2026, 3, 10)
    assert rnd.press_release_url == "https://example.org/belta/1"
    assert set(Obligation.objects.filter(round=rnd).values_list("status", flat=True)) == {"completed"}
    held = AuditEvent.objects.get(action="round.mark_held", object_id=str(rnd.pk))
    assert held.actor_id == world.ru_press.pk and "Консультации по информационной политике" in held.changes["evidence"]
    applied = AuditEvent.objects.get(action="media.link.apply")
    assert applied.actor_id == world.ru_press.pk and applied.changes["authority"] == "press confirmation"
    world.ru_press.refresh_from_db()
    assert not world.ru_press.is_secretariat  # the press role alone, with the article as evidence
    with pytest.raises(InvalidTransition):
        services.link_confirm(actor=world.by_press, link=link)


def test_secretariat_may_confirm_too(world, suggestion):  # type: ignore[no-untyped-def]
    rnd, link = suggestion
    services.link_confirm(actor=world.by_sec, link=link)
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.HELD
    assert AuditEvent.objects.get(action="media.link.apply").changes["authority"] == "secretariat"


def test_others_cannot_confirm_or_reject(world, suggestion):  # type: ignore[no-untyped-def]
    _rnd, link = suggestion
    for person in (world.ru_exec, world.observer, world.ru_head):
        with pytest.raises(PermissionDenied):
            services.link_confirm(actor=person, link=link)
        with pytest.raises(PermissionDenied):
            services.link_reject(actor=person, link=link)


def test_rejected_link_leaves_the_round_alone(world, suggestion):  # type: ignore[no-untyped-def]
    rnd, link = suggestion
    services.link_reject(actor=world.ru_press, link=link, reason="другой раунд")
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.PLANNED
    assert Link.objects.get(pk=link.pk).status == Link.Status.REJECTED


def test_web_journey_press_officer_confirms(client, world, suggestion):  # type: ignore[no-untyped-def]
    rnd, link = suggestion
    client.force_login(world.ru_press)
    page = client.get(f"/media/articles/{link.article_id}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Информационная политика" in html and f"/media/links/{link.pk}/confirm/" in html
    assert "<mark" in html
    response = client.post(f"/media/links/{link.pk}/confirm/")
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert rnd.status == Round.Status.HELD


def test_confirm_needs_post_and_csrf(world, suggestion):  # type: ignore[no-untyped-def]
    from django.test import Client

    _rnd, link = suggestion
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.ru_press)
    assert client.get(f"/media/links/{link.pk}/confirm/").status_code == 405
    assert client.post(f"/media/links/{link.pk}/confirm/").status_code == 403
    assert Link.objects.get(pk=link.pk).status == Link.Status.SUGGESTED
