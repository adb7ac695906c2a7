"""Every role's daily work, clicked through in a real (headless) Chromium."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from collegium.control.models import Obligation, Report
from collegium.core.testing import make_obligation, make_session
from collegium.resolutions import services as resolutions
from collegium.web.tests.browser import shot

pytestmark = pytest.mark.browser


def test_secretariat_builds_an_agenda(world_tx, open_page, live_server):
    w = world_tx
    session = make_session(w, number=7, date=timezone.localdate() + dt.timedelta(days=20))
    page = open_page(w.ru_sec)
    page.goto(live_server.url + reverse("session_detail", args=[session.pk]))
    for title, minutes, rap in [("О ходе интеграции в рамках Союзного государства", "30", "Лавров С.В."),
                                ("О сотрудничестве в ООН", "20", "Рыженков М.В.")]:
        page.click("#agenda summary")
        page.fill("#agenda-form [name=title]", title)
        page.fill("#agenda-form [name=duration_minutes]", minutes)
        page.select_option("#agenda-form [name=rapporteur_party]", label="МИД RU")
        page.fill("#agenda-form [name=rapporteur_name]", rap)
        page.click("#agenda-form button[type=submit]")
        page.wait_for_load_state()
    assert page.locator(".total-duration").inner_text() == "50"
    # Move the second question up: HTMX swaps only the agenda.
    page.locator("#agenda-block tbody tr").nth(1).locator("button[value=up]").click()
    expect(page.locator("#agenda-block tbody tr .item-title").first).to_contain_text("ООН")
    assert "ООН" in page.locator("#agenda-block tbody tr").first.inner_text()
    page.click("form[action$='/agenda/interim/'] button")
    page.wait_for_load_state()
    assert "промежуточных итогах" in page.content()
    shot(page, "session-agenda")


def _draft_resolution(w):  # type: ignore[no-untyped-def]
    session = make_session(w, number=8, date=timezone.localdate())
    resolution = resolutions.resolution_create(actor=w.ru_sec, session=session, title="Постановление совместного "
                                               "заседания коллегий", place="Минск", number="8")
    resolutions.clause_add(actor=w.ru_sec, resolution=resolution, kind="instructs",
                           text="Поручить департаментам СНГ подготовить совместный доклад", deadline_days=90,
                           responsible_units=[w.units["ru_cis"], w.units["by_cis"]])
    return resolution


def test_secretariats_negotiate_and_approve_then_heads_sign(world_tx, open_page, live_server):
    w = world_tx
    resolution = _draft_resolution(w)
    url = live_server.url + reverse("resolution_detail", args=[resolution.pk])
    by = open_page(w.by_sec)
    by.goto(url)
    by.click("#proposals summary")
    by.select_option("#proposals [name=kind]", "modify")
    by.select_option("#proposals [name=clause]", index=1)
    by.fill("#proposals [name=proposed_text]", "Поручить департаментам СНГ подготовить и согласовать совместный доклад")
    by.fill("#proposals [name=comment]", "Нужна процедура согласования")
    by.click("#proposals form[action$='/proposals/'] button[type=submit]")
    by.wait_for_load_state()
    by.click("form[action*='/submit/'] button")
    by.wait_for_load_state()

    ru = open_page(w.ru_sec)
    ru.goto(url)
    assert ru.locator(".diff ins").first.inner_text().strip() == "и согласовать"
    shot(ru, "resolution-proposal-diff")
    ru.click("form[action*='/accept/'] button")
    ru.wait_for_load_state()
    assert "и согласовать совместный доклад" in ru.locator(".clause-text").first.inner_text()
    ru.click("form[action$='/approve/'] button")
    ru.wait_for_load_state()
    by.goto(url)
    by.click("form[action$='/approve/'] button")
    by.wait_for_load_state()
    assert by.locator(".approvals li.ok").count() == 2

    for head in (w.ru_head, w.by_head):
        page = open_page(head)
        page.goto(url)
        page.click("form[action$='/sign/'] button")  # the confirm() dialog is accepted
        page.wait_for_load_state()
    resolution.refresh_from_db()
    assert resolution.is_signed
    page.goto(url)
    assert page.locator("form[action*='/clauses/']").count() == 0  # read-only once signed
    assert page.locator(".list li").filter(has_text="SHA-256").count() == 2
    shot(page, "resolution-signed")
    assert Obligation.objects.filter(clause__resolution=resolution).count() == 2


def test_executor_reports_and_secretariat_accepts(world_tx, open_page, live_server):
    w = world_tx
    ob = make_obligation(w, issued_on=timezone.localdate() - dt.timedelta(days=5), days=30)
    url = live_server.url + reverse("obligation_detail", args=[ob.pk])
    ex = open_page(w.ru_exec)
    ex.goto(url)
    ex.click("#reports summary")
    ex.select_option("#reports [name=kind]", "final")
    ex.fill("#reports [name=text]", "Доклад подготовлен и направлен в МИД Беларуси")
    ex.click("#reports form[enctype] button[type=submit]")
    ex.wait_for_load_state()
    ex.click("form[action*='/submit/'] button")
    ex.wait_for_load_state()
    shot(ex, "obligation-report-submitted")
    sec = open_page(w.ru_sec)
    sec.goto(url)
    sec.click("form[action*='/accept/'] button")
    sec.wait_for_load_state()
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.COMPLETED
    sec.click("form[action*='/release/'] button")
    sec.wait_for_load_state()
    assert Report.objects.get(obligation=ob).visibility == "joint"
    shot(sec, "obligation-completed")


def test_extension_requested_and_granted(world_tx, open_page, live_server):
    w = world_tx
    ob = make_obligation(w, issued_on=timezone.localdate() - dt.timedelta(days=5), days=30)
    url = live_server.url + reverse("obligation_detail", args=[ob.pk])
    ex = open_page(w.ru_exec)
    ex.goto(url)
    ex.click("#deadline summary")
    wanted = ob.deadline + dt.timedelta(days=45)
    ex.fill("#deadline [name=proposed_deadline]", wanted.isoformat())
    ex.fill("#deadline [name=reason]", "Ожидаем ответа от партнёров")
    ex.click("#deadline form button[type=submit]")
    ex.wait_for_load_state()
    sec = open_page(w.ru_sec)
    assert sec.locator("#h-ext").count() == 1
    sec.click("section[aria-labelledby=h-ext] a")
    sec.wait_for_load_state()
    sec.click("form[action*='/grant/'] button")
    sec.wait_for_load_state()
    ob.refresh_from_db()
    assert ob.deadline > ob.initial_deadline
    assert ob.deadline.strftime("%d.%m.%Y") in sec.locator(".deadline").inner_text()
    shot(sec, "obligation-extension-granted")


def test_round_marked_held(world_tx, open_page, live_server):
    from collegium.consultations import services as consultations

    w = world_tx
    year = timezone.localdate().year
    plan = consultations.plan_create(actor=w.ru_sec, year=year, title=f"План консультаций на {year} год")
    rnd = consultations.round_create(actor=w.ru_sec, plan=plan, topic="ООН и выборы в органы ООН",
                                     level="deputy_ministers", period_start=dt.date(year, 1, 1),
                                     period_end=dt.date(year, 3, 31), venue="Москва",
                                     delegations=[{"party": w.ru, "unit": w.units["ru_cis"], "head_name": "А. Иванов"},
                                                  {"party": w.by, "unit": w.units["by_cis"], "head_name": "Б. Петров"}])
    consultations.round_create(actor=w.ru_sec, plan=plan, topic="Консульские вопросы", level="heads_of_departments",
                               period_start=dt.date(year, 4, 1), period_end=dt.date(year, 9, 30), venue="Минск")
    consultations.plan_put_on_control(plan=plan, issued_on=dt.date(year, 1, 1))
    page = open_page(w.ru_sec)
    page.goto(live_server.url + reverse("plan"))
    shot(page, "consultations-plan")
    page.click(f"a[href='{reverse('round_detail', args=[rnd.pk])}'] >> nth=0")
    page.wait_for_load_state()
    page.fill("#held-form [name=outcome]", "Обсуждены выборы в Совет ООН по правам человека")
    page.fill("#held-form [name=date_start]", dt.date(year, 2, 10).isoformat())
    page.click("#held-form button[type=submit]")
    page.wait_for_load_state()
    rnd.refresh_from_db()
    assert rnd.status == "held"
    assert "Обсуждены выборы" in page.locator(".outcome").inner_text()
    assert not rnd.obligations.filter(status="active").exists()
    shot(page, "round-held")


def test_other_partys_internal_report_is_never_visible(world_tx, open_page, live_server):
    from collegium.control import services as control

    w = world_tx
    ob = make_obligation(w, issued_on=timezone.localdate() - dt.timedelta(days=5), days=30)
    control.report_create(actor=w.ru_exec, obligation=ob, kind="interim", text="Конфиденциальная справка RU")
    by = open_page(w.by_sec)
    by.goto(live_server.url + reverse("obligation_detail", args=[ob.pk]))
    assert "Конфиденциальная справка" not in by.content()
    by.goto(live_server.url + reverse("search") + "?q=Конфиденциальная")
    assert "Конфиденциальная справка" not in by.content()
    ru = open_page(w.ru_sec)
    ru.goto(live_server.url + reverse("obligation_detail", args=[ob.pk]))
    assert "Конфиденциальная справка RU" in ru.content()


def test_switching_language(world_tx, open_page, live_server):
    page = open_page(world_tx.ru_exec)
    assert page.locator("html").get_attribute("lang") == "ru"
    page.click(".langswitch button[value=en]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".mainnav").inner_text().find("Sessions") >= 0
    shot(page, "home-en")
    page.click(".langswitch button[value=ru]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    shot(page, "home-ru")
    page.set_viewport_size({"width": 390, "height": 800})
    shot(page, "home-mobile")


def test_head_sees_discipline_charts_and_drills_down(world_tx, open_page, live_server):
    from collegium.control import services as control

    w = world_tx
    today = timezone.localdate()
    done = make_obligation(w, issued_on=today - dt.timedelta(days=60), days=30)
    control.obligation_complete_by_event(actor=None, obligation=done, completed_on=today - dt.timedelta(days=40),
                                         note="Исполнено")
    make_obligation(w, issued_on=today - dt.timedelta(days=50), days=30)
    make_obligation(w, party_code="BY", issued_on=today - dt.timedelta(days=5), days=30)
    page = open_page(w.ru_head)
    page.goto(live_server.url + reverse("analytics"))
    page.wait_for_selector("#chart-discipline .main-svg")
    page.wait_for_selector("#chart-trend .main-svg")
    # The time axis speaks the page's language (Plotly ships English only; charts.js adds Russian).
    ticks = " ".join(page.eval_on_selector_all("#chart-trend .xtick text", "els => els.map(e => e.textContent)"))
    assert any(month in ticks for month in ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен",
                                            "окт", "ноя", "дек")), ticks
    shot(page, "analytics")
    page.click("a.tag-danger")
    page.wait_for_load_state()
    assert "overdue=1" in page.url
    assert page.locator("#results tbody tr").count() == 1


def test_programme_tree_filters_with_htmx(world_tx, open_page, live_server):
    from collegium.programme import services as programme

    w = world_tx
    today = timezone.localdate()
    prog = programme.programme_create(actor=None, title="Программа согласованных действий", year_from=today.year - 1,
                                      year_to=today.year + 1, parties=[w.ru, w.by])
    section = programme.section_add(actor=None, programme=prog, title="Взаимодействие в ООН")
    programme.action_add(actor=None, section=section, number="2.1", text="Согласовывать позиции в Генассамблее ООН",
                         executors={w.ru: [w.units["ru_cis"]], w.by: [w.units["by_cis"]]},
                         issued_on=today - dt.timedelta(days=30), deadline_date=today + dt.timedelta(days=60))
    page = open_page(w.by_exec)
    page.goto(live_server.url + reverse("programme"))
    assert page.locator(".obls a").count() == 2
    page.select_option("#f-party", "BY")
    expect(page.locator(".obls a")).to_have_count(1)
    assert "party=BY" in page.url
    shot(page, "programme")
