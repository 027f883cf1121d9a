"""The CONTRACT.md profile: its fields, value sets and validation."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Education = Literal["ninguna", "primaria", "secundaria", "tecnica", "universitaria"]
Schedule = Literal["manana", "tarde", "noche", "fines_de_semana", "completo", "flexible"]
Equipment = Literal["ninguno", "smartphone", "computadora"]
OccupationStatus = Literal[
    "dependiente",
    "independiente",
    "trabajador_familiar",
    "empleador",
    "desempleado",
    "estudiante",
    "hogar",
]
HealthInsurance = Literal["essalud", "sis", "privado", "ninguno"]
LanguageCode = str

EDUCATION_LEVELS: tuple[str, ...] = (
    "ninguna",
    "primaria",
    "secundaria",
    "tecnica",
    "universitaria",
)
EQUIPMENT_LEVELS: tuple[str, ...] = ("ninguno", "smartphone", "computadora")
SCHEDULES: tuple[str, ...] = ("manana", "tarde", "noche", "fines_de_semana", "completo", "flexible")
OCCUPATION_STATUSES: tuple[str, ...] = (
    "dependiente",
    "independiente",
    "trabajador_familiar",
    "empleador",
    "desempleado",
    "estudiante",
    "hogar",
)
HEALTH_INSURANCES: tuple[str, ...] = ("essalud", "sis", "privado", "ninguno")
GENDERS: tuple[str, ...] = ("f", "m", "x")

# Every profile field, in CONTRACT.md order.
PROFILE_FIELDS: tuple[str, ...] = (
    "language",
    "languages",
    "region",
    "district",
    "age",
    "gender",
    "education",
    "skills",
    "experience",
    "interests",
    "hours_per_week",
    "schedule",
    "remote_ok",
    "equipment",
    "occupation_status",
    "has_ruc",
    "health_insurance",
    "pension",
    "monthly_income",
    "household_size",
)
REQUIRED_FIELDS: tuple[str, ...] = ("language", "skills", "region")

_ISO = r"^[a-z]{2}$"


class Profile(BaseModel):
    """A person's profile as CONTRACT.md defines it; unknown keys are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True, str_strip_whitespace=True)

    language: LanguageCode = Field(pattern=_ISO)
    languages: list[LanguageCode] | None = None
    region: str = Field(min_length=2, max_length=64)
    district: str | None = Field(default=None, max_length=128)
    age: int | None = Field(default=None, ge=10, le=120)
    gender: str | None = Field(default=None, max_length=8)
    education: Education | None = None
    skills: str = Field(min_length=1, max_length=2000)
    experience: str | None = Field(default=None, max_length=2000)
    interests: str | None = Field(default=None, max_length=2000)
    hours_per_week: int | None = Field(default=None, ge=0, le=168)
    schedule: Schedule | None = None
    remote_ok: bool | None = None
    equipment: Equipment | None = None
    occupation_status: OccupationStatus | None = None
    has_ruc: bool | None = None
    health_insurance: HealthInsurance | None = None
    pension: bool | None = None
    monthly_income: int | None = Field(default=None, ge=0, le=10_000_000)
    household_size: int | None = Field(default=None, ge=1, le=50)

    def to_contract(self) -> dict[str, Any]:
        """The JSON document of CONTRACT.md: known keys only, in contract order."""
        return self.model_dump(exclude_none=True)

    def spoken_languages(self) -> list[str]:
        """Rule 7: a profile without ``languages`` speaks its ``language`` and Spanish."""
        if self.languages:
            return list(self.languages)
        return list(dict.fromkeys([self.language, "es"]))
