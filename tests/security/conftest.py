"""Fixtures for the hostile-input and security tests: the real app on a loopback port over
each database backend, the fake platform APIs, and a tally of every fuzz request sent."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

import bot.app
from bot.app import glossary_words
from bot.settings import REPO_ROOT, Settings
from bot.store.db import Database
from bot.store.tables import Base
from models.language import LanguageIdentifier
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.security.fuzzing import FUZZ_EXAMPLES, Poster, tallied
from tests.webhooks.conftest import (
    channel_settings,
    fake_telegram,  # noqa: F401 (a fixture)
    fake_twilio,  # noqa: F401 (a fixture)
)
from tests.webhooks.live import live_server
from webhooks.app import create_app
from webhooks.routes.reports import RateLimiter

ANALYST_TOKEN = "analyst-token-for-security-tests-0123456789"
# For tests where the backend cannot matter (nothing reaches the store, or the store is only
# counted): SQLite alone keeps the suite fast. What reaches the store runs on both.
SQLITE_ONLY = pytest.mark.parametrize("database", ["sqlite"], indirect=True)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fuzz: property-based tests over hostile input (CHASKI_FUZZ_EXAMPLES each)"
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = tallied()
    if not counts:
        return
    write = terminalreporter.write_line
    terminalreporter.section("fuzz requests")
    write(f"examples per property (CHASKI_FUZZ_EXAMPLES): {FUZZ_EXAMPLES}")
    for route in sorted({route for route, _ in counts}):
        by_class = {cls: n for (r, cls), n in counts.items() if r == route}
        detail = ", ".join(f"{cls} {n}" for cls, n in sorted(by_class.items()))
        write(f"{route}: {sum(by_class.values())} ({detail})")
    total = sum(counts.values())
    errors = sum(n for (_, cls), n in counts.items() if cls == "5xx")
    write(f"total: {total} requests and messages, {errors} answered 5xx")


@pytest.fixture(scope="session")
def shared_language_id() -> LanguageIdentifier:
    """langid's model takes seconds to unpickle: load it once for the whole session."""
    return LanguageIdentifier(glossary_words(REPO_ROOT / "locales"))


@pytest.fixture(autouse=True)
def _one_language_model(
    monkeypatch: pytest.MonkeyPatch, shared_language_id: LanguageIdentifier
) -> None:
    monkeypatch.setattr(bot.app, "LanguageIdentifier", lambda *_, **__: shared_language_id)


@pytest.fixture
def settings(
    database: Database,
    fake_telegram: FakeTelegramAPI,  # noqa: F811
    fake_twilio: FakeTwilioAPI,  # noqa: F811
    tmp_path: Path,
) -> Settings:
    """Both channels on (against the fakes), the analyst API open, files under tmp_path."""
    return channel_settings(
        database,
        fake_telegram,
        fake_twilio,
        data_dir=tmp_path / "data",
        pseudonym_key="security-tests-key",
        analyst_tokens=ANALYST_TOKEN,
    )


def row_counts(database: Database) -> dict[str, int]:
    """Rows in every table: what "nothing was stored" is checked against."""
    with database.session() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


@dataclass
class Served:
    app: FastAPI
    poster: Poster
    database: Database
    settings: Settings

    @property
    def base_url(self) -> str:
        return str(self.poster.client.base_url)


def serve(settings: Settings, database: Database, *, run_worker: bool) -> Iterator[Served]:
    app = create_app(settings, run_worker=run_worker)
    # Fuzzing with a valid token must reach the handlers, not the rate limit (tested apart).
    app.state.analyst_limiter = RateLimiter(per_minute=1_000_000)
    with live_server(app) as base:
        poster = Poster(base)
        try:
            yield Served(app, poster, database, settings)
        finally:
            poster.close()


@pytest.fixture
def served(settings: Settings, database: Database) -> Iterator[Served]:
    """The app on loopback with no worker: what the webhooks store stays in the database."""
    yield from serve(settings, database, run_worker=False)


@pytest.fixture
def served_with_worker(settings: Settings, database: Database) -> Iterator[Served]:
    """The app on loopback with its worker answering in the background."""
    yield from serve(settings, database, run_worker=True)
