"""Operations: ``/healthz`` (is the database reachable) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.concurrency import run_in_threadpool

from bot.store.db import Database, StoreError
from bot.store.queue import queue_stats
from bot.store.tables import utcnow
from webhooks.state import State

router = APIRouter(tags=["operations"])


class QueueCollector(Collector):
    """Queue depth and the oldest waiting message's age, read from the database at scrape
    time (so every worker process reports the same truth)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._db.session() as session:
            stats = queue_stats(session, utcnow())
        depth = GaugeMetricFamily(
            "chaski_queue_depth", "Messages waiting to be answered or sent", labels=["direction"]
        )
        depth.add_metric(["in"], stats.inbound_depth)
        depth.add_metric(["out"], stats.outbound_depth)
        yield depth
        yield GaugeMetricFamily(
            "chaski_queue_oldest_age_seconds",
            "Age of the oldest inbound message not yet answered",
            value=stats.oldest_age_seconds,
        )


def exposition(database: Database) -> bytes:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        process_metrics = generate_latest(registry)
    else:
        process_metrics = generate_latest(REGISTRY)
    queue = CollectorRegistry()
    queue.register(QueueCollector(database))
    return process_metrics + generate_latest(queue)


@router.get("/healthz")
async def healthz(state: State) -> JSONResponse:
    try:
        await run_in_threadpool(state.services.database.ping)
    except StoreError:
        return JSONResponse({"status": "database unreachable"}, status_code=503)
    return JSONResponse({"status": "ok"})


@router.get("/metrics")
async def metrics_endpoint(state: State) -> Response:
    body = await run_in_threadpool(exposition, state.services.database)
    return Response(body, media_type=CONTENT_TYPE_LATEST)
