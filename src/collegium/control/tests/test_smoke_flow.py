import datetime as dt

from collegium.control import selectors, services
from collegium.control.models import Obligation, Report
from collegium.core.testing import make_obligation


def test_report_cycle_completes_obligation_and_hides_internal_report(world):
    ob = make_obligation(world, issued_on=dt.date(2025, 1, 15), days=30)
    # 15 Jan + 30 days = 14 Feb 2025, a Friday and a working day in Russia.
    assert ob.deadline == dt.date(2025, 2, 14)
    report = services.report_create(actor=world.ru_exec, obligation=ob, kind=Report.Kind.FINAL, text="Сделано")
    assert not selectors.reports_visible(world.by_sec).filter(pk=report.pk).exists()
    services.report_submit(actor=world.ru_exec, report=report)
    services.report_accept(actor=world.ru_sec, report=report)
    ob.refresh_from_db()
    assert ob.status == Obligation.Status.COMPLETED
    services.report_release(actor=world.ru_sec, report=report)
    assert selectors.reports_visible(world.by_sec).filter(pk=report.pk).exists()
