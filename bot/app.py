"""Building the heavy pieces once per process: database, translator, language id, engine."""

from __future__ import annotations

import csv
import logging
from dataclasses import dataclass
from pathlib import Path

from bot.engine import ConversationEngine
from bot.i18n import Translator
from bot.settings import Settings
from bot.store.db import Database
from models.embeddings import build_encoder
from models.language import LanguageIdentifier
from retrieval.expansion import Glossary
from retrieval.service import MatchingService

log = logging.getLogger(__name__)


def glossary_words(locales_dir: Path) -> list[str]:
    """The Quechua words of the glossary (they help tell Quechua from Spanish)."""
    path = locales_dir / "glossary.tsv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return [word for row in rows for word in (row.get("qu") or "").split()]


@dataclass(frozen=True)
class Services:
    settings: Settings
    database: Database
    translator: Translator
    engine: ConversationEngine
    matching: MatchingService


def build_matching(settings: Settings, database: Database) -> MatchingService:
    """Matching over the database's catalogs; the encoder loads on first use."""
    glossary_path = settings.locales_dir / "glossary.tsv"
    return MatchingService(
        database=database,
        encoder=lambda: build_encoder(settings.embedding_model),
        index_dir=settings.data_dir / "index",
        glossary=Glossary.from_tsv(glossary_path) if glossary_path.exists() else None,
        today=settings.today,
    )


def build_services(settings: Settings) -> Services:
    if settings.uses_development_key:
        log.info("CHASKI_PSEUDONYM_KEY is not set: using the development key")
    database = Database(settings.database_url)
    translator = Translator.from_dir(settings.locales_dir)
    matching = build_matching(settings, database)
    engine = ConversationEngine(
        database=database,
        translator=translator,
        language_id=LanguageIdentifier(glossary_words(settings.locales_dir)),
        pseudonym_key=settings.pseudonym_key.get_secret_value(),
        offers=matching,
    )
    return Services(settings, database, translator, engine, matching)
