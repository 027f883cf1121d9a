"""Offers as the matcher sees them, and their facts as columns for fast feasibility."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from bot.profile import EDUCATION_LEVELS, EQUIPMENT_LEVELS, SCHEDULES
from bot.regions import canonical_region
from bot.text import fold

UNKNOWN = -1
# Names how ``Offer.text`` builds the embedded text; part of every saved index's stamp, so
# changing the recipe rebuilds indexes instead of mixing vectors of two recipes.
TEXT_RECIPE = "title+first-sentence+skills"
NO_EXPIRY = date.max.toordinal()


@dataclass(frozen=True, slots=True)
class Offer:
    """One job or course with every fact the matcher reads."""

    vector_id: int
    kind: str  # "jobs" or "courses"
    id: str
    title: str
    description: str
    skills: tuple[str, ...]
    organisation: str | None = None
    region: str | None = None
    district: str | None = None
    remote: bool | None = None
    modality: str | None = None
    hours_per_week: int | None = None
    duration_hours: float | None = None
    schedule: str | None = None
    pay_min: float | None = None
    pay_max: float | None = None
    cost: float | None = None
    education_required: str | None = None
    equipment: str | None = None
    languages: tuple[str, ...] | None = None
    expires_at: date | None = None
    starts_at: date | None = None
    url: str | None = None

    @property
    def needs_presence(self) -> bool:
        """Done on site (rule 2): on-site jobs, ``presencial`` and ``mixto`` courses."""
        if self.modality is not None:
            return self.modality in ("presencial", "mixto")
        if self.remote is not None:
            return not self.remote
        return self.region is not None

    @property
    def is_remote(self) -> bool:
        """Done at a distance (rule 3): remote jobs, ``virtual`` and ``mixto`` courses."""
        if self.modality is not None:
            return self.modality in ("virtual", "mixto")
        return bool(self.remote)

    def text(self) -> str:
        """What the offer is about, for embeddings: title, the description's first sentence
        and the skills.

        The rest of a posting's description repeats facts the matcher already reads from
        columns (place, hours, pay, how to apply) and adds nothing to "what is this work";
        leaving it out keeps the embedded text near 40 tokens instead of 80, which halves
        the encoder's work on a catalog (its cost grows with the number of tokens).
        """
        return f"{self.title}. {first_sentence(self.description)} {'; '.join(self.skills)}"


# A sentence ends at . ! or ? followed by a capital: "de 8 a. m. a 5 p. m." stays whole.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[¿¡\"«(]?[A-ZÁÉÍÓÚÑÜ])")
MAX_SENTENCE_WORDS = 30


def first_sentence(text: str) -> str:
    """The first sentence of ``text``, at most ``MAX_SENTENCE_WORDS`` words."""
    head = _SENTENCE_END.split(text.strip(), maxsplit=1)[0]
    words = head.split()
    return " ".join(words[:MAX_SENTENCE_WORDS])


def region_key(region: str | None) -> str | None:
    """One key per department however it is written (Cuzco = Cusco), else the folded text."""
    if not region:
        return None
    canonical = canonical_region(region)
    return fold(canonical) if canonical else fold(region)


def _level(values: tuple[str, ...], value: str | None) -> int:
    return values.index(value) if value in values else UNKNOWN


class LanguageBits:
    """Sets of ISO codes as bit masks (rule 7 becomes one AND)."""

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}

    def known(self, codes: Sequence[str]) -> int:
        """The mask of codes already seen (an unknown code can match no offer)."""
        return sum(self._bits.get(code.strip().lower(), 0) for code in set(codes))

    def mask(self, codes: Sequence[str]) -> int:
        mask = 0
        for code in codes:
            key = code.strip().lower()
            if key not in self._bits:
                self._bits[key] = 1 << len(self._bits)
            mask |= self._bits[key]
        return mask


@dataclass(frozen=True)
class OfferColumns:
    """The catalog's facts as arrays, built once per catalog version."""

    offers: tuple[Offer, ...]
    vector_ids: npt.NDArray[np.int64]
    expires: npt.NDArray[np.int64]
    presence: npt.NDArray[np.bool_]
    remote: npt.NDArray[np.bool_]
    region: npt.NDArray[np.int64]
    education: npt.NDArray[np.int64]
    equipment: npt.NDArray[np.int64]
    hours: npt.NDArray[np.int64]
    weekly_hours_apply: npt.NDArray[np.bool_]
    schedule: npt.NDArray[np.int64]
    languages: npt.NDArray[np.int64]
    region_codes: dict[str, int]
    language_bits: LanguageBits

    @classmethod
    def build(cls, offers: Sequence[Offer]) -> OfferColumns:
        region_codes: dict[str, int] = {}
        bits = LanguageBits()

        def region_code(region: str | None) -> int:
            key = region_key(region)
            if key is None:
                return UNKNOWN
            return region_codes.setdefault(key, len(region_codes))

        def ints(values: list[int]) -> npt.NDArray[np.int64]:
            return np.asarray(values, dtype=np.int64)

        def flags(values: list[bool]) -> npt.NDArray[np.bool_]:
            return np.asarray(values, dtype=np.bool_)

        return cls(
            offers=tuple(offers),
            vector_ids=ints([o.vector_id for o in offers]),
            expires=ints([o.expires_at.toordinal() if o.expires_at else NO_EXPIRY for o in offers]),
            presence=flags([o.needs_presence for o in offers]),
            remote=flags([o.is_remote for o in offers]),
            region=ints([region_code(o.region) for o in offers]),
            education=ints([_level(EDUCATION_LEVELS, o.education_required) for o in offers]),
            equipment=ints([_level(EQUIPMENT_LEVELS, o.equipment) for o in offers]),
            hours=ints(
                [o.hours_per_week if o.hours_per_week is not None else UNKNOWN for o in offers]
            ),
            weekly_hours_apply=flags([o.kind == "jobs" for o in offers]),
            schedule=ints([_level(SCHEDULES, o.schedule) for o in offers]),
            languages=ints([bits.mask(o.languages) if o.languages else 0 for o in offers]),
            region_codes=region_codes,
            language_bits=bits,
        )

    def __len__(self) -> int:
        return len(self.offers)
