"""Feedback trends: weekly volume, sentiment shares and aspect shares by product (and by
category when ``data/feedback/products.csv`` maps products to categories), detected shifts
and emerging terms.

Weeks start on Monday (Lima time). A share is over all feedback rows about the product in
the week; ``*`` is every product together (feedback without a product included).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from sqlalchemy.orm import Session

from analytics.errors import AnalyticsError
from analytics.feedback_counts import FeedbackCounts, Product, count_feedback, people_between
from analytics.period import PERU, Period
from analytics.rows import Row, round_or_none
from analytics.shifts import ALL, Series, Shift, build_series, detect_shifts
from analytics.suppression import Rule
from analytics.terms import emerging_terms
from bot.settings import REPO_ROOT
from bot.text import fold

DEFAULT_PRODUCTS = REPO_ROOT / "data" / "feedback" / "products.csv"
NO_PRODUCT = "(sin producto)"
NO_CATEGORY = "(sin categoría)"
SENTIMENTS = ("pos", "neg", "neu")

WEEKLY_RULE = Rule(count="people", labels=("week", "product"))
CATEGORY_RULE = Rule(count="people", labels=("week", "category"))
ASPECT_RULE = Rule(count="people", labels=("week", "product", "aspect"))
ASPECT_CATEGORY_RULE = Rule(count="people", labels=("week", "category", "aspect"))
PRODUCT_RULE = Rule(count="people", labels=("product",))
PERIOD_ASPECT_RULE = Rule(count="people", labels=("product", "aspect"))


def load_categories(path: Path | None) -> dict[str, str]:
    """Folded product name or synonym → category; empty when the file is absent."""
    if path is None or not path.exists():
        return {}
    mapping: dict[str, str] = {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for record in csv.DictReader(handle):
                product = (record.get("product") or "").strip()
                category = (record.get("category") or "").strip()
                if not product or not category:
                    continue
                for name in [product, *(record.get("synonyms") or "").split(";")]:
                    if name.strip():
                        mapping[fold(name)] = category
    except (OSError, csv.Error) as exc:
        raise AnalyticsError(f"cannot read product categories {path}: {exc}") from exc
    return mapping


def _label(product: Product) -> str:
    return NO_PRODUCT if product is None else product


@dataclass(frozen=True)
class Grouping:
    """How products are put together: by product (``*`` too) or by category."""

    column: str
    groups: Callable[[Product], Iterable[str]]
    people: Callable[[date, str], int]


def _by_product(counts: FeedbackCounts) -> Grouping:
    def groups(product: Product) -> tuple[str, ...]:
        return (ALL, _label(product))

    def people(week: date, group: str) -> int:
        if group == ALL:
            return counts.people_week.get(week, 0)
        product = None if group == NO_PRODUCT else group
        return counts.people.get((week, product), 0)

    return Grouping("product", groups, people)


def _by_category(counts: FeedbackCounts, categories: dict[str, str]) -> Grouping:
    def category(product: Product) -> str:
        return categories.get(fold(product), NO_CATEGORY) if product else NO_CATEGORY

    def groups(product: Product) -> tuple[str, ...]:
        return (category(product),)

    def people(week: date, group: str) -> int:
        # The largest product in the category: a lower bound, so suppression errs safe.
        return max(
            (n for (w, p), n in counts.people.items() if w == week and category(p) == group),
            default=0,
        )

    return Grouping("category", groups, people)


def weekly_rows(counts: FeedbackCounts, grouping: Grouping) -> list[Row]:
    tally: dict[tuple[date, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (week, product, sentiment), n in counts.volume.items():
        for group in grouping.groups(product):
            cell = tally[week, group]
            cell["feedback"] += n
            cell[sentiment or "unlabelled"] += n
    rows: list[Row] = []
    for (week, group), cell in sorted(
        tally.items(), key=lambda kv: (kv[0][0], kv[0][1] != ALL, kv[0][1])
    ):
        total = cell["feedback"]
        row: Row = {
            "week": week.isoformat(),
            grouping.column: group,
            "people": grouping.people(week, group),
            "feedback": total,
        }
        for sentiment in SENTIMENTS:
            row[sentiment] = cell[sentiment]
        row["unlabelled"] = cell["unlabelled"]
        for sentiment in SENTIMENTS:
            row[f"share_{sentiment}"] = round_or_none(cell[sentiment] / total if total else None)
        rows.append(row)
    return rows


def aspect_rows(counts: FeedbackCounts, grouping: Grouping) -> list[Row]:
    volume: dict[tuple[date, str], int] = defaultdict(int)
    for (week, product, _sentiment), n in counts.volume.items():
        for group in grouping.groups(product):
            volume[week, group] += n
    tally: dict[tuple[date, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (week, product, sentiment, aspect), n in counts.aspects.items():
        for group in grouping.groups(product):
            cell = tally[week, group, aspect]
            cell["mentions"] += n
            cell[sentiment or "unlabelled"] += n
    rows: list[Row] = []
    for (week, group, aspect), cell in sorted(
        tally.items(), key=lambda kv: (kv[0][0], kv[0][1] != ALL, kv[0][1], kv[0][2])
    ):
        total = volume[week, group]
        row: Row = {
            "week": week.isoformat(),
            grouping.column: group,
            "aspect": aspect,
            "people": grouping.people(week, group),
            "feedback": total,
            "mentions": cell["mentions"],
            "share": round_or_none(cell["mentions"] / total if total else None),
        }
        for sentiment in ("neg", "pos"):
            row[sentiment] = cell[sentiment]
            row[f"share_{sentiment}"] = round_or_none(cell[sentiment] / total if total else None)
        rows.append(row)
    return rows


def product_rows(counts: FeedbackCounts) -> list[Row]:
    """Feedback and sentiment shares per product over the whole period (``*`` first)."""
    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_week, product, sentiment), n in counts.volume.items():
        for group in (ALL, _label(product)):
            tally[group]["feedback"] += n
            tally[group][sentiment or "unlabelled"] += n
    rows: list[Row] = []
    for group, cell in sorted(
        tally.items(), key=lambda kv: (kv[0] != ALL, -kv[1]["feedback"], kv[0])
    ):
        total = cell["feedback"]
        product = None if group == NO_PRODUCT else group
        row: Row = {
            "product": group,
            "people": counts.people_all if group == ALL else counts.people_product.get(product, 0),
            "feedback": total,
        }
        for sentiment in SENTIMENTS:
            row[f"share_{sentiment}"] = round_or_none(cell[sentiment] / total)
        rows.append(row)
    return rows


def period_aspect_rows(counts: FeedbackCounts) -> list[Row]:
    volume: dict[str, int] = defaultdict(int)
    for (_week, product, _sentiment), n in counts.volume.items():
        volume[ALL] += n
        volume[_label(product)] += n
    tally: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (_week, product, sentiment, aspect), n in counts.aspects.items():
        for group in (ALL, _label(product)):
            tally[group, aspect]["mentions"] += n
            tally[group, aspect][sentiment or "unlabelled"] += n
    rows: list[Row] = []
    for (group, aspect), cell in sorted(
        tally.items(), key=lambda kv: (kv[0][0] != ALL, kv[0][0], -kv[1]["mentions"])
    ):
        total = volume[group]
        product = None if group == NO_PRODUCT else group
        people = counts.people_all if group == ALL else counts.people_product.get(product, 0)
        rows.append(
            {
                "product": group,
                "aspect": aspect,
                "people": people,
                "feedback": total,
                "mentions": cell["mentions"],
                "share": round_or_none(cell["mentions"] / total),
                "neg": cell["neg"],
                "share_neg": round_or_none(cell["neg"] / total),
                "pos": cell["pos"],
                "share_pos": round_or_none(cell["pos"] / total),
            }
        )
    return rows


def series_people(counts: FeedbackCounts, product: str) -> int:
    """Distinct people behind a shift series (every product for ``*``): a series of fewer
    than ``k`` people is neither tested nor reported, since its shares describe them."""
    return counts.people_all if product == ALL else counts.people_product.get(product, 0)


def side_people(session: Session, period: Period, shift: Shift) -> int:
    """The fewer distinct people of the shift's two sides (before and from its start week):
    each side's share describes them, so a side of fewer than k people is not reported."""
    start = max(period.start, datetime.combine(shift.start_week, time(), PERU).astimezone(UTC))
    product = None if shift.series.product == ALL else shift.series.product
    before = people_between(session, period.start, start, product)
    return min(before, people_between(session, start, period.end, product))


@dataclass(frozen=True)
class FeedbackResult:
    total: int
    weeks: list[date]
    shifts: list[Shift]
    series: dict[tuple[str, str, str], Series]
    tested: int
    categories: bool
    tables: dict[str, list[Row]]
    rules: dict[str, Rule]


def analyse_feedback(
    session: Session, period: Period, *, k: int, products_csv: Path | None = DEFAULT_PRODUCTS
) -> FeedbackResult:
    counts = count_feedback(session, period)
    tables: dict[str, list[Row]] = {}
    rules: dict[str, Rule] = {}
    by_product = _by_product(counts)
    tables["feedback_weekly"] = weekly_rows(counts, by_product)
    rules["feedback_weekly"] = WEEKLY_RULE
    tables["feedback_aspects_weekly"] = aspect_rows(counts, by_product)
    rules["feedback_aspects_weekly"] = ASPECT_RULE
    tables["feedback_by_product"] = product_rows(counts)
    rules["feedback_by_product"] = PRODUCT_RULE
    tables["feedback_aspects"] = period_aspect_rows(counts)
    rules["feedback_aspects"] = PERIOD_ASPECT_RULE
    categories = load_categories(products_csv)
    if categories:
        by_category = _by_category(counts, categories)
        tables["feedback_weekly_by_category"] = weekly_rows(counts, by_category)
        rules["feedback_weekly_by_category"] = CATEGORY_RULE
        tables["feedback_aspects_weekly_by_category"] = aspect_rows(counts, by_category)
        rules["feedback_aspects_weekly_by_category"] = ASPECT_CATEGORY_RULE
    series = [s for s in build_series(counts) if series_people(counts, s.product) >= k]
    found, tested = detect_shifts(counts.weeks, series)
    shifts = [shift for shift in found if side_people(session, period, shift) >= k]
    tables["feedback_shifts"] = [shift.row() for shift in shifts]
    tables["emerging_terms"] = emerging_terms(session, period, k)
    return FeedbackResult(
        total=counts.total,
        weeks=counts.weeks,
        shifts=shifts,
        series={(s.product, s.aspect, s.sentiment): s for s in series},
        tested=tested,
        categories=bool(categories),
        tables=tables,
        rules=rules,
    )
