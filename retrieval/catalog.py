"""Job and course catalogs: CONTRACT.md's columns, validated one record at a time.

CSV cells are text (``"true"``, ``"20"``, ``"cocina;ventas"``); JSON Lines values may be
typed (``true``, ``20``, ``["cocina", "ventas"]``). Both go through the same models.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from bot.profile import Education, Equipment, Schedule
from bot.text import strip_accents

Kind = Literal["jobs", "courses"]
KINDS: tuple[Kind, ...] = ("jobs", "courses")
Modality = Literal["virtual", "presencial", "mixto"]


class CatalogError(ValueError):
    """A record that breaks the contract; ``problem`` says which field and why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(";") if part.strip()]
    return value


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "1", "yes", "si", "sí"):
            return True
        if lowered in ("false", "0", "no"):
            return False
    return value


def _empty_to_none(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _code(value: Any) -> Any:
    """ "Mañana", "fines de semana", "Técnica" → "manana", "fines_de_semana", "tecnica"."""
    if isinstance(value, str):
        return strip_accents(value.strip().lower()).replace("ñ", "n").replace(" ", "_")
    return value


TextList = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=200)]], BeforeValidator(_split_list)
]
Boolean = Annotated[bool, BeforeValidator(_boolean)]
Optional = BeforeValidator(_empty_to_none)
Lower = BeforeValidator(_code)


class _OfferRecord(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True, frozen=True)

    id: str = Field(min_length=1, max_length=64)
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(min_length=1, max_length=5000)
    skills: TextList = Field(min_length=1)
    region: Annotated[str | None, Optional] = Field(default=None, max_length=64)
    district: Annotated[str | None, Optional] = Field(default=None, max_length=128)
    schedule: Annotated[Schedule | None, Optional, Lower] = None
    education_required: Annotated[Education | None, Optional, Lower] = None
    equipment: Annotated[Equipment | None, Optional, Lower] = None
    languages: Annotated[TextList | None, Optional] = None
    expires_at: Annotated[date | None, Optional] = None
    url: Annotated[str | None, Optional] = Field(default=None, max_length=500)


class JobRecord(_OfferRecord):
    employer: Annotated[str | None, Optional] = Field(default=None, max_length=200)
    remote: Annotated[Boolean | None, Optional] = None
    hours_per_week: Annotated[int | None, Optional] = Field(default=None, ge=0, le=168)
    pay_min: Annotated[float | None, Optional] = Field(default=None, ge=0)
    pay_max: Annotated[float | None, Optional] = Field(default=None, ge=0)
    posted_at: Annotated[date | None, Optional] = None


class CourseRecord(_OfferRecord):
    provider: Annotated[str | None, Optional] = Field(default=None, max_length=200)
    modality: Annotated[Modality | None, Optional, Lower] = None
    duration_hours: Annotated[float | None, Optional] = Field(default=None, ge=0)
    cost: Annotated[float | None, Optional] = Field(default=None, ge=0)
    starts_at: Annotated[date | None, Optional] = None


OfferRecord = JobRecord | CourseRecord
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "title", "description", "skills")


def validate_offer(kind: Kind, record: dict[str, Any]) -> OfferRecord:
    """One catalog record as a typed offer, or :class:`CatalogError` naming the field."""
    missing = [column for column in REQUIRED_COLUMNS if column not in record]
    if missing:
        raise CatalogError(f"missing required column {missing[0]!r}")
    model: type[JobRecord] | type[CourseRecord] = JobRecord if kind == "jobs" else CourseRecord
    try:
        offer = model.model_validate(record)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"][:1]) or "record"
        value = record.get(field)
        raise CatalogError(f"{field}: {first['msg']} (got {value!r})") from exc
    if (
        isinstance(offer, JobRecord)
        and offer.pay_min is not None
        and offer.pay_max is not None
        and offer.pay_min > offer.pay_max
    ):
        raise CatalogError("pay_min is above pay_max")
    return offer
