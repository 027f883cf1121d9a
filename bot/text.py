"""Text normalisation shared by every parser: one way to fold what people type."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_PUNCT = re.compile(r"[^\w\s']", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})


def strip_accents(text: str) -> str:
    """Remove diacritics but keep ñ (it is a different letter in Spanish and Quechua)."""
    decomposed = unicodedata.normalize("NFD", text.replace("ñ", "\0").replace("Ñ", "\1"))
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare).replace("\0", "ñ").replace("\1", "Ñ")


def fold(text: str) -> str:
    """Lower-case, accent-free, punctuation-free, single-spaced text for comparisons.

    Quechua glottal marks are kept as a plain apostrophe so "llamk'ay" stays one word.
    """
    lowered = strip_accents(text.translate(_APOSTROPHES)).casefold()
    no_punct = _PUNCT.sub(" ", lowered)
    return _SPACES.sub(" ", no_punct).strip()


def tidy(text: str) -> str:
    """What a person typed, trimmed and single-spaced, for storing free text."""
    return _SPACES.sub(" ", text).strip()


_UNSTORABLE = re.compile("\x00|[\ud800-\udfff]")


def storable(text: str) -> str:
    """``text`` as any database can keep it: NUL bytes dropped (PostgreSQL text refuses them)
    and lone surrogates (JSON's ``"\\ud800"`` makes them; UTF-8 cannot) turned into U+FFFD."""
    return _UNSTORABLE.sub(lambda found: "" if found.group() == "\x00" else "\ufffd", text)
