"""Oversized bodies are refused early: 413 before the body is read, and nothing stored.

Over a raw socket to the live server, so the client controls exactly what is sent: a
declared Content-Length over the limit is refused before one byte of body is sent, and a
chunked body with no Content-Length is refused once it passes the limit, while the client is
still sending.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi import HTTPException
from starlette.requests import Request

from bot.settings import Settings
from bot.store.db import Database
from tests.security.conftest import SQLITE_ONLY, Served, row_counts, serve
from tests.webhooks.conftest import TELEGRAM_SECRET
from webhooks.routes.inbound import read_body

LIMIT = 4096
ENDPOINTS = ("/webhooks/telegram", "/webhooks/whatsapp", "/webhooks/whatsapp/status")


@pytest.fixture
def small_limit(settings: Settings, database: Database) -> Iterator[Served]:
    yield from serve(
        settings.model_copy(update={"max_body_bytes": LIMIT}), database, run_worker=False
    )


def connect(served: Served) -> socket.socket:
    parts = urlsplit(served.base_url)
    sock = socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout=10)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def head(path: str, *lines: str) -> bytes:
    return "\r\n".join(
        (
            f"POST {path} HTTP/1.1",
            "Host: chaski.example.org",
            f"X-Telegram-Bot-Api-Secret-Token: {TELEGRAM_SECRET}",
            "X-Twilio-Signature: c2lnbmF0dXJl",
            "Content-Type: application/json",
            *lines,
            "",
            "",
        )
    ).encode()


def status_of(sock: socket.socket) -> int:
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data.split(b" ", 2)[1])


@SQLITE_ONLY
@pytest.mark.parametrize("path", ENDPOINTS)
def test_declared_length_over_the_limit_is_413_before_the_body(
    small_limit: Served, path: str
) -> None:
    before = row_counts(small_limit.database)
    with connect(small_limit) as sock:
        started = time.monotonic()
        sock.sendall(head(path, f"Content-Length: {10 * 1024**3}"))  # 10 GiB, never sent
        assert status_of(sock) == 413
        assert time.monotonic() - started < 5
    assert row_counts(small_limit.database) == before


@SQLITE_ONLY
@pytest.mark.parametrize("path", ENDPOINTS)
def test_chunked_body_without_length_is_cut_off_at_the_limit(
    small_limit: Served, path: str
) -> None:
    before = row_counts(small_limit.database)
    chunk = b"x" * 1024
    framed = f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    sent = 0
    with connect(small_limit) as sock:
        sock.sendall(head(path, "Transfer-Encoding: chunked"))
        sock.setblocking(False)
        answer = b""
        # Up to 64 MiB, unless the server answers first (a server reading it all would not).
        while sent < 64 * 1024**2 and b"\r\n" not in answer:
            try:
                answer += sock.recv(4096)
            except BlockingIOError:
                pass
            except ConnectionResetError:
                break
            try:
                sock.send(framed)
                sent += len(chunk)
            except BlockingIOError:
                time.sleep(0.001)  # the server is not reading: its buffers are full
            except (BrokenPipeError, ConnectionResetError):
                break
        sock.setblocking(True)
        status = int(answer.split(b" ", 2)[1]) if b"\r\n" in answer else status_of(sock)
    assert status == 413
    # The answer came while the client was still sending: the server read about LIMIT bytes
    # (socket buffers hold a few MiB more), not the 64 MiB on offer.
    assert sent < 16 * 1024**2
    assert row_counts(small_limit.database) == before


@pytest.mark.parametrize(
    ("declared", "status"),
    [("²", 400), ("٣", 400), ("-1", 400), ("1e3", 400), (" 12", 400), ("99999999999999", 413)],
)
def test_odd_content_lengths_are_4xx(declared: str, status: int) -> None:
    """What a server that passes any Content-Length through (not uvicorn's h11) would hand us:
    ``"²".isdigit()`` is true but ``int("²")`` raises, which was a 500."""
    scope = {
        "type": "http",
        "method": "POST",
        "path": "/webhooks/telegram",
        "headers": [(b"content-length", declared.encode("utf-8"))],
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    with pytest.raises(HTTPException) as refused:
        asyncio.run(read_body(Request(scope, receive), LIMIT))
    assert refused.value.status_code == status
