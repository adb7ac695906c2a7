"""Crash safety: kill -9 the web server and the worker in the middle of writes and an import,
restart them, and check that nothing is half-written and the audit chain still verifies.

Everything runs in subprocesses against a database of its own (an SQLite file in a temporary
directory; on PostgreSQL, when COLLEGIUM_DATABASE_URL points there, a throw-away database next to
the test one), never the test database of this process.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow

BIN = Path(sys.executable).parent

SEED = r"""
import datetime as dt, json
import django
django.setup()
from django.db import transaction
from collegium.core.testing import make_obligation, make_session, make_world
from collegium.parties.services import api_token_create

world = make_world()
obligations = [make_obligation(world, issued_on=dt.date(2026, 1, 10 + i), days=200).pk for i in range(6)]
session = make_session(world, number=7, date=dt.date(2027, 3, 1))
with transaction.atomic():
    exec_token = api_token_create(actor=world.ru_exec, name="crash")[1]
    sec_token = api_token_create(actor=world.ru_sec, name="crash")[1]
print("SEED " + json.dumps({"obligations": obligations, "session": session.pk, "exec": exec_token, "sec": sec_token}))
"""

CHECK = r"""
import json
import django
django.setup()
from django.db.models import Count, Q
from collegium.control.models import Obligation, ObligationEvent, Report
from collegium.meetings.models import AgendaItem
from collegium.programme.models import Action, Programme

problems = []
for ob in Obligation.objects.annotate(
        n=Count("executors", filter=Q(executors__is_responsible=True), distinct=True)).exclude(n=1):
    problems.append(f"obligation {ob.pk} has {ob.n} responsible executors")
reports = dict(Report.objects.values_list("obligation_id").annotate(n=Count("id")))
events = dict(ObligationEvent.objects.filter(kind="report_drafted").values_list("obligation_id").annotate(n=Count("id")))
if reports != events:
    problems.append(f"reports {reports} != report events {events}")
# An import is one transaction: a programme is there with every action and its obligations, or not at all.
for programme in Programme.objects.all():
    actions = Action.objects.filter(section__programme=programme)
    if actions.count() != 40 or actions.filter(obligations__isnull=True).exists():
        problems.append(f"programme {programme.pk} is half-imported")
orders = AgendaItem.objects.values("session_id", "order").annotate(n=Count("id")).filter(n__gt=1)
if orders.exists():
    problems.append(f"duplicate agenda orders {list(orders)}")
print("CHECK " + json.dumps({"problems": problems, "reports": sum(reports.values()),
                             "programmes": Programme.objects.count(), "agenda": AgendaItem.objects.count()}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _programme_csv(tag: str) -> bytes:
    lines = ["section_number,section_title,action_number,text,deadline,periodicity,deadline_text,executors_RU,executors_BY"]
    for i in range(40):
        lines.append(f"{i // 10 + 1},Раздел {tag},{i // 10 + 1}.{i % 10 + 1},Действие {tag} {i},,постоянно,постоянно,CIS;INFO,CIS")
    return ("\n".join(lines) + "\n").encode()


def _multipart(payload: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\n"
            f"Content-Type: text/csv\r\n\r\n").encode() + payload + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Stack:
    def __init__(self, env: dict[str, str], cwd: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.port = _free_port()
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    def start(self) -> None:
        self.server = subprocess.Popen([str(BIN / "gunicorn"), "collegium.wsgi", "-w", "2", "-b",
                                        f"127.0.0.1:{self.port}", "--timeout", "60", "--log-level", "warning"],
                                       env=self.env, cwd=self.cwd, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.worker = subprocess.Popen([str(BIN / "collegium"), "worker", "--no-progress"], env=self.env,
                                       cwd=self.cwd, start_new_session=True,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/health/", timeout=2) as r:  # noqa: S310
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError("the server did not start")

    def kill9(self) -> None:
        for proc in (self.server, self.worker):
            if proc is not None:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # the whole group: gunicorn master and its workers
                except ProcessLookupError:
                    pass
                proc.wait(timeout=20)

    def stop(self) -> None:
        for proc in (self.server, self.worker):
            if proc is not None and proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)

    def call(self, method: str, path: str, token: str, data: dict | None = None, raw: tuple[bytes, str] | None = None,
             timeout: float = 30) -> int:
        headers = {"Authorization": f"Bearer {token}"}
        body = None
        if data is not None:
            body = json.dumps(data).encode()
            headers["Content-Type"] = "application/json"
        if raw is not None:
            body, headers["Content-Type"] = raw
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, method=method,  # noqa: S310
                                     headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:  # noqa: S310
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code


@pytest.fixture
def crash_env(tmp_path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("COLLEGIUM_")}
    db = settings.DATABASES["default"]
    dropper = None
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        name = f"collegium_crash_{os.getpid()}"
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
        base = f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')

        def dropper() -> None:
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        env["COLLEGIUM_DATABASE_URL"] = f"{base}/{name}"
    else:
        env["COLLEGIUM_DATABASE_URL"] = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
    env.update({"COLLEGIUM_VAR_DIR": str(tmp_path), "COLLEGIUM_QUEUE_PATH": str(tmp_path / "queue.sqlite3"),
                "DJANGO_SETTINGS_MODULE": "collegium.settings", "COLLEGIUM_LOG_LEVEL": "WARNING",
                "COLLEGIUM_CONN_MAX_AGE": "0"})
    subprocess.run([str(BIN / "python"), "-c",
                    "import django; django.setup(); from django.core.management import call_command; "
                    "call_command('migrate', verbosity=0, interactive=False)"], env=env, check=True, cwd=tmp_path)
    yield env
    if dropper is not None:
        dropper()


def _script(env: dict[str, str], code: str, tag: str) -> dict:
    out = subprocess.run([str(BIN / "python"), "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(next(x for x in out.stdout.splitlines() if x.startswith(tag + " "))[len(tag) + 1:])


def test_kill_9_mid_stream_leaves_nothing_half_written(crash_env, tmp_path):  # type: ignore[no-untyped-def]
    seed = _script(crash_env, SEED, "SEED")
    stack = Stack(crash_env, tmp_path)
    stack.start()
    stop = threading.Event()
    outcomes: dict[str, list[int]] = {"reports": [], "extensions": [], "agenda": [], "import": []}

    def writes() -> None:
        i = 0
        while not stop.is_set():
            ob = seed["obligations"][i % len(seed["obligations"])]
            i += 1
            try:
                outcomes["reports"].append(stack.call("POST", f"/api/obligations/{ob}/reports", seed["exec"],
                                                      {"kind": "interim", "text": f"Ход выполнения {i}"}))
                outcomes["extensions"].append(stack.call("POST", f"/api/obligations/{ob}/extension-requests",
                                                         seed["exec"], {"proposed_deadline": "2027-12-30",
                                                                        "reason": f"Причина {i}"}))
                outcomes["agenda"].append(stack.call("POST", f"/api/sessions/{seed['session']}/agenda", seed["sec"],
                                                     {"title": f"Вопрос {i}", "duration_minutes": 10}))
            except OSError:
                outcomes["reports"].append(-1)  # the server is gone; keep trying until told to stop
                time.sleep(0.05)

    def imports() -> None:
        n = 0
        while not stop.is_set():
            n += 1
            try:
                outcomes["import"].append(stack.call(
                    "POST", f"/api/documents/import/programme?title=Programme+{n}&year_from=2030&year_to=2032",
                    seed["sec"], raw=_multipart(_programme_csv(str(n))), timeout=60))
            except OSError:
                outcomes["import"].append(-1)
                time.sleep(0.05)

    threads = [threading.Thread(target=writes), threading.Thread(target=writes), threading.Thread(target=imports)]
    for t in threads:
        t.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and (outcomes["reports"].count(201) < 10 or 201 not in outcomes["import"]):
            time.sleep(0.2)
        time.sleep(0.5)
        stack.kill9()  # mid-stream: writes and an import are in flight
        time.sleep(0.5)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=90)
    assert outcomes["reports"].count(201) >= 10, outcomes["reports"][-20:]
    assert 201 in outcomes["import"], outcomes["import"]

    stack2 = Stack(crash_env, tmp_path)
    stack2.start()
    try:
        assert stack2.call("GET", "/api/sessions", seed["sec"]) == 200
        assert stack2.call("POST", f"/api/obligations/{seed['obligations'][0]}/reports", seed["exec"],
                           {"kind": "interim", "text": "После перезапуска"}) == 201
    finally:
        stack2.stop()

    verify = subprocess.run([str(BIN / "collegium"), "audit", "verify"], env=crash_env, capture_output=True,
                            text=True, cwd=tmp_path)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    check = _script(crash_env, CHECK, "CHECK")
    assert check["problems"] == []
    assert check["reports"] >= 11 and check["programmes"] >= 1
