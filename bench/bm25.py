"""Okapi BM25, the keyword baseline of ``bench.matching_eval``.

Tokens are ``bot.text.fold``-ed (lower case, accents stripped but ñ kept, punctuation removed)
with apostrophes dropped too, so ``t'anta`` and ``tanta`` are one word. IDF is the
non-negative ``log(1 + (N - df + 0.5) / (df + 0.5))``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from bot.text import fold

K1 = 1.5
B = 0.75
_WORD = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Lower case, no accents, no punctuation (apostrophes included)."""
    return _WORD.findall(fold(text).replace("'", ""))


class BM25:
    """Scores every document of a fixed collection against a query."""

    def __init__(self, documents: Sequence[str], *, k1: float = K1, b: float = B) -> None:
        self.k1 = k1
        self.b = b
        self._terms = [Counter(tokens(document)) for document in documents]
        self._lengths = [sum(terms.values()) for terms in self._terms]
        self._average = (sum(self._lengths) / len(self._lengths) if self._lengths else 0.0) or 1.0
        frequency = Counter(term for terms in self._terms for term in terms)
        size = len(self._terms)
        self._idf = {
            term: math.log(1 + (size - df + 0.5) / (df + 0.5)) for term, df in frequency.items()
        }

    def __len__(self) -> int:
        return len(self._terms)

    def scores(self, query: str) -> list[float]:
        """One score per document, in collection order (a repeated query word counts again)."""
        wanted = Counter(tokens(query))
        result: list[float] = []
        for terms, length in zip(self._terms, self._lengths, strict=True):
            norm = self.k1 * (1 - self.b + self.b * length / self._average)
            score = 0.0
            for term, count in wanted.items():
                tf = terms.get(term, 0)
                if tf:
                    score += count * self._idf[term] * tf * (self.k1 + 1) / (tf + norm)
            result.append(score)
        return result
