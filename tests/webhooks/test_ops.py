"""``/livez`` (liveness, no database) against ``/healthz`` (readiness, database)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.settings import Settings
from bot.store.db import Database
from webhooks.app import create_app


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port bound but not listening: connections to it are refused at once."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        yield int(sock.getsockname()[1])


def client(settings: Settings) -> TestClient:
    return TestClient(create_app(settings, channels={}, run_worker=False))


def test_livez_and_healthz_with_the_database_up(database: Database) -> None:
    settings = Settings(database_url=database.url, analyst_tokens="analyst-token")
    with client(settings) as app:
        live = app.get("/livez")
        health = app.get("/healthz")
    assert (live.status_code, live.json()) == (200, {"status": "alive"})
    assert (health.status_code, health.json()) == (200, {"status": "ok"})


def test_livez_answers_while_the_database_is_unreachable(closed_port: int) -> None:
    url = f"postgresql+psycopg://chaski:x@127.0.0.1:{closed_port}/chaski?connect_timeout=3"
    settings = Settings(database_url=url, analyst_tokens="analyst-token")
    with client(settings) as app:
        health = app.get("/healthz")
        live = app.get("/livez")
    assert health.status_code == 503, "readiness must fail while the database is down"
    assert health.json() == {"status": "database unreachable"}
    assert (live.status_code, live.json()) == (200, {"status": "alive"})
