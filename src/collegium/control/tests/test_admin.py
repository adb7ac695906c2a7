"""The back office obeys sovereignty: another party's internal reports, extension requests and
timeline entries are absent from the lists and their change pages answer 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from collegium.control import services
from collegium.control.models import ExtensionRequest, Obligation, ObligationEvent, Report
from collegium.core.demo import grant_back_office
from collegium.core.testing import make_obligation


@pytest.fixture
def staff(world):  # type: ignore[no-untyped-def]
    grant_back_office(world.ru_sec)
    grant_back_office(world.by_sec)
    ob = make_obligation(world, party_code="RU", issued_on=dt.date(2025, 1, 15))
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM,
                                    text="Внутренняя информация МИД России")
    services.report_submit(actor=world.ru_exec, report=report)
    request = services.extension_request_create(actor=world.ru_exec, obligation=ob,
                                                proposed_deadline=ob.deadline + dt.timedelta(days=30),
                                                reason="Нужны согласования")
    return {"obligation": ob, "report": report, "request": request}


def test_by_secretariat_does_not_see_ru_internal_report(client, world, staff):
    client.force_login(world.by_sec)
    listing = client.get(reverse("admin:control_report_changelist"))
    assert listing.status_code == 200
    assert "Внутренняя информация" not in listing.content.decode()
    assert listing.context["cl"].result_count == 0
    change = reverse("admin:control_report_change", args=[staff["report"].pk])
    assert client.get(change).status_code == 404
    missing = reverse("admin:control_report_change", args=[999999])
    assert client.get(missing).status_code == 404
    assert client.get(reverse("admin:control_extensionrequest_change", args=[staff["request"].pk])).status_code == 404
    events = client.get(reverse("admin:control_obligationevent_changelist"))
    hidden = ObligationEvent.objects.filter(internal_to=world.ru).count()
    assert events.context["cl"].result_count == ObligationEvent.objects.count() - hidden
    # The joint obligation is visible, without the internal report in its inline.
    page = client.get(reverse("admin:control_obligation_change", args=[staff["obligation"].pk]))
    assert page.status_code == 200
    assert "Внутренняя информация" not in page.content.decode()


def test_ru_secretariat_sees_and_accepts_through_the_admin_action(client, world, staff):
    client.force_login(world.ru_sec)
    assert client.get(reverse("admin:control_report_change", args=[staff["report"].pk])).status_code == 200
    listing = client.get(reverse("admin:control_report_changelist"))
    assert listing.context["cl"].result_count == 1
    response = client.post(reverse("admin:control_report_changelist"),
                           {"action": "accept", "_selected_action": [staff["report"].pk]})
    assert response.status_code == 302
    staff["report"].refresh_from_db()
    assert staff["report"].status == Report.Status.ACCEPTED
    client.post(reverse("admin:control_extensionrequest_changelist"),
                {"action": "grant", "_selected_action": [staff["request"].pk]})
    staff["request"].refresh_from_db()
    assert staff["request"].status == ExtensionRequest.Status.GRANTED


def test_by_secretariat_cannot_act_on_hidden_rows_by_posting_their_ids(client, world, staff):
    client.force_login(world.by_sec)
    client.post(reverse("admin:control_report_changelist"),
                {"action": "accept", "_selected_action": [staff["report"].pk]})
    staff["report"].refresh_from_db()
    assert staff["report"].status == Report.Status.SUBMITTED


def test_workflow_fields_are_read_only_and_nothing_is_added_or_deleted(client, world, staff):
    client.force_login(world.ru_sec)
    ob = staff["obligation"]
    url = reverse("admin:control_obligation_change", args=[ob.pk])
    page = client.get(url)
    form = page.context["adminform"].form
    assert "deadline" not in form.fields and "status" not in form.fields
    assert "title" in form.fields
    assert client.get(reverse("admin:control_obligation_add")).status_code == 403
    assert client.get(reverse("admin:control_obligation_delete", args=[ob.pk])).status_code == 403
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.ACTIVE
