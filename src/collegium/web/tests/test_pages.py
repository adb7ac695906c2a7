"""Every page answers, shows what matters to the person and nothing hidden from them."""

from __future__ import annotations

from django.urls import reverse

from collegium.control.models import Report


def test_login_required_everywhere(client, scenario):
    for name in ["home", "programme", "session_list", "resolution_list", "obligation_list", "plan", "analytics",
                 "search"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name


def test_login_page_and_logout(client, world):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "ru_sec", "password": "test-password-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_home_for_secretariat_lists_waiting_work(scenario, login):
    c = login(scenario.world.ru_sec)
    html = c.get(reverse("home")).content.decode()
    assert "Обеспечить подготовку" in html  # overdue obligation of the party
    assert "Нужно время" not in html  # reasons are on the card, not the dashboard
    assert reverse("obligation_detail", args=[scenario.obligation.pk]) + "#reports" in html
    assert reverse("obligation_detail", args=[scenario.obligation.pk]) + "#deadline" in html
    assert scenario.session.title in html
    assert reverse("resolution_detail", args=[scenario.resolution.pk]) + "#proposals" in html


def test_home_for_other_party_shows_none_of_ru_internal_work(scenario, login):
    html = login(scenario.world.by_sec).get(reverse("home")).content.decode()
    assert reverse("obligation_detail", args=[scenario.obligation.pk]) + "#reports" not in html
    assert reverse("obligation_detail", args=[scenario.obligation.pk]) + "#deadline" not in html


def test_home_for_executor_shows_own_unit(scenario, login):
    html = login(scenario.world.ru_exec).get(reverse("home")).content.decode()
    assert "Поручения моего подразделения" in html
    assert "Отчёты, ожидающие моего принятия" not in html


def test_programme_tree_with_rollup_and_filters(scenario, login):
    c = login(scenario.world.ru_sec)
    html = c.get(reverse("programme")).content.decode()
    assert "СНГ и ОДКБ" in html and "Проводить консультации 0" in html
    assert "поручений: 2" in html
    html = c.get(reverse("programme") + "?party=BY").content.decode()
    assert "поручений: 1" in html
    partial = c.get(reverse("programme") + "?party=RU", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "СНГ и ОДКБ" in partial
    action = scenario.programme.sections.first().actions.first()
    assert c.get(reverse("action_detail", args=[action.pk])).status_code == 200


def test_session_detail_hides_other_party_internal_and_classified_materials(scenario, login):
    url = reverse("session_detail", args=[scenario.session.pk])
    ru = login(scenario.world.ru_sec).get(url).content.decode()
    assert "Иванов И.И." in ru and "Петров П.П." in ru
    assert "Секретная справка" in ru
    assert "Внутренняя записка BY" not in ru
    observer = login(scenario.world.observer).get(url).content.decode()
    assert "Секретная справка" not in observer  # above the observer's clearance
    assert "Включить в повестку" not in observer  # read-only
    by = login(scenario.world.by_sec).get(url).content.decode()
    assert "Внутренняя записка BY" in by


def test_agenda_move_returns_partial_for_htmx(scenario, login):
    from collegium.meetings import services

    c = login(scenario.world.ru_sec)
    second = services.agenda_item_add(actor=scenario.world.ru_sec, session=scenario.session, title="Второй вопрос")
    response = c.post(reverse("agenda_move", args=[second.pk]), {"direction": "up"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.index("Второй вопрос") < html.index("О союзном государстве")
    response = c.post(reverse("agenda_move", args=[second.pk]), {"direction": "down"})
    assert response.status_code == 302


def test_agenda_add_shows_field_errors(scenario, login):
    c = login(scenario.world.ru_sec)
    response = c.post(reverse("agenda_add", args=[scenario.session.pk]), {"title": "Вопрос", "duration_minutes": "900"})
    assert response.status_code == 200
    assert "Продолжительность должна быть от 1 до 600 минут." in response.content.decode()


def test_minutes_conflict_keeps_text_and_overwrites_nothing(scenario, login):
    from collegium.meetings import services

    c = login(scenario.world.ru_sec)
    services.minutes_update(actor=scenario.world.by_sec, session=scenario.session, text="Текст BY", expected_version=1)
    response = c.post(reverse("minutes_save", args=[scenario.session.pk]), {"text": "Мой текст", "lock_version": "1"})
    html = response.content.decode()
    assert "Протокол сохранён другим пользователем" in html and "Мой текст" in html
    scenario.session.minutes.refresh_from_db()
    assert scenario.session.minutes.text == "Текст BY"


def test_material_upload_and_publish(scenario, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = login(scenario.world.ru_sec)
    upload = SimpleUploadedFile("spravka.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = c.post(reverse("material_add", args=[scenario.session.pk]),
                      {"title": "Проект справки", "visibility": "internal", "clearance": "0", "file": upload})
    assert response.status_code == 302
    by_html = login(scenario.world.by_sec).get(reverse("session_detail", args=[scenario.session.pk])).content.decode()
    assert "Проект справки" not in by_html
    material = scenario.session.materials.get(title="Проект справки")
    login(scenario.world.ru_sec).post(reverse("material_publish", args=[material.pk]))
    by_html = login(scenario.world.by_sec).get(reverse("session_detail", args=[scenario.session.pk])).content.decode()
    assert "Проект справки" in by_html


def test_resolution_page_shows_word_diff_and_answer_buttons(scenario, login):
    url = reverse("resolution_detail", args=[scenario.resolution.pk])
    ru = login(scenario.world.ru_sec).get(url).content.decode()
    assert "<ins>и согласовать его</ins>" in ru
    assert "/accept/" in ru and "Отклонить" in ru
    by = login(scenario.world.by_sec).get(url).content.decode()
    assert "/accept/" not in by  # a party does not answer its own proposal


def test_proposal_draft_is_internal_to_its_party(scenario, login):
    c = login(scenario.world.ru_sec)
    clause = scenario.resolution.clauses.last()
    c.post(reverse("proposal_create", args=[scenario.resolution.pk]),
           {"kind": "modify", "clause": clause.pk, "proposed_text": "Секретная формулировка RU"})
    url = reverse("resolution_detail", args=[scenario.resolution.pk])
    assert "Секретная формулировка RU" in c.get(url).content.decode()
    assert "Секретная формулировка RU" not in login(scenario.world.by_sec).get(url).content.decode()


def test_proposal_reject_requires_reason(scenario, login):
    c = login(scenario.world.ru_sec)
    proposal = scenario.resolution.proposals.get()
    url = reverse("resolution_detail", args=[scenario.resolution.pk])
    response = c.post(reverse("proposal_reject", args=[proposal.pk]), {"reason": ""}, HTTP_REFERER=url)
    assert response.status_code == 302
    assert "Укажите причину отклонения предложения." in c.get(url).content.decode()


def test_approve_with_stale_version_is_a_conflict(scenario, login):
    c = login(scenario.world.ru_sec)
    url = reverse("resolution_detail", args=[scenario.resolution.pk])
    c.post(reverse("resolution_approve", args=[scenario.resolution.pk]), {"text_version": "1"}, HTTP_REFERER=url)
    html = c.get(url).content.decode()
    assert "Текст изменился" in html


def test_sign_asks_for_confirmation_without_javascript(scenario, login):
    c = login(scenario.world.ru_head)
    response = c.post(reverse("resolution_sign", args=[scenario.resolution.pk]))
    html = response.content.decode()
    assert response.status_code == 200 and 'name="confirmed" value="1"' in html


def test_clause_edit_conflict(scenario, login):
    c = login(scenario.world.ru_sec)
    clause = scenario.resolution.clauses.last()
    assert c.get(reverse("clause_edit", args=[clause.pk])).status_code == 200
    response = c.post(reverse("clause_edit", args=[clause.pk]),
                      {"text": "Новый текст", "kind": "instructs", "periodicity": "once", "lock_version": "99"})
    assert "Пункт изменён другим пользователем" in response.content.decode()


def test_obligation_list_filters_pagination_and_partial(scenario, login):
    c = login(scenario.world.ru_sec)
    html = c.get(reverse("obligation_list")).content.decode()
    assert "Обеспечить подготовку" in html
    html = c.get(reverse("obligation_list") + "?party=BY").content.decode()
    assert reverse("obligation_detail", args=[scenario.obligation.pk]) + '"' not in html
    assert reverse("obligation_detail", args=[scenario.by_obligation.pk]) in html
    partial = c.get(reverse("obligation_list") + "?overdue=1", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Просрочено" in partial
    assert c.get(reverse("obligation_list") + "?page=999").status_code == 200


def test_obligation_card_hides_other_party_internal_report_and_requests(scenario, login):
    url = reverse("obligation_detail", args=[scenario.obligation.pk])
    ru = login(scenario.world.ru_sec).get(url).content.decode()
    assert "Внутренняя информация о ходе исполнения" in ru and "Нужно время" in ru
    by = login(scenario.world.by_sec).get(url).content.decode()
    assert "Внутренняя информация" not in by and "Нужно время" not in by
    assert "Снять с контроля" not in by


def test_report_cycle_through_the_pages(scenario, login):
    ob = scenario.obligation
    ex = login(scenario.world.ru_exec)
    response = ex.post(reverse("report_create", args=[ob.pk]), {"kind": "final", "text": ""})
    assert "Введите текст отчёта." in response.content.decode()
    ex.post(reverse("report_create", args=[ob.pk]), {"kind": "final", "text": "Исполнено полностью"})
    report = Report.objects.get(obligation=ob, kind="final")
    ex.post(reverse("report_submit", args=[report.pk]))
    sec = login(scenario.world.ru_sec)
    sec.post(reverse("report_accept", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "accepted"
    response = sec.post(reverse("report_release", args=[report.pk]))
    assert response.status_code == 200 and "confirmed" in response.content.decode()  # confirmation step
    sec.post(reverse("report_release", args=[report.pk]), {"confirmed": "1"})
    report.refresh_from_db()
    assert report.visibility == "joint"
    by = login(scenario.world.by_sec).get(reverse("obligation_detail", args=[ob.pk])).content.decode()
    assert "Исполнено полностью" in by


def test_report_return_with_reason(scenario, login):
    sec = login(scenario.world.ru_sec)
    sec.post(reverse("report_return", args=[scenario.internal_report.pk]), {"reason": "Дополните цифрами"})
    scenario.internal_report.refresh_from_db()
    assert scenario.internal_report.status == "returned"


def test_other_party_cannot_act_on_hidden_report(scenario, login):
    by = login(scenario.world.by_sec)
    assert by.post(reverse("report_accept", args=[scenario.internal_report.pk])).status_code == 404


def test_extension_grant_and_reject(scenario, login):
    ext = scenario.obligation.extension_requests.get()
    sec = login(scenario.world.ru_sec)
    sec.post(reverse("extension_grant", args=[ext.pk]), {"deadline": ""})
    scenario.obligation.refresh_from_db()
    assert scenario.obligation.deadline > scenario.obligation.initial_deadline
    html = sec.get(reverse("obligation_detail", args=[scenario.obligation.pk])).content.decode()
    assert "Срок изменён" in html


def test_remove_from_control_needs_confirmation_and_reason(scenario, login):
    sec = login(scenario.world.ru_sec)
    url = reverse("obligation_remove", args=[scenario.obligation.pk])
    response = sec.post(url, {"reason_kind": "not_relevant", "reason": "Решение коллегии"})
    assert 'name="confirmed"' in response.content.decode()
    response = sec.post(url, {"reason_kind": "not_relevant", "reason": "", "confirmed": "1"})
    assert "Основание должно быть документально подтверждено." in response.content.decode()
    sec.post(url, {"reason_kind": "not_relevant", "reason": "Решение коллегии", "confirmed": "1"})
    scenario.obligation.refresh_from_db()
    assert scenario.obligation.status == "not_relevant"


def test_consultations_plan_filters_and_timeline(scenario, login):
    c = login(scenario.world.ru_sec)
    html = c.get(reverse("plan")).content.decode()
    assert "Консультации по ООН 0" in html and "qbar qs1" in html
    html = c.get(reverse("plan") + "?quarter=3").content.decode()
    assert "Консультации по ООН 0" not in html
    partial = c.get(reverse("plan") + "?topic=ООН", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial


def test_round_card_actions(scenario, login):
    c = login(scenario.world.ru_sec)
    rnd = scenario.round
    url = reverse("round_detail", args=[rnd.pk])
    assert "Замминистра РФ" in c.get(url).content.decode()
    response = c.post(reverse("round_held", args=[rnd.pk]), {"outcome": "", "lock_version": rnd.lock_version})
    assert "Опишите итоги раунда." in response.content.decode()
    c.post(reverse("round_agree", args=[rnd.pk]), {"date_start": "2026-02-02", "lock_version": rnd.lock_version})
    rnd.refresh_from_db()
    assert rnd.status == "dates_agreed"
    response = c.post(reverse("round_cancel", args=[rnd.pk]), {"reason": "Нет", "lock_version": rnd.lock_version})
    assert 'name="confirmed"' in response.content.decode()
    c.post(reverse("round_cancel", args=[rnd.pk]), {"reason": "Нет", "lock_version": rnd.lock_version,
                                                    "confirmed": "1"})
    rnd.refresh_from_db()
    assert rnd.status == "cancelled"


def test_round_stale_version_is_a_conflict(scenario, login):
    c = login(scenario.world.ru_sec)
    response = c.post(reverse("round_postpone", args=[scenario.round.pk]), {"reason": "Позже", "lock_version": "42"})
    assert "Запись изменена другим пользователем" in response.content.decode()


def test_analytics_page_has_charts_and_drilldown(scenario, login):
    html = login(scenario.world.ru_head).get(reverse("analytics")).content.decode()
    assert 'id="figures" type="application/json"' in html
    assert "/static/plotly/plotly.min.js" in html and "<script>" not in html
    assert reverse("obligation_list") + "?unit=" in html


def test_search_respects_visibility_and_clearance(scenario, login):
    ru = login(scenario.world.ru_sec).get(reverse("search") + "?q=внутренняя").content.decode()
    assert "Внутренняя информация о ходе исполнения" in ru
    by = login(scenario.world.by_sec).get(reverse("search") + "?q=внутренняя").content.decode()
    assert "Внутренняя информация о ходе" not in by
    assert "Внутренняя записка BY" in by
    assert "Внутренняя записка BY" not in ru
    observer = login(scenario.world.observer).get(reverse("search") + "?q=справка").content.decode()
    assert "Секретная справка" not in observer and "Справка 0" in observer
    html = login(scenario.world.ru_sec).get(reverse("search") + "?q=доклад интеграции").content.decode()
    assert "Поручить подготовить доклад" in html


def test_unknown_records_answer_404(scenario, login):
    c = login(scenario.world.ru_sec)
    for name in ["session_detail", "resolution_detail", "obligation_detail", "round_detail", "action_detail",
                 "clause_edit", "agenda_edit"]:
        assert c.get(reverse(name, args=[999999])).status_code == 404, name


def test_language_switch_to_english(scenario, login):
    c = login(scenario.world.ru_sec)
    c.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = c.get(reverse("home")).content.decode()
    assert 'lang="en"' in html and "Sessions" in html


def test_word_diff_marks_changes_and_escapes():
    from collegium.web.diff import word_diff

    html = word_diff("Поручить МИД <b>подготовить</b> доклад", "Поручить МИД подготовить и согласовать доклад")
    assert "<del>&lt;b&gt;подготовить&lt;/b&gt;</del>" in html
    assert "<ins>подготовить и согласовать</ins>" in html
    assert html.startswith("Поручить МИД")


def test_a_bad_filter_value_is_named_next_to_its_field(scenario, login):
    page = login(scenario.world.ru_sec).get(reverse("obligation_list"), {"deadline_from": "notadate"})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="id_deadline_from_error"' in html and "Введите правильную дату" in html
