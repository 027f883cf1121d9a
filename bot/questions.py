"""The profiling questions: which field, how to read the answer, which buttons.

Sentences live in ``locales/`` under ``ask.<field>`` (the question), ``retry.<field>``
(asked again after an answer we could not read), ``field.<field>`` (its name in the review)
and ``choice.<field>.<value>`` (button labels).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from bot import parsing
from bot.i18n import Translator
from bot.parsing import Parsed
from bot.regions import canonical_region
from bot.text import fold

YES_NO: tuple[str, ...] = ("yes", "no")


def _region(text: str) -> Parsed[Any]:
    region = canonical_region(text)
    return Parsed.good(region) if region else Parsed.bad("unknown_region")


def _choice(options: Mapping[str, Sequence[str]]) -> Callable[[str], Parsed[Any]]:
    def parse(text: str) -> Parsed[Any]:
        return parsing.parse_choice(text, options)

    return parse


def _free_text(text: str) -> Parsed[Any]:
    return parsing.parse_free_text(text)


@dataclass(frozen=True)
class Question:
    """One profile field asked in the chat."""

    field: str
    parse: Callable[[str], Parsed[Any]]
    choices: tuple[str, ...] = ()
    optional: bool = True
    numeric: bool = False
    words: tuple[str, ...] = ()  # how people name the field when they ask to change it

    @property
    def is_yes_no(self) -> bool:
        return self.choices == YES_NO

    def value_of_choice(self, choice: str) -> Any:
        """The stored value for a pressed button."""
        if self.is_yes_no:
            return choice == "yes"
        if self.field == "languages":
            return choice.split(",")
        if self.numeric:
            return int(choice)
        return choice


def choice_key(field: str, choice: str) -> str:
    return f"choice.{field}.{choice.replace(',', '_')}"


QUESTIONS: tuple[Question, ...] = (
    Question(
        "region",
        _region,
        optional=False,
        words=("region", "departamento", "donde vivo", "lugar", "suyu", "llaqta"),
    ),
    Question(
        "district",
        parsing.parse_district,
        words=("distrito", "comunidad", "barrio", "pueblo", "ayllu"),
    ),
    Question("age", parsing.parse_age, numeric=True, words=("edad", "anos", "wata", "watay")),
    Question(
        "gender",
        _choice(parsing.GENDER),
        choices=("f", "m", "x"),
        words=("genero", "sexo"),
    ),
    Question(
        "languages",
        parsing.parse_languages,
        choices=("es", "qu", "qu,es"),
        words=("idiomas", "idioma que hablo", "lenguas", "simikuna", "simi"),
    ),
    Question(
        "education",
        _choice(parsing.EDUCATION),
        choices=("ninguna", "primaria", "secundaria", "tecnica", "universitaria"),
        words=("estudios", "educacion", "colegio", "yachay", "yachasqay"),
    ),
    Question(
        "occupation_status",
        _choice(parsing.OCCUPATION_STATUS),
        choices=(
            "independiente",
            "dependiente",
            "trabajador_familiar",
            "empleador",
            "desempleado",
            "estudiante",
            "hogar",
        ),
        words=("ocupacion", "situacion", "trabajo actual", "en que trabajo", "kunan llamk'ay"),
    ),
    Question(
        "skills",
        _free_text,
        optional=False,
        words=("habilidades", "lo que se hacer", "que se hacer", "saberes", "atiyniy"),
    ),
    Question("experience", _free_text, words=("experiencia", "trabajos anteriores", "ruwasqay")),
    Question("interests", _free_text, words=("intereses", "lo que me interesa", "munasqay")),
    Question(
        "hours_per_week",
        parsing.parse_hours,
        choices=("10", "20", "48"),
        numeric=True,
        words=("horas", "horas por semana", "tiempo", "pacha"),
    ),
    Question(
        "schedule",
        _choice(parsing.SCHEDULE),
        choices=("manana", "tarde", "noche", "fines_de_semana", "completo", "flexible"),
        words=("horario", "turno"),
    ),
    Question(
        "remote_ok",
        parsing.parse_yes_no,
        choices=YES_NO,
        words=("remoto", "a distancia", "virtual", "desde casa", "wasimanta"),
    ),
    Question(
        "equipment",
        _choice(parsing.EQUIPMENT),
        choices=("ninguno", "smartphone", "computadora"),
        words=("equipo", "celular", "computadora", "telefono"),
    ),
    Question("has_ruc", parsing.parse_yes_no, choices=YES_NO, words=("ruc",)),
    Question(
        "health_insurance",
        _choice(parsing.HEALTH_INSURANCE),
        choices=("sis", "essalud", "privado", "ninguno"),
        words=("seguro", "seguro de salud", "salud", "sis", "essalud"),
    ),
    Question(
        "pension",
        parsing.parse_yes_no,
        choices=YES_NO,
        words=("pension", "jubilacion", "afp", "onp"),
    ),
    Question(
        "monthly_income",
        parsing.parse_income,
        numeric=True,
        words=("ingresos", "ingreso", "sueldo", "ganancia", "cuanto gano", "qullqi"),
    ),
    Question(
        "household_size",
        parsing.parse_household_size,
        numeric=True,
        words=("familia", "hogar", "personas en casa", "cuantos somos", "wasiypi"),
    ),
)

BY_FIELD: dict[str, Question] = {question.field: question for question in QUESTIONS}


def field_named(translate: Translator, text: str) -> str | None:
    """Which field a person means by "distrito", "mi edad", "yachasqay"... or None."""
    wanted = fold(text)
    if not wanted:
        return None
    best: tuple[float, str] | None = None
    for question in QUESTIONS:
        names = {fold(word) for word in question.words}
        names |= {fold(label) for label in translate.all_forms(f"field.{question.field}")}
        for name in names:
            if name == wanted or f" {name} " in f" {wanted} ":
                score = 100.0 + len(name)
            else:
                score = fuzz.ratio(name, wanted)
            if score >= 85 and (best is None or score > best[0]):
                best = (score, question.field)
    return best[1] if best else None
