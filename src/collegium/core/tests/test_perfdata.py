"""The synthetic load-test generator: right sizes, every status, consistent rows, usable by selectors."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q

from collegium.audit.models import AuditEvent
from collegium.control import selectors as control
from collegium.control.models import Executor, ExtensionRequest, Obligation, ObligationEvent, Report
from collegium.core.models import Visibility
from collegium.core.perfdata import generate
from collegium.meetings.models import Session
from collegium.parties.models import Person

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def generated():  # type: ignore[no-untyped-def]
    return generate(years=3, sessions=2, obligations=600, reports_per_month=30, people=40, seed=7, today=TODAY)


def test_counts_match_the_parameters(generated):  # type: ignore[no-untyped-def]
    assert Obligation.objects.count() == 600
    assert Session.objects.count() == 6
    assert Person.objects.filter(username__startswith="perf_").count() == 40
    assert generated.counts["obligation"] == 600
    # About 30 a month over 36 months; completed obligations always carry their final report.
    assert 600 <= Report.objects.count() <= 3000
    sources = set(Obligation.objects.values_list("source", flat=True))
    assert sources == {"instruction", "action", "round"}
    assert set(Obligation.objects.values_list("party__code", flat=True)) == {"RU", "BY"}


def test_every_status_and_kind_of_record_is_present(generated):  # type: ignore[no-untyped-def]
    assert set(Obligation.objects.values_list("status", flat=True)) == set(Obligation.Status.values)
    assert Obligation.objects.filter(status="active", deadline__lt=TODAY).exists()  # overdue
    assert Obligation.objects.filter(status="active", deadline__gte=TODAY).exists()
    assert Obligation.objects.filter(completed_in_time=True).exists()
    assert Obligation.objects.filter(completed_in_time=False).exists()
    assert {"accepted", "returned"} <= set(Report.objects.values_list("status", flat=True))
    assert Report.objects.filter(visibility=Visibility.JOINT).exists()
    assert Report.objects.filter(visibility=Visibility.INTERNAL).exists()
    assert ExtensionRequest.objects.filter(status="granted").exists()
    assert Obligation.objects.filter(deadline_changes__isnull=False).exists()


def test_rows_are_consistent(generated):  # type: ignore[no-untyped-def]
    responsible = Obligation.objects.annotate(n=Count("executors", filter=Q(executors__is_responsible=True)))
    assert not responsible.exclude(n=1).exists()
    assert not Executor.objects.exclude(unit__party_id=F("obligation__party_id")).exists()
    # Every report has its timeline entry, internal to the same party.
    for report in Report.objects.all()[:200]:
        assert ObligationEvent.objects.filter(obligation_id=report.obligation_id, kind="report_drafted",
                                              internal_to_id=report.owner_party_id).exists()
    # Every finished obligation has its status change on the timeline; overdue is never stored.
    finished = Obligation.objects.exclude(status="active")
    assert finished.count() == ObligationEvent.objects.filter(kind="status_changed").count()
    assert not Obligation.objects.filter(status="completed", completed_on__isnull=True).exists()


def test_selectors_work_on_it(generated):  # type: ignore[no-untyped-def]
    sec = Person.objects.filter(username__startswith="perf_", is_secretariat=True, party__code="RU").first()
    rows = list(control.obligation_list(sec, control.ObligationFilters(party="RU", status="active", overdue=True),
                                        today=TODAY)[:50])
    assert rows and all(o.party.code == "RU" and o.is_overdue(TODAY) for o in rows)
    discipline = control.discipline(sec, today=TODAY)
    assert sum(r.total for r in discipline) == Obligation.objects.count()
    trend = control.discipline_trend(sec, months=12, today=TODAY)
    assert len(trend) == 12 and any(p["in_time"] for p in trend)
    card = control.obligation_card(sec, Obligation.objects.filter(party__code="BY", reports__isnull=False).first().pk)
    # RU's secretariat never sees BY's internal reports.
    assert all(r.visibility == Visibility.JOINT for r in card.reports)


def test_audit_chain_stays_intact_and_command_runs(capsys):  # type: ignore[no-untyped-def]
    call_command("generate", years=1, sessions=2, obligations=40, reports_per_month=5, people=10, seed=3)
    assert Obligation.objects.count() == 40
    assert AuditEvent.objects.filter(action="perfdata.generate").count() == 1
    call_command("audit", "verify")
