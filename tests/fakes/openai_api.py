"""A fake OpenAI-compatible API: real HTTP on loopback, ``POST /v1/chat/completions`` only.

Replies have the real response shape (``chat.completion`` with ``choices`` and ``usage``);
errors have the real error body (``{"error": {"message", "type", "param", "code"}}``). Every
request is recorded with its JSON body and headers, failed and delayed ones too::

    with FakeOpenAI() as fake:
        client = openai.OpenAI(base_url=fake.base_url, api_key="test", max_retries=0)
        fake.reply("Hola")                  # the next completion says "Hola"
        fake.fail_next(500)                 # ...or the next request gets a 500
        fake.delay_next(2.0)                # ...or waits 2 s before answering
        ...
        assert fake.bodies[0]["messages"][1]["content"].startswith("Entradas")

Scripted behaviours are used in order, one per request; without one, the completion says
``default_text``. Token counts are words (``len(text.split())``) unless a reply sets them.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

COMPLETIONS_PATH = "/v1/chat/completions"

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "invalid_request_error",
    404: "invalid_request_error",
    429: "rate_limit_exceeded",
    500: "server_error",
    503: "server_error",
}


@dataclass(frozen=True)
class _Step:
    text: str | None = None
    status: int = 200
    delay: float = 0.0
    finish_reason: str = "stop"
    prompt_tokens: int | None = None
    completion_tokens: int | None = None


@dataclass(frozen=True)
class Recorded:
    path: str
    headers: dict[str, str]
    """Lower-cased names."""
    body: dict[str, Any]


def error_body(status: int, message: str | None = None) -> dict[str, Any]:
    return {
        "error": {
            "message": message or f"The server had an error ({status}) processing the request.",
            "type": _ERROR_TYPES.get(status, "server_error"),
            "param": None,
            "code": None,
        }
    }


def completion_body(body: dict[str, Any], step: _Step, text: str, number: int) -> dict[str, Any]:
    prompt = " ".join(str(m.get("content", "")) for m in body.get("messages", []))
    prompt_tokens = step.prompt_tokens if step.prompt_tokens is not None else len(prompt.split())
    completion_tokens = (
        step.completion_tokens if step.completion_tokens is not None else len(text.split())
    )
    return {
        "id": f"chatcmpl-fake{number:06d}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake-model"),
        "choices": [
            {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": text,
                    "refusal": None,
                    "annotations": [],
                },
                "logprobs": None,
                "finish_reason": step.finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
            "completion_tokens_details": {
                "reasoning_tokens": 0,
                "audio_tokens": 0,
                "accepted_prediction_tokens": 0,
                "rejected_prediction_tokens": 0,
            },
        },
        "service_tier": "default",
        "system_fingerprint": "fp_fake",
    }


class FakeOpenAI:
    """The chat-completions endpoint on ``127.0.0.1``; use as a context manager."""

    def __init__(self, *, default_text: str = "Respuesta de prueba.") -> None:
        self.default_text = default_text
        self._lock = threading.Lock()
        self._steps: deque[_Step] = deque()
        self._requests: list[Recorded] = []
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- what tests use ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """What ``openai.OpenAI(base_url=...)`` takes."""
        if self._server is None:
            raise RuntimeError("FakeOpenAI is not running (use it in a `with` block)")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    @property
    def requests(self) -> list[Recorded]:
        with self._lock:
            return list(self._requests)

    @property
    def bodies(self) -> list[dict[str, Any]]:
        return [r.body for r in self.requests if r.path == COMPLETIONS_PATH]

    def reply(
        self,
        text: str,
        *,
        finish_reason: str = "stop",
        prompt_tokens: int | None = None,
        completion_tokens: int | None = None,
        delay: float = 0.0,
    ) -> None:
        """The next completion says ``text`` (after ``delay`` seconds)."""
        self._push(
            _Step(
                text=text,
                finish_reason=finish_reason,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                delay=delay,
            )
        )

    def fail_next(self, status: int, *, times: int = 1) -> None:
        for _ in range(times):
            self._push(_Step(status=status))

    def delay_next(self, seconds: float, *, times: int = 1) -> None:
        """The next requests wait ``seconds`` before answering ``default_text``."""
        for _ in range(times):
            self._push(_Step(delay=seconds))

    # -- lifecycle ----------------------------------------------------------------------------

    def __enter__(self) -> FakeOpenAI:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                fake._handle(self)

            def do_GET(self) -> None:
                fake._send(self, 404, error_body(404, "Not found"))

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    # -- the server side -----------------------------------------------------------------------

    def _push(self, step: _Step) -> None:
        with self._lock:
            self._steps.append(step)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            self._send(handler, 400, error_body(400, "We could not parse the JSON body."))
            return
        path = handler.path.split("?", 1)[0]
        with self._lock:
            self._requests.append(
                Recorded(path, {k.lower(): v for k, v in handler.headers.items()}, body)
            )
            number = len(self._requests)
            step = self._steps.popleft() if self._steps else _Step()
        if path != COMPLETIONS_PATH:
            self._send(handler, 404, error_body(404, f"Unknown path {path}"))
            return
        if step.delay and self._stopping.wait(step.delay):
            return
        if step.status != 200:
            self._send(handler, step.status, error_body(step.status))
            return
        text = step.text if step.text is not None else self.default_text
        self._send(handler, 200, completion_body(body, step, text, number))

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.send_header("x-request-id", f"req_fake_{int(time.time() * 1000)}")
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout): nothing to answer
