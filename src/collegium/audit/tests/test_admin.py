"""The audit log in the back office is read-only and hides another party's internal events."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from collegium.audit.models import AuditEvent
from collegium.control import services
from collegium.control.models import Report
from collegium.core.demo import grant_back_office
from collegium.core.testing import make_obligation


def test_audit_admin_is_read_only_and_scoped(client, world):
    grant_back_office(world.by_sec)
    ob = make_obligation(world, issued_on=dt.date(2025, 1, 15))
    services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.INTERIM, text="Внутреннее")
    internal = AuditEvent.objects.get(action="report.create")
    client.force_login(world.by_sec)
    listing = client.get(reverse("admin:audit_auditevent_changelist"))
    assert listing.context["cl"].result_count == AuditEvent.objects.filter(internal_to__isnull=True).count()
    assert client.get(reverse("admin:audit_auditevent_change", args=[internal.pk])).status_code == 404
    joint = AuditEvent.objects.filter(internal_to__isnull=True).first()
    page = client.get(reverse("admin:audit_auditevent_change", args=[joint.pk]))
    assert page.status_code == 200
    assert not page.context["has_change_permission"] and not page.context["has_delete_permission"]
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[joint.pk])).status_code == 403
