"""The demo loads on an empty database, is idempotent, keeps the audit chain valid and contains every
state the product has to show."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from collegium.audit.models import AuditEvent
from collegium.audit.services import audit_verify
from collegium.consultations.models import Round
from collegium.control.models import ExtensionRequest, Obligation, Report
from collegium.core.models import Clearance, Visibility
from collegium.meetings.models import Material, Session
from collegium.parties.models import Party, Person
from collegium.resolutions.models import ChangeProposal, Resolution


@pytest.fixture
def demo(db, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def test_demo_loads_the_two_ministries_and_prints_the_logins(demo):
    assert Party.objects.count() == 2
    for login in ("ru-secretariat", "ru-executor", "ru-head", "ru-press", "ru-observer", "by-secretariat",
                  "by-executor", "by-head", "by-press", "admin"):
        assert login in demo
        assert Person.objects.get(username=login).check_password("collegium-demo")
    assert Person.objects.get(username="ru-head").last_name == "Лавров"
    assert Person.objects.get(username="by-head").last_name == "Рыженков"
    assert Person.objects.filter(is_staff=True).count() == 3


def test_demo_sessions_resolutions_and_plans(demo):
    brest, moscow = Session.objects.order_by("number")
    assert (brest.city, brest.status, brest.resolution.status) == ("Брест", Session.Status.HELD,
                                                                   Resolution.Status.SIGNED)
    assert moscow.date_start == dt.date(2025, 11, 25) and moscow.previous == brest
    assert moscow.resolution.status == Resolution.Status.DRAFT
    assert moscow.agenda_items.count() == 9
    assert moscow.agenda_items.filter(is_interim_results=True).count() == 1
    assert Round.objects.filter(plan__year=2026).count() == 34
    assert Round.objects.filter(plan__year=2026, plan__resolution=moscow.resolution).exists()
    rounds_2025 = set(Round.objects.filter(plan__year=2025).values_list("status", flat=True))
    assert {Round.Status.HELD, Round.Status.POSTPONED, Round.Status.CANCELLED, Round.Status.MOVED} <= rounds_2025
    proposals = ChangeProposal.objects.filter(resolution=moscow.resolution)
    assert proposals.filter(party__code="RU", status=ChangeProposal.Status.PROPOSED).exists()
    assert proposals.filter(party__code="BY", status=ChangeProposal.Status.PROPOSED).exists()
    assert proposals.filter(party__code="RU", status=ChangeProposal.Status.DRAFT).exists()
    assert Material.objects.filter(visibility=Visibility.INTERNAL, clearance=Clearance.OFFICIAL).exists()
    assert Material.objects.filter(visibility=Visibility.JOINT, content_type="application/pdf").exists()


def test_demo_has_obligations_in_every_state(demo):
    today = timezone.localdate()
    obs = Obligation.objects.all()
    active = obs.filter(status=Obligation.Status.ACTIVE)
    assert active.filter(deadline__lt=today).exists()  # overdue
    assert obs.filter(status=Obligation.Status.COMPLETED, completed_in_time=True).exists()
    assert obs.filter(status=Obligation.Status.COMPLETED, completed_in_time=False).exists()
    assert obs.filter(status=Obligation.Status.NOT_RELEVANT).exists()
    assert obs.filter(deadline_changes__extension__isnull=False).exists()
    assert ExtensionRequest.objects.filter(status=ExtensionRequest.Status.GRANTED).count() >= 4
    soon = active.filter(deadline__gt=today)
    assert soon.filter(deadline__lte=today + dt.timedelta(days=4)).exists()  # the next working day
    assert soon.filter(deadline__gt=today + dt.timedelta(days=4), deadline__lte=today + dt.timedelta(days=10)).exists()
    assert soon.filter(deadline__gt=today + dt.timedelta(days=25), deadline__lte=today + dt.timedelta(days=35)).exists()
    reports = Report.objects.all()
    assert reports.filter(kind=Report.Kind.INTERIM, status=Report.Status.ACCEPTED).exists()
    assert reports.filter(visibility=Visibility.JOINT).exists()
    assert reports.filter(visibility=Visibility.INTERNAL, status=Report.Status.ACCEPTED).exists()
    assert reports.filter(status=Report.Status.DRAFT).exists()
    assert reports.filter(status=Report.Status.SUBMITTED).exists()
    assert reports.filter(status=Report.Status.RETURNED).exists()


def test_demo_is_idempotent_and_the_audit_chain_verifies(demo):
    counts = (Obligation.objects.count(), Report.objects.count(), AuditEvent.objects.count(), Person.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    assert "nothing changed" in out.getvalue()
    assert (Obligation.objects.count(), Report.objects.count(), AuditEvent.objects.count(),
            Person.objects.count()) == counts
    result = audit_verify()
    assert result.ok and result.checked == AuditEvent.objects.count() > 500


def test_demo_has_a_news_archive_with_links_to_decide(demo):
    from collegium.media import selectors as media
    from collegium.media.models import Link

    press = Person.objects.get(username="ru-press")
    articles = media.article_list(press)
    assert articles.count() >= 40  # the texts published by today (the set runs into 2027)
    assert media.article_list(press, media.ArticleFilters(q="Рыженкова")).exists()
    suggestions = media.link_list(press, status=Link.Status.SUGGESTED)
    assert suggestions.count() >= 10
    assert {link.target_kind for link in suggestions} >= {"session", "round"}
    assert all(link.explanation for link in suggestions)
    assert "news_articles" in demo and "news_link_suggestions" in demo
