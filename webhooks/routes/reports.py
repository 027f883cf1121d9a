"""The analyst API: the reports ``chaski analytics run`` wrote, read-only, behind bearer tokens.

``GET /api/reports/latest``, ``GET /api/reports/{report_id}`` and
``GET /api/reports/{report_id}/tables/{name}?format=json|csv``. Reports are the folders under
``settings.data_dir / "reports"`` holding a ``report.json`` manifest; nothing else is served.
Tables were suppressed when written; rows are checked again on the way out (a suppressed row
keeps no number, and no column ever names a person).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
import math
import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from bot.settings import Settings
from webhooks.state import State

router = APIRouter(prefix="/api/reports", tags=["analyst"])

REQUESTS_PER_MINUTE = 60
TABLE_NAME = re.compile(r"[a-z0-9_]{1,100}")
# Columns that would identify a person; analytics never writes them, and we never serve them.
PERSON_COLUMNS = frozenset(
    {"person_id", "person", "user", "user_id", "external_user", "platform_ref", "address", "phone"}
)
CLOSED = "the analyst API is closed"


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


@dataclass(frozen=True)
class Report:
    report_id: str
    folder: Path
    manifest: dict[str, Any]
    ran_at: datetime

    @property
    def tables(self) -> list[str]:
        names = self.manifest.get("tables")
        if not isinstance(names, list):
            return []
        return [name for name in names if isinstance(name, str) and TABLE_NAME.fullmatch(name)]


def reports_root(settings: Settings) -> Path:
    return settings.data_dir / "reports"


def canonical_id(value: str) -> str | None:
    """``value`` as a canonical UUID string, or None when it is not one."""
    if not re.fullmatch(r"[0-9a-fA-F]{32}|[0-9a-fA-F-]{36}", value):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _ran_at(manifest: dict[str, Any], manifest_path: Path) -> datetime:
    """When the run happened: ``generated_at`` if the manifest has it, else the file's mtime."""
    recorded = manifest.get("generated_at")
    if isinstance(recorded, str):
        try:
            moment = datetime.fromisoformat(recorded)
        except ValueError:
            pass
        else:
            return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return datetime.fromtimestamp(manifest_path.stat().st_mtime, UTC)


def _load(folder: Path) -> Report | None:
    path = folder / "report.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(manifest, dict):
        return None
    report_id = canonical_id(str(manifest.get("report_id", "")))
    if report_id is None:
        return None
    return Report(report_id, folder, manifest, _ran_at(manifest, path))


def find_reports(root: Path) -> list[Report]:
    """Every readable report under ``root``, newest run first."""
    if not root.is_dir():
        return []
    found = [
        report
        for folder in root.iterdir()
        if folder.is_dir() and not folder.is_symlink()
        for report in [_load(folder)]
        if report is not None
    ]
    return sorted(found, key=lambda report: report.ran_at, reverse=True)


def find_report(root: Path, report_id: str) -> Report | None:
    wanted = canonical_id(report_id)
    if wanted is None:
        return None
    return next((r for r in find_reports(root) if r.report_id == wanted), None)


def safe_rows(rows: object) -> list[dict[str, Any]]:
    """Rows fit to leave: person columns dropped, numbers of suppressed rows nulled."""
    if not isinstance(rows, list):
        return []
    out: list[dict[str, Any]] = []
    for row in rows:
        if not isinstance(row, dict):
            continue
        clean = {key: value for key, value in row.items() if key not in PERSON_COLUMNS}
        if clean.get("suppressed") is True:
            clean = {
                key: None
                if isinstance(value, int | float) and not isinstance(value, bool)
                else value
                for key, value in clean.items()
            }
        out.append(clean)
    return out


def read_table(report: Report, name: str) -> list[dict[str, Any]] | None:
    if name not in report.tables:
        return None
    path = report.folder / f"{name}.json"
    if path.resolve().parent != report.folder.resolve():
        return None
    try:
        return safe_rows(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def read_summary(report: Report) -> dict[str, Any]:
    try:
        summary = json.loads((report.folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return summary if isinstance(summary, dict) else {}


def describe(report: Report) -> dict[str, Any]:
    return {
        "report_id": report.report_id,
        "ran_at": report.ran_at.isoformat(),
        "period": report.manifest.get("period"),
        "today": report.manifest.get("today"),
        "k": report.manifest.get("k"),
        "tables": report.tables,
        "summary": read_summary(report),
    }


def as_csv(rows: list[dict[str, Any]]) -> str:
    columns: dict[str, None] = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, None)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue()


def _not_found(what: str) -> HTTPException:
    return HTTPException(status_code=404, detail=f"{what} not found")


@router.get("/latest")
async def latest_report(_: Analyst, state: State) -> JSONResponse:
    reports = await run_in_threadpool(find_reports, reports_root(state.services.settings))
    if not reports:
        raise _not_found("no report")
    return JSONResponse(await run_in_threadpool(describe, reports[0]))


@router.get("/{report_id}")
async def one_report(report_id: str, _: Analyst, state: State) -> JSONResponse:
    root = reports_root(state.services.settings)
    report = await run_in_threadpool(find_report, root, report_id)
    if report is None:
        raise _not_found("report")
    return JSONResponse(await run_in_threadpool(describe, report))


@router.get("/{report_id}/tables/{name}")
async def report_table(
    report_id: str,
    name: str,
    _: Analyst,
    state: State,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    root = reports_root(state.services.settings)
    report = await run_in_threadpool(find_report, root, report_id)
    if report is None:
        raise _not_found("report")
    if not TABLE_NAME.fullmatch(name):
        raise _not_found("table")
    rows = await run_in_threadpool(read_table, report, name)
    if rows is None:
        raise _not_found("table")
    if format == "csv":
        return Response(
            as_csv(rows),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return JSONResponse({"report_id": report.report_id, "table": name, "rows": rows})
