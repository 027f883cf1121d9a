"""Informality and poverty: each definition, checked on hand-made profiles, on both backends."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from analytics.period import Period
from analytics.poverty import analyse_poverty
from analytics.poverty_lines import DEFAULT_LINES, PovertyLine, line_for, load_lines
from bot.store.db import Database
from tests.analytics.helpers import add_profiles, at

PERIOD = Period(date(2026, 9, 1), date(2026, 9, 30))
LINE = PovertyLine(2024, "national", 454.0, "INEI")
INSIDE = at("2026-09-10T12:00:00-05:00")

# (profile answers, expected informality status)
CASES: list[tuple[dict[str, Any], str]] = [
    ({"occupation_status": "independiente", "has_ruc": False}, "informal"),
    ({"occupation_status": "independiente", "has_ruc": True}, "formal"),
    ({"occupation_status": "empleador", "has_ruc": False}, "informal"),
    ({"occupation_status": "empleador"}, "unknown"),
    (
        {"occupation_status": "dependiente", "pension": False, "health_insurance": "essalud"},
        "informal",
    ),
    ({"occupation_status": "dependiente", "pension": True, "health_insurance": "sis"}, "informal"),
    ({"occupation_status": "dependiente", "health_insurance": "ninguno"}, "informal"),
    (
        {"occupation_status": "dependiente", "pension": True, "health_insurance": "essalud"},
        "formal",
    ),
    ({"occupation_status": "dependiente", "health_insurance": "essalud"}, "unknown"),
    ({"occupation_status": "dependiente", "pension": True}, "unknown"),
    ({"occupation_status": "trabajador_familiar"}, "informal"),
    ({"occupation_status": "desempleado", "has_ruc": False}, "not_employed"),
    ({"occupation_status": "estudiante"}, "not_employed"),
    ({"occupation_status": "hogar"}, "not_employed"),
    ({}, "unknown"),
]


def test_informality_follows_the_definition(database: Database) -> None:
    add_profiles(database, INSIDE, *(answers for answers, _ in CASES))
    add_profiles(database, at("2026-10-01T00:00:00-05:00"), {"occupation_status": "hogar"})
    with database.session() as session:
        result = analyse_poverty(session, PERIOD, LINE)
    overall = result.tables["poverty_overall"][0]
    expected = [status for _, status in CASES]
    assert overall["people"] == len(CASES) == result.people  # the October profile is outside
    assert overall["informal"] == expected.count("informal") == 6
    assert overall["employed_with_answers"] == 8
    assert overall["not_employed"] == 3
    assert overall["lacking_informality_answers"] == 4
    assert overall["informal_rate"] == round(6 / 8, 4)


def test_poverty_uses_income_per_household_member(database: Database) -> None:
    add_profiles(
        database,
        INSIDE,
        {"monthly_income": 1815, "household_size": 4},  # 453.75 a head: poor
        {"monthly_income": 1816, "household_size": 4},  # 454 a head: not below the line
        {"monthly_income": 0, "household_size": 1},
        {"monthly_income": 5000},  # no household size: unknown
        {"household_size": 3},
    )
    with database.session() as session:
        result = analyse_poverty(session, PERIOD, LINE)
    overall = result.tables["poverty_overall"][0]
    assert (overall["poor"], overall["with_income_answers"]) == (2, 3)
    assert overall["lacking_income_answers"] == 2
    assert overall["poverty_rate"] == round(2 / 3, 4)
    assert result.odds_ratio is None  # nobody is both employed and answered
    assert not result.odds_withheld  # nothing to withhold: the 2x2 table is empty


def test_groups_and_wilson_intervals(database: Database) -> None:
    add_profiles(
        database,
        INSIDE,
        *(
            {"occupation_status": "trabajador_familiar", "age": 20, "region": "Cusco"}
            for _ in range(3)
        ),
        {"occupation_status": "independiente", "has_ruc": True, "age": 61, "region": "Cusco"},
    )
    with database.session() as session:
        result = analyse_poverty(session, PERIOD, LINE)
    bands = {row["group"]: row for row in result.tables["poverty_by_age_band"]}
    assert list(bands) == ["14–24", "60+"]
    assert bands["14–24"]["informal_rate"] == 1.0
    assert bands["14–24"]["informal_ci_low"] == pytest.approx(0.4385, abs=1e-4)  # Wilson, 3/3
    cusco = result.tables["poverty_by_region"][0]
    assert (cusco["group"], cusco["informal"], cusco["employed_with_answers"]) == ("Cusco", 3, 4)


def test_poverty_line_of_the_year_or_the_latest() -> None:
    lines = load_lines(DEFAULT_LINES)
    assert line_for(2023, lines).soles == 446
    assert line_for(2024, lines).soles == 454
    assert line_for(2026, lines).soles == 454
    assert "INEI" in line_for(2026, lines).source
