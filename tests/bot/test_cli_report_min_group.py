"""``chaski analytics run`` takes k from ``CHASKI_REPORT_MIN_GROUP``: a region of 15 people is
shown with the default k=10 and withheld with k=20, and the stored run records its k."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot import cli
from bot.app import Services, build_services
from bot.settings import Settings
from bot.store.db import Database
from bot.store.tables import ReportRun
from tests.analytics.helpers import add_profiles, at


@pytest.fixture(scope="module")
def prebuilt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """The heavy pieces built once; each command still reads its settings from the
    environment (the language identifier alone takes seconds to load)."""
    base = tmp_path_factory.mktemp("min_group")
    services = build_services(Settings(database_url=f"sqlite:///{base / 'unused.db'}"))
    yield services
    services.database.dispose()


@pytest.fixture
def people(database: Database) -> Database:
    """15 people in Cusco and 30 in Lima, each with an income and a household."""
    doc = {"monthly_income": 900, "household_size": 3}
    add_profiles(database, at("2026-09-10T10:00:00-05:00"), *[doc | {"region": "Cusco"}] * 15)
    add_profiles(database, at("2026-09-12T10:00:00-05:00"), *[doc | {"region": "Lima"}] * 30)
    return database


def analytics_run(
    prebuilt: Services,
    database: Database,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    min_group: str | None,
) -> Any:
    monkeypatch.setenv("CHASKI_DATABASE_URL", database.url)
    monkeypatch.setenv("CHASKI_TODAY", "2026-11-21")
    if min_group is None:
        monkeypatch.delenv("CHASKI_REPORT_MIN_GROUP", raising=False)
    else:
        monkeypatch.setenv("CHASKI_REPORT_MIN_GROUP", min_group)

    def services() -> Services:
        settings = cli.load_settings()  # what the command reads from the environment
        assert settings.database_url == database.url
        return dataclasses.replace(prebuilt, settings=settings, database=database)

    monkeypatch.setattr(cli, "services", services)
    args = ["analytics", "run", "--since", "2026-09-01", "--until", "2026-10-31", "--out", str(out)]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    regions = json.loads((out / "poverty_by_region.json").read_text(encoding="utf-8"))
    return {row["group"]: row for row in regions}


def stored_ks(database: Database) -> list[int]:
    with database.session() as session:
        return sorted(run.k for run in session.query(ReportRun).all())


def test_k_from_the_environment_withholds_a_group_the_default_shows(
    prebuilt: Services, people: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    default = analytics_run(prebuilt, people, tmp_path / "k10", monkeypatch, None)
    assert default["Cusco"]["suppressed"] is False
    assert default["Cusco"]["people"] == 15

    stricter = analytics_run(prebuilt, people, tmp_path / "k20", monkeypatch, "20")
    assert stricter["Cusco"]["suppressed"] is True
    assert stricter["Cusco"]["people"] is None
    assert stricter["Lima"]["people"] is None  # its complement: the total would give Cusco back
    assert stored_ks(people) == [10, 20]
    suppression = json.loads((tmp_path / "k20" / "suppression.json").read_text(encoding="utf-8"))
    assert {row["k"] for row in suppression} == {20}


@pytest.mark.parametrize("value", ["1", "0", "-5", "diez"])
def test_a_minimum_group_below_two_is_refused(
    value: str, database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CHASKI_DATABASE_URL", database.url)
    monkeypatch.setenv("CHASKI_REPORT_MIN_GROUP", value)
    result = CliRunner().invoke(cli.app, ["analytics", "run", "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad setting CHASKI_REPORT_MIN_GROUP" in result.output
    assert stored_ks(database) == []
