from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.app import Services, build_services
from bot.cli_matching import import_catalog
from bot.settings import REPO_ROOT, Settings
from bot.store.db import Database

SMALL = REPO_ROOT / "tests" / "fixtures" / "catalog"
TODAY = date(2026, 11, 21)


@pytest.fixture
def matching_settings(database: Database, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database.url,
        data_dir=tmp_path / "data",
        today_override=TODAY,
        pseudonym_key="matching-tests",
    )


@pytest.fixture
def loaded(matching_settings: Settings) -> Services:
    """Services over the small job and course catalogs, imported and indexed."""
    services = build_services(matching_settings)
    import_catalog(services, "jobs", SMALL / "jobs_small.csv")
    import_catalog(services, "courses", SMALL / "courses_small.csv")
    return services
