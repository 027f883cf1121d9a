"""Free questions: moderation first, then the knowledge base, then (when an endpoint is
configured) a short grounded answer from the language model, citing its sources."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from bot.i18n import Translator
from models.embeddings import Encoder
from models.llm import SAFE_REPLY_TOPICS, LLMAnswerer, is_unsafe
from retrieval.expansion import Glossary
from retrieval.index import IndexMismatchError
from retrieval.kb import KnowledgeBase, KnowledgeEntry
from retrieval.kb_store import load_entries

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reply:
    """What to tell the person: the answer, and how it was found (for metrics)."""

    text: str
    outcome: str  # "llm", "saved", "not_covered", "unsafe", "no_kb"


class AnswerService:
    def __init__(
        self,
        *,
        encoder: Callable[[], Encoder],
        glossary: Glossary | None,
        directory: Path,
        answerer: LLMAnswerer,
        translate: Translator,
    ) -> None:
        self._encoder = encoder
        self._glossary = glossary
        self._directory = directory
        self.answerer = answerer
        self._translate = translate
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    def knowledge(self, session: Session) -> KnowledgeBase | None:
        """The knowledge base as the database holds it (index rebuilt when stale)."""
        entries = load_entries(session)
        with self._lock:
            if self._kb is not None and self._kb.entries == tuple(entries):
                return self._kb
            if not entries:
                return None
            self._kb = self._index(entries)
            return self._kb

    def rebuild(self, entries: list[KnowledgeEntry]) -> KnowledgeBase:
        with self._lock:
            kb = KnowledgeBase.build(entries, self._encoder(), self._glossary)
            kb.save(self._directory)
            self._kb = kb
            return kb

    def _index(self, entries: list[KnowledgeEntry]) -> KnowledgeBase:
        try:
            stored = KnowledgeBase.load(self._directory, self._encoder(), self._glossary)
        except IndexMismatchError:
            stored = None
        if stored is not None and stored.entries == tuple(entries):
            return stored
        kb = KnowledgeBase.build(entries, self._encoder(), self._glossary)
        kb.save(self._directory)
        return kb

    def reply(self, question: str, *, lang: str, session: Session) -> Reply:
        t = self._translate
        unsafe = is_unsafe(question)
        kb = self.knowledge(session)
        if unsafe is not None:
            entry = kb.entry(SAFE_REPLY_TOPICS[unsafe], lang) if kb else None
            return Reply(entry.answer if entry else t(f"answers.safe_{unsafe}", lang), "unsafe")
        if kb is None:
            return Reply(t("answers.not_covered", lang), "no_kb")
        hits = kb.search(question, lang=lang, k=3)
        context = [entry for entry, score in hits if kb.covers(score)]
        if not context:
            return Reply(t("answers.not_covered", lang), "not_covered")
        answer = self.answerer.answer(question, lang=lang, context=context)
        text = answer.text
        if answer.sources:
            text += "\n" + t("answers.source", lang, source=answer.sources[0])
        if answer.saved_answer:
            return Reply(t("answers.saved_note", lang) + "\n" + text, "saved")
        return Reply(text, "llm" if answer.from_llm else "saved")
