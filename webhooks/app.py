"""The web app: webhooks, operations endpoints, and (by default) the worker in-process."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from bot.app import Services, build_services
from bot.settings import Settings
from webhooks.channel import Channel
from webhooks.channels import build_channels
from webhooks.http_metrics import HttpMetricsMiddleware
from webhooks.routes import inbound, ops, reports
from webhooks.state import AppState
from webhooks.worker import Worker, WorkerConfig, worker_config

log = logging.getLogger(__name__)


def create_app(
    settings: Settings,
    *,
    services: Services | None = None,
    channels: dict[str, Channel] | None = None,
    run_worker: bool | None = None,
) -> FastAPI:
    """The app; heavy pieces are built once in the lifespan (or injected by tests)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        built = services or build_services(settings)
        active = channels if channels is not None else build_channels(settings)
        for channel in active.values():
            await channel.start()
        worker = Worker(
            database=built.database,
            engine=built.engine,
            channels=active,
            config=worker_config(settings),
        )
        app.state.chaski = AppState(services=built, channels=active, worker=worker)
        stop = asyncio.Event()
        in_process = settings.worker_in_serve if run_worker is None else run_worker
        task = asyncio.create_task(worker.run(stop)) if in_process else None
        try:
            yield
        finally:
            stop.set()
            if task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            for channel in active.values():
                await channel.stop()
            if services is None:
                built.database.dispose()

    app = FastAPI(title="Chaski", version="0.1.0", lifespan=lifespan)
    app.include_router(inbound.router)
    app.include_router(ops.router)
    app.include_router(reports.router)
    app.add_middleware(HttpMetricsMiddleware)
    return app


__all__ = ["WorkerConfig", "create_app"]
