"""Building the heavy pieces once per process: database, translator, language id, engine."""

from __future__ import annotations

import csv
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot import metrics
from bot.answers import AnswerService
from bot.engine import ConversationEngine
from bot.flows.feedback import FeedbackFlow
from bot.flows.menu import MenuFlow
from bot.flows.offers import OffersFlow
from bot.flows.questions import QuestionsFlow
from bot.flows.registry import Flows
from bot.i18n import Translator
from bot.settings import REPO_ROOT, Settings
from bot.store.db import Database
from models.embeddings import Encoder, build_encoder
from models.feedback import (
    FeedbackAnalysis,
    FeedbackAnalyzer,
    HeadsMismatchError,
    build_feedback_analyzer,
)
from models.intent import SHIPPED_HEAD, IntentClassifier, IntentGuess
from models.language import LanguageIdentifier
from models.llm import LLMAnswerer
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
    answers: AnswerService
    feedback: LazyFeedbackAnalyzer


class LazyIntents:
    """The intent classifier, trained or loaded on the first free message."""

    def __init__(self, encoder: Callable[[], Encoder], settings: Settings) -> None:
        self._encoder = encoder
        self._settings = settings
        self._classifier: IntentClassifier | None = None
        self._lock = threading.Lock()

    def classify(self, texts: list[str]) -> list[IntentGuess]:
        with self._lock:
            if self._classifier is None:
                self._classifier = IntentClassifier.load_or_train(
                    self._encoder(),
                    examples=REPO_ROOT / "data" / "intents" / "examples.jsonl",
                    head_path=self._settings.data_dir / "heads" / "intent.npz",
                    shipped=SHIPPED_HEAD,
                )
        return self._classifier.classify(texts)


class LazyFeedbackAnalyzer:
    """The feedback analyzer, built on first use (it shares the encoder)."""

    def __init__(
        self,
        encoder: Callable[[], Encoder],
        language_id: LanguageIdentifier,
        heads_dir: Path,
    ) -> None:
        self._encoder = encoder
        self._language_id = language_id
        self._heads_dir = heads_dir
        self._analyzer: FeedbackAnalyzer | None = None
        self._lock = threading.Lock()

    def analyze(self, texts: Sequence[str]) -> list[FeedbackAnalysis]:
        with self._lock:
            if self._analyzer is None:
                encoder = self._encoder()
                try:
                    self._analyzer = build_feedback_analyzer(
                        encoder=encoder, language_id=self._language_id
                    )
                except HeadsMismatchError:  # another embedding model: train its own heads
                    log.warning("feedback heads do not fit %s; training them now", encoder.name)
                    self._analyzer = build_feedback_analyzer(
                        encoder=encoder,
                        language_id=self._language_id,
                        heads_path=self._heads_dir / "feedback.npz",
                    )
        return self._analyzer.analyze(texts)


def build_matching(settings: Settings, database: Database) -> MatchingService:
    """Matching over the database's catalogs; the encoder loads on first use."""
    glossary_path = settings.locales_dir / "glossary.tsv"
    return MatchingService(
        database=database,
        encoder=lambda: build_encoder(settings.embedding_model, threads=settings.embedding_threads),
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
    language_id = LanguageIdentifier(glossary_words(settings.locales_dir))
    answers = AnswerService(
        encoder=lambda: matching.encoder,
        glossary=matching.glossary,
        directory=settings.data_dir / "kb",
        answerer=LLMAnswerer.from_settings(
            base_url=settings.openai_base_url,
            api_key=settings.openai_api_key.get_secret_value() if settings.openai_api_key else None,
            model=settings.llm_model,
            observer=metrics.LLM_USAGE,
        ),
        translate=translator,
    )
    feedback = LazyFeedbackAnalyzer(
        lambda: matching.encoder, language_id, settings.data_dir / "heads"
    )
    flows = Flows(
        offers=OffersFlow(matching),
        feedback=FeedbackFlow(feedback),
        questions=QuestionsFlow(answers),
        menu=MenuFlow(LazyIntents(lambda: matching.encoder, settings)),
    )
    engine = ConversationEngine(
        database=database,
        translator=translator,
        language_id=language_id,
        pseudonym_key=settings.pseudonym_key.get_secret_value(),
        flows=flows,
    )
    return Services(settings, database, translator, engine, matching, answers, feedback)
