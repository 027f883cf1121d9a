"""A fake Twilio REST API: real HTTP on loopback, the Messages endpoint only.

It answers ``POST /2010-04-01/Accounts/{sid}/Messages.json`` like Twilio does: Basic auth with
the account sid and auth token, a 201 Message resource on success, and Twilio's error JSON
(``code``, ``message``, ``more_info``, ``status``) for scripted failures::

    with FakeTwilioAPI(account_sid=SID, auth_token=TOKEN) as fake:
        client = build_twilio_client(SID, TOKEN, api_base=fake.base_url)
        fake.fail_next(status=429)
        ...
        assert fake.messages[0]["Body"] == "Hola"
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import secrets
import threading
from collections import deque
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.fakes.loopback import LoopbackServer

_MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC[0-9a-fA-F]{32})/Messages\.json$")

_DEFAULT_ERRORS: dict[int, tuple[int, str]] = {
    400: (21211, "The 'To' number is not a valid phone number."),
    401: (20003, "Authenticate"),
    404: (20404, "The requested resource was not found"),
    429: (20429, "Too Many Requests"),
    500: (20500, "Internal Server Error"),
    503: (20503, "Service Unavailable"),
}


def error_body(status: int, code: int | None = None, message: str | None = None) -> dict[str, Any]:
    """Twilio's error JSON for one HTTP status (default code and message per status)."""
    default_code, default_message = _DEFAULT_ERRORS.get(status, (status, "Error"))
    code = default_code if code is None else code
    return {
        "code": code,
        "message": message or default_message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


class FakeTwilioAPI(LoopbackServer):
    """Twilio's Messages API on ``127.0.0.1``; use as a context manager."""

    def __init__(
        self,
        *,
        account_sid: str,
        auth_token: str,
    ) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self._lock = threading.Lock()
        self._messages: list[dict[str, str]] = []
        self._failures: deque[tuple[int, dict[str, Any]]] = deque()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- what tests use ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeTwilioAPI is not running (use it in a `with` block)")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def messages(self) -> list[dict[str, str]]:
        """The form fields of every accepted ``Messages.json`` POST, in order (a copy)."""
        with self._lock:
            return [dict(message) for message in self._messages]

    def fail_next(
        self, *, status: int, code: int | None = None, message: str | None = None
    ) -> None:
        """Answer the next ``Messages.json`` POST with this error (queued, one per call)."""
        with self._lock:
            self._failures.append((status, error_body(status, code, message)))

    # -- lifecycle --------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        return _handler_for(self)

    # -- called from the server threads ----------------------------------------------------

    def _authorised(self, header: str | None) -> bool:
        if not header or not header.startswith("Basic "):
            return False
        try:
            decoded = base64.b64decode(header.removeprefix("Basic "), validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        expected = f"{self.account_sid}:{self.auth_token}"
        return hmac.compare_digest(decoded.encode(), expected.encode())

    def _create_message(self, sid: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            if self._failures:
                return self._failures.popleft()
            self._messages.append(form)
        message_sid = "SM" + secrets.token_hex(16)
        now = format_datetime(datetime.now(UTC))
        body = form.get("Body", "")
        base = f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}"
        resource = {
            "account_sid": sid,
            "api_version": "2010-04-01",
            "body": body,
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": form.get("From"),
            "messaging_service_sid": form.get("MessagingServiceSid"),
            "num_media": "0",
            "num_segments": str(max(1, -(-len(body) // 153))),
            "price": None,
            "price_unit": "USD",
            "sid": message_sid,
            "status": "queued",
            "subresource_uris": {"media": f"{base}/Media.json"},
            "to": form.get("To"),
            "uri": f"{base}.json",
        }
        return 201, resource


def _handler_for(api: FakeTwilioAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            match = _MESSAGES_PATH.match(self.path.split("?", 1)[0])
            if not api._authorised(self.headers.get("Authorization")):
                self._answer(401, error_body(401))
            elif match is None or match["sid"] != api.account_sid:
                self._answer(404, error_body(404))
            else:
                form = dict(parse_qsl(raw, keep_blank_values=True))
                self._answer(*api._create_message(match["sid"], form))

        def do_GET(self) -> None:
            self._answer(404, error_body(404))

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet: tests assert on what was received, not on access logs."""

    return Handler
