"""The one place that reads the environment (CONTRACT.md, "Settings")."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_PSEUDONYM_KEY = "chaski-development-key-not-for-production"


def _env(name: str) -> AliasChoices:
    return AliasChoices(name)


class Settings(BaseSettings):
    """Every setting Chaski reads, with CONTRACT.md's names and defaults."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True, frozen=True)

    database_url: str = Field(
        default="sqlite:///./var/chaski.db", validation_alias=_env("CHASKI_DATABASE_URL")
    )
    data_dir: Path = Field(default=Path("./var"), validation_alias=_env("CHASKI_DATA_DIR"))
    embedding_model: str | None = Field(
        default=None, validation_alias=_env("CHASKI_EMBEDDING_MODEL")
    )
    openai_api_key: SecretStr | None = Field(default=None, validation_alias=_env("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_env("OPENAI_BASE_URL"))
    llm_model: str | None = Field(default=None, validation_alias=_env("CHASKI_LLM_MODEL"))
    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=_env("TELEGRAM_BOT_TOKEN")
    )
    telegram_webhook_secret: SecretStr | None = Field(
        default=None, validation_alias=_env("TELEGRAM_WEBHOOK_SECRET")
    )
    twilio_account_sid: str | None = Field(
        default=None, validation_alias=_env("TWILIO_ACCOUNT_SID")
    )
    twilio_auth_token: SecretStr | None = Field(
        default=None, validation_alias=_env("TWILIO_AUTH_TOKEN")
    )
    twilio_whatsapp_from: str | None = Field(
        default=None, validation_alias=_env("TWILIO_WHATSAPP_FROM")
    )
    public_url: str | None = Field(default=None, validation_alias=_env("CHASKI_PUBLIC_URL"))
    analyst_tokens: SecretStr | None = Field(
        default=None, validation_alias=_env("CHASKI_ANALYST_TOKENS")
    )
    today_override: date | None = Field(default=None, validation_alias=_env("CHASKI_TODAY"))
    pseudonym_key: SecretStr = Field(
        default=SecretStr(DEVELOPMENT_PSEUDONYM_KEY),
        validation_alias=_env("CHASKI_PSEUDONYM_KEY"),
        description="HMAC key that turns platform ids (phone numbers, chat ids) into pseudonyms",
    )
    locales_dir: Path = Field(
        default=REPO_ROOT / "locales", validation_alias=_env("CHASKI_LOCALES_DIR")
    )
    resume_after_hours: float = Field(
        default=6.0, validation_alias=_env("CHASKI_RESUME_AFTER_HOURS")
    )

    @field_validator("database_url")
    @classmethod
    def _prefer_psycopg3(cls, url: str) -> str:
        """Plain ``postgresql://`` URLs use psycopg 3, the driver Chaski installs."""
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url.removeprefix(prefix)
        return url

    def today(self) -> date:
        """What "today" means for expiry and analytics defaults."""
        return self.today_override or date.today()  # noqa: DTZ011 - local calendar date is meant

    @property
    def uses_development_key(self) -> bool:
        return self.pseudonym_key.get_secret_value() == DEVELOPMENT_PSEUDONYM_KEY


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
