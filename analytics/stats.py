"""Small, exact statistics used by every job: intervals, tests and multiple-testing control.

Everything here is plain arithmetic (``math``/``numpy``) so it is easy to check by hand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal


def normal_two_sided_p(z: float) -> float:
    """P(|Z| >= |z|) for a standard normal Z."""
    return math.erfc(abs(z) / math.sqrt(2.0))


def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float] | None:
    """Wilson score interval for a proportion (good even near 0 or 1 and for small n)."""
    if total <= 0:
        return None
    p = successes / total
    denom = 1.0 + z * z / total
    centre = (p + z * z / (2 * total)) / denom
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(successes: int, total: int) -> float | None:
    return successes / total if total > 0 else None


@dataclass(frozen=True)
class OddsRatio:
    value: float
    low: float
    high: float
    corrected: bool  # 0.5 added to every cell because one was empty (Haldane-Anscombe)


def odds_ratio_2x2(
    exposed_yes: int, exposed_no: int, unexposed_yes: int, unexposed_no: int
) -> OddsRatio | None:
    """The plain cross-product odds ratio with Woolf's 95% interval."""
    cells = [exposed_yes, exposed_no, unexposed_yes, unexposed_no]
    if exposed_yes + exposed_no == 0 or unexposed_yes + unexposed_no == 0:
        return None
    if exposed_yes + unexposed_yes == 0 or exposed_no + unexposed_no == 0:
        return None
    corrected = min(cells) == 0
    a, b, c, d = (cell + 0.5 if corrected else float(cell) for cell in cells)
    log_or = math.log(a * d / (b * c))
    se = math.sqrt(1 / a + 1 / b + 1 / c + 1 / d)
    return OddsRatio(
        math.exp(log_or), math.exp(log_or - Z95 * se), math.exp(log_or + Z95 * se), corrected
    )


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> float | None:
    """Pooled two-proportion z statistic of p2 - p1 (None when it is undefined)."""
    if n1 <= 0 or n2 <= 0:
        return None
    pooled = (x1 + x2) / (n1 + n2)
    variance = pooled * (1 - pooled) * (1 / n1 + 1 / n2)
    if variance <= 0:
        return None
    return (x2 / n2 - x1 / n1) / math.sqrt(variance)


def benjamini_hochberg(p_values: Sequence[float], alpha: float = 0.05) -> list[bool]:
    """Which hypotheses the Benjamini-Hochberg step-up procedure rejects at FDR ``alpha``."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    cutoff = -1
    for rank, index in enumerate(order, start=1):
        if p_values[index] <= alpha * rank / m:
            cutoff = rank
    rejected = [False] * m
    for rank, index in enumerate(order, start=1):
        if rank <= cutoff:
            rejected[index] = True
    return rejected


def bh_adjusted(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in input order."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i], reverse=True)
    adjusted = [1.0] * m
    running = 1.0
    for position, index in enumerate(order):
        rank = m - position
        running = min(running, p_values[index] * m / rank)
        adjusted[index] = min(1.0, running)
    return adjusted


def significant(p: float) -> float:
    """A p-value kept to three significant digits (tiny values stay visible)."""
    return float(f"{p:.3g}")
