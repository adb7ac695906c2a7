"""Load bench: gunicorn on loopback against a generated database, driven by wrk.

    .venv/bin/python bench/bench_load.py                       # quick: 10,000 obligations, SQLite and PostgreSQL
    .venv/bin/python bench/bench_load.py --sizes 10000,200000 --duration 10   # the full run (docs/performance.md)
    .venv/bin/python bench/bench_load.py --dbs postgres --sizes 200000 --page-cache off   # one part of it

For every database (SQLite file var/bench/sqlite-N.sqlite3; PostgreSQL database collegium_bench_N,
skipped when the server does not answer) and every size N: generate the data once (`collegium
generate`, kept for later runs), start `gunicorn collegium.wsgi -w 2` with DEBUG off, log in a
secretariat person of RU (a session cookie for pages, an API token for the API), then for each URL
run wrk for --duration seconds with --connections connections and report median and p95 latency
and throughput, each also as a ratio to the bare view (/bench/bare/: a minimal Django view behind
the same middleware) measured in the same run. Each is run twice by default: with the per-person page cache off
(COLLEGIUM_PAGE_CACHE=0: the service time of a page) and on (warm: repeated GETs of the same
person, which is what a reload costs). RSS of the gunicorn workers and of a `collegium
worker` started beside them is read from /proc after the load. Results go to stdout as a Markdown
table and to var/bench/results.json.

With --mix-people K the run goes on with mixed traffic: K of the generated people of both parties
and every role, each with their own session and token, requesting the seven URLs (their own party
in the filters) while a writer files and submits a report every --write-every seconds (each write
makes every cached page stale). First a closed loop (wrk, --connections connections, no pauses: the
capacity under that mix), then an open loop at each rate of --mix-rate-list: requests arrive at
random at that rate whatever the server's pace, each on its own connection, and latency counts from
the moment a request was due (the latency people see at that load, without coordinated omission).

    .venv/bin/python bench/bench_load.py --dbs postgres --sizes 200000 --duration 8 \
        --mix-people 40 --write-every 30 --mix-duration 30 --mix-rate-list 5,10,20
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
VAR = ROOT / "var" / "bench"
PG_BASE = os.environ.get("COLLEGIUM_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")

LUA = r"""
done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %f, \"p50\": %d, \"p95\": %d, \"p99\": %d, " ..
    "\"mean\": %f, \"non2xx\": %d, \"errors\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""

SETUP = r"""
import json, os, sys
import django
django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import transaction
from django.db.models import Count
from collegium.core.models import Clearance
from collegium.control.models import Obligation
from collegium.meetings.models import Session
from collegium.parties.models import Party, Person, Unit
from collegium.parties.services import api_token_create

ru = Party.objects.get(code="RU")
person, _ = Person.objects.get_or_create(username="bench_sec", defaults=dict(
    party=ru, unit=Unit.objects.filter(party=ru).first(), is_secretariat=True, clearance=Clearance.OFFICIAL,
    first_name="Bench", last_name="Secretariat"))


def signed_in(someone):
    # A browser session and an API token of this person, as signing in and creating one would.
    store = SessionStore()
    store[SESSION_KEY] = str(someone.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = someone.get_session_auth_hash()
    store.create()
    with transaction.atomic():
        return store.session_key, api_token_create(actor=someone, name="bench")[1]


cookie, secret = signed_in(person)
# The reminder scans of earlier runs leave notices queued; the bench's worker would spend the run
# delivering them, competing with the measured requests.
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("UPDATE notifications_notice SET status = 'sent' WHERE status IN ('pending', 'sending')")
# A browser holds a CSRF cookie after its first page; pages carrying a form are cached only then.
from django.utils.crypto import get_random_string
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
# A typical session: the median one by date, with its resolution's obligations.
ids = list(Session.objects.order_by("date_start").values_list("pk", flat=True))
# The mixed run: K of the generated people, spread over both parties and every role, each with a
# browser session and an API token of their own.
people = []
wanted = int(os.environ.get("BENCH_MIX_PEOPLE", "0"))
if wanted:
    by_party = {}
    for candidate in (Person.objects.filter(is_active=True, party__isnull=False).exclude(username="bench_sec")
                      .select_related("party").order_by("pk")):
        by_party.setdefault(candidate.party_id, []).append(candidate)
    import itertools
    mixed = [p for group in itertools.zip_longest(*by_party.values()) for p in group if p is not None]
    for other in [mixed[i * len(mixed) // wanted] for i in range(min(wanted, len(mixed)))]:
        other_cookie, other_token = signed_in(other)
        people.append({"cookie": other_cookie, "token": other_token, "party": other.party.code,
                       "roles": other.roles})
print("SETUP " + json.dumps({"cookie": cookie, "csrf": csrf, "token": secret, "session": ids[len(ids) // 2],
                             "obligations": Obligation.objects.count(), "people": people}))
"""


# The writer of the mixed run: the RU secretariat files and submits an interim report on a random
# active obligation of its party every --write-every seconds, through the services, as the pages
# would. Every such write makes every cached page of every person stale.
WRITER = r"""
import os, random, sys, time
import django
django.setup()
from django.db import transaction
from collegium.control import services
from collegium.control.models import Obligation, Report
from collegium.parties.models import Person

every, duration = float(sys.argv[1]), float(sys.argv[2])
actor = Person.objects.select_related("party", "unit").get(username="bench_sec")
ids = list(Obligation.objects.filter(party=actor.party, status="active").values_list("pk", flat=True)[:5000])
rng = random.Random(11)
writes, started = 0, time.monotonic()
while time.monotonic() - started < duration:
    time.sleep(every)
    obligation = Obligation.objects.get(pk=rng.choice(ids))
    with transaction.atomic():
        report = services.report_create(actor=actor, obligation=obligation, kind=Report.Kind.INTERIM,
                                        text="Промежуточный отчёт нагрузочного теста.")
        services.report_submit(actor=actor, report=report)
    writes += 1
print(f"WRITES {writes}")
"""

MIX_LUA = r"""
local requests = {}
local n = 0
counts = {hit = 0, miss = 0, bypass = 0, other = 0}  -- global: done() reads it from the thread
init = function(args)
  for _, r in ipairs(MIX) do
    table.insert(requests, wrk.format("GET", r[1], r[2]))
  end
end
request = function()
  n = n + 1
  return requests[(n % #requests) + 1]
end
response = function(status, headers, body)
  local state = headers["X-Page-Cache"] or "other"
  counts[state] = (counts[state] or 0) + 1
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local c = threads[1]:get("counts")
  io.write(string.format("JSON {\"requests\": %d, \"seconds\": %f, \"p50\": %d, \"p95\": %d, \"p99\": %d, " ..
    "\"mean\": %f, \"non2xx\": %d, \"errors\": %d, \"hit\": %d, \"miss\": %d, \"bypass\": %d}\n",
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), latency.mean, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    c.hit or 0, c.miss or 0, c.bypass or 0))
end
"""


def lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua one for these ASCII values


def mix_targets(info: dict) -> list[tuple[str, dict[str, str]]]:
    """Every person × the seven measured URLs (their own party in the filters), shuffled."""
    import random

    out = []
    for person in info["people"]:
        page = {"Cookie": f"sessionid={person['cookie']}; csrftoken={info['csrf']}"}
        api = {"Authorization": f"Bearer {person['token']}"}
        party = person["party"]
        out += [("/", page), (f"/obligations/?party={party}&status=active&overdue=1", page),
                (f"/sessions/{info['session']}/", page), ("/analytics/", page),
                (f"/api/obligations?party={party}", api), ("/api/sessions", api), ("/api/resolutions", api)]
    random.Random(5).shuffle(out)
    return out


def start_writer(env: dict[str, str], args: argparse.Namespace) -> subprocess.Popen | None:
    if not args.write_every:
        return None
    return subprocess.Popen([BIN / "python", "-c", WRITER, str(args.write_every), str(args.mix_duration)],
                            env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)


def writes_done(writer: subprocess.Popen | None, args: argparse.Namespace) -> int:
    if writer is None:
        return 0
    text, _ = writer.communicate(timeout=args.write_every + 120)
    return int(next((x.split()[1] for x in text.splitlines() if x.startswith("WRITES ")), "0"))


async def _fetch(port: int, path: str, headers: dict[str, str], scheduled: float, out: list) -> None:
    import asyncio

    loop = asyncio.get_running_loop()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
                 *(f"{k}: {v}" for k, v in headers.items())]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(-1), 60)
        writer.close()
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        cache = next((h.split(":", 1)[1].strip() for h in head[1:] if h.lower().startswith("x-page-cache:")), "-")
        out.append((loop.time() - scheduled, status, cache))
    except (TimeoutError, OSError, ValueError, IndexError):
        out.append((loop.time() - scheduled, 0, "error"))


async def _open_loop(port: int, targets: list, rate: float, duration: float) -> tuple[list, float]:
    """Requests arrive at random (Poisson) at `rate` per second whatever the server's pace, each on
    its own connection, as independent people's clicks do; latency counts from the moment a request
    was due, so a slow server cannot hide its queue (no coordinated omission)."""
    import asyncio
    import random

    rng = random.Random(3)
    loop = asyncio.get_running_loop()
    out: list = []
    tasks = []
    start = due = loop.time()
    for i in itertools.count():
        due += rng.expovariate(rate)
        if due - start > duration:
            break
        await asyncio.sleep(max(0.0, due - loop.time()))
        path, headers = targets[i % len(targets)]
        tasks.append(asyncio.create_task(_fetch(port, path, headers, due, out)))
    await asyncio.gather(*tasks)
    return out, loop.time() - start


def run_mix_at_rate(port: int, env: dict[str, str], info: dict, args: argparse.Namespace) -> dict:
    import asyncio
    import statistics

    writer = start_writer(env, args)
    out, seconds = asyncio.run(_open_loop(port, mix_targets(info), args.mix_rate, args.mix_duration))
    writes = writes_done(writer, args)
    ok = sorted(t * 1000 for t, status, _ in out if status == 200)
    def pct(q: float) -> float:
        return ok[min(len(ok) - 1, int(q * len(ok)))] if ok else 0.0
    return {"path": f"{len(info['people'])} people × 7 URLs, {args.mix_rate:g} requests/s arriving at random",
            "requests": len(out), "seconds": seconds, "rps": len(out) / seconds if seconds else 0.0,
            # microseconds, as wrk reports
            "p50": pct(0.5) * 1000, "p95": pct(0.95) * 1000, "p99": pct(0.99) * 1000,
            "mean": (statistics.fmean(ok) * 1000) if ok else 0.0,
            "non2xx": sum(1 for _, status, _ in out if status != 200), "errors": 0,
            "hit": sum(1 for _, _, c in out if c == "hit"), "miss": sum(1 for _, _, c in out if c == "miss"),
            "writes": writes, "urls": len(info["people"]) * 7}


def run_mix(port: int, env: dict[str, str], info: dict, args: argparse.Namespace) -> dict:
    """Closed loop: --connections connections without pauses, the capacity under mixed traffic."""
    targets = mix_targets(info)
    rows = ",\n".join("{" + lua_string(path) + ", {" + ", ".join(
        f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()) + "}}" for path, headers in targets)
    lua = VAR / "mix.lua"
    lua.write_text("MIX = {\n" + rows + "\n}\n" + MIX_LUA)
    writer = start_writer(env, args)
    cmd = ["wrk", "-t", "1", "-c", str(args.connections), "-d", f"{args.mix_duration}s", "--timeout", "10s",
           "-s", str(lua), f"http://127.0.0.1:{port}/"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=args.mix_duration + 60)
    out = done.stdout
    if "JSON " not in out:
        raise RuntimeError(f"wrk failed on the mixed run: {done.stdout[-500:]} {done.stderr[-1000:]}")
    writes = writes_done(writer, args)
    data = json.loads(next(x for x in out.splitlines() if x.startswith("JSON "))[5:])
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    data.update({"path": f"{len(info['people'])} people × 7 URLs, closed loop", "writes": writes,
                 "urls": len(targets)})
    return data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pg_up() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_BASE}/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def pg_recreate(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def vacuum(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
        conn.execute("CHECKPOINT")  # its writes now, not while the first URL is measured


def env_for(url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "COLLEGIUM_DATABASE_URL": url, "COLLEGIUM_VAR_DIR": str(VAR / "var"),
        "COLLEGIUM_QUEUE_PATH": str(VAR / "var" / f"queue-{abs(hash(url))}.sqlite3"),
        # Production-like: DEBUG off (no query log kept per request), plain HTTP on loopback.
        "COLLEGIUM_DEBUG": "0", "COLLEGIUM_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
        "COLLEGIUM_SSL_REDIRECT": "0", "COLLEGIUM_SECURE_COOKIES": "0", "COLLEGIUM_REQUIRE_2FA": "0",
        "COLLEGIUM_LOG_LEVEL": "WARNING", "DJANGO_SETTINGS_MODULE": "collegium.settings",
    })
    return env


def ensure_data(kind: str, size: int, regen: bool) -> str:
    VAR.mkdir(parents=True, exist_ok=True)
    marker = VAR / f"{kind}-{size}.ready"
    if kind == "sqlite":
        path = VAR / f"sqlite-{size}.sqlite3"
        url = f"sqlite:///{path}"
    else:
        url = f"{PG_BASE}/collegium_bench_{size}"
    if marker.exists() and not regen and (kind != "sqlite" or path.exists()):
        return url
    if kind == "sqlite":
        for p in VAR.glob(f"sqlite-{size}.sqlite3*"):
            p.unlink()
    else:
        pg_recreate(f"collegium_bench_{size}")
    env = env_for(url)
    subprocess.run([BIN / "collegium", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    started = time.monotonic()
    subprocess.run([BIN / "collegium", "generate", "--obligations", str(size),
                    "--reports-per-month", str(max(10, size // 100)), "--people", "500"],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    took = time.monotonic() - started
    marker.write_text(json.dumps({"generated_seconds": round(took, 1)}))
    print(f"   generated {size} obligations on {kind} in {took:.0f} s", flush=True)
    return url


def rss_mb(pid: int) -> float:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    match = re.search(r"VmRSS:\s+(\d+) kB", text)
    return int(match.group(1)) / 1024 if match else 0.0


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (not its children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def settle(pid: int, timeout: float = 420) -> float:
    """Wait until the worker has done its start-up work (the reminder scan over every active
    obligation and the delivery of what it queued: on the first run of a day at 200,000, a few
    thousand e-mails, over two minutes of a core) and idles, so that it does not compete with the
    URLs measured. Idle, it still polls its queue and runs its minute tasks (about a tenth of a
    core), so "quiet" is two 2-second periods under a quarter of a second each. Returns the seconds
    waited (the timeout: it never settled, which the report says)."""
    started = time.monotonic()
    quiet = 0
    last = cpu_seconds(pid)
    while time.monotonic() - started < timeout:
        time.sleep(2)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.25 else 0
        last = now
        if quiet >= 2:
            break
    return time.monotonic() - started


def wait_ready(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/", timeout=2) as r:  # noqa: S310
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not become healthy")


def check(port: int, path: str, headers: dict[str, str]) -> str:
    """Fails on anything but 200; returns the page cache's verdict (hit, miss, bypass or '-')."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)  # noqa: S310
    with urllib.request.urlopen(req, timeout=60) as r:  # noqa: S310
        if r.status != 200:
            raise RuntimeError(f"{path} answered {r.status}")
        return r.headers.get("X-Page-Cache") or "-"


def run_wrk(port: int, path: str, headers: dict[str, str], duration: int, connections: int) -> dict:
    lua = VAR / "report.lua"
    lua.write_text(LUA)
    cmd = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--timeout", "10s", "-s", str(lua)]
    for key, value in headers.items():
        cmd += ["-H", f"{key}: {value}"]
    out = subprocess.run([*cmd, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True,
                         timeout=duration + 60).stdout
    line = next(x for x in out.splitlines() if x.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / data["seconds"] if data["seconds"] else 0.0
    return data


def bench_one(kind: str, size: int, args: argparse.Namespace, page_cache: bool) -> dict:
    url = ensure_data(kind, size, args.regen)
    env = env_for(url)
    env["COLLEGIUM_PAGE_CACHE"] = "1" if page_cache else "0"
    # Data generated earlier may predate a new migration (an index): bring it up to date.
    subprocess.run([BIN / "collegium", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    setup = subprocess.run([BIN / "python", "-c", SETUP], env={**env, "BENCH_MIX_PEOPLE": str(args.mix_people)},
                           capture_output=True, text=True, check=True)
    info = json.loads(next(x for x in setup.stdout.splitlines() if x.startswith("SETUP "))[6:])
    port = free_port()
    server = subprocess.Popen([BIN / "gunicorn", "collegium.wsgi", "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
                               "--timeout", "120", "--log-level", "warning"], env=env, cwd=ROOT,
                              start_new_session=True)
    worker = subprocess.Popen([BIN / "collegium", "worker"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    results: dict = {"db": kind, "size": info["obligations"], "page_cache": page_cache, "endpoints": {},
                     "cache_states": {}}
    try:
        wait_ready(port)
        waited = settle(worker.pid)
        if kind == "postgres":
            # What autovacuum does in production (it is off on some machines here): the worker's
            # start-up notices and notifications are new rows, and without a vacuum every
            # index-only scan over them (the unread badge on every page) visits the heap.
            vacuum(url)
        results["worker_settle_seconds"] = round(waited, 1)
        results["worker_settled"] = waited < 420
        print(f"   worker idle after {results['worker_settle_seconds']} s" if waited < 420 else
              "   WARNING: the worker was still busy after 420 s; it competes with the measured URLs", flush=True)
        page = {"Cookie": f"sessionid={info['cookie']}; csrftoken={info['csrf']}"}
        api = {"Authorization": f"Bearer {info['token']}"}
        targets = [
            ("bare", "/bench/bare/", page),
            ("home", "/", page),
            ("obligations", "/obligations/?party=RU&status=active&overdue=1", page),
            ("session", f"/sessions/{info['session']}/", page),
            ("analytics", "/analytics/", page),
            ("api obligations", "/api/obligations?party=RU", api),
            ("api sessions", "/api/sessions", api),
            ("api resolutions", "/api/resolutions", api),
        ]
        if args.only:
            wanted = {"bare", *(x.strip() for x in args.only.split(","))}
            targets = [t for t in targets if t[0] in wanted]
        for name, path, headers in targets:
            for _ in range(3):  # warm both workers' caches and fail loudly on a broken page
                state = check(port, path, headers)
            results["cache_states"][name] = state
            results["endpoints"][name] = {"path": path, **run_wrk(port, path, headers, args.duration,
                                                                   args.connections)}
        if args.mix_people:
            results["endpoints"]["mix"] = run_mix(port, env, info, args)
            for rate in [float(r) for r in args.mix_rate_list.split(",") if r]:
                args.mix_rate = rate
                results["endpoints"][f"mix at {rate:g}/s"] = run_mix_at_rate(port, env, info, args)
        bare = results["endpoints"]["bare"]
        for data in results["endpoints"].values():
            data["p50_ratio"] = data["p50"] / bare["p50"] if bare["p50"] else None
            data["p95_ratio"] = data["p95"] / bare["p95"] if bare["p95"] else None
            data["rps_ratio"] = data["rps"] / bare["rps"] if bare["rps"] else None
        results["rss_mb"] = {"gunicorn_master": rss_mb(server.pid),
                             "gunicorn_workers": [rss_mb(p) for p in children(server.pid)],
                             "collegium_worker": rss_mb(worker.pid)}
    finally:
        for proc in (server, worker):
            try:
                os.killpg(proc.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for proc in (server, worker):
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
    return results


def table(all_results: list[dict]) -> str:
    lines = ["| DB | obligations | page cache | endpoint | median ms | p95 ms | req/s | median ×bare | p95 ×bare |"
             " req/s ×bare |",
             "|---|---:|---|---|---:|---:|---:|---:|---:|---:|"]
    for res in all_results:
        mode = "on" if res.get("page_cache") else "off"
        for name, d in res["endpoints"].items():
            if not d["requests"]:
                lines.append(f"| {res['db']} | {res['size']:,} | {mode} | {name} | > 10 s | > 10 s | 0 | – | – | 0 |"
                             f" all {d['errors']} requests timed out")
                continue
            state = res.get("cache_states", {}).get(name, "-")
            if name.startswith("mix"):
                mode_cell = mode
            elif mode == "on" and name != "bare" and state != "hit":
                mode_cell = f"on (warm-up: {state})"
            else:
                mode_cell = mode
            lines.append(f"| {res['db']} | {res['size']:,} | {mode_cell} | {name} | {d['p50'] / 1000:.1f} | "
                         f"{d['p95'] / 1000:.1f} | "
                         f"{d['rps']:.0f} | {d['p50_ratio']:.1f} | {d['p95_ratio']:.1f} | {d['rps_ratio']:.2f} |"
                         + (f" non-2xx: {d['non2xx']}" if d["non2xx"] else "")
                         + (f" {d['path']}, {d['writes']} writes, page cache hits "
                            f"{d['hit'] / max(1, d['requests']):.0%}" if name.startswith("mix") else ""))
    lines.append("")
    lines.append("| DB | obligations | page cache | RSS gunicorn workers, MB | RSS collegium worker, MB |")
    lines.append("|---|---:|---|---|---:|")
    for res in all_results:
        rss = res["rss_mb"]
        mode = "on" if res.get("page_cache") else "off"
        lines.append(f"| {res['db']} | {res['size']:,} | {mode} | "
                     f"{', '.join(f'{x:.0f}' for x in rss['gunicorn_workers'])} | "
                     f"{rss['collegium_worker']:.0f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000", help="comma-separated obligation counts (full run: 10000,200000)")
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", default="",
                        help="comma-separated endpoint names to measure (the bare view always is), e.g. 'home,api obligations'")
    parser.add_argument("--mix-people", type=int, default=0,
                        help="also run mixed traffic: this many generated people, each requesting the seven "
                             "URLs (their own party in the filters) in a shuffled cycle")
    parser.add_argument("--write-every", type=float, default=30.0,
                        help="during the mixed run, a report is filed and submitted every this many seconds "
                             "(0: no writes)")
    parser.add_argument("--mix-duration", type=int, default=30, help="seconds of mixed traffic")
    parser.add_argument("--mix-rate-list", default="10,20",
                        help="after the closed loop, the mixed traffic again with requests arriving at random at "
                             "each of these rates per second: the latency people see at that load")
    parser.add_argument("--regen", action="store_true", help="generate the data again even if present")
    parser.add_argument("--page-cache", default="off,on",
                        help="comma-separated modes of the per-person page cache: off (the honest service "
                             "time), on (warm: repeated GETs, what a reload costs)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); skipping the load bench")
        return 0
    dbs = [d for d in args.dbs.split(",") if d]
    if "postgres" in dbs and not pg_up():
        print(f"PostgreSQL at {PG_BASE} does not answer; SQLite only")
        dbs.remove("postgres")
    all_results = []
    for kind in dbs:
        for size in [int(s) for s in args.sizes.split(",")]:
            for mode in [m for m in args.page_cache.split(",") if m]:
                print(f"== {kind}, {size} obligations, page cache {mode}", flush=True)
                all_results.append(bench_one(kind, size, args, page_cache=mode == "on"))
    (VAR / "results.json").write_text(json.dumps(all_results, indent=1))
    print(f"\nwrk -t1 -c{args.connections} -d{args.duration}s per URL; gunicorn -w {args.workers} (sync); "
          f"latency in ms; ratios to the bare view of the same run\n")
    print(table(all_results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
