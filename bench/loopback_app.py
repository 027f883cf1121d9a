"""What the loopback benchmarks of the app share: percentiles, the machine, and real webhook
payloads (Telegram Updates from the recorded fixtures, Twilio form posts signed the way Twilio
signs them) with the test credentials the fake platforms accept."""

from __future__ import annotations

import copy
import json
import os
import platform
from typing import Any
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator  # type: ignore[import-untyped]

from bot.settings import REPO_ROOT
from tests.webhooks.conftest import (
    PUBLIC_URL,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_SID,
    TWILIO_TOKEN,
)

FIXTURES = REPO_ROOT / "tests" / "fixtures"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
TELEGRAM_PATH = "/webhooks/telegram"
WHATSAPP_PATH = "/webhooks/whatsapp"
TELEGRAM_HEADERS = {
    "Content-Type": "application/json",
    "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
}
WHATSAPP_FROM = "whatsapp:+14155238886"

_TEXT_UPDATE = json.loads((FIXTURES / "telegram" / "message_text.json").read_text())
_BUTTON_UPDATE = json.loads((FIXTURES / "telegram" / "callback_query.json").read_text())
_TEXT_FORM = dict(parse_qsl((FIXTURES / "whatsapp" / "text.txt").read_text().strip()))
_BUTTON_FORM = dict(parse_qsl((FIXTURES / "whatsapp" / "quick_reply.txt").read_text().strip()))

__all__ = [
    "LOOPBACK",
    "PUBLIC_URL",
    "TELEGRAM_HEADERS",
    "TELEGRAM_PATH",
    "TELEGRAM_SECRET",
    "TELEGRAM_TOKEN",
    "TWILIO_SID",
    "TWILIO_TOKEN",
    "WHATSAPP_FROM",
    "WHATSAPP_PATH",
]


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))]


def summary(latencies_ms: list[float], seconds: float | None = None) -> dict[str, float]:
    result = {
        "p50_ms": round(percentile(latencies_ms, 50), 2),
        "p99_ms": round(percentile(latencies_ms, 99), 2),
    }
    if seconds is not None:
        result["rps"] = round(len(latencies_ms) / seconds, 1)
    return result


def ratio(value: float, reference: float) -> float:
    return round(value / reference, 2) if reference else float("nan")


def machine() -> dict[str, Any]:
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def on_loopback(url: str) -> bool:
    return make_url(url).host in LOOPBACK


def telegram_text(update_id: int, chat: int, text: str) -> bytes:
    """A private-chat text message as the Bot API posts it (the recorded fixture, re-keyed)."""
    update = copy.deepcopy(_TEXT_UPDATE)
    update["update_id"] = update_id
    message = update["message"]
    message["message_id"], message["text"] = update_id, text
    message["chat"]["id"] = message["from"]["id"] = chat
    return json.dumps(update).encode()


def telegram_button(update_id: int, chat: int, data: str) -> bytes:
    """A press on one of our inline buttons (``callback_data`` = ``data``)."""
    update = copy.deepcopy(_BUTTON_UPDATE)
    update["update_id"] = update_id
    query = update["callback_query"]
    query["id"], query["data"] = f"{update_id}{chat}", data
    query["from"]["id"] = query["message"]["chat"]["id"] = chat
    return json.dumps(update).encode()


def whatsapp_form(sid: str, sender: str, text: str, *, button: str | None = None) -> bytes:
    """Twilio's form post for one WhatsApp message (a quick-reply press with ``button``)."""
    form = dict(_BUTTON_FORM if button else _TEXT_FORM)
    form.pop("OriginalRepliedMessageSid", None)
    form.update(
        MessageSid=sid,
        SmsMessageSid=sid,
        SmsSid=sid,
        AccountSid=TWILIO_SID,
        From=sender,
        To=WHATSAPP_FROM,
        WaId=sender.removeprefix("whatsapp:+"),
        Body=text,
    )
    if button:
        form.update(ButtonPayload=button, ButtonText=text)
    return urlencode(form).encode()


def twilio_headers(path: str, body: bytes) -> dict[str, str]:
    """Content type and ``X-Twilio-Signature`` over ``PUBLIC_URL + path`` and the form."""
    params = dict(parse_qsl(body.decode(), keep_blank_values=True))
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC_URL + path, params)
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Twilio-Signature": str(signature),
    }
