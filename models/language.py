"""Spanish vs Quechua identification: langid restricted to ``es``/``qu`` plus word lists.

langid alone is unreliable on the one- or two-word messages people open a chat with
("ari", "Allin p'unchaw", "ok"): with no known n-gram it returns its prior for Spanish at
~0.997. So known words decide first, and langid only speaks for longer text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from langid.langid import LanguageIdentifier as _LangId
from langid.langid import model as _langid_model

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})

# Words that settle the question on their own: greetings and short answers.
QUECHUA_MARKERS = frozenset(
    """napaykullayki rimaykullayki allillanchu allinllachu allillanmi imaynallan imaynalla
    kashanki kachkanki sulpayki yusulpayki añay añaychayki ari arí manan manam runasimi
    runasimipi qhichwa qhichwapi yanapay yanapawa yanapaway tupananchiskama""".split()
)
SPANISH_MARKERS = frozenset(
    """hola buenas buenos dias días tardes noches gracias quiero quisiera necesito busco
    trabajo empleo ayuda por favor sí si no el la los las de del que y en un una es soy
    tengo estoy para con mi me castellano español curso cursos""".split()
)


@dataclass(frozen=True)
class LanguageGuess:
    """``lang`` is None when the text does not say (the bot then asks)."""

    lang: str | None
    confidence: float


class LanguageIdentifier:
    """Tells Spanish from Quechua in chat-sized text."""

    def __init__(
        self,
        quechua_words: Iterable[str] = (),
        spanish_words: Iterable[str] = (),
        *,
        threshold: float = 0.95,
    ) -> None:
        self._quechua = QUECHUA_MARKERS | {w.casefold() for w in quechua_words}
        self._spanish = SPANISH_MARKERS | {w.casefold() for w in spanish_words}
        self._threshold = threshold
        self._langid = _LangId.from_modelstring(_langid_model, norm_probs=True)
        self._langid.set_languages(["es", "qu"])

    def detect(self, text: str) -> LanguageGuess:
        words = _WORD.findall(text.translate(_APOSTROPHES).casefold())
        if not words:
            return LanguageGuess(None, 0.0)
        quechua_hits = sum(word in self._quechua for word in words)
        spanish_hits = sum(word in self._spanish for word in words)
        if quechua_hits != spanish_hits:
            lang = "qu" if quechua_hits > spanish_hits else "es"
            share = max(quechua_hits, spanish_hits) / (quechua_hits + spanish_hits)
            return LanguageGuess(lang, round(0.5 + share / 2, 3))
        if len(words) < 2:
            return LanguageGuess(None, 0.0)
        lang, probability = self._langid.classify(text)
        if probability < self._threshold:
            return LanguageGuess(None, float(probability))
        return LanguageGuess(str(lang), float(probability))
