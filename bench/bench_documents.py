"""Bench of document rendering: time and peak memory, and the ratio to WeasyPrint alone.

    .venv/bin/python bench/bench_documents.py [--obligations 1000] [--clauses 60] [--rounds 34]

Runs on a throw-away SQLite database under a temporary directory (never the real one).
Peak memory is tracemalloc's peak of Python allocations during the render (WeasyPrint's layout
is Python; Pango/cairo native memory is not counted), plus the process's max RSS at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

TMP = tempfile.mkdtemp(prefix="bench-docs-")
os.environ["COLLEGIUM_VAR_DIR"] = TMP
os.environ["COLLEGIUM_DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import django  # noqa: E402

django.setup()

import logging  # noqa: E402

logging.getLogger("weasyprint").setLevel(logging.WARNING)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

from django.core.management import call_command  # noqa: E402


def measure(label: str, fn):  # type: ignore[no-untyped-def]
    """Wall time of a plain run, then tracemalloc's peak in a second run (tracing slows it down)."""
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    tracemalloc.start()
    fn()
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    size = len(result) if isinstance(result, bytes | bytearray) else len(getattr(result, "content", b""))
    print(f"{label:<48} {elapsed:7.2f} s  peak {peak / 2**20:7.1f} MiB  {size / 1024:8.1f} KiB")
    return elapsed, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--obligations", type=int, default=1000)
    parser.add_argument("--clauses", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=34)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from django.db import transaction

    from collegium.consultations import services as cs
    from collegium.control.models import Obligation
    from collegium.control.services import obligation_create
    from collegium.core.testing import make_session, make_world
    from collegium.documents import context as ctx
    from collegium.documents.exporters import pdf
    from collegium.documents.render import render
    from collegium.resolutions import services as rs
    from collegium.resolutions.models import Clause, Resolution

    t0 = time.perf_counter()
    with transaction.atomic():
        world = make_world()
        session = make_session(world, number=1)
        resolution = rs.resolution_create(actor=world.ru_sec, session=session, title="О ходе выполнения Программы",
                                          place="Москва", number="1", preamble="Коллегии отмечают...\n\nи постановляют.")
        for i in range(1, args.clauses + 1):
            rs.clause_add(actor=world.ru_sec, resolution=resolution, kind="instructs",
                          text=f"Поручить профильным департаментам обеспечить выполнение мероприятия №{i} "
                               "в части согласования позиций в международных организациях и информирования сторон.",
                          deadline_days=90, responsible_units=[world.units["ru_cis"], world.units["by_cis"]],
                          co_executor_units=[world.units["ru_info"]])
        plan = cs.plan_create(actor=world.ru_sec, year=2026, title="План межмидовских консультаций на 2026 год",
                              resolution=resolution)
        for i in range(1, args.rounds + 1):
            m = (i - 1) % 12 + 1
            cs.round_create(actor=world.ru_sec, plan=plan, topic=f"Консультации по теме {i}", level="mixed",
                            period_start=dt.date(2026, m, 1), period_end=dt.date(2026, m, 28), venue="Минск",
                            delegations=[{"party": world.ru, "unit": world.units["ru_cis"], "head_name": "Иванов И.И."},
                                         {"party": world.by, "unit": world.units["by_cis"], "head_name": "Петров П.П."}])
        # 1,000 obligations of the previous session's resolution, for the interim results.
        previous = make_session(world, number=2, date=dt.date(2024, 11, 20))
        session.previous = previous
        session.save(update_fields=["previous"])
        prev_res = Resolution.objects.create(session=previous, title="Постановление", place="Брест",
                                             status=Resolution.Status.SIGNED, signed_on=dt.date(2024, 11, 20))
        clauses = Clause.objects.bulk_create(
            Clause(resolution=prev_res, number=i, kind="instructs", text=f"Поручение №{i}: подготовить предложения",
                   deadline_days=30 + i % 200) for i in range(1, args.obligations + 1))
        for i, clause in enumerate(clauses):
            party = world.ru if i % 2 else world.by
            p = party.code.lower()
            obligation_create(actor=None, party=party, source=Obligation.Source.INSTRUCTION, clause=clause,
                              title=f"п. {clause.number}: {clause.text}", text=clause.text,
                              issued_on=dt.date(2024, 11, 20), responsible_unit=world.units[f"{p}_cis"],
                              co_executor_units=[world.units[f"{p}_info"]], deadline_days=clause.deadline_days)
    print(f"data built in {time.perf_counter() - t0:.1f} s (tmp {TMP})")
    reader = world.ru_sec
    pdf.html_to_pdf("<p>разогрев</p>")  # font discovery happens once per process; keep it out of the figures
    today = dt.date(2025, 11, 1)

    full, _ = measure(f"resolution PDF ({args.clauses} clauses, {args.rounds} rounds)",
                      lambda: render("resolution", "pdf", person=reader, session_id=session.pk))
    html = pdf.resolution_html(ctx.resolution_view(reader, session.pk))
    alone, _ = measure("  WeasyPrint alone on the same HTML", lambda: pdf.html_to_pdf(html))
    print(f"  ratio full / WeasyPrint alone: {full / alone:.2f}")

    full, _ = measure(f"interim results PDF ({args.obligations} obligations)",
                      lambda: render("interim", "pdf", person=reader, session_id=session.pk, today=today))
    html = pdf.interim_html(ctx.interim_view(reader, session.pk, today=today))
    alone, _ = measure("  WeasyPrint alone on the same HTML", lambda: pdf.html_to_pdf(html))
    print(f"  ratio full / WeasyPrint alone: {full / alone:.2f}")

    measure(f"interim results XLSX ({args.obligations} obligations)",
            lambda: render("interim", "xlsx", person=reader, session_id=session.pk, today=today))
    measure(f"interim results DOCX ({args.obligations} obligations)",
            lambda: render("interim", "docx", person=reader, session_id=session.pk, today=today))
    print(f"max RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
