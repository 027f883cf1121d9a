from __future__ import annotations

import pytest

from bot.app import glossary_words
from bot.engine import ConversationEngine
from bot.i18n import Translator
from bot.settings import REPO_ROOT
from bot.store.db import Database
from models.language import LanguageIdentifier
from tests.bot.chat import Chat, FakeClock

TEST_KEY = "test-pseudonym-key"


@pytest.fixture(scope="session")
def language_id() -> LanguageIdentifier:
    return LanguageIdentifier(glossary_words(REPO_ROOT / "locales"))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_engine(
    database: Database, translator: Translator, language_id: LanguageIdentifier, clock: FakeClock
) -> ConversationEngine:
    return ConversationEngine(
        database=database,
        translator=translator,
        language_id=language_id,
        pseudonym_key=TEST_KEY,
        clock=clock,
    )


@pytest.fixture
def engine(
    database: Database, translator: Translator, language_id: LanguageIdentifier, clock: FakeClock
) -> ConversationEngine:
    return make_engine(database, translator, language_id, clock)


@pytest.fixture
def chat(engine: ConversationEngine) -> Chat:
    return Chat(engine)
