"""Informal employment and monetary poverty among the profiles created in the period.

Definitions (INEI-style, from the CONTRACT profile's answers):

* Employed: ``occupation_status`` is ``dependiente``, ``independiente``, ``empleador`` or
  ``trabajador_familiar``. ``desempleado``, ``estudiante`` and ``hogar`` are outside the
  employed population and outside the informality rate.
* Informal: an ``independiente`` or ``empleador`` without RUC (``has_ruc`` false); a
  ``dependiente`` without a pension (``pension`` false) or without EsSalud
  (``health_insurance`` not ``essalud``); every ``trabajador_familiar`` (unpaid family
  workers are informal by definition). Formal: the opposite answers. Anyone whose answers do
  not decide it (no status, no RUC answer, ...) is left out of the rate and counted.
* Poor: monthly income per household member (``monthly_income / household_size``) below the
  national monetary poverty line (see :mod:`analytics.poverty_lines`); people without both
  answers are left out of the rate and counted.

All counting happens in SQL (one ``GROUP BY`` over the five report dimensions and the two
statuses); the regression is fitted on those grouped cells.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import case, false, func, literal, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from analytics.logit import Cell, LogitFit, fit_informal_poverty
from analytics.period import Period
from analytics.poverty_lines import PovertyLine
from analytics.rows import Row, round_or_none
from analytics.stats import OddsRatio, odds_ratio_2x2, rate, wilson
from analytics.suppression import DEFAULT_K, Rule, Share
from bot.profile import EDUCATION_LEVELS
from bot.store.tables import ProfileRow

UNKNOWN = "sin dato"
NOT_EMPLOYED = ("desempleado", "estudiante", "hogar")
OWN_ACCOUNT = ("independiente", "empleador")
AGE_BANDS = ("<14", "14–24", "25–34", "35–44", "45–59", "60+")
DIMENSIONS = ("region", "language", "gender", "age_band", "education")
CONTROLS = ("age_band", "education", "language")
ORDER: dict[str, tuple[str, ...]] = {"age_band": AGE_BANDS, "education": EDUCATION_LEVELS}

INFORMAL_SHARE = Share(
    "employed_with_answers", "informal", ("informal_rate", "informal_ci_low", "informal_ci_high")
)
POOR_SHARE = Share(
    "with_income_answers", "poor", ("poverty_rate", "poverty_ci_low", "poverty_ci_high")
)
NOT_EMPLOYED_SHARE = Share("people", "not_employed", complement=False)
OVERALL_RULE = Rule(
    count="people",
    labels=("dimension", "group"),
    shares=(INFORMAL_SHARE, POOR_SHARE, NOT_EMPLOYED_SHARE),
)
GROUP_RULE = replace(OVERALL_RULE, blocks=())  # each dimension splits the period's people
CROSSTAB_RULE = Rule(
    count="people",
    labels=("employment",),
    shares=(
        Share("people", "poor", ("not_poor", "poverty_rate", "poverty_ci_low", "poverty_ci_high")),
    ),
)


def informality_status() -> ColumnElement[str]:
    """``informal`` / ``formal`` / ``not_employed`` / ``unknown`` from the profile's answers."""
    p = ProfileRow
    own_account = case(
        (p.has_ruc.is_(None), "unknown"), (p.has_ruc == true(), "formal"), else_="informal"
    )
    no_essalud = p.health_insurance.is_not(None) & (p.health_insurance != "essalud")
    employee = case(
        ((p.pension == false()) | no_essalud, "informal"),
        ((p.pension == true()) & (p.health_insurance == "essalud"), "formal"),
        else_="unknown",
    )
    return case(
        (p.occupation_status.in_(NOT_EMPLOYED), "not_employed"),
        (p.occupation_status == "trabajador_familiar", "informal"),
        (p.occupation_status.in_(OWN_ACCOUNT), own_account),
        (p.occupation_status == "dependiente", employee),
        else_="unknown",
    )


def poverty_status(line: PovertyLine) -> ColumnElement[str]:
    """``poor`` when income / household size < line (compared as income < line x size)."""
    p = ProfileRow
    return case(
        (p.monthly_income.is_(None) | p.household_size.is_(None), "unknown"),
        (p.household_size <= 0, "unknown"),
        (p.monthly_income < literal(line.soles) * p.household_size, "poor"),
        else_="not_poor",
    )


def age_band() -> ColumnElement[str]:
    age = ProfileRow.age
    return case(
        (age.is_(None), UNKNOWN),
        (age < 14, AGE_BANDS[0]),
        (age <= 24, AGE_BANDS[1]),
        (age <= 34, AGE_BANDS[2]),
        (age <= 44, AGE_BANDS[3]),
        (age <= 59, AGE_BANDS[4]),
        else_=AGE_BANDS[5],
    )


@dataclass(frozen=True)
class Counts:
    """People in one cell of dimensions x statuses."""

    groups: dict[str, str]
    informal: str
    poverty: str
    people: int


def count_cells(session: Session, period: Period, line: PovertyLine) -> list[Counts]:
    p = ProfileRow
    dims: dict[str, Any] = {
        "region": p.region,
        "language": p.language,
        "gender": p.gender,
        "age_band": age_band(),
        "education": p.education,
    }
    labelled = [expr.label(name) for name, expr in dims.items()]
    inf = informality_status().label("informal")
    pov = poverty_status(line).label("poverty")
    query = (
        select(*labelled, inf, pov, func.count().label("people"))
        .where(p.created_at >= period.start, p.created_at < period.end)
        .group_by(*labelled, inf, pov)
    )
    cells: list[Counts] = []
    for row in session.execute(query):
        mapping = row._mapping
        groups = {name: str(mapping[name]) if mapping[name] else UNKNOWN for name in DIMENSIONS}
        cells.append(Counts(groups, mapping["informal"], mapping["poverty"], int(row.people)))
    return cells


def _tally(cells: Iterable[Counts]) -> dict[str, int]:
    tally: dict[str, int] = defaultdict(int)
    for cell in cells:
        tally["people"] += cell.people
        tally[f"inf_{cell.informal}"] += cell.people
        tally[f"pov_{cell.poverty}"] += cell.people
    return tally


def _group_row(dimension: str, group: str, cells: Iterable[Counts]) -> Row:
    tally = _tally(cells)
    employed = tally["inf_informal"] + tally["inf_formal"]
    answered = tally["pov_poor"] + tally["pov_not_poor"]
    inf_ci = wilson(tally["inf_informal"], employed)
    pov_ci = wilson(tally["pov_poor"], answered)
    return {
        "dimension": dimension,
        "group": group,
        "people": tally["people"],
        "not_employed": tally["inf_not_employed"],
        "lacking_informality_answers": tally["inf_unknown"],
        "employed_with_answers": employed,
        "informal": tally["inf_informal"],
        "informal_rate": round_or_none(rate(tally["inf_informal"], employed)),
        "informal_ci_low": round_or_none(inf_ci[0] if inf_ci else None),
        "informal_ci_high": round_or_none(inf_ci[1] if inf_ci else None),
        "lacking_income_answers": tally["pov_unknown"],
        "with_income_answers": answered,
        "poor": tally["pov_poor"],
        "poverty_rate": round_or_none(rate(tally["pov_poor"], answered)),
        "poverty_ci_low": round_or_none(pov_ci[0] if pov_ci else None),
        "poverty_ci_high": round_or_none(pov_ci[1] if pov_ci else None),
    }


def _by(dimension: str, cells: Sequence[Counts]) -> list[Row]:
    grouped: dict[str, list[Counts]] = defaultdict(list)
    for cell in cells:
        grouped[cell.groups[dimension]].append(cell)
    order = ORDER.get(dimension)

    def key(item: tuple[str, list[Counts]]) -> tuple[int, int, str]:
        name, members = item
        if order is not None:
            return (order.index(name) if name in order else len(order), 0, name)
        return (name == UNKNOWN, -sum(c.people for c in members), name)

    return [
        _group_row(dimension, name, members) for name, members in sorted(grouped.items(), key=key)
    ]


@dataclass(frozen=True)
class PovertyResult:
    people: int
    line: PovertyLine
    fit: LogitFit | None
    crude: OddsRatio | None
    odds_withheld: bool  # a cell of the 2x2 table has fewer than k people
    tables: dict[str, list[Row]]
    rules: dict[str, Rule]

    @property
    def odds_ratio(self) -> float | None:
        """The adjusted odds ratio (or the crude one when no regression could be fitted)."""
        if self.fit is not None:
            return round_or_none(self.fit.informal.odds_ratio)
        return round_or_none(self.crude.value if self.crude else None)


Table2x2 = tuple[int, int, int, int]  # informal poor, informal not poor, formal poor, formal not


def _crosstab(cells: Sequence[Counts]) -> tuple[list[Row], Table2x2]:
    n: dict[tuple[str, str], int] = defaultdict(int)
    for cell in cells:
        n[cell.informal, cell.poverty] += cell.people
    rows: list[Row] = []
    for status in ("informal", "formal"):
        poor, not_poor = n[status, "poor"], n[status, "not_poor"]
        ci = wilson(poor, poor + not_poor)
        rows.append(
            {
                "employment": status,
                "people": poor + not_poor,
                "poor": poor,
                "not_poor": not_poor,
                "poverty_rate": round_or_none(rate(poor, poor + not_poor)),
                "poverty_ci_low": round_or_none(ci[0] if ci else None),
                "poverty_ci_high": round_or_none(ci[1] if ci else None),
            }
        )
    table = (
        n["informal", "poor"],
        n["informal", "not_poor"],
        n["formal", "poor"],
        n["formal", "not_poor"],
    )
    return rows, table


def _regression_cells(cells: Sequence[Counts]) -> list[Cell]:
    merged: dict[tuple[bool, tuple[str, ...]], list[int]] = defaultdict(lambda: [0, 0])
    for cell in cells:
        if cell.informal not in ("informal", "formal") or cell.poverty == "unknown":
            continue
        key = (cell.informal == "informal", tuple(cell.groups[c] for c in CONTROLS))
        merged[key][0 if cell.poverty == "poor" else 1] += cell.people
    return [
        Cell(informal, dict(zip(CONTROLS, levels, strict=True)), counts[0], counts[1])
        for (informal, levels), counts in merged.items()
    ]


def _odds_table(fit: LogitFit | None, crude: OddsRatio | None, withheld: bool) -> list[Row]:
    if withheld:  # the numbers would let the small cell be worked back: only the models' names
        empty: Row = dict.fromkeys(("odds_ratio", "ci_low", "ci_high", "p_value", "people"))
        return [
            {"model": model, "term": "informal", **empty, "controls": "", "suppressed": True}
            for model in ("2x2", "logit")
        ]
    rows: list[Row] = []
    if crude is not None:
        rows.append(
            {
                "model": "2x2",
                "term": "informal",
                "odds_ratio": round(crude.value, 4),
                "ci_low": round(crude.low, 4),
                "ci_high": round(crude.high, 4),
                "p_value": None,
                "controls": "",
                "people": None,
                "suppressed": False,
            }
        )
    if fit is not None:
        for term in fit.terms:
            rows.append(
                {
                    "model": "logit",
                    "term": term.name,
                    "odds_ratio": round(term.odds_ratio, 4),
                    "ci_low": round(term.low, 4),
                    "ci_high": round(term.high, 4),
                    "p_value": float(f"{term.p_value:.3g}"),
                    "controls": ", ".join(fit.controls),
                    "people": fit.people,
                    "suppressed": False,
                }
            )
    return rows


def analyse_poverty(
    session: Session, period: Period, line: PovertyLine, *, k: int = DEFAULT_K
) -> PovertyResult:
    """Tables and the informality-poverty odds ratios. The odds ratios (2x2 and logistic)
    are withheld when a cell of the 2x2 table has fewer than ``k`` people: with the table's
    margins, an odds ratio gives the small cell back."""
    cells = count_cells(session, period, line)
    total = _group_row("total", "total", cells)
    tables: dict[str, list[Row]] = {"poverty_overall": [total]}
    rules = {"poverty_overall": OVERALL_RULE}
    for dimension in DIMENSIONS:
        tables[f"poverty_by_{dimension}"] = _by(dimension, cells)
        rules[f"poverty_by_{dimension}"] = GROUP_RULE
    crosstab, table = _crosstab(cells)
    tables["informal_poverty_crosstab"] = crosstab
    rules["informal_poverty_crosstab"] = CROSSTAB_RULE
    withheld = sum(table) > 0 and min(table) < k
    crude = None if withheld else odds_ratio_2x2(*table)
    fit = None if withheld else fit_informal_poverty(_regression_cells(cells), CONTROLS)
    tables["informal_poverty_odds_ratio"] = _odds_table(fit, crude, withheld)
    return PovertyResult(
        people=int(total["people"] or 0),
        line=line,
        fit=fit,
        crude=crude,
        odds_withheld=withheld,
        tables=tables,
        rules=rules,
    )
