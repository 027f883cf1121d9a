"""Counting every HTTP request: route template, method and status class, and its duration.

A pure ASGI middleware (no response buffering, streaming untouched). The route label is the
template of the route that answered (``/api/reports/{report_id}``), read from the scope the
router filled in, never the raw path: a request no route matched is ``unmatched``, so random
paths cannot grow the number of series. An exception that escapes the app counts as 5xx (the
server error middleware outside turns it into a 500).
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot import metrics

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_template(scope: Scope) -> str:
    """The template of the route the router chose (set on the scope), else ``unmatched``."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    return template if isinstance(template, str) and template else UNMATCHED


def status_class(status: int) -> str:
    return f"{status // 100}xx" if 100 <= status <= 599 else "5xx"


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status: int | None = None

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception:
            status = 500
            raise
        finally:
            if status is not None:  # None: cancelled before answering (shutdown, disconnect)
                method = scope["method"] if scope["method"] in METHODS else "other"
                route = route_template(scope)
                metrics.HTTP_REQUESTS.labels(
                    route=route, method=method, status=status_class(status)
                ).inc()
                metrics.HTTP_SECONDS.labels(route=route, method=method).observe(
                    time.perf_counter() - started
                )
