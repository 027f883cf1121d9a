"""The small statistics every job uses, against values worked out by hand."""

from __future__ import annotations

import math

import pytest
from statsmodels.stats.proportion import proportion_confint

from analytics.stats import (
    benjamini_hochberg,
    bh_adjusted,
    normal_two_sided_p,
    odds_ratio_2x2,
    two_proportion_z,
    wilson,
)


def test_wilson_interval() -> None:
    assert wilson(0, 0) is None
    low, high = wilson(0, 10) or (1, 1)
    assert low == 0
    assert high == pytest.approx(0.2775, abs=1e-4)
    for successes, total in ((72, 100), (3, 3), (1, 7), (450, 1000)):
        expected = proportion_confint(successes, total, alpha=0.05, method="wilson")
        assert wilson(successes, total) == pytest.approx(expected, abs=1e-9)


def test_odds_ratio_and_z() -> None:
    crude = odds_ratio_2x2(20, 80, 10, 90)
    assert crude is not None
    assert crude.value == pytest.approx(2.25)
    se = math.sqrt(1 / 20 + 1 / 80 + 1 / 10 + 1 / 90)
    assert crude.low == pytest.approx(math.exp(math.log(2.25) - 1.959964 * se), rel=1e-5)
    assert odds_ratio_2x2(0, 10, 0, 10) is None
    assert odds_ratio_2x2(0, 10, 5, 10) is not None  # Haldane-corrected
    z = two_proportion_z(10, 100, 35, 100)
    assert z is not None
    assert z == pytest.approx(0.25 / math.sqrt(0.225 * 0.775 * 0.02))
    assert normal_two_sided_p(1.959964) == pytest.approx(0.05, abs=1e-6)


def test_benjamini_hochberg() -> None:
    p = [0.01, 0.04, 0.03, 0.005, 0.2]
    assert benjamini_hochberg(p, 0.05) == [True, True, True, True, False]
    assert benjamini_hochberg([0.02, 0.03], 0.05) == [True, True]
    assert benjamini_hochberg([0.04, 0.06, 0.9], 0.05) == [False, False, False]
    assert bh_adjusted([0.01, 0.04, 0.03, 0.005, 0.2]) == pytest.approx(
        [0.025, 0.05, 0.05, 0.025, 0.2]
    )
