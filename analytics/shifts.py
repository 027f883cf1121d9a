"""Shift detection: did the share of feedback about an aspect, with a sentiment, change?

One series per (product, or ``*`` for all products) x aspect x sentiment (``neg``
complaints and ``pos`` praise): per Lima week, ``n`` feedback rows about the product and
``x`` of them with that sentiment mentioning that aspect.

For each series every candidate start week ``t`` with at least 4 weeks with feedback and
30 rows on each side (and at least 5 expected hits and misses on each side, so the normal
approximation holds) gets a pooled two-proportion z-test of weeks ``[t, end]`` against
``[start, t)``. The best ``t`` (largest |z|) is kept and its p-value multiplied by the number
of candidates (Bonferroni over the scan, so choosing the best week does not inflate false
alarms). Across all series, Benjamini-Hochberg keeps the false-discovery rate at 5%.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from analytics.feedback_counts import FeedbackCounts
from analytics.rows import Row
from analytics.stats import benjamini_hochberg, bh_adjusted, normal_two_sided_p, significant

ALL = "*"
SENTIMENTS = ("neg", "pos")
ALPHA = 0.05
MIN_WEEKS = 4
MIN_ROWS = 30
MIN_EXPECTED = 5.0
SMALLEST_P = 1e-300

Counts = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Series:
    product: str
    aspect: str
    sentiment: str
    n: Counts
    x: Counts


@dataclass(frozen=True)
class Split:
    index: int
    before: float
    after: float
    n_before: int
    n_after: int
    z: float
    p_value: float  # already adjusted for the number of candidate weeks


@dataclass(frozen=True)
class Shift:
    series: Series
    split: Split
    start_week: date
    q_value: float

    @property
    def effect(self) -> float:
        return round(self.split.after - self.split.before, 3)

    @property
    def direction(self) -> str:
        return "up" if self.split.after > self.split.before else "down"

    def summary(self) -> dict[str, str | float]:
        """The CONTRACT's shift object."""
        return {
            "product": self.series.product,
            "aspect": self.series.aspect,
            "sentiment": self.series.sentiment,
            "direction": self.direction,
            "start_week": self.start_week.isoformat(),
            "effect": self.effect,
            "p_value": significant(self.split.p_value),
        }

    def row(self) -> Row:
        return {
            **self.summary(),
            "share_before": round(self.split.before, 4),
            "share_after": round(self.split.after, 4),
            "feedback_before": self.split.n_before,
            "feedback_after": self.split.n_after,
            "z": round(self.split.z, 2),
            "q_value": significant(self.q_value),
        }


def build_series(counts: FeedbackCounts) -> list[Series]:
    weeks = {week: i for i, week in enumerate(counts.weeks)}
    width = len(weeks)
    products = [p for p in counts.products() if p is not None]
    labels = [ALL, *products]
    n = {label: np.zeros(width, dtype=np.int64) for label in labels}
    for (week, product, _sentiment), value in counts.volume.items():
        if week in weeks:
            n[ALL][weeks[week]] += value
            if product is not None:
                n[product][weeks[week]] += value
    x: dict[tuple[str, str, str], Counts] = {}
    for (week, product, sentiment, aspect), value in counts.aspects.items():
        if sentiment not in SENTIMENTS or week not in weeks:
            continue
        for label in (ALL, product) if product is not None else (ALL,):
            key = (label, aspect, sentiment)
            if key not in x:
                x[key] = np.zeros(width, dtype=np.int64)
            x[key][weeks[week]] += value
    return [
        Series(label, aspect, sentiment, n[label], hits)
        for (label, aspect, sentiment), hits in sorted(x.items())
    ]


def best_split(series: Series) -> Split | None:
    n, x = series.n.astype(np.float64), series.x.astype(np.float64)
    total_n, total_x = float(n.sum()), float(x.sum())
    if total_n <= 0 or total_x <= 0 or total_x >= total_n:
        return None
    pooled = total_x / total_n
    n_before = np.cumsum(n)[:-1]  # weeks [0, t) for t = 1 .. W-1
    x_before = np.cumsum(x)[:-1]
    weeks_before = np.cumsum(series.n > 0)[:-1]
    n_after, x_after = total_n - n_before, total_x - x_before
    weeks_after = int((series.n > 0).sum()) - weeks_before
    rarer = min(pooled, 1 - pooled)
    valid = (
        (weeks_before >= MIN_WEEKS)
        & (weeks_after >= MIN_WEEKS)
        & (n_before >= MIN_ROWS)
        & (n_after >= MIN_ROWS)
        & (n_before * rarer >= MIN_EXPECTED)
        & (n_after * rarer >= MIN_EXPECTED)
    )
    candidates = int(valid.sum())
    if candidates == 0:
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        p_before = x_before / n_before
        p_after = x_after / n_after
        z = (p_after - p_before) / np.sqrt(pooled * (1 - pooled) * (1 / n_before + 1 / n_after))
    t = int(np.argmax(np.where(valid, np.abs(np.nan_to_num(z)), -1.0)))  # best valid week
    p_value = min(1.0, normal_two_sided_p(float(z[t])) * candidates)
    return Split(
        index=t + 1,
        before=float(p_before[t]),
        after=float(p_after[t]),
        n_before=int(n_before[t]),
        n_after=int(n_after[t]),
        z=float(z[t]),
        p_value=max(p_value, SMALLEST_P),
    )


def detect_shifts(
    weeks: Sequence[date], series: Sequence[Series], alpha: float = ALPHA
) -> tuple[list[Shift], int]:
    """The shifts Benjamini-Hochberg keeps, strongest first, and how many series were tested."""
    tested: list[tuple[Series, Split]] = []
    for one in series:
        split = best_split(one)
        if split is not None:
            tested.append((one, split))
    p_values = [split.p_value for _, split in tested]
    keep = benjamini_hochberg(p_values, alpha)
    q_values = bh_adjusted(p_values)
    shifts = [
        Shift(one, split, weeks[split.index], q)
        for (one, split), kept, q in zip(tested, keep, q_values, strict=True)
        if kept and not math.isnan(split.z)
    ]
    shifts.sort(key=lambda s: (s.split.p_value, -abs(s.effect), s.series.product, s.series.aspect))
    return shifts, len(tested)
