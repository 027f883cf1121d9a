"""The data commands of CONTRACT.md, run as analysts run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from bot.store.db import Database

CHASKI = str(Path(sys.executable).parent / "chaski")
SUMMARY_KEYS = {
    "period",
    "people",
    "informal_rate",
    "poverty_rate",
    "informal_poverty_odds_ratio",
    "feedback",
    "shifts",
}


def run(args: list[str], database: Database, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "CHASKI_DATABASE_URL": database.url,
        "CHASKI_DATA_DIR": str(tmp_path / "data"),
        "CHASKI_TODAY": "2026-11-21",
    }
    return subprocess.run(  # noqa: S603 - our own console script
        [CHASKI, *args], capture_output=True, text=True, env=env, timeout=900, check=False
    )


@pytest.mark.slow
def test_feedback_analyze_prints_one_line_per_input_in_order(
    database: Database, tmp_path: Path
) -> None:
    tsv = tmp_path / "in.tsv"
    tsv.write_text(
        "id\ttext\n"
        "a1\tlas galletas de quinua estan muy dulces y caras 🤢\n"
        "a2\tno está mal el yogurt, rico\n"
        "a3\tkay t'antaqa ancha misk'im, sumaq\n"
    )
    result = run(["feedback", "analyze", str(tsv)], database, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a1", "a2", "a3"]
    for line in lines:
        assert list(line) == ["id", "language", "sentiment", "aspects", "product"]
    assert lines[0]["sentiment"] == "neg"
    assert {"dulzor", "precio"} <= set(lines[0]["aspects"])
    assert lines[0]["product"] == "galletas de quinua"
    assert lines[1]["sentiment"] != "neg"
    assert lines[2]["language"] == "qu"
    jsonl = tmp_path / "in.jsonl"
    jsonl.write_text(json.dumps({"id": "b1", "text": "muy salado el queso"}) + "\n")
    again = run(["feedback", "analyze", str(jsonl)], database, tmp_path)
    assert json.loads(again.stdout)["aspects"] == ["sal"]


@pytest.mark.slow
def test_import_feedback_then_analytics_counts_it(database: Database, tmp_path: Path) -> None:
    feedback = tmp_path / "feedback.jsonl"
    rows = [
        {
            "ts": f"2026-10-{day:02d}T10:00:00",
            "user": f"u{day}",
            "lang": "es",
            "product": "galletas de quinua",
            "text": "muy dulces las galletas",
        }
        for day in range(1, 13)
    ]
    feedback.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    imported = run(["import", "feedback", str(feedback)], database, tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert imported.stdout.strip() == "imported 12 feedback texts from feedback.jsonl"
    profiles = REPO_ROOT / "data" / "sample" / "profiles.jsonl"
    assert run(["import", "profiles", str(profiles)], database, tmp_path).returncode == 0
    out = tmp_path / "report"
    report = run(
        ["analytics", "run", "--since", "2026-07-01", "--until", "2026-11-21", "--out", str(out)],
        database,
        tmp_path,
    )
    assert report.returncode == 0, report.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert set(summary) == SUMMARY_KEYS
    assert summary["period"] == {"since": "2026-07-01", "until": "2026-11-21"}
    assert summary["feedback"] == 12
    assert summary["people"] == 60
    # The sample has 41 informal and 6 formal workers: fewer than k=10 formal, so the rate
    # (which would give those 6 back) is withheld; 35 of 51 are poor, 16 not.
    assert summary["informal_rate"] is None
    assert summary["poverty_rate"] == round(35 / 51, 4)
    html = (out / "report.html").read_text()
    # 60 people leave no group of k=10 with a rate to plot (tests/analytics checks plots).
    assert "Informalidad y pobreza" in html
    assert "No se publica el odds ratio" in html  # 6 formal workers: a 2x2 cell below k


def test_bad_feedback_and_kb_lines_are_reported_by_line(database: Database, tmp_path: Path) -> None:
    feedback = tmp_path / "f.jsonl"
    feedback.write_text('{"ts": "2026-10-01", "user": "u", "text": "ok"}\n{"ts": "ayer"}\n')
    result = run(["import", "feedback", str(feedback)], database, tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("chaski: f.jsonl:2: ts:")
    kb = tmp_path / "kb.jsonl"
    kb.write_text('{"id": "x-es", "lang": "es", "question": "q"}\n')
    result = run(["import", "kb", str(kb)], database, tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("chaski: kb.jsonl:1:")
