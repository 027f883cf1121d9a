"""``run_analytics`` end to end on synthetic data with known truths, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from analytics.run import RunResult, run_analytics
from analytics.synthetic import SyntheticSpec, Truth, insert_synthetic
from bot.store.db import Database
from bot.store.tables import Person
from tests.analytics.helpers import add_feedback, at

TODAY = date(2026, 11, 21)
XSS = "<script>alert(1)</script>"
SHIFT_KEYS = {"product", "aspect", "sentiment", "direction", "start_week", "effect", "p_value"}


def _run(database: Database, truth: Truth, out: Path) -> RunResult:
    return run_analytics(database, since=truth.since, until=truth.until, out_dir=out, today=TODAY)


def _check_summary_shape(summary: dict[str, Any]) -> None:
    assert list(summary) == [
        "period",
        "people",
        "informal_rate",
        "poverty_rate",
        "informal_poverty_odds_ratio",
        "feedback",
        "shifts",
    ]
    assert set(summary["period"]) == {"since", "until"}
    date.fromisoformat(summary["period"]["since"])
    date.fromisoformat(summary["period"]["until"])
    assert isinstance(summary["people"], int)
    assert isinstance(summary["feedback"], int)
    for key in ("informal_rate", "poverty_rate"):
        assert summary[key] is None or (isinstance(summary[key], float) and 0 <= summary[key] <= 1)
        assert summary[key] is None or round(summary[key], 4) == summary[key]
    odds = summary["informal_poverty_odds_ratio"]
    assert odds is None or isinstance(odds, float)
    for shift in summary["shifts"]:
        assert set(shift) == SHIFT_KEYS
        assert date.fromisoformat(shift["start_week"]).weekday() == 0  # a Monday
        assert shift["direction"] in ("up", "down")
        assert (shift["effect"] > 0) == (shift["direction"] == "up")
        assert round(shift["effect"], 3) == shift["effect"]
        assert isinstance(shift["p_value"], float)
        assert 0 <= shift["p_value"] < 0.05


def _check_rates(result: RunResult, truth: Truth, spec: SyntheticSpec) -> None:
    """The SQL classification equals the generator's, and both are near the targets."""
    summary = result.summary
    assert truth.realized_informal_rate is not None
    assert truth.realized_poverty_rate is not None
    assert summary["informal_rate"] == round(truth.realized_informal_rate, 4)
    assert abs(summary["informal_rate"] - spec.informal_rate) <= 0.03
    assert summary["poverty_rate"] == round(truth.realized_poverty_rate, 4)
    odds = result.tables["informal_poverty_odds_ratio"]
    informal = next(r for r in odds if r["model"] == "logit" and r["term"] == "informal")
    assert informal["controls"] == "age_band, education, language"
    assert informal["ci_low"] <= spec.odds_ratio <= informal["ci_high"]
    assert summary["informal_poverty_odds_ratio"] == informal["odds_ratio"]
    assert informal["odds_ratio"] > 1
    crude = next(r for r in odds if r["model"] == "2x2")
    assert truth.realized_odds_ratio is not None
    assert crude["odds_ratio"] == round(truth.realized_odds_ratio, 4)


def _check_shift(summary: dict[str, Any], truth: Truth) -> None:
    """The injected shift is found; products nobody touched show none."""
    assert truth.shift_start is not None
    assert truth.shift_effect is not None
    target = ("galletas de quinua", "dulzor", "neg")
    found = [s for s in summary["shifts"] if (s["product"], s["aspect"], s["sentiment"]) == target]
    assert len(found) == 1
    shift = found[0]
    assert shift["direction"] == "up"
    assert abs(date.fromisoformat(shift["start_week"]) - truth.shift_start) <= timedelta(weeks=1)
    assert abs(shift["effect"] - truth.shift_effect) <= 0.08
    assert {s["product"] for s in summary["shifts"]} <= {"galletas de quinua", "*"}


def _check_privacy(result: RunResult, database: Database, out: Path) -> None:
    """Small groups suppressed and counted; one CSV and JSON per table; no person id."""
    region = {r["group"]: r for r in result.tables["poverty_by_region"]}
    assert region["Madre de Dios"]["suppressed"] is True
    assert region["Madre de Dios"]["people"] is None
    assert region["Madre de Dios"]["informal_rate"] is None
    assert region["Lima"]["suppressed"] is False
    counts = {r["table"]: r for r in result.tables["suppression"]}
    assert counts["poverty_by_region"]["suppressed_rows"] >= 1
    for name in result.tables:
        assert (out / f"{name}.csv").is_file()
        assert (out / f"{name}.json").is_file()
    with database.session() as session:
        person_ids = session.scalars(select(Person.id).limit(50)).all()
    written = "".join(path.read_text(encoding="utf-8") for path in out.iterdir())
    assert not any(pid in written for pid in person_ids)


def _check_page(out: Path) -> None:
    """report.html: self-contained, with inline plots, data escaped."""
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "http://" not in page
    assert "https://" not in page
    assert not re.search(r"<(script|link)\b", page, re.IGNORECASE)
    assert page.count('<img src="data:image/png;base64,') >= 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Método y definiciones" in page
    assert "la informalidad es mayor entre" in page


def test_recovers_known_truths_and_writes_a_safe_report(database: Database, tmp_path: Path) -> None:
    spec = SyntheticSpec(profiles=3000, feedback=20000, small_regions=(("Madre de Dios", 5),))
    truth = insert_synthetic(database, spec)
    moment = at("2026-10-01T15:00:00-05:00")
    add_feedback(
        database,
        *({"product": XSS, "external_user": f"x{i % 12}", "created_at": moment} for i in range(40)),
    )
    out = tmp_path / "out"
    result = _run(database, truth, out)
    summary = result.summary
    _check_summary_shape(summary)
    assert json.loads((out / "summary.json").read_text()) == summary
    assert summary["period"] == {"since": "2026-06-29", "until": "2026-11-15"}
    assert summary["people"] == truth.profiles == 3005
    assert summary["feedback"] == truth.feedback + 40
    _check_rates(result, truth, spec)
    _check_shift(summary, truth)
    _check_privacy(result, database, out)
    jobs = next(r for r in result.tables["funnel_overall"] if r["kind"] == "jobs")
    assert jobs["shown"] >= jobs["details"] >= jobs["interested"] >= jobs["applied"] > 0
    assert result.tables["demanded_skills"]
    _check_page(out)


def test_no_shift_is_reported_without_one(database: Database, tmp_path: Path) -> None:
    spec = SyntheticSpec(profiles=300, feedback=20000, shift=None, seed=7, with_events=0)
    truth = insert_synthetic(database, spec)
    result = _run(database, truth, tmp_path / "out")
    _check_summary_shape(result.summary)
    assert result.summary["feedback"] == 20000
    assert result.summary["shifts"] == []
    assert result.tables["feedback_shifts"] == []


def test_defaults_cover_the_last_120_days_or_the_data(database: Database, tmp_path: Path) -> None:
    add_feedback(database, {"created_at": at("2026-10-01T10:00:00-05:00"), "product": "chifles"})
    first = run_analytics(database, since=None, until=None, out_dir=tmp_path / "a", today=TODAY)
    assert first.summary["period"] == {"since": "2026-10-01", "until": "2026-11-21"}
    add_feedback(database, {"created_at": at("2026-01-05T10:00:00-05:00"), "product": "chifles"})
    second = run_analytics(database, since=None, until=None, out_dir=tmp_path / "b", today=TODAY)
    assert second.summary["period"] == {"since": "2026-07-24", "until": "2026-11-21"}
    assert second.summary["feedback"] == 1
    assert second.summary["informal_rate"] is None
    assert second.summary["informal_poverty_odds_ratio"] is None
