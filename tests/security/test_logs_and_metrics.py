"""No phone number, chat id, name, message text or secret in the logs at INFO and above, nor
in ``/metrics``.

A whole conversation goes through the real server (uvicorn with its access log), the
webhooks, the worker, the engine and the client libraries, on Telegram and on WhatsApp, with
a step that fails on purpose with the person's text in its exception message and a reply that
Telegram refuses. Every log record is captured at DEBUG; then two questions are asked of
them: would the production configuration (``chaski``'s :func:`bot.cli.configure_logging`,
uvicorn's own) emit any record that carries personal data or a secret, and does any record of
our own packages at INFO or above carry personal data, whatever the levels.
"""

from __future__ import annotations

import copy
import json
import logging
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from bot.cli import QUIET_LOGGERS
from bot.flows.profiling import ProfilingFlow
from bot.settings import Settings
from bot.store.queue import CLAIMED, QUEUED
from bot.store.tables import MessageRow
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.security.fuzzing import signed_form_headers
from tests.webhooks.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN, TWILIO_SID, TWILIO_TOKEN
from tests.webhooks.live import live_server, wait_for
from webhooks.app import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHAT_ID = 6043917725  # in the recorded Update, with the names below
PHONE = "51987654321"  # in the recorded Twilio form
NAMES = ("Rosa", "Quispe", "rosa_quispe_h")
BREAKS = "rompe-este-paso"
TELEGRAM_TEXTS = ["Buenas tardes Chaski", "Cusco", "Quispicanchi Urcos", "tengo 34 años",
                  f"soy mujer {BREAKS}", "soy mujer"]  # fmt: skip
WHATSAPP_TEXTS = ["Hola, busco chamba por favor", "1", "Arequipa", "Cerro Colorado",
                  f"cuarenta y dos {BREAKS}", "cuarenta y dos"]  # fmt: skip
OURS = ("bot", "webhooks", "models", "retrieval", "analytics")
# What a label value may look like: a word (channel, outcome, flow...), a status class, a
# route template, or a bucket bound. Never a bare number (chat ids are numbers) or a phone.
LABEL_VALUES = {
    "le": re.compile(r"[0-9.e+-]{1,24}|\+Inf"),
    "quantile": re.compile(r"[0-9.]{1,8}"),
    "route": re.compile(r"unmatched|(?:/(?:[a-z_]+|\{[a-z_]+\}))+"),
}
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}|[1-5]xx")


@contextmanager
def logged_server(app: FastAPI) -> Iterator[str]:
    """uvicorn as ``chaski serve`` runs it, its loggers propagating so the test sees them."""
    with live_server(app, log_config=None, log_level="debug", access_log=True) as base:
        yield base


def production_level(name: str) -> int:
    """The level a logger has under ``chaski serve``: quiet ones at WARNING, others at INFO."""
    for quiet in QUIET_LOGGERS:
        if name == quiet or name.startswith(quiet + "."):
            return logging.WARNING
    return logging.INFO


def rendered(record: logging.LogRecord) -> str:
    text = record.getMessage()
    if record.exc_info:
        text += "\n" + logging.Formatter().formatException(record.exc_info)
    if record.stack_info:
        text += "\n" + record.stack_info
    return text + " " + json.dumps({k: str(v) for k, v in record.__dict__.items()})


def telegram_updates() -> list[bytes]:
    message = json.loads((FIXTURES / "telegram" / "message_text.json").read_text())
    callback = json.loads((FIXTURES / "telegram" / "callback_query.json").read_text())
    updates: list[dict[str, Any]] = []
    for number, text in enumerate(TELEGRAM_TEXTS):
        update = copy.deepcopy(message)
        update["update_id"] = 900_000 + number * 2
        update["message"]["text"] = text
        updates.append(update)
        if number == 0:  # then press "Sí, acepto"
            pressed = copy.deepcopy(callback)
            pressed["update_id"] = 900_001
            updates.append(pressed)
    return [json.dumps(update).encode() for update in updates]


def whatsapp_forms() -> list[str]:
    return [
        urlencode({"MessageSid": f"SM{number:032x}", "From": f"whatsapp:+{PHONE}",
                   "To": "whatsapp:+14155238886", "Body": text, "NumMedia": "0",
                   "ProfileName": " ".join(NAMES[:2]), "WaId": PHONE})
        for number, text in enumerate(WHATSAPP_TEXTS)
    ]  # fmt: skip


def settled(settings: Settings) -> bool:
    from bot.store.db import Database  # noqa: PLC0415

    database = Database(settings.database_url)
    try:
        with database.session() as session:
            pending = session.scalar(
                select(func.count())
                .select_from(MessageRow)
                .where(MessageRow.status.in_((QUEUED, CLAIMED)))
            )
            inbound = session.scalar(
                select(func.count()).select_from(MessageRow).where(MessageRow.direction == "in")
            )
    finally:
        database.dispose()
    return pending == 0 and inbound == len(TELEGRAM_TEXTS) + 1 + len(WHATSAPP_TEXTS)


def test_a_whole_conversation_leaves_no_personal_data_in_logs_or_metrics(
    settings: Settings,
    fake_telegram: FakeTelegramAPI,
    fake_twilio: FakeTwilioAPI,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = ProfilingFlow._answer

    def fragile(self: ProfilingFlow, turn: Any) -> Any:
        if BREAKS in turn.answer.text:  # a bug that quotes what the person wrote
            raise ValueError(f"cannot read {turn.answer.text!r} from {turn.message.user_ref}")
        return original(self, turn)

    monkeypatch.setattr(ProfilingFlow, "_answer", fragile)
    caplog.set_level(logging.DEBUG)
    for name in QUIET_LOGGERS:  # see everything now; production levels are applied below
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    fake_telegram.fail_next("sendMessage", status=400)  # one reply refused for good

    with (
        logged_server(create_app(settings)) as base,
        httpx.Client(base_url=base, timeout=30) as client,
    ):
        for body in telegram_updates():
            response = client.post(
                "/webhooks/telegram",
                content=body,
                headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET,
                         "Content-Type": "application/json"},
            )  # fmt: skip
            assert response.status_code == 200
            time.sleep(0.05)  # in order, as a person types
        for form in whatsapp_forms():
            headers = signed_form_headers("/webhooks/whatsapp", form)
            assert client.post("/webhooks/whatsapp", content=form, headers=headers).is_success
            time.sleep(0.05)
        wait_for(lambda: settled(settings), timeout=60)
        metrics = client.get("/metrics").text

    secrets = (TELEGRAM_TOKEN, TELEGRAM_TOKEN.split(":")[1], TELEGRAM_SECRET, TWILIO_TOKEN,
               settings.pseudonym_key.get_secret_value())  # fmt: skip
    texts = [text for text in (*TELEGRAM_TEXTS, *WHATSAPP_TEXTS) if len(text) >= 6]  # not "1"
    personal = (str(CHAT_ID), PHONE, *NAMES, *texts, BREAKS)

    # The conversation happened and was logged: replies went out, a step failed, a send failed.
    assert len(fake_telegram.calls("sendMessage")) >= 5
    assert len(fake_twilio.messages) >= 5
    records = caplog.records
    assert any("flow step failed" in r.getMessage() for r in records)
    assert any(r.name == "uvicorn.access" for r in records)

    emitted = [r for r in records if r.levelno >= production_level(r.name)]
    leaks = [
        (r.name, r.levelname, needle)
        for r in emitted
        for needle in (*secrets, *personal)
        if needle in rendered(r)
    ]
    assert leaks == []
    ours = [r for r in records if r.levelno >= logging.INFO and r.name.startswith(OURS)]
    assert [(r.name, n) for r in ours for n in personal if n in rendered(r)] == []
    assert any(BREAKS in rendered(r) for r in records if r.levelno == logging.DEBUG), (
        "the full traceback is still there at DEBUG"
    )

    for needle in (*secrets, *personal, TWILIO_SID):
        assert needle not in metrics
    ours_metrics = [line for line in metrics.splitlines() if line.startswith("chaski_")]
    assert ours_metrics
    for line in ours_metrics:
        for label, value in re.findall(r'(\w+)="([^"]*)"', line.split("}")[0]):
            assert LABEL_VALUES.get(label, WORD).fullmatch(value), line
