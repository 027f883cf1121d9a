"""Quechua → Spanish gloss expansion, applied to text before it is embedded.

Multilingual sentence embeddings know little Quechua, so each Quechua word or phrase found in
``locales/glossary.tsv`` is followed by its Spanish glosses::

    >>> glossary = Glossary.from_tsv(GLOSSARY_TSV)
    >>> glossary.expand("t'anta ruwayta yachani")
    "t'anta ruwayta yachani (pan; hacer; elaborar; fabricar; saber; conocimiento)"

How a word is looked up (see ``locales/GLOSSARY.md``):

* **One key for many spellings.** Text and headwords are folded like ``bot.text.fold``
  (lower case, no accents, typographic apostrophes → ``'``), then apostrophes are dropped and
  aspiration after a stop is dropped (``ph th kh qh chh`` → ``p t k q ch``). So ``llamk'ay`` and
  ``llamkay``, ``t'anta`` and ``tanta``, ``khuchi`` and ``kuchi`` share one key.
* **Suffixes.** Quechua is agglutinative: a word matches the longest entry it becomes after
  stripping zero or more known suffixes from its end, never going below a 3-letter stem
  (``wawakunata`` → ``wawa``). Verb entries (ending in ``-y`` with a Spanish infinitive among
  their glosses, so not ``iskay`` 'dos' or ``unay`` 'hace tiempo') are also stored under their
  stem (``wayk'uy`` → ``wayk'u``), so ``wayk'unayta`` → ``wayk'u``. When no
  suffix chain explains a word, a verb stem of 4+ letters still matches as a prefix if the rest
  is written in the Quechua alphabet and ends in a known suffix (``puriykachani``).
* **Phrases.** Multi-word entries (``hatun yachay wasi``) win over their parts, longest first;
  only the last word may carry suffixes (``hatun yachay wasipi``). Written as one word
  (``yachaywasi``) they match too.

Expansion only *adds* glosses and never removes a word, so an ordinary Spanish word that happens
to equal a Quechua form (``papa``, ``llama``, ``mama``) costs at most a harmless gloss. The few
frequent Spanish words whose Quechua twin means something else are in ``SPANISH_STOPWORDS`` and
never expand on their own.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from bot.text import fold

GLOSSARY_TSV = Path(__file__).resolve().parents[1] / "locales" / "glossary.tsv"

MIN_STEM = 3
"""Suffix stripping stops before the remaining stem gets shorter than this."""
MIN_PREFIX_STEM = 4
"""A verb stem matched as a bare prefix (no full suffix chain) must be at least this long."""

_NOMINAL = """kuna ta pi manta man wan paq pa q cha yki y n nchik nchis iku niy niyki nin
    kama hina yuq ntin qa"""
_VERBAL = """ni nki n nchis nchik yku nkichis nkichik nku rqa rqu sqa spa q y na chi ku pu mu
    ysi ri ru sha chka wa naku naya"""
_ENCLITIC = "mi m n si s cha chu taq pas puni lla ña raq"
SUFFIXES = frozenset(f"{_NOMINAL} {_VERBAL} {_ENCLITIC}".split())
"""Suffixes as lookup keys (folded, no apostrophes, no aspiration)."""
_MAX_SUFFIX = max(map(len, SUFFIXES))

SPANISH_STOPWORDS = frozenset(
    {"alla", "haya", "mañana", "mañanas", "manana", "mananas", "nana", "nanas"}
)
"""Frequent Spanish words (folded) that would otherwise match a Quechua entry or verb stem of a
different meaning: "haya" → picante, "alla" (allá) → allay, "mañana" → mañay 'prestar',
"manana" → mana 'no' + -na, "nana" → nanay 'doler'. Checked on the whole word only, so
"nanan" (Quechua 'it hurts') still matches."""

_QUECHUA_LETTERS = frozenset("achiklmnñpqrstuwy")
_ASPIRATION = re.compile(r"(?:(?<=[ptkq])|(?<=ch))h")
_INFINITIVE = re.compile(r"\w+(?:ar|er|ir)(?:se)?")

_Glosses = tuple[str, ...]


def lookup_key(text: str) -> str:
    """The spelling-neutral key of a word or phrase: ``fold``, no apostrophes, no aspiration."""
    return _ASPIRATION.sub("", fold(text).replace("'", ""))


def _merge(*groups: Iterable[str]) -> _Glosses:
    return tuple(dict.fromkeys(g for group in groups for g in group))


def _is_verbal(glosses: Iterable[str]) -> bool:
    """Whether a Spanish gloss is an infinitive ("cocinar", "dar trabajo", "bañarse")."""
    return any(
        (words := fold(gloss).split()) and _INFINITIVE.fullmatch(words[0]) for gloss in glosses
    )


def _verb_stem(key: str, glosses: Iterable[str]) -> str | None:
    """``wayk'u`` for ``wayk'uy`` 'cocinar'; None for non-verbs and too-short stems."""
    if key.endswith("y") and len(key) - 1 >= MIN_STEM and _is_verbal(glosses):
        return key[:-1]
    return None


@dataclass(frozen=True)
class _Analysis:
    forms: tuple[str, ...]
    """The word and what it becomes after stripping suffix chains, longest first."""
    glosses: _Glosses


_NO_MATCH = _Analysis((), ())
_CACHE_LIMIT = 100_000


@dataclass(frozen=True)
class Glossary:
    """Spanish glosses for the Quechua words and phrases of a text."""

    entries: Mapping[str, tuple[str, ...]]
    """Lookup key (see ``lookup_key``) of a Quechua word or phrase → its Spanish glosses."""

    _words: dict[str, _Glosses] = field(init=False, repr=False, compare=False)
    _stems: dict[str, _Glosses] = field(init=False, repr=False, compare=False)
    _phrases: dict[tuple[str, ...], _Glosses] = field(init=False, repr=False, compare=False)
    _phrase_heads: frozenset[tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _max_phrase: int = field(init=False, repr=False, compare=False)
    _cache: dict[str, _Analysis] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words: dict[str, _Glosses] = {}
        stems: dict[str, _Glosses] = {}
        phrases: dict[tuple[str, ...], _Glosses] = {}
        joined: dict[str, _Glosses] = {}
        joined_stems: dict[str, _Glosses] = {}
        for raw_key, glosses in self.entries.items():
            key = lookup_key(raw_key)
            parts = tuple(key.split())
            if not parts or not glosses:
                continue
            if len(parts) == 1:
                words[key] = _merge(words.get(key, ()), glosses)
                if (stem := _verb_stem(key, glosses)) is not None:
                    stems[stem] = _merge(stems.get(stem, ()), glosses)
                continue
            phrases[parts] = _merge(phrases.get(parts, ()), glosses)
        verb_phrases: dict[tuple[str, ...], _Glosses] = {}
        for parts, glosses in phrases.items():
            # "wawa qhaway" → "wawa qhawa-": its last word is a verb (alone or in the glosses).
            last = parts[-1]
            stem = _verb_stem(last, (*glosses, *words.get(last, ())))
            if stem is not None:
                verb_phrases.setdefault((*parts[:-1], stem), glosses)
            joined["".join(parts)] = glosses
            if stem is not None:
                joined_stems["".join(parts[:-1]) + stem] = glosses
        for parts, glosses in verb_phrases.items():
            phrases.setdefault(parts, glosses)
        # "yachaywasi" for "yachay wasi", unless it is already a word of its own.
        for key, glosses in joined.items():
            words.setdefault(key, glosses)
        for key, glosses in joined_stems.items():
            stems.setdefault(key, glosses)
        object.__setattr__(self, "_words", words)
        object.__setattr__(self, "_stems", stems)
        object.__setattr__(self, "_phrases", phrases)
        object.__setattr__(self, "_phrase_heads", frozenset(p[:-1] for p in phrases))
        object.__setattr__(self, "_max_phrase", max(map(len, phrases), default=1))
        object.__setattr__(self, "_cache", {})

    @classmethod
    def from_tsv(cls, path: Path) -> Glossary:
        """Read ``qu``/``es`` columns of a glossary TSV (``es`` glosses separated by ``;``)."""
        collected: dict[str, _Glosses] = {}
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                key = lookup_key(row.get("qu") or "")
                glosses = [g.strip() for g in (row.get("es") or "").split(";") if g.strip()]
                if key and glosses:
                    collected[key] = _merge(collected.get(key, ()), glosses)
        return cls(entries=MappingProxyType(collected))

    def glosses(self, text: str) -> list[str]:
        """Spanish glosses of the Quechua words and phrases in ``text``: in order, no repeats."""
        keys = [_ASPIRATION.sub("", word.replace("'", "")) for word in fold(text).split()]
        found: dict[str, None] = {}
        i = 0
        while i < len(keys):
            matched, width = self._phrase_at(keys, i)
            if not matched:
                matched, width = self._analyse(keys[i]).glosses, 1
            found.update(dict.fromkeys(matched))
            i += width
        return list(found)

    def expand(self, text: str) -> str:
        """``text`` followed by its glosses in brackets, or ``text`` unchanged if it has none."""
        found = self.glosses(text)
        return f"{text} ({'; '.join(found)})" if found else text

    def _phrase_at(self, keys: list[str], start: int) -> tuple[_Glosses, int]:
        longest = min(self._max_phrase, len(keys) - start)
        for width in range(longest, 1, -1):
            head = tuple(keys[start : start + width - 1])
            if head not in self._phrase_heads:
                continue
            for form in self._analyse(keys[start + width - 1]).forms:
                if (glosses := self._phrases.get((*head, form))) is not None:
                    return glosses, width
        return (), 0

    def _analyse(self, key: str) -> _Analysis:
        cached = self._cache.get(key)
        if cached is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            cached = self._cache[key] = self._analyse_uncached(key)
        return cached

    def _analyse_uncached(self, key: str) -> _Analysis:
        if not key:
            return _NO_MATCH
        size = len(key)
        reachable = [False] * (size + 1)
        reachable[size] = True
        for end in range(size, MIN_STEM, -1):
            if reachable[end]:
                for length in range(1, min(_MAX_SUFFIX, end - MIN_STEM) + 1):
                    if key[end - length : end] in SUFFIXES:
                        reachable[end - length] = True
        forms = tuple(key[:end] for end in range(size, 0, -1) if reachable[end])
        if key in SPANISH_STOPWORDS:
            return _Analysis(forms, ())
        for form in forms:
            glosses = _merge(self._words.get(form, ()), self._stems.get(form, ()))
            if glosses:
                return _Analysis(forms, glosses)
        if len(forms) > 1:  # it ends in a known suffix: try a verb stem as a bare prefix
            for end in range(size - 1, MIN_PREFIX_STEM - 1, -1):
                stem_glosses = self._stems.get(key[:end])
                if stem_glosses and set(key[end:]) <= _QUECHUA_LETTERS:
                    return _Analysis(forms, stem_glosses)
        return _Analysis(forms, ())
