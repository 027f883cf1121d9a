"""Secrets come only from the environment, never show in a repr, a dump or an error, and no
committed file holds anything that looks like a real credential."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot.settings import REPO_ROOT, Settings

SECRET_FIELDS = {
    "openai_api_key": "OPENAI_API_KEY",
    "telegram_bot_token": "TELEGRAM_BOT_TOKEN",
    "telegram_webhook_secret": "TELEGRAM_WEBHOOK_SECRET",
    "twilio_auth_token": "TWILIO_AUTH_TOKEN",
    "analyst_tokens": "CHASKI_ANALYST_TOKENS",
    "pseudonym_key": "CHASKI_PSEUDONYM_KEY",
}
VALUES = {field: f"{field}-value-Zq8x{n}w" for n, field in enumerate(SECRET_FIELDS)}


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in SECRET_FIELDS.values():
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # a stray .env in the work tree must not be read either
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=from-a-dotenv-file\n")


def test_secrets_are_secretstr_and_read_only_from_the_environment(
    clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for field in SECRET_FIELDS:
        annotation = Settings.model_fields[field].annotation
        assert annotation in (SecretStr, SecretStr | None), field
    assert Settings.model_config.get("env_file") is None
    assert Settings.model_config.get("secrets_dir") is None

    unset = Settings()
    for field in SECRET_FIELDS.keys() - {"pseudonym_key"}:
        assert getattr(unset, field) is None, field  # no default secret
    assert unset.telegram_bot_token is None  # the .env file was not read

    for field, variable in SECRET_FIELDS.items():
        monkeypatch.setenv(variable, VALUES[field])
    settings = Settings()
    for field in SECRET_FIELDS:
        assert getattr(settings, field).get_secret_value() == VALUES[field]


def test_secrets_never_show_in_reprs_dumps_or_errors(
    clean_env: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for field, variable in SECRET_FIELDS.items():
        monkeypatch.setenv(variable, VALUES[field])
    monkeypatch.setenv("CHASKI_MAX_BODY_BYTES", "not a number")
    with pytest.raises(ValueError, match="CHASKI_MAX_BODY_BYTES") as failed:
        Settings()
    monkeypatch.delenv("CHASKI_MAX_BODY_BYTES")
    settings = Settings()
    shown = " ".join((repr(settings), str(settings), settings.model_dump_json(), str(failed.value)))
    for value in VALUES.values():
        assert value not in shown


def test_the_development_pseudonym_key_cannot_run_a_channel(clean_env: None) -> None:
    """The one secret with a default (so `chaski chat` works out of the box) is refused as
    soon as a messaging channel is switched on."""
    settings = Settings(telegram_bot_token="1:x", telegram_webhook_secret="s")
    assert settings.uses_development_key
    assert "CHASKI_PSEUDONYM_KEY must be set when a messaging channel is on" in (
        settings.channel_problems()
    )


CREDENTIALS = {
    "Telegram bot token": re.compile(r"\b\d{8,10}:AA[A-Za-z0-9_-]{33}\b"),
    "OpenAI key": re.compile(r"\bsk-(?:proj-)?[A-Za-z0-9_-]{20,}"),
    "AWS access key": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "private key": re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
    "Twilio API key": re.compile(r"\bSK[0-9a-f]{32}\b"),
    "password in a URL": re.compile(r"\b[a-z+]+://[^\s:/@'\"]+:([^\s@/'\"$]{6,})@"),
}
# Obvious placeholders and test values ("CHANGE-ME" in the *.example files, "s3cret").
PLACEHOLDER = re.compile(r"change|example|test|s3cret|secret|password|xxx", re.IGNORECASE)


def committed_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"],  # noqa: S607 - git from PATH, as developers run it
        cwd=REPO_ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    return [REPO_ROOT / name.decode() for name in listed if name]


def test_no_committed_file_holds_a_credential() -> None:
    files = committed_files()
    assert len(files) > 100
    found = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue  # binary (models, images) or deleted in the work tree
        for kind, pattern in CREDENTIALS.items():
            found += [
                (str(path.relative_to(REPO_ROOT)), kind, match.group())
                for match in pattern.finditer(text)
                if not PLACEHOLDER.search(match.group())
            ]
    assert found == []


def test_the_credential_patterns_find_real_looking_ones() -> None:
    # Put together here, so that this file does not hold one itself.
    samples = {
        "Telegram bot token": "123456789:" + "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0",
        "OpenAI key": "sk-" + "proj-Xb3kT9mQ2vLw8RzY1nH4pJ6c",
        "AWS access key": "AKIA" + "IOSFODNN7EXAMPLE",
        "Twilio API key": "SK" + "0123456789abcdef" * 2,
        "password in a URL": "postgresql://chaski:s3cretpass@db:5432/chaski",
    }
    for kind, sample in samples.items():
        assert CREDENTIALS[kind].search(sample), kind
