"""The knowledge base: the shipped file, validation, search, coverage, storage."""

from __future__ import annotations

import json
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
import pytest

from bot.records import RecordError
from bot.settings import REPO_ROOT
from models.embeddings import Encoder, build_encoder
from models.llm import SAFE_REPLY_TOPICS
from retrieval.expansion import GLOSSARY_TSV, Glossary
from retrieval.index import IndexMismatchError
from retrieval.kb import KnowledgeBase, KnowledgeEntry, read_kb_file, validate_kb_record

KB_FILE = REPO_ROOT / "data" / "kb" / "kb.jsonl"
slow = pytest.mark.slow

OFFICIAL_SUFFIXES = (".gob.pe",)
"""Peruvian government domains (gob.pe, sunat.gob.pe, empleosperu.gob.pe...)."""
OWN_ORG_DOMAINS = {"bn.com.pe"}
"""State bodies on another domain: the Banco de la Nación, for its own Cuenta DNI."""


# -- the shipped file ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[KnowledgeEntry]:
    return read_kb_file(KB_FILE)


def test_shipped_kb_has_every_topic_in_both_languages(shipped: list[KnowledgeEntry]) -> None:
    assert len(shipped) >= 84
    languages: dict[str, set[str]] = {}
    for entry in shipped:
        assert entry.id == f"{entry.topic}-{entry.lang}"
        assert re.fullmatch(r"kb-[a-z0-9-]+", entry.topic)
        languages.setdefault(entry.topic, set()).add(entry.lang)
    assert len(languages) >= 42
    assert all(langs == {"es", "qu"} for langs in languages.values()), languages
    for topic in SAFE_REPLY_TOPICS.values():
        assert languages[topic] == {"es", "qu"}


def test_shipped_sources_are_official(shipped: list[KnowledgeEntry]) -> None:
    for entry in shipped:
        if "chaski" in entry.tags:  # the bot's own help: it is its own source
            assert entry.source == "chaski:ayuda", entry.id
            continue
        url = urlsplit(entry.source)
        host = (url.hostname or "").removeprefix("www.")
        assert url.scheme == "https", entry.id
        assert host.endswith(OFFICIAL_SUFFIXES) or host == "gob.pe" or host in OWN_ORG_DOMAINS, (
            entry.id,
            entry.source,
        )


def test_shipped_entries_are_reviewed_short_and_consistent(
    shipped: list[KnowledgeEntry],
) -> None:
    by_id = {entry.id: entry for entry in shipped}
    for entry in shipped:
        assert entry.reviewed is not None, entry.id
        assert entry.tags, entry.id
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", entry.answer) if s]
        assert 1 <= len(sentences) <= 4, entry.id
        assert len(entry.answer) <= 450, entry.id
        if entry.lang == "qu":
            # The Quechua version states no figure the Spanish one does not.
            spanish = by_id[f"{entry.topic}-es"]
            assert _numbers(entry.answer) <= _numbers(spanish.answer), entry.id
            assert entry.source == spanish.source


def test_shipped_file_records_carry_reviewed_dates() -> None:
    for line in KB_FILE.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        assert set(record) == {"id", "lang", "question", "answer", "tags", "source", "reviewed"}
        assert date.fromisoformat(record["reviewed"]).isoformat() == record["reviewed"]


def test_minimum_wage_fact(shipped: list[KnowledgeEntry]) -> None:
    wage = next(e for e in shipped if e.id == "kb-sueldo-minimo-es")
    assert "S/ 1,130" in wage.answer
    assert "006-2024-TR" in wage.answer


def _numbers(text: str) -> set[str]:
    return {re.sub(r"\D", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


# -- validation --------------------------------------------------------------------------------

GOOD: dict[str, Any] = {
    "id": "kb-prueba-es",
    "lang": "es",
    "question": "¿Pregunta?",
    "answer": "Respuesta.",
    "tags": ["a", "B "],
    "source": "https://www.gob.pe/mtpe",
    "reviewed": "2026-11-01",
}


def test_validate_kb_record_reads_a_good_record() -> None:
    entry = validate_kb_record({**GOOD, "extra": "ignored"})
    assert entry.tags == ("a", "b")
    assert entry.reviewed == date(2026, 11, 1)
    assert entry.topic == "kb-prueba"
    assert validate_kb_record(entry.to_record()) == entry
    assert validate_kb_record({**GOOD, "tags": "uno; dos"}).tags == ("uno", "dos")
    assert validate_kb_record({k: v for k, v in GOOD.items() if k != "reviewed"}).reviewed is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": ""}, "id"),
        ({"id": "con espacio"}, "id"),
        ({"lang": "en"}, "lang"),
        ({"question": "  "}, "question"),
        ({"answer": None}, "answer"),
        ({"answer": "x" * 2001}, "answer"),
        ({"source": "www.gob.pe"}, "source"),
        ({"source": "ftp://gob.pe/x"}, "source"),
        ({"tags": [1, 2]}, "tags"),
        ({"reviewed": "1 de noviembre"}, "reviewed"),
        ({"reviewed": 2026}, "reviewed"),
    ],
)
def test_validate_kb_record_names_the_bad_field(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=f"field '{field}'"):
        validate_kb_record({**GOOD, **change})


def test_read_kb_file_reports_the_line(tmp_path: Path) -> None:
    path = tmp_path / "kb.jsonl"
    lines = [json.dumps(GOOD), "", json.dumps({**GOOD, "id": "kb-b-es", "lang": "xx"})]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RecordError, match=r"kb\.jsonl:3: field 'lang'") as error:
        read_kb_file(path)
    assert error.value.line == 3

    path.write_text(json.dumps(GOOD) + "\n" + json.dumps(GOOD) + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match=r"kb\.jsonl:2: id 'kb-prueba-es' repeats line 1"):
        read_kb_file(path)

    path.write_text("", encoding="utf-8")
    with pytest.raises(RecordError, match="no entries"):
        read_kb_file(path)


# -- search logic with a tiny deterministic encoder ----------------------------------------------


class WordHashEncoder:
    """Bag of hashed words, normalised: fast and deterministic, for logic tests."""

    dim = 64

    def __init__(self, name: str = "test:word-hash") -> None:
        self.name = name

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def encode_documents(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.casefold()):
                out[row, zlib.crc32(word.encode()) % self.dim] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


def entry(entry_id: str, lang: str, question: str, answer: str) -> KnowledgeEntry:
    return validate_kb_record(
        {
            "id": entry_id,
            "lang": lang,
            "question": question,
            "answer": answer,
            "tags": [],
            "source": "https://www.gob.pe/mtpe",
        }
    )


SMALL = [
    entry("kb-ruc-es", "es", "¿Cómo saco mi RUC?", "El RUC se saca gratis en la SUNAT."),
    entry("kb-ruc-qu", "qu", "Imaynatataq RUC-ta hurqusaq?", "RUC-qa mana qullqiyuqmi."),
    entry("kb-sis-es", "es", "No tengo seguro de salud", "Puedes afiliarte gratis al SIS."),
]


def test_search_prefers_the_asked_language_and_falls_back_by_topic() -> None:
    kb = KnowledgeBase.build(SMALL, WordHashEncoder())
    (best, _), *_ = kb.search("cómo saco mi ruc en la sunat", lang="qu")
    assert best.id == "kb-ruc-qu"  # the Spanish entry matched, the Quechua one is given
    results = kb.search("seguro de salud sis", lang="qu")
    assert results[0][0].id == "kb-sis-es"  # no Quechua version: the Spanish one
    assert [e.topic for e, _ in kb.search("ruc", lang="es", k=3)] == ["kb-ruc", "kb-sis"]
    assert kb.search("   ", lang="es") == []
    with pytest.raises(ValueError, match="k must be"):
        kb.search("ruc", lang="es", k=0)
    assert kb.entry("kb-sis", "qu") == SMALL[2]
    assert kb.get("kb-ruc-qu") == SMALL[1]


def test_scores_are_sorted_and_shared_rare_words_count() -> None:
    kb = KnowledgeBase.build(SMALL, WordHashEncoder())
    scores = kb.scores("afiliarte al SIS")
    assert [topic for topic, _ in scores] == ["kb-sis", "kb-ruc"]
    assert scores[0][1] > scores[1][1]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    encoder = WordHashEncoder()
    kb = KnowledgeBase.build(SMALL, encoder)
    kb.save(tmp_path)
    loaded = KnowledgeBase.load(tmp_path, encoder)
    assert loaded is not None
    assert loaded.entries == kb.entries
    assert loaded.search("sis", lang="es") == kb.search("sis", lang="es")
    assert KnowledgeBase.load(tmp_path / "missing", encoder) is None


def test_load_refuses_another_model(tmp_path: Path) -> None:
    KnowledgeBase.build(SMALL, WordHashEncoder()).save(tmp_path)
    with pytest.raises(IndexMismatchError):
        KnowledgeBase.load(tmp_path, WordHashEncoder("test:another-model"))


def test_load_rebuilds_a_missing_or_stale_index(tmp_path: Path) -> None:
    encoder = WordHashEncoder()
    KnowledgeBase.build(SMALL, encoder).save(tmp_path)
    for index_file in tmp_path.glob("kb-*.faiss"):
        index_file.unlink()
    rebuilt = KnowledgeBase.load(tmp_path, encoder)
    assert rebuilt is not None
    assert len(rebuilt) == 3
    assert len(list(tmp_path.glob("kb-*.faiss"))) == 1

    glossary = Glossary(entries={"hurquy": ("sacar",)})
    with_glossary = KnowledgeBase.load(tmp_path, encoder, glossary)  # other texts: rebuilt
    assert with_glossary is not None
    assert len(list(tmp_path.glob("kb-*.faiss"))) == 1

    (tmp_path / "kb_entries.json").write_text("{not json", encoding="utf-8")
    assert KnowledgeBase.load(tmp_path, encoder) is None


# -- the shipped knowledge base with the real encoder --------------------------------------------


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    encoder: Encoder = build_encoder(None)
    glossary = Glossary.from_tsv(GLOSSARY_TSV)
    kb = KnowledgeBase.build(read_kb_file(KB_FILE), encoder, glossary)
    directory = tmp_path_factory.mktemp("kb")
    kb.save(directory)
    loaded = KnowledgeBase.load(directory, encoder, glossary)
    assert loaded is not None
    return loaded


@slow
@pytest.mark.parametrize(
    ("question", "lang", "expected"),
    [
        ("cómo saco mi ruc", "es", "kb-ruc-es"),
        ("RUC-ta imaynatataq hurqusaq?", "qu", "kb-ruc-qu"),
        ("no tengo seguro de salud", "es", "kb-sis-es"),
        ("¿Cuánto es el sueldo mínimo?", "es", "kb-sueldo-minimo-es"),
        ("me piden plata para darme trabajo", "es", "kb-estafas-empleo-es"),
        ("Hayk'a urata llamk'ana sapa p'unchaw?", "qu", "kb-jornada-qu"),
        ("como borro mis datos", "es", "kb-bot-datos-es"),
    ],
)
def test_real_search_finds_and_covers(
    real_kb: KnowledgeBase, question: str, lang: str, expected: str
) -> None:
    (best, score), *_ = real_kb.search(question, lang=lang)
    assert best.id == expected
    assert real_kb.covers(score)


@slow
@pytest.mark.parametrize(
    "question",
    [
        "¿quién ganó el partido de ayer?",
        "cuál es la capital de Francia",
        "recomiéndame una película",
    ],
)
def test_real_search_does_not_cover_off_topic_questions(
    real_kb: KnowledgeBase, question: str
) -> None:
    (_, score), *_ = real_kb.search(question, lang="es")
    assert not real_kb.covers(score)


@slow
def test_real_search_answers_in_the_asked_language(real_kb: KnowledgeBase) -> None:
    results = real_kb.search("no tengo seguro de salud", lang="qu", k=3)
    assert [e.lang for e, _ in results] == ["qu", "qu", "qu"]
    assert len({e.topic for e, _ in results}) == 3
    languages = Counter(e.lang for e in real_kb.entries)
    assert languages["es"] == languages["qu"]
