"""The real app on a loopback port (uvicorn in a thread), for tests that post over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI


@contextmanager
def live_server(app: FastAPI, **config_options: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 (a free port); yields its base URL. ``config_options``
    override uvicorn's settings (logging, access log)."""
    options: dict[str, Any] = {"log_level": "warning", "lifespan": "on"} | config_options
    config = uvicorn.Config(app, host="127.0.0.1", port=0, **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the app did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def wait_for(condition: Callable[[], object], *, timeout: float = 15.0) -> None:
    """Poll until ``condition()`` is truthy (the worker runs in the background)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.05)
