"""The analyst API over real HTTP, reading the runs ``run_analytics`` stored from synthetic
data, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from analytics.report import SUMMARY_KEYS
from analytics.run import RunResult, run_analytics
from analytics.runs import FAILED, RUNNING
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot.settings import Settings
from bot.store.db import Database
from bot.store.tables import Base
from tests.analytics.helpers import add_report_run
from tests.webhooks.live import live_server
from webhooks.app import create_app
from webhooks.routes.reports import RateLimiter, safe_rows

TODAY = date(2026, 11, 21)
TOKEN = "analyst-token-one"
OTHER = "analyst-token-two"


@dataclass(frozen=True)
class Built:
    database_url: str
    data_dir: Path
    result: RunResult
    latest: str
    older: str  # finished before the latest, with tampered rows
    running: str  # started after the latest, not finished
    failed: str


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Built]:
    """A real run, plus an older finished run with tampered rows, and a newer running and a
    newer failed run (neither of which may be served)."""
    base = tmp_path_factory.mktemp("reports_api")
    if request.param == "sqlite":
        database = Database(f"sqlite:///{base / 'chaski.db'}")
    else:
        database = Database(request.getfixturevalue("postgres_schema_url"))
    database.upgrade()
    with database.session() as session:  # the shared PostgreSQL schema may hold other rows
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(table.delete())
    spec = SyntheticSpec(
        profiles=200, feedback=600, weeks=10, jobs=30, courses=10, small_regions=(("Ucayali", 4),)
    )
    truth = insert_synthetic(database, spec)
    out = base / "data" / "reports" / "2026-11-21"
    result = run_analytics(database, since=truth.since, until=truth.until, out_dir=out, today=TODAY)
    tampered = []
    for row in result.tables["poverty_by_region"]:
        leak = dict(row, person_id="f" * 32)
        if row["suppressed"]:
            leak["people"] = 4  # a leak the API must not pass on
        tampered.append(leak)
    now = datetime.now(UTC)
    tables = {"poverty_by_region": tampered}
    older = add_report_run(
        database, finished=now - timedelta(days=20), summary={"people": 999}, tables=tables
    )
    running = add_report_run(
        database, status=RUNNING, finished=now + timedelta(hours=1), tables=tables
    )
    failed = add_report_run(
        database, status=FAILED, finished=now + timedelta(hours=2), tables=tables
    )
    yield Built(database.url, base / "data", result, result.report_id, older, running, failed)
    database.dispose()


def make_app(
    built: Built, tokens: str | None, per_minute: int = 60, min_group: int = 10
) -> FastAPI:
    settings = Settings(
        database_url=built.database_url,
        data_dir=built.data_dir,
        analyst_tokens=tokens,
        pseudonym_key="reports-api-tests",
        today_override=TODAY,
        report_min_group=min_group,
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
    """Latest is the newest finished run; its tables are exactly what the --out files hold."""
    out = built.result.out_dir
    with live_server(make_app(built, TOKEN)) as base:
        latest = get(base, "/api/reports/latest")
        assert latest.status_code == 200
        body = latest.json()
        assert body["report_id"] == built.latest
        assert list(body["summary"]) == list(SUMMARY_KEYS)
        assert body["summary"] == built.result.summary
        assert body["summary"]["people"] == 204
        assert body["period"] == built.result.summary["period"]
        assert (body["today"], body["k"]) == (TODAY.isoformat(), 10)
        assert body["tables"] == list(built.result.tables)
        assert get(base, f"/api/reports/{built.latest}").json() == body
        assert get(base, f"/api/reports/{built.latest.replace('-', '')}").json() == body

        for name in body["tables"]:
            path = f"/api/reports/{built.latest}/tables/{name}"
            as_json = get(base, path).json()
            assert as_json == {"report_id": built.latest, "table": name,
                               "rows": json_file(out / f"{name}.json")}  # fmt: skip
            as_csv = get(base, path + "?format=csv")
            assert as_csv.status_code == 200
            assert as_csv.headers["content-type"].startswith("text/csv")
            assert as_csv.text == (out / f"{name}.csv").read_text(encoding="utf-8")

        path = f"/api/reports/{built.latest}/tables/poverty_by_region"
        regions = {row["group"]: row for row in get(base, path).json()["rows"]}
        assert regions["Ucayali"]["suppressed"] is True
        assert regions["Ucayali"]["people"] is None
        parsed = list(csv.DictReader(io.StringIO(get(base, path + "?format=csv").text)))
        ucayali = next(row for row in parsed if row["group"] == "Ucayali")
        assert ucayali["people"] == ""
        assert get(base, path + "?format=xml").status_code == 422


def json_file(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def test_suppressed_rows_stay_suppressed_and_no_person_ids(built: Built) -> None:
    with live_server(make_app(built, TOKEN)) as base:
        described = get(base, f"/api/reports/{built.older}").json()
        assert described["summary"] == {"people": 999}
        response = get(base, f"/api/reports/{built.older}/tables/poverty_by_region")
        rows: list[dict[str, Any]] = response.json()["rows"]
        assert rows
        assert all("person_id" not in row for row in rows)
        hidden = [row for row in rows if row["suppressed"]]
        assert hidden
        assert all(row["people"] is None for row in hidden)
        csv_text = get(base, f"/api/reports/{built.older}/tables/poverty_by_region?format=csv")
        assert "f" * 32 not in csv_text.text
        assert "person_id" not in csv_text.text.splitlines()[0]


UNKNOWN_OR_TRAVERSAL = (
    f"/api/reports/{uuid.uuid4()}",
    "/api/reports/not-a-report",
    "/api/reports/{running}",  # not finished: nothing to serve
    "/api/reports/{failed}",
    "/api/reports/{running}/tables/poverty_by_region",
    "/api/reports/{failed}/tables/poverty_by_region",
    "/api/reports/{latest}/tables/no_such_table",
    "/api/reports/{latest}/tables/summary",  # a file in the --out folder, not a table
    "/api/reports/{latest}/tables/report",
    "/api/reports/..%2F..%2Fetc/tables/passwd",
    "/api/reports/{latest}/tables/..%2F..%2Fchaski.db",
    "/api/reports/{latest}/tables/%2E%2E",
    "/api/reports/%2E%2E/tables/poverty_by_region",
)


def test_unknown_unfinished_or_traversal_is_404(built: Built) -> None:
    ids = {"latest": built.latest, "running": built.running, "failed": built.failed}
    with live_server(make_app(built, TOKEN)) as base:
        for path in UNKNOWN_OR_TRAVERSAL:
            response = get(base, path.format(**ids))
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


def test_runs_made_with_smaller_groups_than_the_minimum_are_not_served(built: Built) -> None:
    """Every stored run used k=10; with CHASKI_REPORT_MIN_GROUP=20 none of them may leave."""
    with live_server(make_app(built, TOKEN, min_group=20)) as base:
        for path in (
            "/api/reports/latest",
            f"/api/reports/{built.latest}",
            f"/api/reports/{built.latest}/tables/poverty_by_region",
            f"/api/reports/{built.older}/tables/poverty_by_region",
        ):
            assert get(base, path).status_code == 404, path
    with live_server(make_app(built, TOKEN, min_group=10)) as base:
        assert get(base, "/api/reports/latest").json()["report_id"] == built.latest


def test_rows_counting_fewer_than_k_people_leave_without_numbers() -> None:
    rows = [
        {"group": "Cusco", "people": 15, "informal_rate": 0.6, "suppressed": False},
        {"group": "Lima", "people": 40, "informal_rate": 0.7, "suppressed": False},
        {"region": "Puno", "profiles_checked": 12, "share_without_feasible_job": 1.0,
         "suppressed": False},
        {"term": "cafe", "recent_count": 3},  # not a group of people: never suppressed
    ]  # fmt: skip
    assert safe_rows(rows, 10) == rows
    assert safe_rows(rows, 20) == [
        {"group": "Cusco", "people": None, "informal_rate": None, "suppressed": True},
        rows[1],
        {"region": "Puno", "profiles_checked": None, "share_without_feasible_job": None,
         "suppressed": True},
        rows[3],
    ]  # fmt: skip
