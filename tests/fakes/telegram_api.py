"""A fake Telegram Bot API: real HTTP on loopback, the few methods Chaski calls.

It answers ``POST /bot<token>/<method>`` (GET too) like the Bot API does: ``{"ok": true,
"result": ...}`` on success and ``{"ok": false, "error_code": ..., "description": ...}`` (plus
``parameters.retry_after`` for 429) on failure. Bodies may be JSON, form-urlencoded (what PTB
sends) or multipart; every call is recorded as ``(method, params)``::

    with FakeTelegramAPI() as fake:
        bot = build_telegram_bot(TOKEN, base_url=fake.base_url)
        fake.fail_next("sendMessage", status=429, retry_after=1)
        ...
        assert fake.calls("sendMessage")[0]["text"] == "Hola"

Form values stay strings as sent (``reply_markup`` is a JSON string there); :func:`json_field`
reads such a field from either kind of body.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from tests.fakes.loopback import LoopbackServer

BOT_ID = 7012345678
BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Chaski",
    "username": "chaski_pe_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
    "can_connect_to_business": False,
    "has_main_web_app": False,
}

_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
}


def error_body(
    status: int, description: str | None = None, retry_after: int | None = None
) -> dict[str, Any]:
    """The Bot API's error JSON for one HTTP status."""
    if description is None:
        if status == 429:
            description = f"Too Many Requests: retry after {retry_after or 1}"
        else:
            description = _DESCRIPTIONS.get(status, "Error")
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


def json_field(params: dict[str, Any], name: str) -> Any:
    """A JSON-typed parameter (``reply_markup``...), whether the body was JSON or a form."""
    value = params.get(name)
    return json.loads(value) if isinstance(value, str) else value


class FakeTelegramAPI(LoopbackServer):
    """The Bot API on ``127.0.0.1``; use as a context manager.

    With ``token`` set, any other token gets 401 Unauthorized (as a revoked token does).
    """

    def __init__(self, *, token: str | None = None) -> None:
        self.token = token
        self._lock = threading.Lock()
        self._requests: list[tuple[str, dict[str, Any]]] = []
        self._failures: dict[str, deque[tuple[int, bytes]]] = {}
        self._holds: dict[str, deque[Hold]] = {}
        self._next_message_id = 100
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- what tests use ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What ``build_telegram_bot(..., base_url=...)`` takes (PTB appends the token)."""
        if self._server is None:
            raise RuntimeError("FakeTelegramAPI is not running (use it in a `with` block)")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/bot"

    @property
    def requests(self) -> list[tuple[str, dict[str, Any]]]:
        """Every call received, failed ones too, in order: ``(method, params)`` (a copy)."""
        with self._lock:
            return [(method, dict(params)) for method, params in self._requests]

    @property
    def methods(self) -> list[str]:
        return [method for method, _ in self.requests]

    def calls(self, method: str) -> list[dict[str, Any]]:
        """The params of every call to ``method`` (method names are case-insensitive)."""
        return [params for name, params in self.requests if name.lower() == method.lower()]

    def fail_next(
        self,
        method: str,
        *,
        status: int,
        description: str | None = None,
        retry_after: int | None = None,
        body: bytes | None = None,
    ) -> None:
        """Answer the next call to ``method`` with this error (queued, one per call).

        ``body`` replaces the JSON error with raw bytes (a proxy's HTML 502 page, say).
        """
        if body is None:
            body = json.dumps(error_body(status, description, retry_after)).encode()
        with self._lock:
            self._failures.setdefault(method.lower(), deque()).append((status, body))

    def hold_next(self, method: str) -> Hold:
        """Keep the next call to ``method`` waiting, as a slow platform does, until the
        returned hold is released (queued, one per call)."""
        hold = Hold()
        with self._lock:
            self._holds.setdefault(method.lower(), deque()).append(hold)
        return hold

    # -- lifecycle --------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    # -- called from the server threads ----------------------------------------------------

    def _handle(self, path: str, params: dict[str, Any]) -> tuple[int, bytes]:
        parts = path.split("/")
        if len(parts) != 3 or parts[0] or not parts[1].startswith("bot") or not parts[2]:
            return _json(404, error_body(404))
        token, method = parts[1].removeprefix("bot"), parts[2]
        with self._lock:
            self._requests.append((method, params))
            if self.token is not None and token != self.token:
                return _json(401, error_body(401))
            failures = self._failures.get(method.lower())
            if failures:
                return failures.popleft()
            holds = self._holds.get(method.lower())
            hold = holds.popleft() if holds else None
        if hold is not None:
            hold.keep_waiting()
        with self._lock:
            message_id = self._next_message_id
            if method.lower() == "sendmessage":
                self._next_message_id += 1
        return self._result(method.lower(), params, message_id)

    def _result(self, method: str, params: dict[str, Any], message_id: int) -> tuple[int, bytes]:
        if method == "getme":
            return _ok(BOT_USER)
        if method in ("answercallbackquery", "setwebhook", "deletewebhook"):
            return _ok(True)
        if method != "sendmessage":
            return _json(404, error_body(404))
        chat_id, text = params.get("chat_id"), params.get("text")
        if chat_id in (None, ""):
            return _json(400, error_body(400, "Bad Request: chat_id is empty"))
        if not text:
            return _json(400, error_body(400, "Bad Request: message text is empty"))
        if isinstance(chat_id, str) and chat_id.lstrip("-").isdigit():
            chat_id = int(chat_id)
        message: dict[str, Any] = {
            "message_id": message_id,
            "from": {key: BOT_USER[key] for key in ("id", "is_bot", "first_name", "username")},
            "chat": {"id": chat_id, "first_name": "Rosa", "type": "private"},
            "date": int(time.time()),
            "text": text,
        }
        markup = json_field(params, "reply_markup")
        if markup:
            message["reply_markup"] = markup
        return _ok(message)


class Hold:
    """A call kept waiting in the server: ``arrived`` is set when it comes in, and it is
    answered once ``release()`` is called (or after ``limit`` seconds, so no test hangs)."""

    def __init__(self, limit: float = 30.0) -> None:
        self.arrived = threading.Event()
        self._released = threading.Event()
        self._limit = limit

    def release(self) -> None:
        self._released.set()

    def keep_waiting(self) -> None:
        self.arrived.set()
        self._released.wait(self._limit)


def _ok(result: Any) -> tuple[int, bytes]:
    return _json(200, {"ok": True, "result": result})


def _json(status: int, payload: dict[str, Any]) -> tuple[int, bytes]:
    return status, json.dumps(payload).encode()


def _decode(content_type: str, raw: bytes) -> dict[str, Any]:
    """The parameters of one call: JSON, form-urlencoded or multipart (files kept as bytes)."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if not raw:
        return {}
    if kind == "application/json":
        decoded = json.loads(raw)
        return decoded if isinstance(decoded, dict) else {}
    if kind == "multipart/form-data":
        header = f"Content-Type: {content_type}\r\n\r\n".encode()
        parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(header + raw)
        params: dict[str, Any] = {}
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True)
            if isinstance(name, str) and isinstance(payload, bytes):
                is_file = part.get_filename() is not None
                params[name] = payload if is_file else payload.decode()
        return params
    return dict(parse_qsl(raw.decode(), keep_blank_values=True))


def _handler_for(api: FakeTelegramAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as httpx expects from the real API

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            url = urlsplit(self.path)
            params = _decode(self.headers.get("Content-Type", ""), raw)
            params.update(parse_qsl(url.query, keep_blank_values=True))
            self._answer(*api._handle(url.path, params))

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            self._answer(*api._handle(url.path, dict(parse_qsl(url.query))))

        def _answer(self, status: int, data: bytes) -> None:
            self.send_response(status)
            is_json = data.startswith(b"{")
            kind = "application/json" if is_json else "text/html; charset=utf-8"
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests assert on what was received, not on access logs."""

    return Handler
