"""Which food product a feedback text is about: fuzzy matching against a product list.

``data/feedback/products.csv`` has one row per product: ``product,category,synonyms`` with
``;``-separated synonyms (plurals, diminutives, typos, Quechua names). A row whose product is
its own category (``galletas,galletas,galletitas;…``) names the category itself, so "las
galletas" gives ``galletas`` while "galletitas de kinua" gives ``galletas de quinua``.

Matching runs over word windows of the normalised text (see ``models.feedback_lexicon``):
exact alias hits first, then the nearest alias with the same number of words by rapidfuzz's
Levenshtein distance (at most 1 up to 8 letters, 2 up to 16, then 3; same first letter; never
for aliases under 6 letters, which must match exactly). A Quechua word matches after its
suffixes are stripped (``t'antaqa`` → ``t'anta``). Overlapping hits keep the longest alias. A
hit right after a quantity word is an ingredient and is dropped ("demasiada mayonesa en la
hamburguesa", "sin azúcar"); one after a possessive counts only when nothing else was named
("mi yogurt"). Exact hits beat fuzzy ones ("frescas las paltas" is about paltas, not fresas), a
Quechua topic (``-qa``) wins, and otherwise the first named wins.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from models.feedback_lexicon import normalise, words

MAX_ALIAS_WORDS = 5
MIN_FUZZY_LENGTH = 6
_QUANTITY_WORDS = frozenset(
    "demasiado demasiada mucho mucha poco poca harto harta falta faltaba falto sin con puro pura"
    " tanto tanta nada exceso cantidad".split()
)
"""A product named right after these (singular: a mass noun) is an ingredient ("sin azúcar",
"pan con mantequilla"), not what is reviewed; "menos galletas" still names the galletas."""
_MORE_LESS = frozenset(("mas", "menos"))
"""Likewise before a singular ("más azúcar"), not before a plural ("menos galletas")."""
_POSSESSIVES = frozenset("mi mis tu tus su sus".split())
_FATHER = re.compile(r"\bpap[áÁ]s?\b")
"""Written with its accent, "papá" is a father, not a potato."""
_IDIOMS = re.compile(r"(?i)\bse me hace agua la boca\b|\bclavo de olor\b")
_QUECHUA_SUFFIXES = (
    "kunata",
    "kunapi",
    "kuna",
    "manta",
    "ykuna",
    "nchik",
    "llam",
    "lla",
    "ñam",
    "ña",
    "qa",
    "ta",
    "pi",
    "mi",
    "wan",
    "paq",
    "pas",
    "chu",
    "si",
    "yki",
    "cha",
    "m",
    "n",
    "s",
    "y",
)


@dataclass(frozen=True)
class Product:
    name: str
    category: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class _Hit:
    start: int
    end: int
    name: str
    demoted: bool
    topic: bool
    exact: bool


class ProductCatalog:
    """Normalised product (or category) names for the products a text mentions."""

    def __init__(self, products: Iterable[Product]) -> None:
        self.products = tuple(products)
        self._aliases: dict[str, str] = {}
        for product in self.products:
            for alias in (product.name, *product.synonyms):
                key = " ".join(words(normalise(alias)))
                if key and key not in self._aliases:
                    self._aliases[key] = product.name
        self._by_length: dict[int, list[str]] = {}
        for key in self._aliases:
            self._by_length.setdefault(len(key.split()), []).append(key)
        self._longest = min(MAX_ALIAS_WORDS, max(self._by_length, default=1))

    @classmethod
    def from_csv(cls, path: Path) -> ProductCatalog:
        """Read ``product,category,synonyms``; a missing column or empty name names the row."""
        products = []
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = {"product", "category"} - set(reader.fieldnames or ())
            if missing:
                raise ValueError(f"{path}: missing column(s) {', '.join(sorted(missing))}")
            for row in reader:
                name = (row.get("product") or "").strip()
                category = (row.get("category") or "").strip()
                if not name or not category:
                    raise ValueError(f"{path}: line {reader.line_num}: empty product or category")
                synonyms = tuple(
                    s.strip() for s in (row.get("synonyms") or "").split(";") if s.strip()
                )
                products.append(Product(name, category, synonyms))
        return cls(products)

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.products)

    def match(self, text: str) -> str | None:
        """The product or category ``text`` is about, or None."""
        tokens = words(normalise(_IDIOMS.sub(" ", _FATHER.sub("padre", text))))
        chosen: list[_Hit] = []
        for hit in sorted(self._hits(tokens), key=lambda h: (-(h.end - h.start), h.start)):
            if all(hit.end <= c.start or hit.start >= c.end for c in chosen):
                chosen.append(hit)
        preferred = [h for h in chosen if not h.demoted] or chosen
        preferred = [h for h in preferred if h.exact] or preferred
        preferred = [h for h in preferred if h.topic] or preferred
        return min(preferred, key=lambda h: h.start).name if preferred else None

    def _hits(self, tokens: list[str]) -> list[_Hit]:
        hits = []
        for size in range(1, self._longest + 1):
            candidates = self._by_length.get(size, [])
            for start in range(len(tokens) - size + 1):
                window = " ".join(tokens[start : start + size])
                name, exact = self._lookup(window, candidates, single=size == 1)
                if name is None:
                    continue
                before = tokens[start - 1] if start > 0 else ""
                if before == "de" and start > 1:  # "un poco de sal", "mucha cantidad de"
                    before = tokens[start - 2]
                if before in _QUANTITY_WORDS or (before in _MORE_LESS and window[-1] != "s"):
                    continue
                topic = window.endswith("qa") and window not in self._aliases
                hits.append(_Hit(start, start + size, name, before in _POSSESSIVES, topic, exact))
        return hits

    def _lookup(
        self, window: str, candidates: list[str], *, single: bool
    ) -> tuple[str | None, bool]:
        """(product, whether the words were an alias or a suffixed alias) for one window."""
        exact = self._aliases.get(window)
        if exact is not None:
            return exact, True
        if single:
            for stem in _quechua_stems(window):
                if (found := self._aliases.get(stem)) is not None and len(stem) >= 4:
                    return found, True
        if len(window) < MIN_FUZZY_LENGTH or not candidates:
            return None, False
        edits = 1 if len(window) <= 8 else 2 if len(window) <= 16 else 3
        nearest = process.extract(
            window, candidates, scorer=Levenshtein.distance, score_cutoff=edits, limit=5
        )
        for alias, _distance, _index in nearest:
            if len(alias) >= MIN_FUZZY_LENGTH and all(
                map(_close_words, window.split(), alias.split())
            ):
                return self._aliases[alias], False
        return None, False


_FUNCTION_WORDS = frozenset("d de del a al la el en con".split())


def _close_words(written: str, alias: str) -> bool:
    """Each word of a fuzzy match is close on its own: same first letter and at most one edit
    (two from six letters), or both are function words ("galletas d soda")."""
    if written == alias or (written in _FUNCTION_WORDS and alias in _FUNCTION_WORDS):
        return True
    if len(alias) < 4 or written[:1] != alias[:1]:
        return False
    return Levenshtein.distance(written, alias) <= (1 if len(alias) <= 5 else 2)


def _quechua_stems(word: str, depth: int = 3) -> list[str]:
    """``word`` with up to ``depth`` Quechua suffixes stripped, shortest last."""
    stems: list[str] = []
    frontier = [word]
    for _ in range(depth):
        following = []
        for form in frontier:
            for suffix in _QUECHUA_SUFFIXES:
                if form.endswith(suffix) and len(form) - len(suffix) >= 3:
                    following.append(form[: -len(suffix)])
        stems.extend(following)
        frontier = following
    return list(dict.fromkeys(stems))
