"""HTTP metrics: every request counted by route template, method and status class, with its
duration; unhandled exceptions are 5xx; random paths never add series."""

from __future__ import annotations

import random
import string
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client import REGISTRY

from bot.app import Services, build_services
from bot.settings import Settings
from webhooks.app import create_app
from webhooks.http_metrics import UNMATCHED, status_class

REQUESTS = "chaski_http_requests_total"
SECONDS = "chaski_http_request_duration_seconds"


def count(route: str, method: str, status: str) -> float:
    labels = {"route": route, "method": method, "status": status}
    return REGISTRY.get_sample_value(REQUESTS, labels) or 0.0


def observed(route: str, method: str) -> float:
    return REGISTRY.get_sample_value(f"{SECONDS}_count", {"route": route, "method": method}) or 0.0


def routes_counted() -> set[str]:
    return {
        sample.labels["route"]
        for family in REGISTRY.collect()
        if family.name == REQUESTS.removesuffix("_total")
        for sample in family.samples
        if sample.name == REQUESTS
    }


@pytest.fixture(scope="module")
def services(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Built once (the language identifier takes seconds): these tests need no data."""
    base = tmp_path_factory.mktemp("http_metrics")
    settings = Settings(
        database_url=f"sqlite:///{base / 'chaski.db'}",
        data_dir=base / "data",
        analyst_tokens="analyst-token",
    )
    built = build_services(settings)
    built.database.upgrade()
    yield built
    built.database.dispose()


@pytest.fixture
def app(services: Services) -> FastAPI:
    """The real app plus one route that raises."""
    app = create_app(services.settings, services=services, channels={}, run_worker=False)

    @app.get("/test/boom/{item}")
    async def boom(item: str) -> None:
        raise RuntimeError(f"boom {item}")

    return app


def test_an_unhandled_exception_counts_as_5xx_under_its_template(app: FastAPI) -> None:
    before = count("/test/boom/{item}", "GET", "5xx"), observed("/test/boom/{item}", "GET")
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/test/boom/1").status_code == 500
        assert client.get("/test/boom/other").status_code == 500
    after = count("/test/boom/{item}", "GET", "5xx"), observed("/test/boom/{item}", "GET")
    assert after == (before[0] + 2, before[1] + 2)
    assert "/test/boom/1" not in routes_counted()


def test_statuses_by_class_and_route_template(app: FastAPI) -> None:
    report = f"/api/reports/{'{report_id}'}"
    before = {
        "live": count("/livez", "GET", "2xx"),
        "wrong_method": count("/livez", "POST", "4xx"),
        "report_401": count(report, "GET", "4xx"),
        "unmatched": count(UNMATCHED, "GET", "4xx"),
        "live_seconds": observed("/livez", "GET"),
    }
    with TestClient(app) as client:
        assert client.get("/livez").status_code == 200
        assert client.post("/livez").status_code == 405
        assert client.get("/api/reports/0d9c2b8e-65b3-4d8e-9f57-1c1f0c8c7e11").status_code == 401
        assert client.get("/no/such/page").status_code == 404
    assert count("/livez", "GET", "2xx") == before["live"] + 1
    assert count("/livez", "POST", "4xx") == before["wrong_method"] + 1
    assert count(report, "GET", "4xx") == before["report_401"] + 1
    assert count(UNMATCHED, "GET", "4xx") == before["unmatched"] + 1
    assert observed("/livez", "GET") == before["live_seconds"] + 1


def test_random_paths_and_methods_do_not_grow_the_labels(app: FastAPI) -> None:
    paths: set[str] = set(app.openapi()["paths"])
    templates = paths | {getattr(route, "path", "") for route in app.routes} | {UNMATCHED}
    assert {"/webhooks/telegram", "/api/reports/{report_id}", "/metrics"} <= templates
    rng = random.Random(6)  # noqa: S311 - test data, not a secret
    with TestClient(app, raise_server_exceptions=False) as client:
        for _ in range(60):
            path = "/" + "/".join(
                "".join(
                    rng.choices(string.ascii_letters + string.digits + "-_.%", k=rng.randint(1, 12))
                )
                for _ in range(rng.randint(1, 4))
            )
            client.request(rng.choice(["GET", "POST", "PROPFIND", "BREW"]), path)
    counted = routes_counted()
    assert counted <= templates, sorted(counted - templates)
    methods = {
        sample.labels["method"]
        for family in REGISTRY.collect()
        if family.name == REQUESTS.removesuffix("_total")
        for sample in family.samples
    }
    assert "PROPFIND" not in methods
    assert "BREW" not in methods
    assert "other" in methods


def test_status_class() -> None:
    assert [status_class(s) for s in (101, 200, 204, 307, 404, 429, 500, 503)] == [
        "1xx", "2xx", "2xx", "3xx", "4xx", "4xx", "5xx", "5xx",
    ]  # fmt: skip
    assert status_class(42) == "5xx"  # not HTTP: something broke
