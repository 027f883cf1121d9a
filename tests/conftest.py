"""Shared fixtures: a migrated database per backend (SQLite always, PostgreSQL when
``CHASKI_TEST_POSTGRES_URL`` is set, which CI requires), and no network access."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from bot.app import Services, build_services
from bot.cli_matching import import_catalog
from bot.i18n import Translator
from bot.settings import REPO_ROOT, Settings
from bot.store.db import Database
from bot.store.tables import Base

POSTGRES_URL_VARIABLE = "CHASKI_TEST_POSTGRES_URL"
NEEDS_POSTGRES = f"needs PostgreSQL: set {POSTGRES_URL_VARIABLE} (CI sets it)"


def postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url and os.environ.get("CI"):
        raise pytest.UsageError(f"{POSTGRES_URL_VARIABLE} must be set in CI")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection outside this machine fails the test (loopback and sockets are fine)."""
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if (
            isinstance(host, str)
            and host not in ("127.0.0.1", "::1", "localhost")
            and (sock.family in (socket.AF_INET, socket.AF_INET6))
        ):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def postgres_schema_url() -> Iterator[str]:
    """A throw-away schema in the real PostgreSQL, migrated once for the test session."""
    base = postgres_url()
    if not base:
        pytest.skip(NEEDS_POSTGRES)
    schema = f"chaski_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    url = f"{base}{separator}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _truncate(database: Database) -> None:
    with database.session() as session:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A migrated, empty database on each backend."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'chaski.db'}")
        db.upgrade()
    else:
        db = Database(request.getfixturevalue("postgres_schema_url"))
        db.upgrade()
        _truncate(db)
    yield db
    db.dispose()


@pytest.fixture(scope="session")
def translator() -> Translator:
    return Translator.from_dir(REPO_ROOT / "locales")


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
