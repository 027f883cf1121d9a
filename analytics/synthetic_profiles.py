"""Synthetic CONTRACT profiles with a known informality rate and informality–poverty odds
ratio (see :mod:`analytics.synthetic`)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from analytics.period import PERU

REGIONS: tuple[tuple[str, float], ...] = (
    ("Lima", 0.30), ("Cusco", 0.07), ("Puno", 0.07), ("Arequipa", 0.05), ("Junín", 0.05),
    ("La Libertad", 0.05), ("Piura", 0.05), ("Ayacucho", 0.04), ("Cajamarca", 0.04),
    ("Callao", 0.03), ("Apurímac", 0.03), ("Huancavelica", 0.03), ("Lambayeque", 0.03),
    ("Áncash", 0.03), ("Loreto", 0.02), ("San Martín", 0.02), ("Huánuco", 0.02), ("Ica", 0.02),
    ("Ucayali", 0.01), ("Tacna", 0.01), ("Moquegua", 0.01), ("Pasco", 0.01), ("Amazonas", 0.01),
    ("Tumbes", 0.01), ("Madre de Dios", 0.01),
)  # fmt: skip
QUECHUA_SHARE = {"Cusco": 0.45, "Puno": 0.35, "Apurímac": 0.5, "Ayacucho": 0.5,
                 "Huancavelica": 0.5, "Áncash": 0.15, "Huánuco": 0.15, "Junín": 0.08,
                 "Pasco": 0.08, "Arequipa": 0.05}  # fmt: skip
AGE_BANDS = ((14, 24, 0.22), (25, 34, 0.26), (35, 44, 0.22), (45, 59, 0.20), (60, 75, 0.10))
EMPLOYED = (("dependiente", 0.38), ("independiente", 0.42), ("trabajador_familiar", 0.12),
            ("empleador", 0.08))  # fmt: skip
NOT_EMPLOYED = (("desempleado", 0.4), ("estudiante", 0.35), ("hogar", 0.25))
EMPLOYED_SHARE = 0.82
EDUCATION = ("ninguna", "primaria", "secundaria", "tecnica", "universitaria")
EDUCATION_GIVEN = {
    "informal": (0.05, 0.30, 0.45, 0.12, 0.08),
    "formal": (0.01, 0.08, 0.35, 0.26, 0.30),
    "not_employed": (0.03, 0.20, 0.45, 0.17, 0.15),
}
HOUSEHOLD = (1, 2, 3, 4, 5, 6, 7, 8)
HOUSEHOLD_WEIGHTS = (0.08, 0.14, 0.20, 0.22, 0.16, 0.10, 0.06, 0.04)
SKILLS_ES = ("cocino y atiendo clientes", "vendo en el mercado", "manejo moto, hago delivery",
             "cosecho café y cacao", "coso y tejo a mano", "limpio casas", "cuido niños",
             "soy albañil, tarrajeo y pinto", "manejo Excel y redes",
             "reparo celulares")  # fmt: skip
SKILLS_QU = ("t'anta ruwayta yachani", "wayk'uyta yachani", "chakra llamk'ayta yachani",
             "awayta yachani", "rantikuq kani qhatupi")  # fmt: skip
SCHEDULES = ("manana", "tarde", "noche", "fines_de_semana", "completo", "flexible")
MISSING_STATUS, MISSING_ANSWER, MISSING_INCOME = 0.03, 0.03, 0.04


@dataclass(frozen=True)
class SyntheticProfile:
    person_id: str
    external_id: str
    created_at: datetime
    document: dict[str, Any]
    poverty_line: float

    def record(self) -> dict[str, Any]:
        """CONTRACT's ``chaski import profiles`` line."""
        return {"id": self.external_id, **self.document, "created_at": self.created_at.isoformat()}

    def observed_informal(self) -> bool | None:
        """The INEI-style status from the answers given (None: not employed or undecided)."""
        d = self.document
        status = d.get("occupation_status")
        if status == "trabajador_familiar":
            return True
        if status in ("independiente", "empleador"):
            ruc = d.get("has_ruc")
            return None if ruc is None else not ruc
        if status == "dependiente":
            pension, insurance = d.get("pension"), d.get("health_insurance")
            if pension is False or (insurance is not None and insurance != "essalud"):
                return True
            return False if pension is True and insurance == "essalud" else None
        return None

    def observed_poor(self) -> bool | None:
        income, size = self.document.get("monthly_income"), self.document.get("household_size")
        if income is None or size is None:
            return None
        return bool(income < self.poverty_line * size)

    def person_row(self) -> dict[str, Any]:
        moment = self.created_at.astimezone(UTC)
        return {
            "id": self.person_id,
            "channel": "import",
            "platform_ref": uuid.uuid5(uuid.NAMESPACE_OID, self.external_id).hex,
            "language": self.document["language"],
            "consent": "external",
            "consent_at": None,
            "created_at": moment,
            "updated_at": moment,
        }

    def profile_row(self) -> dict[str, Any]:
        moment = self.created_at.astimezone(UTC)
        fields = ("language", "languages", "region", "district", "age", "gender", "education",
                  "skills", "experience", "interests", "hours_per_week", "schedule", "remote_ok",
                  "equipment", "occupation_status", "has_ruc", "health_insurance", "pension",
                  "monthly_income", "household_size")  # fmt: skip
        return {
            "person_id": self.person_id,
            **{name: self.document.get(name) for name in fields},
            "source": "import",
            "completed_at": moment,
            "created_at": moment,
            "updated_at": moment,
        }


def _pick(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([o for o, _ in options], [w for _, w in options])[0]


def _employment(rng: random.Random, informal: bool, status: str) -> dict[str, Any]:
    """RUC, pension and health-insurance answers consistent with the drawn status."""
    answers: dict[str, Any] = {}
    if status in ("independiente", "empleador", "trabajador_familiar"):
        answers["has_ruc"] = not informal if status != "trabajador_familiar" else False
        answers["pension"] = rng.random() < (0.1 if informal else 0.5)
        answers["health_insurance"] = rng.choice(("sis", "sis", "ninguno", "privado", "essalud"))
    elif informal:  # a dependiente without pension or without EsSalud
        answers["pension"] = rng.random() < 0.2
        answers["health_insurance"] = (
            rng.choice(("sis", "ninguno", "privado"))
            if answers["pension"]
            else rng.choice(("sis", "sis", "ninguno", "essalud"))
        )
    else:
        answers["pension"] = True
        answers["health_insurance"] = "essalud"
    return answers


def _income(rng: random.Random, poor: bool, line: float) -> tuple[int, int]:
    size = rng.choices(HOUSEHOLD, HOUSEHOLD_WEIGHTS)[0]
    if poor:
        income = int(line * size * rng.uniform(0.3, 0.97))
        income = min(income, int(line * size) - 1)
    else:
        income = int(line * size * rng.uniform(1.03, 5.0)) + 1
    return max(0, income), size


def generate_profiles(
    count: int,
    *,
    start: date,
    days: int,
    seed: int,
    informal_rate: float,
    odds_ratio: float,
    formal_poverty: float,
    poverty_line: float,
    small_regions: tuple[tuple[str, int], ...] = (),
) -> Iterator[SyntheticProfile]:
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    family = dict(EMPLOYED)["trabajador_familiar"]
    informal_others = (informal_rate - family) / (1 - family)  # family workers always informal
    formal_odds = formal_poverty / (1 - formal_poverty)
    informal_poverty = odds_ratio * formal_odds / (1 + odds_ratio * formal_odds)
    excluded = {name for name, _ in small_regions}
    regions = tuple((name, w) for name, w in REGIONS if name not in excluded)
    forced = [name for name, n in small_regions for _ in range(n)]
    for index in range(count + len(forced)):
        region = forced[index - count] if index >= count else _pick(rng, regions)
        quechua = rng.random() < QUECHUA_SHARE.get(region, 0.02)
        employed = rng.random() < EMPLOYED_SHARE
        status = _pick(rng, EMPLOYED if employed else NOT_EMPLOYED)
        informal = status == "trabajador_familiar" or (employed and rng.random() < informal_others)
        group = "not_employed" if not employed else ("informal" if informal else "formal")
        poor_p = 0.30 if not employed else (informal_poverty if informal else formal_poverty)
        low, high, _ = rng.choices(AGE_BANDS, [w for *_, w in AGE_BANDS])[0]
        income, size = _income(rng, rng.random() < poor_p, poverty_line)
        document: dict[str, Any] = {
            "language": "qu" if quechua else "es",
            "languages": ["qu", "es"] if quechua else ["es"],
            "region": region,
            "age": rng.randint(low, high),
            "gender": rng.choices(("f", "m", "x"), (0.52, 0.47, 0.01))[0],
            "education": rng.choices(EDUCATION, EDUCATION_GIVEN[group])[0],
            "skills": rng.choice(SKILLS_QU if quechua and rng.random() < 0.6 else SKILLS_ES),
            "hours_per_week": rng.choice((10, 20, 30, 40, 48)),
            "schedule": rng.choice(SCHEDULES),
            "remote_ok": rng.random() < 0.5,
            "equipment": rng.choices(("ninguno", "smartphone", "computadora"), (0.1, 0.75, 0.15))[
                0
            ],
            "occupation_status": status,
            "monthly_income": income,
            "household_size": size,
        }
        if employed:
            document |= _employment(rng, informal, status)
        if rng.random() < MISSING_STATUS:
            del document["occupation_status"]
        elif rng.random() < MISSING_ANSWER:
            for key in ("has_ruc", "pension", "health_insurance"):
                document.pop(key, None)
        if rng.random() < MISSING_INCOME:
            del document["monthly_income"]
        moment = datetime.combine(
            start + timedelta(days=rng.randrange(days)), time(rng.randrange(6, 23)), PERU
        )
        yield SyntheticProfile(
            person_id=uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            external_id=f"syn-{seed}-{index:07d}",
            created_at=moment,
            document=document,
            poverty_line=poverty_line,
        )
