"""No figure of fewer than k people leaves a run: not in a table, the summary, a caption or
the database (known leaks: the 2x2 odds ratio with a small cell, captions quoting suppressed
groups, shifts of a product few people wrote about). Both backends."""

from __future__ import annotations

import html
import json
import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from analytics.captions import highest_lowest
from analytics.run import RunResult, run_analytics
from analytics.runs import latest_run, read_table
from bot.store.db import Database
from tests.analytics.helpers import add_feedback, add_profiles, at

TODAY = date(2026, 11, 21)
SINCE, UNTIL = date(2026, 8, 3), date(2026, 9, 27)  # eight Lima weeks, Monday to Sunday
INSIDE = at("2026-09-10T12:00:00-05:00")
POOR = {"monthly_income": 300, "household_size": 2}  # S/ 150 a head: below the line
NOT_POOR = {"monthly_income": 3000, "household_size": 2}
INFORMAL = {"occupation_status": "independiente", "has_ruc": False}
FORMAL = {"occupation_status": "independiente", "has_ruc": True}


def _run(database: Database, out: Path) -> RunResult:
    return run_analytics(database, since=SINCE, until=UNTIL, out_dir=out, today=TODAY)


def _paragraphs(out: Path) -> str:
    page = (out / "report.html").read_text(encoding="utf-8")
    return html.unescape(" ".join(re.findall(r"<p[^>]*>(.*?)</p>", page)))


def _profiles(database: Database, n: int, **answers: Any) -> None:
    if n:
        add_profiles(database, INSIDE, *({**answers} for _ in range(n)))


@pytest.mark.parametrize("formal_poor", [3, 12])
def test_the_odds_ratio_is_withheld_while_a_2x2_cell_is_below_k(
    database: Database, tmp_path: Path, formal_poor: int
) -> None:
    _profiles(database, 30, **INFORMAL, **POOR)
    _profiles(database, 25, **INFORMAL, **NOT_POOR)
    _profiles(database, formal_poor, **FORMAL, **POOR)
    _profiles(database, 20, **FORMAL, **NOT_POOR)
    out = tmp_path / "out"
    result = _run(database, out)
    withheld = formal_poor < 10
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    odds = json.loads((out / "informal_poverty_odds_ratio.json").read_text(encoding="utf-8"))
    crosstab = {r["employment"]: r for r in result.tables["informal_poverty_crosstab"]}
    text = _paragraphs(out)
    if not withheld:
        assert isinstance(summary["informal_poverty_odds_ratio"], float)
        assert all(isinstance(row["odds_ratio"], float) for row in odds)
        assert crosstab["formal"]["poor"] == formal_poor
        assert "No se publica el odds ratio" not in text
        return
    assert summary["informal_poverty_odds_ratio"] is None
    assert summary == result.summary
    assert {row["model"] for row in odds} == {"2x2", "logit"}
    for row in odds:
        assert row["suppressed"] is True
        assert all(row[c] is None for c in ("odds_ratio", "ci_low", "ci_high", "p_value"))
    csv_rows = (out / "informal_poverty_odds_ratio.csv").read_text().splitlines()[1:]
    assert not any(re.search(r"\d", line.split(",", 1)[1]) for line in csv_rows)  # after "2x2"
    formal = crosstab["formal"]
    assert formal["people"] == formal_poor + 20
    assert (formal["poor"], formal["not_poor"], formal["poverty_rate"]) == (None, None, None)
    assert (crosstab["informal"]["poor"], crosstab["informal"]["not_poor"]) == (30, 25)
    assert "No se publica el odds ratio" in text
    assert "menos de 10 personas" in text
    assert "veces las chances" not in text
    assert "Odds ratio simple" not in text
    with database.session() as session:
        stored = latest_run(session)
        assert stored is not None
        assert stored.summary["informal_poverty_odds_ratio"] is None
        table = read_table(session, stored.report_id, "informal_poverty_odds_ratio")
    assert table is not None
    assert table.rows == odds


def test_captions_cite_only_groups_the_tables_show(database: Database, tmp_path: Path) -> None:
    regions = {  # region: (informal, formal)
        "Lima": (20, 20),  # 50 %
        "Piura": (25, 10),  # 71.4 %
        "Cusco": (10, 20),  # shown by itself, hidden so Ucayali cannot be worked back
        "Tacna": (28, 2),  # 93.3 %: only 2 formal, so the rate is withheld
        "Ucayali": (4, 0),  # 100 %, 4 people: suppressed
    }
    for region, (informal, formal) in regions.items():
        _profiles(database, informal, region=region, **INFORMAL)
        _profiles(database, formal, region=region, **FORMAL)
    out = tmp_path / "out"
    result = _run(database, out)
    shown = {r["group"]: r for r in result.tables["poverty_by_region"]}
    assert [g for g, r in shown.items() if r["suppressed"]] == ["Cusco", "Ucayali"]
    assert shown["Tacna"]["informal_rate"] is None
    assert shown["Tacna"]["informal"] is None
    text = _paragraphs(out)
    assert "mayor entre Piura (71,4 %) y menor entre Lima (50,0 %)" in text
    for hidden in ("Ucayali", "Tacna", "Cusco", "100,0 %", "93,3 %", "33,3 %"):
        assert hidden not in text


def test_highest_lowest_ignores_suppressed_rows_even_with_numbers_left() -> None:
    rows = [
        {"group": "Lima", "informal_rate": 0.5, "employed_with_answers": 40, "suppressed": False},
        {"group": "Piura", "informal_rate": 0.7, "employed_with_answers": 35, "suppressed": False},
        {"group": "Ucayali", "informal_rate": 1.0, "employed_with_answers": 4, "suppressed": True},
        {"group": "Tacna", "informal_rate": 0.0, "employed_with_answers": 30},  # no flag
    ]
    sentence = highest_lowest(rows, "informal_rate", "informalidad", "region")
    assert sentence is not None
    assert "Piura" in sentence
    assert "Lima" in sentence
    assert "Ucayali" not in sentence
    assert "Tacna" not in sentence


def test_fewer_than_k_people_in_all_give_no_rates(database: Database, tmp_path: Path) -> None:
    _profiles(database, 6, **INFORMAL, **POOR)
    out = tmp_path / "out"
    result = _run(database, out)
    assert result.summary["people"] == 6
    assert result.summary["informal_rate"] is None
    assert result.summary["poverty_rate"] is None
    assert result.summary["informal_poverty_odds_ratio"] is None
    text = _paragraphs(out)
    assert "Son menos de 10 personas: no se publican tasas ni cruces." in text
    assert "100,0 %" not in text


def _chifles(weeks: range, people: int, *, late: bool) -> list[dict[str, Any]]:
    """20 chifles opinions a week from ``people`` people: praise of the taste, or (late)
    complaints about sweetness."""
    rows = []
    for week in weeks:
        monday = at("2026-08-03T10:00:00-05:00") + timedelta(weeks=week)
        rows += [
            {
                "product": "chifles",
                "external_user": f"{'late' if late else 'early'}{i % people}",
                "sentiment": "neg" if late else "pos",
                "aspects": ["dulzor"] if late else ["sabor"],
                "created_at": monday + timedelta(hours=i),
            }
            for i in range(20)
        ]
    return rows


@pytest.mark.parametrize(("early", "late"), [(3, 3), (12, 12), (30, 4), (30, 12)])
def test_a_shift_is_reported_only_when_each_side_has_k_people(
    database: Database, tmp_path: Path, early: int, late: int
) -> None:
    """Eight weeks of chifles feedback turning from praise of the taste to complaints about
    sweetness at week 5: a clear shift, but each side describes only its own people."""
    add_feedback(database, *_chifles(range(4), early, late=False))
    add_feedback(database, *_chifles(range(4, 8), late, late=True))
    result = _run(database, tmp_path / "out")
    found = {(s["product"], s["aspect"], s["sentiment"]) for s in result.summary["shifts"]}
    if min(early, late) >= 10:
        assert ("chifles", "dulzor", "neg") in found
        return
    assert found == set()
    assert result.tables["feedback_shifts"] == []
    assert "chifles" not in _paragraphs(tmp_path / "out")
