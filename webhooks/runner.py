"""``chaski worker``: the worker on its own, until SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import logging
import signal

from prometheus_client import start_http_server

from bot.app import build_services
from bot.settings import Settings
from webhooks.channels import build_channels
from webhooks.worker import Worker, worker_config

log = logging.getLogger(__name__)


async def run_worker(settings: Settings) -> None:
    services = build_services(settings)
    channels = build_channels(settings)
    for channel in channels.values():
        await channel.start()
    if settings.worker_metrics_port:
        start_http_server(settings.worker_metrics_port)  # Prometheus scrapes the worker here
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    worker = Worker(
        database=services.database,
        engine=services.engine,
        channels=channels,
        config=worker_config(settings),
    )
    log.info("worker %s started", worker.worker_id)
    try:
        await worker.run(stop)
    finally:
        for channel in channels.values():
            await channel.stop()
        services.database.dispose()
