"""Ranking feasible offers: what they share with the person, plus explainable bonuses.

Pure logic: the caller has already kept only feasible offers (``retrieval.feasibility``)
and measured how close each one is in meaning to the person (cosine similarity of
embeddings). Reasons are codes with values; the caller words them in the person's language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from bot.profile import Profile
from bot.text import fold
from retrieval.offers import Offer, region_key

SEMANTIC_WEIGHT = 0.6
SKILL_WEIGHT = 0.3
BONUS_WEIGHT = 0.1
DEMAND_WEIGHT = 0.15  # courses: teaching what jobs around the person ask for
MAX_REASON_SKILLS = 3
STEM = 4

_WORD = re.compile(r"[a-zñ']+")
STOPWORDS = frozenset(
    "a al con de del el en la las los para por un una y o e u se sin su sus mi mis tu que "
    "como muy mas más the and of to in basico basica".split()
)


@dataclass(frozen=True)
class Reason:
    """Why an offer fits, as a code (``reason.skills``) and the values to word it with."""

    key: str
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Match:
    offer: Offer
    score: float
    reasons: tuple[Reason, ...]


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("es"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s"):
        word = word[:-1]
    return word[:STEM]


def stems(text: str) -> set[str]:
    """Content words without plural endings, cut to their first letters ("cocinera",
    "cocinar" → "coci"; "cuyes", "cuy" → "cuy"; "crianza", "criar" → "cria")."""
    return {
        _stem(word) for word in _WORD.findall(fold(text)) if word not in STOPWORDS and len(word) > 2
    }


def shared_skills(skills: Sequence[str], person: set[str]) -> list[str]:
    """The offer's skill phrases whose words the person used (most of them, at least one)."""
    shared = []
    for skill in skills:
        words = stems(skill)
        if words and len(words & person) * 2 >= len(words):
            shared.append(skill)
    return shared


def calibrate(
    similarity: npt.NDArray[np.float32], reference: npt.NDArray[np.float32]
) -> npt.NDArray[np.float64]:
    """Cosine similarities mapped to [0, 1] against the whole catalog's spread for this
    person (any encoder's scale): 1 is the closest offer in the catalog, 0 the median one."""
    if reference.size == 0:
        return np.zeros_like(similarity, dtype=np.float64)
    floor = float(np.median(reference))
    ceiling = float(reference.max())
    span = max(ceiling - floor, 1e-6)
    return np.clip((similarity.astype(np.float64) - floor) / span, 0.0, 1.0)


def person_text(profile: Profile) -> str:
    return " ".join(
        part for part in (profile.skills, profile.experience, profile.interests) if part
    )


def _bonuses(offer: Offer, profile: Profile) -> tuple[float, list[Reason]]:
    points = 0.0
    reasons: list[Reason] = []
    if (
        offer.needs_presence
        and offer.region
        and region_key(offer.region) == region_key(profile.region)
    ):
        points += 0.3
        place = offer.district or offer.region
        if profile.district and offer.district and fold(offer.district) == fold(profile.district):
            points += 0.2
        reasons.append(Reason("reason.near", {"place": place}))
    elif offer.is_remote:
        points += 0.3 if profile.remote_ok else 0.1
        reasons.append(Reason("reason.remote"))
    if (
        offer.schedule
        and profile.schedule
        and (offer.schedule == profile.schedule or "flexible" in (offer.schedule, profile.schedule))
    ):
        points += 0.2
        reasons.append(Reason(f"reason.schedule.{offer.schedule}"))
    pay = offer.pay_max or offer.pay_min
    if pay:
        if profile.monthly_income is None or pay > profile.monthly_income:
            points += 0.3
        reasons.append(Reason("reason.pay", {"pay": f"{pay:,.0f}"}))
    if offer.kind == "courses" and offer.cost == 0:
        points += 0.3
        reasons.append(Reason("reason.free"))
    return min(points, 1.0), reasons


def rank(
    profile: Profile,
    offers: Sequence[Offer],
    semantic: npt.NDArray[np.float64],
    *,
    person_words: set[str],
    demand: Mapping[str, float] | None = None,
) -> list[Match]:
    """Feasible offers best first. ``semantic`` is calibrated closeness in [0, 1]; for
    courses, ``demand`` weighs skills asked by nearby jobs (skill stem → weight in [0, 1])."""
    matches: list[Match] = []
    for offer, closeness in zip(offers, semantic, strict=True):
        shared = shared_skills(offer.skills, person_words)
        overlap = len(shared) / len(offer.skills) if offer.skills else 0.0
        bonus, extra = _bonuses(offer, profile)
        reasons: list[Reason] = []
        if shared:
            key = "reason.skills" if offer.kind == "jobs" else "reason.course_skills"
            reasons.append(Reason(key, {"skills": ", ".join(shared[:MAX_REASON_SKILLS])}))
        elif closeness >= 0.5:
            reasons.append(Reason("reason.similar"))
        score = SEMANTIC_WEIGHT * float(closeness) + SKILL_WEIGHT * overlap + BONUS_WEIGHT * bonus
        if demand is not None:
            taught = [s for s in offer.skills if s not in shared and _demand_of(s, demand) > 0]
            value = sum(_demand_of(s, demand) for s in taught) / max(len(offer.skills), 1)
            if taught:
                reasons.insert(
                    0, Reason("reason.demand", {"skills": ", ".join(taught[:MAX_REASON_SKILLS])})
                )
            score = (1 - DEMAND_WEIGHT) * score + DEMAND_WEIGHT * min(value, 1.0)
        matches.append(Match(offer, round(min(max(score, 0.0), 1.0), 4), tuple(reasons + extra)))
    matches.sort(key=lambda m: (-m.score, m.offer.id))
    return matches


def _demand_of(skill: str, demand: Mapping[str, float]) -> float:
    words = stems(skill)
    return max((demand.get(word, 0.0) for word in words), default=0.0)


def skill_demand(jobs: Sequence[Offer], person_words: set[str]) -> dict[str, float]:
    """Skills asked by these jobs and missing from the person, weighted by how many ask
    (word stem → share of the jobs asking, the most asked = 1)."""
    counts: Counter[str] = Counter()
    for job in jobs:
        for word in {w for skill in job.skills for w in stems(skill)}:
            if word not in person_words:
                counts[word] += 1
    if not counts:
        return {}
    top = max(counts.values())
    return {word: count / top for word, count in counts.items()}
