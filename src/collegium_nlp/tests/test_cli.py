import json
import os
import subprocess
import sys
from pathlib import Path

from collegium_nlp.cli import main

SRC = str(Path(__file__).resolve().parents[2])


def _env():
    env = dict(os.environ)
    env["PYTHONPATH"] = SRC + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_python_m_analyze_seed(seed_text, tmp_path):
    from collegium_nlp.tests.conftest import SEED

    out = subprocess.run([sys.executable, "-m", "collegium_nlp", "analyze", str(SEED)],
                         capture_output=True, text=True, env=_env(), timeout=120, check=True)
    data = json.loads(out.stdout)
    assert set(data) == {"entities", "dates", "events"}
    assert any(e["type"] == "joint_collegium" for e in data["events"])
    assert "Лавров" in out.stdout          # ensure_ascii=False


def test_dates_subcommand(capsys):
    assert main(["dates", "--anchor", "2025-11-24", "в", "начале", "декабря"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["from"] == "2025-12-01" and data[0]["to"] == "2025-12-10"


def test_analyze_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("Консультации прошли 4 апреля в Минске."))
    assert main(["analyze", "--date", "2024-04-05", "-"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["events"][0]["from"] == "2024-04-04"
