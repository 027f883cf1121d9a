"""Settings come only from the environment, under CONTRACT.md's names."""

from __future__ import annotations

from datetime import date

import pytest

from bot.settings import Settings


def test_contract_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "CHASKI_DATABASE_URL": "postgresql://u@db:5432/chaski",
        "CHASKI_DATA_DIR": "/srv/chaski",
        "CHASKI_EMBEDDING_MODEL": "intfloat/multilingual-e5-small",
        "OPENAI_API_KEY": "sk-test",
        "OPENAI_BASE_URL": "http://llm:8080/v1",
        "CHASKI_LLM_MODEL": "qwen",
        "TELEGRAM_BOT_TOKEN": "1:abc",
        "TELEGRAM_WEBHOOK_SECRET": "s",
        "TWILIO_ACCOUNT_SID": "AC1",
        "TWILIO_AUTH_TOKEN": "t",
        "TWILIO_WHATSAPP_FROM": "whatsapp:+1",
        "CHASKI_PUBLIC_URL": "https://chaski.example.org",
        "CHASKI_ANALYST_TOKENS": "a,b",
        "CHASKI_TODAY": "2026-10-20",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = Settings()
    assert settings.database_url == "postgresql+psycopg://u@db:5432/chaski"
    assert str(settings.data_dir) == "/srv/chaski"
    assert settings.embedding_model == "intfloat/multilingual-e5-small"
    assert settings.openai_api_key is not None
    assert settings.openai_api_key.get_secret_value() == "sk-test"
    assert settings.openai_base_url == "http://llm:8080/v1"
    assert settings.llm_model == "qwen"
    assert settings.telegram_enabled
    assert settings.whatsapp_enabled
    assert settings.public_url == "https://chaski.example.org"
    assert settings.today() == date(2026, 10, 20)
    assert "sk-test" not in repr(settings)  # secrets never print


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CHASKI_DATABASE_URL", "CHASKI_TODAY", "TELEGRAM_BOT_TOKEN", "TWILIO_ACCOUNT_SID"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.database_url == "sqlite:///./var/chaski.db"
    assert not settings.telegram_enabled
    assert settings.channel_problems() == []
    assert settings.today() == date.today()  # noqa: DTZ011
