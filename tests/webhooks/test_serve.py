"""``chaski serve`` as an operator starts it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.store.db import Database
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.webhooks.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN

CHASKI = str(Path(sys.executable).parent / "chaski")
CHANNEL_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_WEBHOOK_SECRET",
    "TWILIO_ACCOUNT_SID",
    "TWILIO_AUTH_TOKEN",
    "TWILIO_WHATSAPP_FROM",
    "CHASKI_PUBLIC_URL",
    "CHASKI_PSEUDONYM_KEY",
)


def environment(database: Database, **values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in CHANNEL_VARIABLES}
    return {**env, "CHASKI_DATABASE_URL": database.url, **values}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("values", "line"),
    [
        (
            {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "CHASKI_PSEUDONYM_KEY": "k"},
            "chaski: TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_BOT_TOKEN is set",
        ),
        (
            {
                "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
                "TWILIO_AUTH_TOKEN": "t",
                "TWILIO_WHATSAPP_FROM": "whatsapp:+1415",
                "CHASKI_PSEUDONYM_KEY": "k",
            },
            "chaski: CHASKI_PUBLIC_URL is required when TWILIO_ACCOUNT_SID is set",
        ),
        (
            {"TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN, "TELEGRAM_WEBHOOK_SECRET": "s"},
            "chaski: CHASKI_PSEUDONYM_KEY must be set when a messaging channel is on",
        ),
    ],
)
def test_serve_refuses_a_channel_with_a_missing_secret(
    database: Database, values: dict[str, str], line: str
) -> None:
    result = subprocess.run(  # noqa: S603
        [CHASKI, "serve"],
        env=environment(database, **values),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == line


def test_serve_starts_and_answers_healthz(database: Database) -> None:
    port = free_port()
    with FakeTelegramAPI(token=TELEGRAM_TOKEN) as fake:
        env = environment(
            database,
            TELEGRAM_BOT_TOKEN=TELEGRAM_TOKEN,
            TELEGRAM_WEBHOOK_SECRET=TELEGRAM_SECRET,
            CHASKI_TELEGRAM_API_BASE=fake.base_url,
            CHASKI_PSEUDONYM_KEY="serve-test",
        )
        process = subprocess.Popen(  # noqa: S603
            [CHASKI, "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                    break
                except httpx.TransportError:
                    assert process.poll() is None, process.stdout.read() if process.stdout else ""
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            assert health.json() == {"status": "ok"}
            assert "getMe" in fake.methods  # the token was checked at start-up
        finally:
            process.terminate()
            process.wait(timeout=30)
