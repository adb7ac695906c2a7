"""Where a page's time goes: SQL (count, total, slowest statements) vs the rest, in-process.

    .venv/bin/python bench/bench_load_profile.py --db sqlite:///var/bench/sqlite-10000.sqlite3 / /analytics/

Set COLLEGIUM_DEBUG=0 (and COLLEGIUM_PAGE_CACHE=0) for production-like timings; `--repeat 20`
gives the median of 20 requests. Uses Django's test Client as the bench person `bench_sec` (created by bench_load.py) against a
generated database; prints, per URL, wall time, the queries and the five slowest of them.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

if len(sys.argv) == 1:  # `make bench` runs every bench/bench_*.py bare: this one is a tool, not a bench
    print(__doc__)
    sys.exit(0)
parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest query")
parser.add_argument("--profile", action="store_true", help="cProfile the request (top 25 by cumulative time)")
parser.add_argument("--explain-all", action="store_true",
                    help="PostgreSQL: planning and execution time of every SELECT of the request")
parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
parser.add_argument("--repeat", type=int, default=1,
                    help="time the request this many times more and print the median and the minimum")
parser.add_argument("paths", nargs="+")
args = parser.parse_args()
os.environ["COLLEGIUM_DATABASE_URL"] = args.db
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "collegium.settings")
os.environ.setdefault("COLLEGIUM_LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from collegium.parties.models import Person  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
client = Client()
if not Person.objects.filter(username="bench_sec").exists():
    from collegium.core.models import Clearance
    from collegium.parties.models import Party

    ru = Party.objects.get(code="RU")
    Person.objects.create(username="bench_sec", party=ru, is_secretariat=True, clearance=Clearance.OFFICIAL,
                          unit=ru.units.first())
client.force_login(Person.objects.get(username="bench_sec"))
token = None
for path in args.paths:
    headers = {}
    if path.startswith("/api/"):
        from django.db import transaction

        from collegium.parties.services import api_token_create
        if token is None:
            with transaction.atomic():
                token = api_token_create(actor=Person.objects.get(username="bench_sec"), name="profile")[1]
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    client.get(path, **headers)  # warm
    with CaptureQueriesContext(connection) as ctx:
        started = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats
            prof = cProfile.Profile()
            prof.enable()
        response = client.get(path, **headers)
        took = time.perf_counter() - started
        if args.profile:
            prof.disable()
    if args.repeat > 1:
        import statistics

        times, cpu = [], []
        for _ in range(args.repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path, **headers)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        # CPU time of this process (Python, no database): the part least disturbed by a busy machine.
        print(f"{path}: median {statistics.median(times):.1f} ms, min {min(times):.1f} ms over {args.repeat}; "
              f"Python CPU median {statistics.median(cpu):.1f} ms")
    sql = sum(float(q["time"]) for q in ctx.captured_queries)
    print(f"{path}: {response.status_code} {took * 1000:.0f} ms, {len(ctx)} queries, {sql * 1000:.0f} ms in SQL, "
          f"{len(response.content) // 1024} KiB")
    slow = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:5]
    for q in slow:
        print(f"   {float(q['time']) * 1000:7.1f} ms  {q['sql'][:300]}")
    if args.explain and slow:
        with connection.cursor() as cursor:
            prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN ANALYZE "
            cursor.execute(prefix + slow[0]["sql"])
            for row in cursor.fetchall():
                print("      ", row)
    if args.explain_all and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for q in ctx.captured_queries:
                if not q["sql"].lstrip().upper().startswith("SELECT"):
                    continue
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + q["sql"])
                plan = cursor.fetchone()[0][0]
                print(f"   plan {plan['Planning Time']:6.2f} ms  exec {plan['Execution Time']:6.2f} ms  "
                      f"{q['sql'][:110]}")
    if args.profile:
        pstats.Stats(prof, stream=sys.stdout).sort_stats(args.sort).print_stats(40)
