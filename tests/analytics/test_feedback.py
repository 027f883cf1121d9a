"""Feedback counting (Lima weeks, JSON aspects) and the shift detector's error rates."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np

from analytics.feedback_counts import count_feedback
from analytics.feedback_trends import analyse_feedback, load_categories
from analytics.period import Period
from analytics.shifts import Series, best_split, detect_shifts
from analytics.terms import Corpus, log_odds, tokens
from bot.store.db import Database
from tests.analytics.helpers import add_feedback, at

PERIOD = Period(date(2026, 9, 1), date(2026, 9, 20))


def test_weeks_are_lima_weeks_starting_on_monday(database: Database) -> None:
    add_feedback(
        database,
        # Sunday 13 Sep, 23:30 in Lima (already Monday in UTC): the week of 7 Sep
        {"created_at": at("2026-09-14T04:30:00+00:00"), "product": "chifles",
         "aspects": ["precio"], "sentiment": "neg"},
        # Monday 14 Sep, 00:30 in Lima
        {"created_at": at("2026-09-14T05:30:00+00:00"), "product": "chifles",
         "aspects": ["precio", "sal"], "sentiment": "neg"},
        # Sunday 20 Sep 23:59 in Lima is inside; Monday 21 Sep 00:00 is not
        {"created_at": at("2026-09-20T23:59:00-05:00"), "product": None, "aspects": None},
        {"created_at": at("2026-09-21T00:00:00-05:00"), "product": "chifles"},
        # before the period
        {"created_at": at("2026-08-31T23:59:00-05:00"), "product": "chifles"},
        {"created_at": at("2026-09-02T10:00:00-05:00"), "product": "chifles", "aspects": []},
    )  # fmt: skip
    with database.session() as session:
        counts = count_feedback(session, PERIOD)
    sep7, sep14 = date(2026, 9, 7), date(2026, 9, 14)
    assert counts.weeks == [date(2026, 8, 31), sep7, sep14]
    assert counts.total == 4
    assert counts.volume == {
        (date(2026, 8, 31), "chifles", "pos"): 1,
        (sep7, "chifles", "neg"): 1,
        (sep14, "chifles", "neg"): 1,
        (sep14, None, "pos"): 1,
    }
    assert counts.aspects == {
        (sep7, "chifles", "neg", "precio"): 1,
        (sep14, "chifles", "neg", "precio"): 1,
        (sep14, "chifles", "neg", "sal"): 1,
    }
    assert counts.people_all == 4  # rows without a person or user count one each


def test_categories_and_small_groups(database: Database, tmp_path: Path) -> None:
    products = tmp_path / "products.csv"
    products.write_text("product,category,synonyms\nchifles,snacks,chifle;chifles de plátano\n")
    assert load_categories(products)["chifles de platano"] == "snacks"
    add_feedback(
        database,
        *({"created_at": at("2026-09-10T10:00:00-05:00"), "product": "chifles",
           "external_user": f"u{i}"} for i in range(12)),
        *({"created_at": at("2026-09-10T10:00:00-05:00"), "product": "miel",
           "external_user": "u1"} for _ in range(30)),
    )  # fmt: skip
    with database.session() as session:
        result = analyse_feedback(session, PERIOD, k=10, products_csv=products)
    by_product = {row["product"]: row for row in result.tables["feedback_by_product"]}
    assert by_product["chifles"]["people"] == 12
    assert by_product["miel"]["people"] == 1  # suppressed later, by the run
    weekly = result.tables["feedback_weekly_by_category"]
    assert {row["category"] for row in weekly} == {"snacks", "(sin categoría)"}


def _series(rng: np.random.Generator, p_before: float, p_after: float, start: int) -> Series:
    n = rng.poisson(120, size=20).astype(np.int64)
    p = np.where(np.arange(20) >= start, p_after, p_before)
    return Series("x", "dulzor", "neg", n, rng.binomial(n, p).astype(np.int64))


def test_detector_finds_a_shift_at_its_week() -> None:
    rng = np.random.default_rng(1)
    weeks = [date(2026, 6, 29) + timedelta(weeks=i) for i in range(20)]
    shifts, tested = detect_shifts(weeks, [_series(rng, 0.10, 0.35, 11)])
    assert tested == 1
    assert len(shifts) == 1
    assert shifts[0].start_week == weeks[11]
    assert shifts[0].direction == "up"
    assert abs(shifts[0].effect - 0.25) < 0.05


def test_detector_keeps_false_alarms_rare() -> None:
    """200 runs of 60 stationary series each: false alarms in at most 5% of the runs."""
    rng = np.random.default_rng(2026)
    weeks = [date(2026, 6, 29) + timedelta(weeks=i) for i in range(20)]
    alarms = 0
    for _ in range(200):
        series = [_series(rng, p, p, 0) for p in rng.uniform(0.01, 0.4, size=60)]
        shifts, _ = detect_shifts(weeks, series)
        alarms += bool(shifts)
    assert alarms <= 10


def test_detector_needs_enough_data_on_both_sides() -> None:
    n = np.array([40, 40, 40, 40, 40, 40, 40], dtype=np.int64)
    x = np.array([4, 4, 4, 20, 20, 20, 20], dtype=np.int64)
    assert best_split(Series("x", "a", "neg", n, x)) is None  # 3 weeks before: too few
    n = np.array([2] * 20, dtype=np.int64)
    assert best_split(Series("x", "a", "neg", n, n // 2)) is None  # never 30 rows a side
    n = np.array([5] * 20, dtype=np.int64)
    flat = best_split(Series("x", "a", "neg", n, n // 5))  # 30+ rows a side from week 6
    assert flat is not None
    assert flat.n_before >= 30
    assert flat.n_after >= 30
    assert flat.p_value == 1.0


def test_emerging_terms_rise_recently_and_need_k_people() -> None:
    assert tokens("Muy EMPALAGOSA, le sobra azúcar: llama al 987654321") == [
        "empalagosa",
        "sobra",
        "azucar",
        "llama",
    ]
    recent, before = Corpus(), Corpus()
    for i in range(40):
        recent.add("muy empalagosa la galleta", f"p{i}", people_cap=10)
        before.add("rica la galleta", f"p{i}", people_cap=10)
    recent.add("Rosa Quispe llamó", "p1", people_cap=10)
    rows = log_odds(recent, before, k=10)
    assert [row["term"] for row in rows] == ["empalagosa"]
    assert rows[0]["recent_count"] == 40
    assert rows[0]["before_count"] == 0


def test_emerging_terms_of_a_one_word_vocabulary_are_none() -> None:
    recent, before = Corpus(), Corpus()
    for i in range(12):
        recent.add("rico", f"p{i}", people_cap=10)
        before.add("rico rico", f"q{i}", people_cap=0)
    assert log_odds(recent, before, k=10) == []
