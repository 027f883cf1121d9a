"""Hostile requests to the analyst API and the operations endpoints, over real HTTP.

Without a valid bearer token nothing but 401 comes back, whatever the path (traversal,
huge ids, encoded slashes, junk query strings); with one, hostile ids and table names get a
404 (or 422 for an unknown format), never a 5xx, and never a row of a table that was not asked
for by its exact name. ``/healthz`` and ``/metrics`` take any query and headers.
"""

from __future__ import annotations

import uuid
from datetime import date
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analytics.period import Period
from analytics.runs import finish_run, start_run
from tests.security.conftest import ANALYST_TOKEN, SQLITE_ONLY, Served, row_counts
from tests.security.fuzzing import FUZZ, PATHS, utf8_text

pytestmark = pytest.mark.fuzz

SECRET_CELL = "only-in-the-regions-table"


@pytest.fixture
def report_id(served: Served) -> str:
    """One finished run with one table (and a person column the API must drop)."""
    run = str(uuid.uuid4())
    start_run(
        served.database,
        report_id=run,
        period=Period(date(2026, 7, 1), date(2026, 10, 31)),
        today=date(2026, 11, 1),
        k=10,
    )
    finish_run(
        served.database,
        report_id=run,
        summary={"people": 12},
        tables={"regions": [{"region": SECRET_CELL, "people": 12, "person_id": "p" * 32}]},
        details={},
    )
    return run


def ids(real: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            (
                real,
                real.upper(),
                real.replace("-", ""),
                "{" + real + "}",
                real + "/",
                real + "%00",
                str(uuid.uuid4()),
                "latest",
                "0" * 36,
                "9" * 10_000,  # a huge id
                "a" * 20_000,  # past the server's request-line limit
            )
        ),
        st.sampled_from(PATHS),
        utf8_text,
    )


table_names = st.one_of(
    st.sampled_from(("regions", "REGIONS", "regions.json", "../regions", "%2e%2e", "*")),
    st.sampled_from(PATHS),
    utf8_text,
)
formats = st.one_of(st.none(), st.sampled_from(("json", "csv", "xml", "JSON", "")), utf8_text)
authorizations = st.one_of(
    st.none(),
    st.sampled_from(
        (
            "",
            "Bearer",
            "Bearer ",
            f"Basic {ANALYST_TOKEN}",
            f"Bearer {ANALYST_TOKEN[:-1]}",
            f"Bearer {ANALYST_TOKEN}x",
            f"Bearer {ANALYST_TOKEN},{ANALYST_TOKEN}",
            f"bearer{ANALYST_TOKEN}",
        )
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
            max_size=80).map(lambda text: "Bearer " + text),
)  # fmt: skip


@st.composite
def api_requests(draw: st.DrawFn, real: str) -> str:
    """A path under /api/reports: quoted fully, or with its slashes and dots left raw."""
    safe = draw(st.sampled_from(("", "/", "/.%")))
    path = "/api/reports/" + quote(draw(ids(real)), safe=safe)
    if draw(st.booleans()):
        path += "/tables/" + quote(draw(table_names), safe=safe)
    fmt = draw(formats)
    if fmt is not None:
        path += "?format=" + quote(fmt, safe="")
    return path


def get(served: Served, path: str, authorization: str | None, route: str) -> tuple[int, str]:
    headers = {}
    if authorization is not None:  # HTTP drops a header value's outer spaces; so do we
        headers["Authorization"] = authorization.strip().encode("latin-1")
    response = served.poster.request("GET", path, route=route, headers=headers)
    return response.status_code, response.text


@SQLITE_ONLY
def test_without_a_valid_token_nothing_is_served(served: Served, report_id: str) -> None:
    before = row_counts(served.database)

    @FUZZ
    @given(path=api_requests(report_id), authorization=authorizations)
    def refused(path: str, authorization: str | None) -> None:
        status, text = get(served, path, authorization, "GET /api/reports/... (no valid token)")
        # 307: the router drops a trailing slash; 400/414/431: the HTTP server refuses a
        # request line or header it cannot read; 404: no such route (too many segments).
        assert status in (307, 400, 401, 404, 414, 431), (path, status)
        assert SECRET_CELL not in text

    refused()
    assert row_counts(served.database) == before


def test_with_a_token_hostile_ids_and_names_are_404(served: Served, report_id: str) -> None:
    bearer = f"Bearer {ANALYST_TOKEN}"

    @FUZZ
    @given(path=api_requests(report_id))
    def hostile(path: str) -> None:
        status, text = get(served, path, bearer, "GET /api/reports/... (valid token)")
        assert status in (200, 307, 400, 404, 414, 422, 431), (path, status)
        assert "person_id" not in text
        assert "p" * 32 not in text
        exact = f"/api/reports/{report_id}/tables/regions"
        if SECRET_CELL in text:
            assert path in (exact, exact + "?format=json", exact + "?format=csv"), path

    hostile()
    exact = f"/api/reports/{report_id}/tables/regions"
    found = get(served, exact, bearer, "GET /api/reports/{id}/tables/regions (control)")
    assert found[0] == 200
    assert SECRET_CELL in found[1]


@SQLITE_ONLY
def test_operations_endpoints_take_any_query_and_headers(served: Served) -> None:
    @FUZZ
    @given(
        path=st.sampled_from(("/healthz", "/metrics")),
        query=utf8_text,
        headers=st.dictionaries(
            st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=20),
            st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=50),
            max_size=4,
        ),
        method=st.sampled_from(("GET", "GET", "HEAD", "POST", "DELETE", "OPTIONS")),
    )
    def probe(path: str, query: str, headers: dict[str, str], method: str) -> None:
        response = served.poster.request(
            method, f"{path}?{quote(query, safe='=&')}", route=f"{path} (any query)",
            headers={k: v.strip() for k, v in headers.items()},
        )  # fmt: skip
        assert response.status_code < 500, (method, path, query)
        if method == "GET":
            assert response.status_code == 200

    probe()
