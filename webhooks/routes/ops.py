"""Operations: ``/livez`` (is the process serving), ``/healthz`` (is the database reachable)
and ``/metrics`` (Prometheus).

``/livez`` is the liveness probe: it answers from the event loop without touching the
database, so an outage makes pods unready (``/healthz`` 503) instead of restarting them.
"""

from __future__ import annotations

import os

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from starlette.concurrency import run_in_threadpool

from bot.metrics import QueueCollector, ReportCollector
from bot.store.db import Database, StoreError
from webhooks.state import State

router = APIRouter(tags=["operations"])


def exposition(database: Database, *, min_group: int = 1) -> bytes:
    """This process's metrics (or every process's, in multiprocess mode), then what the
    database holds: the queue and the latest report run (runs with groups below
    ``min_group`` left out)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        process_metrics = generate_latest(registry)
    else:
        process_metrics = generate_latest(REGISTRY)
    stored = CollectorRegistry()
    stored.register(QueueCollector(database))
    stored.register(ReportCollector(database, min_group=min_group))
    return process_metrics + generate_latest(stored)


@router.get("/livez")
async def livez() -> JSONResponse:
    """Alive: the event loop ran this handler. No database, no auth."""
    return JSONResponse({"status": "alive"})


@router.get("/healthz")
async def healthz(state: State) -> JSONResponse:
    try:
        await run_in_threadpool(state.services.database.ping)
    except StoreError:
        return JSONResponse({"status": "database unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/metrics")
async def metrics_endpoint(state: State) -> Response:
    services = state.services
    body = await run_in_threadpool(
        exposition, services.database, min_group=services.settings.report_min_group
    )
    return Response(body, media_type=CONTENT_TYPE_LATEST)
