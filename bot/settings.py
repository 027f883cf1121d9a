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
    embedding_threads: int | None = Field(
        default=None,
        ge=1,
        validation_alias=_env("CHASKI_EMBEDDING_THREADS"),
        description="Encoder threads; unset: the cgroup CPU quota (pod limit), else the CPUs",
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
    telegram_api_base: str | None = Field(
        default=None,
        validation_alias=_env("CHASKI_TELEGRAM_API_BASE"),
        description="Bot API base URL (a local Bot API server, or a fake in tests)",
    )
    twilio_api_base: str | None = Field(
        default=None,
        validation_alias=_env("CHASKI_TWILIO_API_BASE"),
        description="Where Twilio REST calls go instead of https://api.twilio.com",
    )
    whatsapp_template_sid: str | None = Field(
        default=None,
        validation_alias=_env("CHASKI_WHATSAPP_TEMPLATE_SID"),
        description="Content template (HX...) sent instead of text outside the 24-hour window",
    )
    worker_in_serve: bool = Field(default=True, validation_alias=_env("CHASKI_WORKER_IN_SERVE"))
    claim_timeout_seconds: float = Field(
        default=60.0, gt=0, validation_alias=_env("CHASKI_CLAIM_TIMEOUT_SECONDS")
    )
    max_send_attempts: int = Field(
        default=8, ge=1, validation_alias=_env("CHASKI_MAX_SEND_ATTEMPTS")
    )
    max_process_attempts: int = Field(
        default=3, ge=1, validation_alias=_env("CHASKI_MAX_PROCESS_ATTEMPTS")
    )
    worker_metrics_port: int | None = Field(
        default=9100, validation_alias=_env("CHASKI_WORKER_METRICS_PORT")
    )
    max_body_bytes: int = Field(
        default=256 * 1024, ge=1024, validation_alias=_env("CHASKI_MAX_BODY_BYTES")
    )
    report_min_group: int = Field(
        default=10,
        ge=2,
        validation_alias=_env("CHASKI_REPORT_MIN_GROUP"),
        description="k: report tables withhold every group of fewer people (analytics, API)",
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
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def whatsapp_enabled(self) -> bool:
        return self.twilio_account_sid is not None

    def channel_problems(self) -> list[str]:
        """What keeps a switched-on channel from starting safely (empty when all is well)."""
        problems: list[str] = []
        if self.telegram_enabled and not self.telegram_webhook_secret:
            problems.append("TELEGRAM_WEBHOOK_SECRET is required when TELEGRAM_BOT_TOKEN is set")
        if self.whatsapp_enabled:
            for name, value in (
                ("TWILIO_AUTH_TOKEN", self.twilio_auth_token),
                ("TWILIO_WHATSAPP_FROM", self.twilio_whatsapp_from),
                ("CHASKI_PUBLIC_URL", self.public_url),
            ):
                if not value:
                    problems.append(f"{name} is required when TWILIO_ACCOUNT_SID is set")
        if (self.telegram_enabled or self.whatsapp_enabled) and self.uses_development_key:
            problems.append("CHASKI_PSEUDONYM_KEY must be set when a messaging channel is on")
        return problems

    @property
    def uses_development_key(self) -> bool:
        return self.pseudonym_key.get_secret_value() == DEVELOPMENT_PSEUDONYM_KEY


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
