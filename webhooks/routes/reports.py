"""The analyst API: the report runs ``chaski analytics run`` stored, read-only, behind bearer
tokens.

``GET /api/reports/latest`` (the most recently finished run), ``GET /api/reports/{report_id}``
and ``GET /api/reports/{report_id}/tables/{name}?format=json|csv``. Runs and their tables are
read from the database (:mod:`analytics.runs`); running and failed runs are not served, nor
are runs made with groups smaller than ``CHASKI_REPORT_MIN_GROUP`` (k) people. Tables were
suppressed before they were stored; rows are checked again on the way out (a suppressed row,
or one counting fewer than k people, keeps no number, and no column ever names a person).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import math
import re
import threading
import time
import uuid
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from analytics.runs import StoredRun, StoredTable, find_run, latest_run, read_table
from bot.settings import Settings
from bot.store.db import Database
from webhooks.state import State

router = APIRouter(prefix="/api/reports", tags=["analyst"])

REQUESTS_PER_MINUTE = 60
TABLE_NAME = re.compile(r"[a-z0-9_]{1,100}")
# Columns that would identify a person; analytics never writes them, and we never serve them.
PERSON_COLUMNS = frozenset(
    {"person_id", "person", "user", "user_id", "external_user", "platform_ref", "address", "phone"}
)
CLOSED = "the analyst API is closed"
# The columns suppression counts people in (analytics' Rule.count): a row showing fewer than k
# there is withheld on the way out even if it was stored as shown.
COUNT_COLUMNS = ("people", "profiles_checked")


class RateLimiter:
    """A token bucket per analyst token: ``per_minute`` requests, refilled continuously."""

    def __init__(
        self, per_minute: int = REQUESTS_PER_MINUTE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.capacity = float(per_minute)
        self.rate = per_minute / 60.0  # tokens a second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, last refill)
        self._lock = threading.Lock()

    def take(self, key: str) -> float:
        """0 when the request may go ahead, else the seconds to wait before the next one."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(key, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) / self.rate


def limiter(request: Request) -> RateLimiter:
    """The app's limiter (one per app, made on first use; tests may install their own)."""
    found = getattr(request.app.state, "analyst_limiter", None)
    if not isinstance(found, RateLimiter):
        found = RateLimiter()
        request.app.state.analyst_limiter = found
    return found


def configured_tokens(settings: Settings) -> list[bytes]:
    if settings.analyst_tokens is None:
        return []
    raw = settings.analyst_tokens.get_secret_value().split(",")
    return [token.strip().encode() for token in raw if token.strip()]


def presented_token(request: Request) -> bytes | None:
    header = request.headers.get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip().encode()


def analyst(request: Request, state: State) -> str:
    """Admit a request with a known bearer token and budget left; returns its bucket key."""
    tokens = configured_tokens(state.services.settings)
    if not tokens:
        raise HTTPException(status_code=403, detail=CLOSED)
    given = presented_token(request)
    matched = False
    if given is not None:
        for token in tokens:  # compare with every token: the time says nothing about which
            matched |= hmac.compare_digest(given, token)
    if given is None or not matched:
        raise HTTPException(
            status_code=401,
            detail="a valid bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    key = hashlib.sha256(given).hexdigest()
    wait = limiter(request).take(key)
    if wait > 0:
        raise HTTPException(
            status_code=429,
            detail="too many requests",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
    return key


Analyst = Annotated[str, Depends(analyst)]


def canonical_id(value: str) -> str | None:
    """``value`` as a canonical UUID string, or None when it is not one."""
    if not re.fullmatch(r"[0-9a-fA-F]{32}|[0-9a-fA-F-]{36}", value):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def too_small(row: dict[str, Any], k: int) -> bool:
    """A row that went through suppression but counts fewer than ``k`` people."""
    if "suppressed" not in row:
        return False
    counts = (row.get(column) for column in COUNT_COLUMNS)
    return any(isinstance(n, int) and not isinstance(n, bool) and n < k for n in counts)


def safe_rows(rows: object, k: int = 1) -> list[dict[str, Any]]:
    """Rows fit to leave: person columns dropped, numbers of suppressed rows (and of rows
    counting fewer than ``k`` people) nulled."""
    if not isinstance(rows, list):
        return []
    out: list[dict[str, Any]] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        clean = {key: value for key, value in row.items() if key not in PERSON_COLUMNS}
        if too_small(clean, k):
            clean["suppressed"] = True
        if clean.get("suppressed") is True:
            clean = {
                key: None
                if isinstance(value, int | float) and not isinstance(value, bool)
                else value
                for key, value in clean.items()
            }
        out.append(clean)
    return out


def describe(run: StoredRun) -> dict[str, Any]:
    return {
        "report_id": run.report_id,
        "ran_at": run.finished_at.isoformat(),
        "started_at": run.started_at.isoformat(),
        "period": run.period.as_dict(),
        "today": run.today.isoformat(),
        "k": run.k,
        "tables": [name for name in run.tables if TABLE_NAME.fullmatch(name)],
        "summary": run.summary,
    }


def fetch_latest(database: Database, k: int) -> StoredRun | None:
    with database.session() as session:
        return latest_run(session, min_k=k)


def fetch_run(database: Database, report_id: str, k: int) -> StoredRun | None:
    wanted = canonical_id(report_id)
    if wanted is None:
        return None
    with database.session() as session:
        return find_run(session, wanted, min_k=k)


def fetch_table(database: Database, run: StoredRun, name: str, k: int) -> StoredTable | None:
    """One of a finished run's tables, its rows made safe to leave (None when unknown)."""
    if name not in run.tables or not TABLE_NAME.fullmatch(name):
        return None
    with database.session() as session:
        found = read_table(session, run.report_id, name)
    if found is None:
        return None
    columns = [column for column in found.columns if column not in PERSON_COLUMNS]
    return StoredTable(found.name, columns, safe_rows(found.rows, k))


def as_csv(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """RFC 4180 CSV with the stored column order (a header even when no row is left)."""
    names = dict.fromkeys(columns)
    for row in rows:
        for key in row:
            names.setdefault(key, None)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(names), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what} not found")


def min_group(state: State) -> int:
    """k: the smallest group a served report may show (``CHASKI_REPORT_MIN_GROUP``)."""
    return state.services.settings.report_min_group


@router.get("/latest")
async def latest_report(_: Analyst, state: State) -> JSONResponse:
    run = await run_in_threadpool(fetch_latest, state.services.database, min_group(state))
    if run is None:
        raise _not_found("no report")
    return JSONResponse(describe(run))


@router.get("/{report_id}")
async def one_report(report_id: str, _: Analyst, state: State) -> JSONResponse:
    run = await run_in_threadpool(fetch_run, state.services.database, report_id, min_group(state))
    if run is None:
        raise _not_found("report")
    return JSONResponse(describe(run))


@router.get("/{report_id}/tables/{name}")
async def report_table(
    report_id: str,
    name: str,
    _: Analyst,
    state: State,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    database, k = state.services.database, min_group(state)
    run = await run_in_threadpool(fetch_run, database, report_id, k)
    if run is None:
        raise _not_found("report")
    found = await run_in_threadpool(fetch_table, database, run, name, k)
    if found is None:
        raise _not_found("table")
    if format == "csv":
        return Response(
            as_csv(found.columns, found.rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{found.name}.csv"'},
        )
    return JSONResponse({"report_id": run.report_id, "table": found.name, "rows": found.rows})
