"""Logistic regression of poverty on informality (plus categorical controls), fitted on the
grouped cells the database already counted.

A binomial GLM with logit link over cells of (poor, not poor) counts gives exactly the same
maximum-likelihood estimates and Wald intervals as ``statsmodels`` ``Logit`` on one row per
person, without pulling every person out of the database.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from analytics.stats import Z95

MIN_LEVEL = 30  # people a control level needs to get its own coefficient
EVENTS_PER_PARAMETER = 10  # the rarer outcome per coefficient needed to add controls
MIN_PEOPLE = 50
OTHER = "otros"


@dataclass(frozen=True)
class Cell:
    informal: bool
    controls: dict[str, str]
    poor: int
    not_poor: int


@dataclass(frozen=True)
class Term:
    name: str
    odds_ratio: float
    low: float
    high: float
    p_value: float


@dataclass(frozen=True)
class LogitFit:
    informal: Term
    terms: list[Term]
    people: int
    controls: tuple[str, ...]


def _levels(cells: Sequence[Cell], control: str) -> tuple[str, list[str]]:
    """(reference, other levels) with rare levels merged into ``otros``."""
    sizes: Counter[str] = Counter()
    for cell in cells:
        sizes[_level(cell, control, None)] += cell.poor + cell.not_poor
    kept = {level for level, size in sizes.items() if size >= MIN_LEVEL}
    if any(size < MIN_LEVEL for size in sizes.values()):
        kept.add(OTHER)
    ordered = sorted(kept, key=lambda level: (-sizes.get(level, 0), level))
    return ordered[0], ordered[1:]


def _level(cell: Cell, control: str, kept: set[str] | None) -> str:
    value = cell.controls.get(control, "sin dato")
    return value if kept is None or value in kept else OTHER


def _design(
    cells: Sequence[Cell], controls: Sequence[str]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], list[str]]:
    names = ["intercept", "informal"]
    columns: list[list[float]] = [[1.0] * len(cells), [float(c.informal) for c in cells]]
    for control in controls:
        reference, others = _levels(cells, control)
        kept = {reference, *others}
        for level in others:
            names.append(f"{control}={level}")
            columns.append([float(_level(c, control, kept) == level) for c in cells])
    exog = np.asarray(columns, dtype=np.float64).T
    endog = np.asarray([[c.poor, c.not_poor] for c in cells], dtype=np.float64)
    return endog, exog, names


def _fit(cells: Sequence[Cell], controls: Sequence[str]) -> LogitFit | None:
    import statsmodels.api as sm  # noqa: PLC0415 - slow import, only when a model is fitted

    endog, exog, names = _design(cells, controls)
    if np.linalg.matrix_rank(exog) < exog.shape[1]:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = sm.GLM(endog, exog, family=sm.families.Binomial()).fit()
        except (ValueError, np.linalg.LinAlgError, ArithmeticError):
            return None
    params = np.asarray(result.params, dtype=np.float64)
    errors = np.asarray(result.bse, dtype=np.float64)
    p_values = np.asarray(result.pvalues, dtype=np.float64)
    if not (np.all(np.isfinite(params)) and np.all(np.isfinite(errors))) or errors[1] > 5:
        return None  # (quasi-)separation: the estimate is not meaningful
    terms = [
        Term(
            name,
            math.exp(params[i]),
            math.exp(params[i] - Z95 * errors[i]),
            math.exp(params[i] + Z95 * errors[i]),
            float(p_values[i]),
        )
        for i, name in enumerate(names)
        if i > 0
    ]
    people = int(endog.sum())
    return LogitFit(terms[0], terms, people, tuple(controls))


def fit_informal_poverty(cells: Sequence[Cell], controls: Sequence[str]) -> LogitFit | None:
    """poor ~ informal + controls; controls are dropped (last first) until every remaining
    coefficient has at least ten of the rarer outcome behind it."""
    cells = [cell for cell in cells if cell.poor + cell.not_poor > 0]
    poor = sum(cell.poor for cell in cells)
    not_poor = sum(cell.not_poor for cell in cells)
    informal = sum(cell.poor + cell.not_poor for cell in cells if cell.informal)
    if poor + not_poor < MIN_PEOPLE or min(poor, not_poor) == 0:
        return None
    if informal == 0 or informal == poor + not_poor:
        return None
    chosen = list(controls)
    while chosen:
        parameters = 1 + sum(len(_levels(cells, control)[1]) for control in chosen)
        if min(poor, not_poor) >= EVENTS_PER_PARAMETER * parameters:
            fit = _fit(cells, chosen)
            if fit is not None:
                return fit
        chosen.pop()
    return _fit(cells, [])
