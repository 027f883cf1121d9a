"""Format checks for locales/glossary.tsv (Southern Quechua ↔ Spanish glossary).

See locales/GLOSSARY.md for what the glossary is for and how to add entries.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

GLOSSARY = Path(__file__).resolve().parents[1] / "locales" / "glossary.tsv"

HEADER = ["qu", "es", "category", "note"]
CATEGORIES = frozenset(
    {
        "trabajo",
        "oficio",
        "chacra",
        "ganado",
        "comida",
        "artesania",
        "comercio",
        "dinero",
        "tiempo",
        "estudio",
        "familia",
        "herramienta",
        "cuerpo_salud",
        "lugar",
        "general",
    }
)
LOAN_NOTE = "préstamo del castellano"
MIN_ROWS = 330
MIN_PER_CATEGORY = 5
MAX_GLOSSES = 3

# Standardised Southern Quechua alphabet (a i u; ch chh ch' k kh k' p ph p' q qh q' t th t';
# h l ll m n ñ r s w y). Written letter by letter: "c" only occurs inside "ch", and the
# apostrophe (glottalisation) only right after a stop.
NATIVE_WORD = re.compile(r"(?:ch|[ahiklmnñpqrstuwy])+")
GLOTTALISED = re.compile(r"(?:ch|[kpqt])'")
# Loanwords (note says "préstamo del castellano") may also use the Spanish-only letters
# e o b d f g j v x z, and a bare c (e.g. "celular").
LOAN_WORD = re.compile(r"[a-zñ]+")
# Ayacucho-Chanka has no aspirated (ph th kh qh chh) or glottalised (p' t' k' q' ch') stops.
CUSCO_ONLY_STOP = re.compile(r"'|(?:ch|[ptkq])h")


def _rows() -> list[list[str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    return _rows()


@pytest.fixture(scope="module")
def entries(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(HEADER, row, strict=True)) for row in rows[1:]]


def _is_loan(entry: dict[str, str]) -> bool:
    return LOAN_NOTE in entry["note"]


def _word_ok(word: str, *, loan: bool) -> bool:
    if loan:
        return LOAN_WORD.fullmatch(word) is not None
    bare = GLOTTALISED.sub(lambda m: m.group(0)[:-1], word)
    return "'" not in bare and NATIVE_WORD.fullmatch(bare) is not None


def test_file_is_nfc_utf8_with_trailing_newline() -> None:
    raw = GLOSSARY.read_bytes()
    text = raw.decode("utf-8")
    assert not text.startswith("\ufeff"), "no BOM"
    assert text.endswith("\n")
    assert unicodedata.normalize("NFC", text) == text, "normalise to NFC (ñ as one character)"
    assert "\r" not in text, "use LF line endings"


def test_header(rows: list[list[str]]) -> None:
    assert rows[0] == HEADER


def test_every_row_has_four_columns(rows: list[list[str]]) -> None:
    bad = [(n, row) for n, row in enumerate(rows, start=1) if len(row) != len(HEADER)]
    assert not bad, f"rows without exactly 4 tab-separated columns: {bad[:5]}"


def test_fields_are_trimmed(rows: list[list[str]]) -> None:
    bad = [
        (n, field)
        for n, row in enumerate(rows, start=1)
        for field in row
        if field != field.strip() or "  " in field
    ]
    assert not bad, f"fields with stray whitespace: {bad[:5]}"


def test_qu_and_es_non_empty(entries: list[dict[str, str]]) -> None:
    bad = [e for e in entries if not e["qu"] or not e["es"]]
    assert not bad, bad[:5]


def test_es_has_one_to_three_glosses(entries: list[dict[str, str]]) -> None:
    bad = []
    for e in entries:
        glosses = e["es"].split("; ")
        if not 1 <= len(glosses) <= MAX_GLOSSES or any(not g.strip() or ";" in g for g in glosses):
            bad.append(e["es"])
    assert not bad, f"'es' must be 1-3 glosses separated by '; ': {bad[:5]}"


def test_category_allowed(entries: list[dict[str, str]]) -> None:
    bad = sorted({e["category"] for e in entries} - CATEGORIES)
    assert not bad, f"unknown categories: {bad}"


def test_no_duplicate_pairs(entries: list[dict[str, str]]) -> None:
    counts = Counter((e["qu"], e["es"]) for e in entries)
    dupes = [pair for pair, n in counts.items() if n > 1]
    assert not dupes, f"duplicate (qu, es) rows: {dupes}"


def test_qu_is_lowercase(entries: list[dict[str, str]]) -> None:
    bad = [e["qu"] for e in entries if e["qu"] != e["qu"].lower()]
    assert not bad, bad


def test_qu_uses_quechua_alphabet(entries: list[dict[str, str]]) -> None:
    bad = []
    for e in entries:
        loan = _is_loan(e)
        words = re.split(r"[ -]", e["qu"])
        if any(not _word_ok(w, loan=loan) for w in words):
            bad.append(e["qu"])
    assert not bad, (
        f"letters outside the Quechua alphabet (loanwords need the note '{LOAN_NOTE}'): {bad}"
    )


@pytest.mark.parametrize(
    ("word", "loan", "ok"),
    [
        ("llamk'ay", False, True),
        ("chhalay", False, True),
        ("wakas", True, True),
        ("celular", True, True),
        ("celular", False, False),
        ("trabajo", False, False),
        ("ca'y", False, False),
        ("a'ka", False, False),
        ("Wasi", False, False),
    ],
)
def test_alphabet_checker(word: str, *, loan: bool, ok: bool) -> None:
    assert _word_ok(word, loan=loan) is ok


def test_chanka_variants_have_no_aspirated_or_glottalised_stops(
    entries: list[dict[str, str]],
) -> None:
    bad = [
        e["qu"]
        for e in entries
        if "variante ayacuchana" in e["note"] and CUSCO_ONLY_STOP.search(e["qu"])
    ]
    assert not bad, f"'variante ayacuchana' rows spelled with Cusco-Collao stops: {bad}"


def test_phrases_have_several_words(entries: list[dict[str, str]]) -> None:
    bad = [e["qu"] for e in entries if "frase" in e["note"].split("; ") and " " not in e["qu"]]
    assert not bad, f"rows noted 'frase' with a single word: {bad}"


def test_minimum_size(entries: list[dict[str, str]]) -> None:
    assert len(entries) >= MIN_ROWS


def test_every_category_populated(entries: list[dict[str, str]]) -> None:
    counts = Counter(e["category"] for e in entries)
    thin = {c: counts.get(c, 0) for c in CATEGORIES if counts.get(c, 0) < MIN_PER_CATEGORY}
    assert not thin, f"categories with fewer than {MIN_PER_CATEGORY} rows: {thin}"
