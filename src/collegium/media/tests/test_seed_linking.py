"""The seed article (TASS, 25 Nov 2025) becomes events and a suggested link to the session of that day."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management import call_command

from collegium.core.testing import make_session
from collegium.media import services
from collegium.media.models import Article, Event, Link
from collegium.media.tests.conftest import SEED


def test_seed_file_links_to_the_session_of_25_november(world):  # type: ignore[no-untyped-def]
    session = make_session(world, number=12, date=dt.date(2025, 11, 25))
    make_session(world, number=11, date=dt.date(2024, 11, 14))  # last year's: must not be suggested
    result = services.ingest_location(actor=None, location=str(SEED))
    assert result.created == 1
    article = Article.objects.get()
    assert article.published == dt.date(2025, 11, 24)
    assert article.title.startswith("Главы МИД РФ и Белоруссии")
    assert article.extraction.data["entities"]
    collegium = Event.objects.get(article=article, type="joint_collegium")
    assert collegium.date_from == dt.date(2025, 11, 25)

    link = Link.objects.get(article=article, session__isnull=False)
    assert link.session == session and link.event == collegium and link.status == Link.Status.SUGGESTED
    assert link.score >= 0.7
    assert "даты совпадают" in link.explanation and "Москва" in link.explanation


def test_cli_ingest_is_idempotent_and_links_are_stable_json(world, capsys):  # type: ignore[no-untyped-def]
    make_session(world, number=12, date=dt.date(2025, 11, 25))
    call_command("media", "ingest", str(SEED))
    call_command("media", "ingest", str(SEED))
    out = capsys.readouterr().out
    assert "1 new" in out and "1 duplicate" in out
    assert Article.objects.count() == 1
    call_command("media", "links", "--format", "json")
    first = capsys.readouterr().out
    call_command("media", "links", "--format", "json")
    assert capsys.readouterr().out == first
    rows = json.loads(first)
    assert any(row["target"] == "session" and row["status"] == "suggested" for row in rows)
    assert set(rows[0]) >= {"id", "article", "event", "target", "target_id", "score", "status", "explanation"}


def test_seed_links_to_the_programme_action_by_topic(world):  # type: ignore[no-untyped-def]
    from collegium.programme.services import action_add, programme_create, section_add

    programme = programme_create(actor=world.ru_sec, title="Программа согласованных действий", year_from=2024,
                                 year_to=2026, parties=[world.ru, world.by])
    section = section_add(actor=world.ru_sec, programme=programme, title="Гуманитарное сотрудничество")
    action = action_add(actor=world.ru_sec, section=section, number="21.3",
                        text="Продвижение традиционных ценностей и сбережение исторической памяти",
                        executors={world.ru: [world.units["ru_info"]], world.by: [world.units["by_info"]]},
                        issued_on=dt.date(2024, 1, 10), periodicity="permanent")
    unrelated = action_add(actor=world.ru_sec, section=section, number="21.4",
                           text="Сотрудничество в области спорта и туризма между молодёжными организациями",
                           executors={world.ru: [world.units["ru_info"]]}, issued_on=dt.date(2024, 1, 10),
                           periodicity="permanent")
    services.ingest_location(actor=None, location=str(SEED))
    link = Link.objects.get(action=action)
    assert link.event is None and link.score >= 0.8
    assert "тема пункта Программы" in link.explanation and "память" in link.explanation
    assert not Link.objects.filter(action=unrelated).exists()
    assert not Link.objects.filter(obligation__isnull=False).exists()  # action obligations link via the action
