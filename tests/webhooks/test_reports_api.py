"""The analyst API over real HTTP, reading reports ``run_analytics`` wrote from synthetic data."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from analytics.report import SUMMARY_KEYS
from analytics.run import run_analytics
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot.settings import Settings
from bot.store.db import Database
from tests.webhooks.live import live_server
from webhooks.app import create_app
from webhooks.routes.reports import RateLimiter

TODAY = date(2026, 11, 21)
TOKEN = "analyst-token-one"
OTHER = "analyst-token-two"


@dataclass(frozen=True)
class Built:
    database_url: str
    data_dir: Path
    latest: str
    older: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    """Two reports: a real, newer one and an older copy with tampered rows."""
    base = tmp_path_factory.mktemp("reports_api")
    database = Database(f"sqlite:///{base / 'chaski.db'}")
    database.upgrade()
    spec = SyntheticSpec(
        profiles=200, feedback=600, weeks=10, jobs=30, courses=10, small_regions=(("Ucayali", 4),)
    )
    truth = insert_synthetic(database, spec)
    root = base / "data" / "reports"
    result = run_analytics(
        database, since=truth.since, until=truth.until, out_dir=root / "2026-11-21", today=TODAY
    )
    older = root / "2026-11-01"
    shutil.copytree(result.out_dir, older)
    manifest = json.loads((older / "report.json").read_text())
    manifest["report_id"] = str(uuid.uuid4())
    (older / "report.json").write_text(json.dumps(manifest))
    rows = json.loads((older / "poverty_by_region.json").read_text())
    for row in rows:
        row["person_id"] = "f" * 32
        if row["suppressed"]:
            row["people"] = 4  # a leak the API must not pass on
    (older / "poverty_by_region.json").write_text(json.dumps(rows))
    for path in older.iterdir():
        os.utime(path, (1_700_000_000, 1_700_000_000))
    yield Built(database.url, base / "data", result.report_id, manifest["report_id"])
    database.dispose()


def make_app(built: Built, tokens: str | None, per_minute: int = 60) -> FastAPI:
    settings = Settings(
        database_url=built.database_url,
        data_dir=built.data_dir,
        analyst_tokens=tokens,
        pseudonym_key="reports-api-tests",
        today_override=TODAY,
    )
    app = create_app(settings, channels={}, run_worker=False)
    app.state.analyst_limiter = RateLimiter(per_minute=per_minute)
    return app


def get(base: str, path: str, token: str | None = TOKEN) -> httpx.Response:
    headers = {} if token is None else {"Authorization": f"Bearer {token}"}
    return httpx.get(base + path, headers=headers, timeout=10)


def test_closed_without_tokens(built: Built) -> None:
    with live_server(make_app(built, None)) as base:
        for token in (None, TOKEN):
            response = get(base, "/api/reports/latest", token)
            assert response.status_code == 403
            assert response.json()["detail"] == "the analyst API is closed"


def test_wrong_or_missing_token_is_401(built: Built) -> None:
    with live_server(make_app(built, f"{TOKEN}, {OTHER}")) as base:
        for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {TOKEN}"}):
            response = httpx.get(f"{base}/api/reports/latest", headers=headers, timeout=10)
            assert response.status_code == 401
            assert response.headers["WWW-Authenticate"] == "Bearer"
        assert get(base, "/api/reports/latest", OTHER).status_code == 200


def test_latest_summary_and_tables(built: Built) -> None:
    with live_server(make_app(built, TOKEN)) as base:
        latest = get(base, "/api/reports/latest")
        assert latest.status_code == 200
        body = latest.json()
        assert body["report_id"] == built.latest
        assert list(body["summary"]) == list(SUMMARY_KEYS)
        assert body["summary"]["people"] == 204
        assert "poverty_by_region" in body["tables"]
        assert get(base, f"/api/reports/{built.latest}").json() == body
        assert get(base, f"/api/reports/{built.latest.replace('-', '')}").json() == body

        path = f"/api/reports/{built.latest}/tables/poverty_by_region"
        as_json = get(base, path).json()
        assert as_json["table"] == "poverty_by_region"
        regions = {row["group"]: row for row in as_json["rows"]}
        assert regions["Ucayali"]["suppressed"] is True
        assert regions["Ucayali"]["people"] is None
        as_csv = get(base, path + "?format=csv")
        assert as_csv.status_code == 200
        assert as_csv.headers["content-type"].startswith("text/csv")
        parsed = list(csv.DictReader(io.StringIO(as_csv.text)))
        assert [row["group"] for row in parsed] == [row["group"] for row in as_json["rows"]]
        ucayali = next(row for row in parsed if row["group"] == "Ucayali")
        assert ucayali["people"] == ""
        assert get(base, path + "?format=xml").status_code == 422


def test_suppressed_rows_stay_suppressed_and_no_person_ids(built: Built) -> None:
    with live_server(make_app(built, TOKEN)) as base:
        response = get(base, f"/api/reports/{built.older}/tables/poverty_by_region")
        rows: list[dict[str, Any]] = response.json()["rows"]
        assert rows
        assert all("person_id" not in row for row in rows)
        hidden = [row for row in rows if row["suppressed"]]
        assert hidden
        assert all(row["people"] is None for row in hidden)
        csv_text = get(base, f"/api/reports/{built.older}/tables/poverty_by_region?format=csv")
        assert "f" * 32 not in csv_text.text


UNKNOWN_OR_TRAVERSAL = (
    f"/api/reports/{uuid.uuid4()}",
    "/api/reports/not-a-report",
    "/api/reports/{latest}/tables/no_such_table",
    "/api/reports/{latest}/tables/summary",  # a file in the folder, not a listed table
    "/api/reports/{latest}/tables/report",
    "/api/reports/..%2F..%2Fetc/tables/passwd",
    "/api/reports/{latest}/tables/..%2F..%2Fchaski.db",
    "/api/reports/{latest}/tables/%2E%2E",
    "/api/reports/%2E%2E/tables/poverty_by_region",
)


def test_unknown_or_traversal_is_404(built: Built) -> None:
    with live_server(make_app(built, TOKEN)) as base:
        for path in UNKNOWN_OR_TRAVERSAL:
            response = get(base, path.replace("{latest}", built.latest))
            assert response.status_code in (404, 422), path
            assert "root:" not in response.text


def test_rate_limit_per_token(built: Built) -> None:
    with live_server(make_app(built, f"{TOKEN},{OTHER}", per_minute=5)) as base:
        codes = [get(base, "/api/reports/latest").status_code for _ in range(5)]
        assert codes == [200] * 5
        limited = get(base, "/api/reports/latest")
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) >= 1
        assert get(base, "/api/reports/latest", OTHER).status_code == 200


def test_token_bucket_refills() -> None:
    now = [0.0]
    bucket = RateLimiter(per_minute=60, clock=lambda: now[0])
    assert all(bucket.take("a") == 0 for _ in range(60))
    assert bucket.take("a") == pytest.approx(1.0)
    now[0] += 2.5
    assert bucket.take("a") == 0
    assert bucket.take("a") == 0
    assert bucket.take("a") > 0
    assert bucket.take("b") == 0
