"""Emerging terms: words whose share of feedback text rose most in the last 4 weeks.

Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
"Fightin' Words"): the prior for each word is its count over the whole period, which
shrinks rare words towards no change; words are ranked by the z-score of the difference.
A word is shown only when at least ``k`` different people used it in the last 4 weeks, and
words with digits are never counted (no phone numbers, codes or amounts leak out).
Texts are read in a deterministic sample (every ``s``-th row id) of at most
``MAX_ROWS`` rows per side, so the job stays bounded on large stores.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from functools import lru_cache

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Session

from analytics.feedback_counts import person_key
from analytics.period import PERU, Period
from analytics.rows import Row
from bot.store.tables import FeedbackRow
from bot.text import strip_accents

RECENT_WEEKS = 4
TOP = 15
MAX_ROWS = 100_000
MIN_LENGTH = 3
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "ʼ": "'"})
_WORD = re.compile(r"[^\W\d_]+(?:['’‘´`ʼ][^\W\d_]+)*")
STOPWORDS = frozenset(
    """
    a al algo algun alguna algunas alguno algunos ante antes aqui asi aun aunque bien cada
    casi como con contra cual cuando de del desde donde dos el ella ellas ellos en entre era
    es esa ese eso esta estaba estan estar este esto estos fue fueron ha hace hay hasta la
    las le les lo los mas me mi mis mucho muy mas nada ni no nos nosotros o otra otro para
    pero poco por porque pues que quien se sea ser si sin sobre solo son su sus tambien tan
    tanto te tiene tienen todo todos tu un una uno unos usted y ya yo les eso esta estas
    estoy creo parece parecio siempre vez veces ahora compre compramos comprar producto
    kay chay ichaqa hinaspa manam mana ari arí ñuqa qam pay chaymi kaymi kanmi kan karqan
    """.split()
)


@lru_cache(maxsize=500_000)
def _term(word: str) -> str | None:
    """A word folded like :func:`bot.text.fold`, or None when it is not a term."""
    folded = strip_accents(word.translate(_APOSTROPHES))
    return folded if len(folded) >= MIN_LENGTH and folded not in STOPWORDS else None


def tokens(text: str) -> list[str]:
    """Folded words of at least three letters, without stop words or digits (each distinct
    word is folded once: texts are many, words are few)."""
    words = (_term(word) for word in _WORD.findall(text.casefold()))
    return [word for word in words if word is not None]


@dataclass
class Corpus:
    counts: Counter[str] = field(default_factory=Counter)
    people: dict[str, set[str]] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return sum(self.counts.values())

    def add(self, text: str, who: str, *, people_cap: int) -> None:
        words = tokens(text)
        self.counts.update(words)
        if people_cap <= 0:
            return
        for word in set(words):
            seen = self.people.setdefault(word, set())
            if len(seen) < people_cap:
                seen.add(who)


def _read(session: Session, start: datetime, end: datetime, corpus: Corpus, cap: int) -> None:
    f = FeedbackRow
    where = (f.created_at >= start, f.created_at < end)
    total = int(session.execute(select(func.count()).where(*where)).scalar_one())
    stride = max(1, math.ceil(total / MAX_ROWS))
    who = person_key() if cap > 0 else literal("")
    query = select(f.text, who.label("who")).where(*where)
    if stride > 1:
        query = query.where(f.id % stride == 0)
    for text, who in session.execute(query.execution_options(yield_per=10_000)):
        corpus.add(text or "", str(who), people_cap=cap)


def log_odds(recent: Corpus, before: Corpus, k: int, top: int = TOP) -> list[Row]:
    """The ``top`` words with the largest positive z-scored log-odds (recent vs before)."""
    n_recent, n_before = recent.size, before.size
    if n_recent == 0 or n_before == 0:
        return []
    prior = recent.counts + before.counts
    a0 = float(n_recent + n_before)
    scored: list[tuple[float, float, str]] = []
    for word, y in recent.counts.items():
        if len(recent.people.get(word, ())) < k:
            continue
        b = before.counts.get(word, 0)
        alpha = float(prior[word])
        rest_recent, rest_before = n_recent + a0 - y - alpha, n_before + a0 - b - alpha
        if rest_recent <= 0 or rest_before <= 0:
            continue  # the only word on both sides: its share cannot change
        delta = math.log((y + alpha) / rest_recent) - math.log((b + alpha) / rest_before)
        z = delta / math.sqrt(1 / (y + alpha) + 1 / (b + alpha))
        if z > 0:
            scored.append((z, delta, word))
    scored.sort(key=lambda item: (-item[0], item[2]))
    return [
        {
            "term": word,
            "recent_count": recent.counts[word],
            "before_count": before.counts.get(word, 0),
            "recent_per_1000_words": round(1000 * recent.counts[word] / n_recent, 3),
            "before_per_1000_words": round(1000 * before.counts.get(word, 0) / n_before, 3),
            "log_odds": round(delta, 4),
            "z": round(z, 2),
        }
        for z, delta, word in scored[:top]
    ]


def emerging_terms(session: Session, period: Period, k: int) -> list[Row]:
    weeks = period.weeks()
    if len(weeks) <= RECENT_WEEKS:
        return []
    recent_start = max(
        period.start, datetime.combine(weeks[-RECENT_WEEKS], time(), PERU).astimezone(UTC)
    )
    recent, before = Corpus(), Corpus()
    _read(session, recent_start, period.end, recent, k)
    _read(session, period.start, recent_start, before, 0)  # people matter only for recent
    return log_odds(recent, before, k)


def recent_since(period: Period) -> str | None:
    """The first day of the "last 4 weeks" window, for captions."""
    weeks = period.weeks()
    if len(weeks) <= RECENT_WEEKS:
        return None
    return max(period.since, weeks[-RECENT_WEEKS]).isoformat()
