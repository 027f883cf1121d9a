from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.settings import Settings
from bot.store.db import Database
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI

TELEGRAM_TOKEN = "123456789:AAHtestTOKENtestTOKENtestTOKEN1234"
TELEGRAM_SECRET = "s3cret-token_for-webhooks"
TWILIO_SID = "AC" + "0" * 32
TWILIO_TOKEN = "twilio-auth-token-for-tests"
PUBLIC_URL = "https://chaski.example.org"


@pytest.fixture
def fake_telegram() -> Iterator[FakeTelegramAPI]:
    with FakeTelegramAPI(token=TELEGRAM_TOKEN) as api:
        yield api


@pytest.fixture
def fake_twilio() -> Iterator[FakeTwilioAPI]:
    with FakeTwilioAPI(account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN) as api:
        yield api


def channel_settings(
    database: Database,
    telegram: FakeTelegramAPI,
    twilio: FakeTwilioAPI,
    **overrides: Any,
) -> Settings:
    """Both channels on, their outbound clients pointed at the fake APIs."""
    values: dict[str, Any] = {
        "database_url": database.url,
        "pseudonym_key": "webhook-tests-key",
        "telegram_bot_token": TELEGRAM_TOKEN,
        "telegram_webhook_secret": TELEGRAM_SECRET,
        "telegram_api_base": telegram.base_url,
        "twilio_account_sid": TWILIO_SID,
        "twilio_auth_token": TWILIO_TOKEN,
        "twilio_whatsapp_from": "whatsapp:+14155238886",
        "public_url": PUBLIC_URL,
        "twilio_api_base": twilio.base_url,
    }
    return Settings(**(values | overrides))


@pytest.fixture
def settings(
    database: Database, fake_telegram: FakeTelegramAPI, fake_twilio: FakeTwilioAPI
) -> Settings:
    return channel_settings(database, fake_telegram, fake_twilio)
