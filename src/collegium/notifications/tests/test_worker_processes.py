"""Real worker processes against their own database (SQLite file or a fresh PostgreSQL database,
whichever the suite runs on) and a real SMTP server: concurrent workers and a SIGKILL mid-batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter

import pytest
from django.conf import settings as django_settings

pytestmark = pytest.mark.slow


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "collegium.cli", *args]


@pytest.fixture
def standalone_env(tmp_path, smtp_server):  # type: ignore[no-untyped-def]
    """Environment for subprocesses: a migrated empty database of the suite's engine, a private
    queue file, and the loopback SMTP server."""
    db = django_settings.DATABASES["default"]
    drop = None
    if db["ENGINE"].endswith("sqlite3"):
        url = f"sqlite:///{tmp_path / 'collegium.sqlite3'}"
    else:
        import psycopg

        name = f"collegium_worker_{uuid.uuid4().hex[:8]}"
        params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"],
                  "password": db["PASSWORD"] or None, "dbname": "postgres", "autocommit": True}
        with psycopg.connect(**params) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        url = f"postgres://{auth}@{params['host']}:{params['port']}/{name}"

        def drop() -> None:
            with psycopg.connect(**params) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    env = {key: value for key, value in os.environ.items() if not key.startswith("COLLEGIUM_")}
    env.update({
        "COLLEGIUM_DATABASE_URL": url, "COLLEGIUM_VAR_DIR": str(tmp_path),
        "COLLEGIUM_QUEUE_PATH": str(tmp_path / "queue.sqlite3"),
        "COLLEGIUM_EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}", "COLLEGIUM_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "collegium.settings",
    })
    subprocess.run(_cli("migrate", "--skip-checks", "-v", "0"), env=env, check=True, timeout=180)
    yield env
    if drop is not None:
        drop()


def helper(env, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = subprocess.run([sys.executable, "-m", "collegium.notifications.tests.standalone", *args], env=env,
                            check=True, timeout=120, capture_output=True, text=True)
    return result.stdout.strip()


def status(env) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(helper(env, "status"))


def test_two_workers_at_once_send_each_reminder_exactly_once(standalone_env, smtp_server):
    helper(standalone_env, "seed", "6")
    smtp_server.delay = 0.05  # long enough for the two workers to interleave
    workers = [subprocess.Popen(_cli("worker", "--once", "--no-progress"), env=standalone_env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [w.communicate(timeout=180) for w in workers]
    assert all(w.returncode == 0 for w in workers), outputs

    state = status(standalone_env)
    assert len(state["notices"]) == 6
    assert set(state["notices"].values()) == {"sent"}
    assert state["notifications"] == 6
    counts = Counter(smtp_server.keys())
    assert len(counts) == 6 and set(counts.values()) == {1}, counts


def test_worker_killed_mid_batch_then_restarted_loses_and_duplicates_nothing(standalone_env, smtp_server):
    helper(standalone_env, "seed", "8")
    assert helper(standalone_env, "scan") == "8"
    smtp_server.delay = 0.5  # a slow server: the kill lands while the third message is in flight

    worker = subprocess.Popen(_cli("worker", "--workers", "1", "--no-progress"), env=standalone_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert smtp_server.wait_started(3, timeout=60), "the worker never reached the third message"
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    after_kill = Counter(status(standalone_env)["notices"].values())
    assert after_kill["sent"] == 2
    assert after_kill["sending"] == 1  # claimed by the dead worker, not confirmed
    assert after_kill["pending"] == 5

    # The lease of the dead worker's claim runs out (time moved in the database, not slept).
    assert helper(standalone_env, "expire") == "1"
    smtp_server.delay = 0
    worker = subprocess.Popen(_cli("worker", "--workers", "1", "--no-progress"), env=standalone_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            state = status(standalone_env)
            if set(state["notices"].values()) == {"sent"}:
                break
            time.sleep(0.5)
    finally:
        os.killpg(worker.pid, signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)

    assert set(state["notices"].values()) == {"sent"}, state
    assert state["notifications"] == 8
    counts = Counter(smtp_server.keys())
    assert sorted(counts) == sorted(state["notices"]), counts
    assert set(counts.values()) == {1}, counts
