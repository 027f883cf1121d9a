"""Chat answers -> profile values: bot.parsing and bot.regions (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bot import parsing
from bot.parsing import (
    EDUCATION,
    EQUIPMENT,
    GENDER,
    HEALTH_INSURANCE,
    LANGUAGE_NAMES,
    OCCUPATION_STATUS,
    SCHEDULE,
    Parsed,
    is_skip,
    parse_age,
    parse_choice,
    parse_district,
    parse_free_text,
    parse_hours,
    parse_household_size,
    parse_income,
    parse_languages,
    parse_number,
    parse_yes_no,
)
from bot.regions import DEPARTMENTS, canonical_region, same_region
from bot.text import fold


def good(value: object) -> Parsed[object]:
    return Parsed(value, True, None)


def bad(reason: str) -> Parsed[object]:
    return Parsed(None, False, reason)


# --- Parsed ---------------------------------------------------------------------------


def test_parsed_constructors() -> None:
    assert Parsed.good(3) == Parsed(3, True, None)
    assert Parsed.bad("out_of_range") == Parsed(None, False, "out_of_range")
    assert Parsed.good(0).ok
    assert not Parsed.bad("x").ok


# --- Numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30", 30),
        ("tengo 30 años", 30),
        ("30años", 30),
        ("S/ 1,200", 1200),
        ("S/.1200", 1200),
        ("1.200 soles", 1200),
        ("1200.50", 1200),
        ("1,200.50", 1200),
        ("1.200,50", 1200),
        ("2,5", 2),
        ("3.000.000", 3_000_000),
        ("2 mil", 2000),
        ("mil", 1000),
        ("cero", 0),
        ("treinta", 30),
        ("treinta y uno", 31),
        ("Treinta y Uno", 31),
        ("veintiuno", 21),
        ("veintidós", 22),
        ("veintidos", 22),
        ("cuarenta y cinco", 45),
        ("cien", 100),
        ("ciento veinte", 120),
        ("doscientos", 200),
        ("trescientos cuarenta y dos", 342),
        ("mil doscientos", 1200),
        ("dos mil quinientos", 2500),
        ("cien mil", 100_000),
        ("un millón", 1_000_000),
        ("dos millones quinientos mil", 2_500_000),
        ("un", 1),
        ("una", 1),
        ("uno", 1),
        ("tengo un hijo", 1),
        ("somos una familia de 5", 5),
        ("tengo 2 hijos y 3 nietos", 2),
        ("treinta cuarenta", 30),
        # Southern Quechua
        ("huk", 1),
        ("iskay", 2),
        ("kimsa", 3),
        ("tawa", 4),
        ("pichqa", 5),
        ("phisqa", 5),
        ("suqta", 6),
        ("soqta", 6),
        ("qanchis", 7),
        ("pusaq", 8),
        ("isqun", 9),
        ("isqon", 9),
        ("chunka", 10),
        ("pachak", 100),
        ("waranqa", 1000),
        ("iskay chunka", 20),
        ("kimsa chunka", 30),
        ("kimsa chunka hukniyuq", 31),
        ("chunka hukniyuq", 11),
        ("chunka pichqayuq", 15),
        ("iskay chunka iskayniyuq", 22),
        ("tawa chunka kimsayuq", 43),
        ("pichqa chunka tawayuq", 54),
        ("suqta chunka pichqayuq", 65),
        ("qanchis chunka suqtayuq", 76),
        ("pusaq chunka qanchisniyuq", 87),
        ("isqun chunka pusaqniyuq", 98),
        ("chunka isqunniyuq", 19),
        ("kimsa chunka hukniyoq", 31),
        ("iskay pachak", 200),
        ("pachak iskay chunka kimsayuq", 123),
        ("huk waranqa", 1000),
        ("iskay waranqa pichqa pachak", 2500),
    ],
)
def test_parse_number(text: str, expected: int) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "hola", "no sé", "cientos de cosas", "y", "...", "👍"])
def test_parse_number_none(text: str) -> None:
    assert parse_number(text) is None


# --- Age ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30", 30),
        ("30 años", 30),
        ("tengo 30 años y 2 hijos", 30),
        ("treinta", 30),
        ("kimsa chunka", 30),
        ("kimsa chunka watayuq kani", 30),
        ("14", 14),
        ("100", 100),
        ("cien", 100),
        ("pusaq chunka", 80),
    ],
)
def test_parse_age_good(text: str, expected: int) -> None:
    assert parse_age(text) == good(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("13", "out_of_range"),
        ("101", "out_of_range"),
        ("0", "out_of_range"),
        ("nací en 1990", "out_of_range"),
        ("", "not_a_number"),
        ("hola", "not_a_number"),
        ("no sé", "not_a_number"),
    ],
)
def test_parse_age_bad(text: str, reason: str) -> None:
    assert parse_age(text) == bad(reason)


# --- Hours ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20", 20),
        ("20 horas", 20),
        ("1", 1),
        ("98", 98),
        ("veinte horas a la semana", 20),
        ("medio tiempo", 20),
        ("Medio Tiempo", 20),
        ("part time", 20),
        ("chawpi p'unchaw", 20),
        ("chawpi p’unchaw", 20),
        ("tiempo completo", 48),
        ("full time", 48),
        ("todo el día", 48),
        ("todo el dia", 48),
        ("de lunes a sábado", 48),
        ("lliw p'unchaw", 48),
        ("unas horas", 10),
        ("pocas horas", 10),
        ("fines de semana", 16),
        ("solo los fines de semana", 16),
        ("sábados y domingos", 16),
        ("8 horas al día", 48),
        ("8 horas diarias", 48),
        ("6 horas por día", 36),
        ("ocho horas al dia", 48),
        ("una hora al día", 6),
        ("pusaq hora sapa p'unchaw", 48),
        ("8 horas de lunes a viernes", 40),
        ("10 horas todos los días", 70),
        ("16 horas al día", 96),
        ("20 horas al día", 98),  # capped
    ],
)
def test_parse_hours_good(text: str, expected: int) -> None:
    assert parse_hours(text) == good(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("0", "out_of_range"),
        ("0 horas", "out_of_range"),
        ("99", "out_of_range"),
        ("120 horas", "out_of_range"),
        ("30 horas al día", "out_of_range"),
        ("", "not_a_number"),
        ("hola", "not_a_number"),
        ("no sé", "not_a_number"),
    ],
)
def test_parse_hours_bad(text: str, reason: str) -> None:
    assert parse_hours(text) == bad(reason)


# --- Household size -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4", 4),
        ("somos cuatro", 4),
        ("Somos 4", 4),
        ("4 personas", 4),
        ("tawa", 4),
        ("tawa kayku", 4),
        ("somos 5 con mis hijos", 5),
        ("somos una familia de cuatro", 4),
        ("vivo sola", 1),
        ("vivo solo", 1),
        ("solo yo", 1),
        ("sapallay", 1),
        ("Sapallaymi tiyani", 1),
        ("1", 1),
        ("30", 30),
    ],
)
def test_parse_household_size_good(text: str, expected: int) -> None:
    assert parse_household_size(text) == good(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("mi esposo y mis 3 hijos", "ambiguous"),
        ("vivo con mis 2 hijos", "ambiguous"),
        ("vivo sola con mis 2 hijos", "ambiguous"),
        ("0", "out_of_range"),
        ("31", "out_of_range"),
        ("", "not_a_number"),
        ("con mi familia", "not_a_number"),
    ],
)
def test_parse_household_size_bad(text: str, reason: str) -> None:
    assert parse_household_size(text) == bad(reason)


# --- Income ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("900", 900),
        ("S/ 1,130", 1130),
        ("s/. 1130 soles", 1130),
        ("1.500 soles", 1500),
        ("mil doscientos", 1200),
        ("gano como 800 al mes", 800),
        ("0", 0),
        ("cero", 0),
        ("no tengo", 0),
        ("nada", 0),
        ("No gano nada", 0),
        ("ni un sol", 0),
        ("mana imapas", 0),
        ("mana qullqiyuqchu", 0),
        ("50 al día", 1300),
        ("50 diarios", 1300),
        ("S/ 40 por día", 1040),
        ("no tengo sueldo fijo, gano 50 al día", 1300),
        ("pichqa chunka sapa p'unchaw", 1300),
        ("200 a la semana", 866),
        ("200 semanal", 866),
        ("500 quincenal", 1000),
        ("12000 al año", 1000),
        ("100000", 100_000),
    ],
)
def test_parse_income_good(text: str, expected: int) -> None:
    assert parse_income(text) == good(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("100001", "out_of_range"),
        ("200 mil", "out_of_range"),
        ("5000 al día", "out_of_range"),
        ("", "not_a_number"),
        ("depende", "not_a_number"),
    ],
)
def test_parse_income_bad(text: str, reason: str) -> None:
    assert parse_income(text) == bad(reason)


# --- Yes / no -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "sí",
        "si",
        "Sí",
        "SI",
        "siii",
        "sí, claro",
        "claro",
        "ok",
        "okey",
        "dale",
        "de acuerdo",
        "acepto",
        "ya",
        "afirmativo",
        "por supuesto",
        "👍",
        "👍🏽",
        "sí tengo",
        "claro que sí",
        "ari",
        "arí",
        "arii",
        "riki",
        "chayqa allin",
        "Arí, riki",
    ],
)
def test_parse_yes(text: str) -> None:
    assert parse_yes_no(text) == good(True)


@pytest.mark.parametrize(
    "text",
    [
        "no",
        "No",
        "NO",
        "nooo",
        "nop",
        "nunca",
        "tampoco",
        "no acepto",
        "👎",
        "no tengo",
        "todavía no",
        "todavia no",
        "aún no",
        "ya no",
        "claro que no",
        "manan",
        "mana",
        "manam",
        "amataq",
        "mana qullqiyuqchu",
        "no, gracias",
    ],
)
def test_parse_no(text: str) -> None:
    assert parse_yes_no(text) == good(False)


@pytest.mark.parametrize("text", ["", "hola", "no sé", "tal vez", "quizás", "mana yachanichu"])
def test_parse_yes_no_unclear(text: str) -> None:
    assert parse_yes_no(text) == bad("unknown_choice")


# --- Skip -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "saltar",
        "Saltar",
        "omitir",
        "paso",
        "siguiente",
        "prefiero no decir",
        "Prefiero no decirlo",
        "no sé",
        "no se",
        "nose",
        "no quiero decir",
        "después",
        "despues",
        "mana kunanchu",
        "qhipaman",
        "pasay",
        "⏭",
        "⏭️",
        "saltar por favor",
        "mejor después, gracias",
    ],
)
def test_is_skip(text: str) -> None:
    assert is_skip(text)


@pytest.mark.parametrize(
    "text", ["", "no", "sí", "no sé leer", "30", "paso mucho tiempo en la chacra", "cusco"]
)
def test_is_not_skip(text: str) -> None:
    assert not is_skip(text)


# --- Choices --------------------------------------------------------------------------

CHOICES: list[tuple[Mapping[str, tuple[str, ...]], str, str]] = [
    (EDUCATION, "no estudié", "ninguna"),
    (EDUCATION, "no estudie", "ninguna"),
    (EDUCATION, "sin estudios", "ninguna"),
    (EDUCATION, "nada", "ninguna"),
    (EDUCATION, "mana", "ninguna"),
    (EDUCATION, "mana yacharqanichu", "ninguna"),
    (EDUCATION, "no fui a la escuela", "ninguna"),
    (EDUCATION, "primaria", "primaria"),
    (EDUCATION, "Primaria completa", "primaria"),
    (EDUCATION, "primaria incompleta", "primaria"),
    (EDUCATION, "hasta 6to grado", "primaria"),
    (EDUCATION, "escuela", "primaria"),
    (EDUCATION, "primaira", "primaria"),
    (EDUCATION, "secundaria", "secundaria"),
    (EDUCATION, "colegio", "secundaria"),
    (EDUCATION, "5to de secundaria", "secundaria"),
    (EDUCATION, "quinto año", "secundaria"),
    (EDUCATION, "quinto ano", "secundaria"),
    (EDUCATION, "terminé la secundaria", "secundaria"),
    (EDUCATION, "segundaria", "secundaria"),
    (EDUCATION, "técnica", "tecnica"),
    (EDUCATION, "tecnico", "tecnica"),
    (EDUCATION, "tecnico superior", "tecnica"),
    (EDUCATION, "instituto", "tecnica"),
    (EDUCATION, "estudié en el cetpro", "tecnica"),
    (EDUCATION, "SENATI", "tecnica"),
    (EDUCATION, "universidad", "universitaria"),
    (EDUCATION, "universitaria", "universitaria"),
    (EDUCATION, "bachiller", "universitaria"),
    (EDUCATION, "licenciado", "universitaria"),
    (EDUCATION, "hatun yachay wasi", "universitaria"),
    (EDUCATION, "univercidad", "universitaria"),
    (GENDER, "mujer", "f"),
    (GENDER, "Soy mujer", "f"),
    (GENDER, "femenino", "f"),
    (GENDER, "warmi", "f"),
    (GENDER, "señora", "f"),
    (GENDER, "senora", "f"),
    (GENDER, "dama", "f"),
    (GENDER, "f", "f"),
    (GENDER, "hombre", "m"),
    (GENDER, "varón", "m"),
    (GENDER, "varon", "m"),
    (GENDER, "masculino", "m"),
    (GENDER, "qhari", "m"),
    (GENDER, "caballero", "m"),
    (GENDER, "señor", "m"),
    (GENDER, "M", "m"),
    (GENDER, "otro", "x"),
    (GENDER, "no binario", "x"),
    (SCHEDULE, "mañana", "manana"),
    (SCHEDULE, "manana", "manana"),
    (SCHEDULE, "en las mañanas", "manana"),
    (SCHEDULE, "tutamanta", "manana"),
    (SCHEDULE, "tarde", "tarde"),
    (SCHEDULE, "en las tardes", "tarde"),
    (SCHEDULE, "sukha", "tarde"),
    (SCHEDULE, "ch'isi", "tarde"),
    (SCHEDULE, "noche", "noche"),
    (SCHEDULE, "en las noches", "noche"),
    (SCHEDULE, "tuta", "noche"),
    (SCHEDULE, "fines de semana", "fines_de_semana"),
    (SCHEDULE, "sábado y domingo", "fines_de_semana"),
    (SCHEDULE, "sabados", "fines_de_semana"),
    (SCHEDULE, "domingos", "fines_de_semana"),
    (SCHEDULE, "fines_de_semana", "fines_de_semana"),  # a button payload
    (SCHEDULE, "tiempo completo", "completo"),
    (SCHEDULE, "tiempo conpleto", "completo"),
    (SCHEDULE, "todo el día", "completo"),
    (SCHEDULE, "mañana y tarde", "completo"),
    (SCHEDULE, "lliw p'unchaw", "completo"),
    (SCHEDULE, "tukuy p'unchaw", "completo"),
    (SCHEDULE, "flexible", "flexible"),
    (SCHEDULE, "a cualquier hora", "flexible"),
    (SCHEDULE, "cuando sea", "flexible"),
    (SCHEDULE, "me adapto", "flexible"),
    (SCHEDULE, "ima horapas", "flexible"),
    (EQUIPMENT, "nada", "ninguno"),
    (EQUIPMENT, "ninguno", "ninguno"),
    (EQUIPMENT, "celular simple", "ninguno"),
    (EQUIPMENT, "celular básico", "ninguno"),
    (EQUIPMENT, "sin internet", "ninguno"),
    (EQUIPMENT, "celular sin internet", "ninguno"),
    (EQUIPMENT, "mana", "ninguno"),
    (EQUIPMENT, "celular", "smartphone"),
    (EQUIPMENT, "smartphone", "smartphone"),
    (EQUIPMENT, "teléfono", "smartphone"),
    (EQUIPMENT, "celular con internet", "smartphone"),
    (EQUIPMENT, "android", "smartphone"),
    (EQUIPMENT, "solo celular", "smartphone"),
    (EQUIPMENT, "computadora", "computadora"),
    (EQUIPMENT, "laptop", "computadora"),
    (EQUIPMENT, "pc", "computadora"),
    (EQUIPMENT, "compu", "computadora"),
    (EQUIPMENT, "computadora y celular", "computadora"),
    (EQUIPMENT, "computdora", "computadora"),
    (OCCUPATION_STATUS, "trabajo para una empresa", "dependiente"),
    (OCCUPATION_STATUS, "empleado", "dependiente"),
    (OCCUPATION_STATUS, "obrero", "dependiente"),
    (OCCUPATION_STATUS, "asalariado", "dependiente"),
    (OCCUPATION_STATUS, "con contrato", "dependiente"),
    (OCCUPATION_STATUS, "estoy en planilla", "dependiente"),
    (OCCUPATION_STATUS, "independiente", "independiente"),
    (OCCUPATION_STATUS, "por mi cuenta", "independiente"),
    (OCCUPATION_STATUS, "negocio propio", "independiente"),
    (OCCUPATION_STATUS, "soy ambulante", "independiente"),
    (OCCUPATION_STATUS, "vendo comida en la calle", "independiente"),
    (OCCUPATION_STATUS, "emprendedor", "independiente"),
    (OCCUPATION_STATUS, "mototaxi", "independiente"),
    (OCCUPATION_STATUS, "comerciante", "independiente"),
    (OCCUPATION_STATUS, "kikillaymanta llamk'ani", "independiente"),
    (OCCUPATION_STATUS, "negocio familiar", "trabajador_familiar"),
    (OCCUPATION_STATUS, "ayudo a mi familia", "trabajador_familiar"),
    (OCCUPATION_STATUS, "chacra de mi familia", "trabajador_familiar"),
    (OCCUPATION_STATUS, "familiar", "trabajador_familiar"),
    (OCCUPATION_STATUS, "tengo trabajadores", "empleador"),
    (OCCUPATION_STATUS, "empleador", "empleador"),
    (OCCUPATION_STATUS, "dueño", "empleador"),
    (OCCUPATION_STATUS, "sin trabajo", "desempleado"),
    (OCCUPATION_STATUS, "desempleado", "desempleado"),
    (OCCUPATION_STATUS, "no trabajo", "desempleado"),
    (OCCUPATION_STATUS, "busco trabajo", "desempleado"),
    (OCCUPATION_STATUS, "mana llamk'ayniyuq", "desempleado"),
    (OCCUPATION_STATUS, "estudiante", "estudiante"),
    (OCCUPATION_STATUS, "estudio", "estudiante"),
    (OCCUPATION_STATUS, "ama de casa", "hogar"),
    (OCCUPATION_STATUS, "hogar", "hogar"),
    (OCCUPATION_STATUS, "cuido a mis hijos", "hogar"),
    (OCCUPATION_STATUS, "wasipi", "hogar"),
    (HEALTH_INSURANCE, "essalud", "essalud"),
    (HEALTH_INSURANCE, "EsSalud", "essalud"),
    (HEALTH_INSURANCE, "seguro social", "essalud"),
    (HEALTH_INSURANCE, "sis", "sis"),
    (HEALTH_INSURANCE, "tengo SIS", "sis"),
    (HEALTH_INSURANCE, "seguro integral", "sis"),
    (HEALTH_INSURANCE, "privado", "privado"),
    (HEALTH_INSURANCE, "eps", "privado"),
    (HEALTH_INSURANCE, "seguro particular", "privado"),
    (HEALTH_INSURANCE, "rimac", "privado"),
    (HEALTH_INSURANCE, "Pacífico", "privado"),
    (HEALTH_INSURANCE, "ninguno", "ninguno"),
    (HEALTH_INSURANCE, "no tengo", "ninguno"),
    (HEALTH_INSURANCE, "no tengo sis", "ninguno"),
    (HEALTH_INSURANCE, "sin seguro", "ninguno"),
    (HEALTH_INSURANCE, "mana", "ninguno"),
]


@pytest.mark.parametrize(("options", "text", "expected"), CHOICES)
def test_parse_choice_tables(
    options: Mapping[str, tuple[str, ...]], text: str, expected: str
) -> None:
    assert parse_choice(text, options) == good(expected)


@pytest.mark.parametrize(
    ("options", "text", "reason"),
    [
        (GENDER, "mujer y hombre", "ambiguous"),
        (SCHEDULE, "mañana o tarde", "ambiguous"),
        (EDUCATION, "secundaria y luego instituto", "ambiguous"),
        (OCCUPATION_STATUS, "no trabajo, estudio", "ambiguous"),
        (GENDER, "hola", "unknown_choice"),
        (EDUCATION, "", "unknown_choice"),
        (SCHEDULE, "manan", "unknown_choice"),  # Quechua "no", not a typo of "mañana"
    ],
)
def test_parse_choice_not_ok(
    options: Mapping[str, tuple[str, ...]], text: str, reason: str
) -> None:
    assert parse_choice(text, options) == bad(reason)


TRADES = {"carpintero": ("carpintero", "madera"), "carpintera": ("carpintera",)}


def test_parse_choice_generic_stages() -> None:
    options = {"gasfitero": ("gasfitero", "plomero"), "albanil": ("albañil", "maestro de obra")}
    assert parse_choice("Plomero", options) == good("gasfitero")
    assert parse_choice("soy maestro de obra", options) == good("albanil")
    assert parse_choice("albanil", options) == good("albanil")  # the key itself, no ñ
    assert parse_choice("gasfitro", options) == good("gasfitero")  # typo
    assert parse_choice("electricista", options) == bad("unknown_choice")


def test_parse_choice_whole_answer_beats_parts() -> None:
    options = {"a": ("pan con queso",), "b": ("queso",)}
    assert parse_choice("pan con queso", options) == good("a")
    assert parse_choice("quiero pan con queso", options) == good("a")


def test_parse_choice_same_synonym_twice_is_ambiguous() -> None:
    assert parse_choice("uno", {"a": ("uno",), "b": ("uno",)}) == bad("ambiguous")


def test_parse_choice_fuzzy_tie_is_ambiguous() -> None:
    assert parse_choice("carpinteru", TRADES) == bad("ambiguous")
    assert parse_choice("carpintiro", TRADES) == good("carpintero")


def test_parse_choice_ignores_negated_options() -> None:
    options = {"moto": ("moto",), "bici": ("bicicleta",)}
    assert parse_choice("no tengo moto, tengo bicicleta", options) == good("bici")
    assert parse_choice("sin moto", options) == bad("unknown_choice")


OPTION_TABLES = {
    "EDUCATION": (EDUCATION, ("ninguna", "primaria", "secundaria", "tecnica", "universitaria")),
    "GENDER": (GENDER, ("f", "m", "x")),
    "SCHEDULE": (
        SCHEDULE,
        ("manana", "tarde", "noche", "fines_de_semana", "completo", "flexible"),
    ),
    "EQUIPMENT": (EQUIPMENT, ("ninguno", "smartphone", "computadora")),
    "OCCUPATION_STATUS": (
        OCCUPATION_STATUS,
        (
            "dependiente",
            "independiente",
            "trabajador_familiar",
            "empleador",
            "desempleado",
            "estudiante",
            "hogar",
        ),
    ),
    "HEALTH_INSURANCE": (HEALTH_INSURANCE, ("essalud", "sis", "privado", "ninguno")),
    "LANGUAGE_NAMES": (
        LANGUAGE_NAMES,
        ("es", "qu", "ay", "en", "pt", "fr", "it", "de", "zh", "ja"),
    ),
}


@pytest.mark.parametrize("name", sorted(OPTION_TABLES))
def test_option_tables_are_consistent(name: str) -> None:
    options, values = OPTION_TABLES[name]
    assert tuple(options) == values
    owners: dict[str, str] = {}
    for value, synonyms in options.items():
        assert synonyms, value
        for synonym in synonyms:
            key = fold(synonym).replace("ñ", "n")
            assert owners.setdefault(key, value) == value, f"{synonym!r} in two options"
            assert parse_choice(synonym, options) == good(value), synonym


# --- Languages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("castellano y quechua", ["es", "qu"]),
        ("runasimi, castellano", ["qu", "es"]),
        ("solo quechua", ["qu"]),
        ("quechua, español e inglés", ["qu", "es", "en"]),
        ("Quechua y Castellano", ["qu", "es"]),
        ("español", ["es"]),
        ("espanol", ["es"]),
        ("kastilla simi, runa simi", ["es", "qu"]),
        ("qhichwa", ["qu"]),
        ("aimara y castellano", ["ay", "es"]),
        ("aymara", ["ay"]),
        ("portugués", ["pt"]),
        ("inglés inglés", ["en"]),
        ("castelano y quechua", ["es", "qu"]),
        ("runasimita rimani", ["qu"]),
        ("no hablo quechua, solo castellano", ["es"]),
        ("qu,es", ["qu", "es"]),  # a button payload
    ],
)
def test_parse_languages(text: str, expected: list[str]) -> None:
    assert parse_languages(text) == good(expected)


@pytest.mark.parametrize("text", ["", "hola", "no sé", "123"])
def test_parse_languages_nothing(text: str) -> None:
    assert parse_languages(text) == bad("unknown_choice")


# --- Free text ------------------------------------------------------------------------


def test_parse_free_text_tidies() -> None:
    assert parse_free_text("  cocino   y\n limpio  ") == good("cocino y limpio")
    assert parse_free_text("ok") == good("ok")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "too_short"),
        ("   ", "too_short"),
        ("a", "too_short"),
        ("123", "not_text"),
        ("...!!", "not_text"),
        ("12 34", "not_text"),
    ],
)
def test_parse_free_text_rejects(text: str, reason: str) -> None:
    assert parse_free_text(text) == bad(reason)


def test_parse_free_text_limits() -> None:
    assert parse_free_text("ab", min_chars=3) == bad("too_short")
    assert parse_free_text("hola mundo", max_chars=7) == good("hola")
    assert parse_free_text("hola mundo", max_chars=10) == good("hola mundo")
    long = parse_free_text("palabra " * 100)
    assert long.ok
    assert long.value is not None
    assert len(long.value) <= 500
    assert long.value.endswith("palabra")
    assert parse_free_text("x" * 600).value == "x" * 500


# --- District -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("san jeronimo", "San Jeronimo"),
        ("san jerónimo", "San Jerónimo"),
        ("SAN JERONIMO", "San Jeronimo"),
        ("vivo en san jerónimo", "San Jerónimo"),
        ("Vivo en el distrito de Wanchaq", "Wanchaq"),
        ("en el distrito de San Juan de Lurigancho", "San Juan de Lurigancho"),
        ("distrito de santiago", "Santiago"),
        ("soy de villa el salvador", "Villa El Salvador"),
        ("villa maría del triunfo", "Villa María del Triunfo"),
        ("santa rosa de los andes.", "Santa Rosa de los Andes"),
        ("vivo en La Victoria", "La Victoria"),
        ("cerro de pasco", "Cerro de Pasco"),
        ("Wanchaq, Cusco", "Wanchaq"),
        ("Wanchaq llaqtapi", "Wanchaq"),
        ("Cusco llaqtapi tiyani", "Cusco"),
        ("Wanchaqpi tiyani", "Wanchaq"),
        ("Limapi", "Lima"),
        ("Chumpi", "Chumpi"),  # a real district ending in -pi
        ("q'ero", "Q'ero"),
        ("sjl", "SJL"),
    ],
)
def test_parse_district_good(text: str, expected: str) -> None:
    assert parse_district(text) == good(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "too_short"), ("a", "too_short"), ("vivo en", "too_short"), ("123", "not_text")],
)
def test_parse_district_bad(text: str, reason: str) -> None:
    assert parse_district(text) == bad(reason)


# --- Regions --------------------------------------------------------------------------


def test_departments() -> None:
    assert len(DEPARTMENTS) == 25
    assert len(set(DEPARTMENTS)) == 25
    assert {"Áncash", "Apurímac", "Huánuco", "Junín", "San Martín", "Madre de Dios"} <= set(
        DEPARTMENTS
    )
    for department in DEPARTMENTS:
        assert canonical_region(department) == department
        assert canonical_region(fold(department).upper()) == department


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cusco", "Cusco"),
        ("Cuzco", "Cusco"),
        ("Qosqo", "Cusco"),
        ("qusqu", "Cusco"),
        ("cuzko", "Cusco"),
        ("Ancash", "Áncash"),
        ("huanuco", "Huánuco"),
        ("junin", "Junín"),
        ("Arequpa", "Arequipa"),
        ("ayacuho", "Ayacucho"),
        ("huancavelika", "Huancavelica"),
        ("madre dios", "Madre de Dios"),
        ("san martin", "San Martín"),
        ("la livertad", "La Libertad"),
        ("tumbez", "Tumbes"),
        ("Lima Metropolitana", "Lima"),
        ("lima provincias", "Lima"),
        ("Provincia Constitucional del Callao", "Callao"),
        ("Chiclayo", "Lambayeque"),
        ("Trujillo", "La Libertad"),
        ("Huancayo", "Junín"),
        ("huancallo", "Junín"),
        ("Iquitos", "Loreto"),
        ("Pucallpa", "Ucayali"),
        ("Juliaca", "Puno"),
        ("Chimbote", "Áncash"),
        ("Huaraz", "Áncash"),
        ("Abancay", "Apurímac"),
        ("Andahuaylas", "Apurímac"),
        ("Huamanga", "Ayacucho"),
        ("Tarapoto", "San Martín"),
        ("Moyobamba", "San Martín"),
        ("Puerto Maldonado", "Madre de Dios"),
        ("Chachapoyas", "Amazonas"),
        ("Cerro de Pasco", "Pasco"),
        ("Ilo", "Moquegua"),
        ("Chincha", "Ica"),
        ("Pisco", "Ica"),
        ("Nazca", "Ica"),
        ("Sullana", "Piura"),
        ("Talara", "Piura"),
        ("Jaén", "Cajamarca"),
        ("Tingo María", "Huánuco"),
        ("Quillabamba", "Cusco"),
        ("Sicuani", "Cusco"),
        ("Tarma", "Junín"),
        ("La Merced", "Junín"),
        ("Satipo", "Junín"),
        ("Bagua", "Amazonas"),
        ("Yurimaguas", "Loreto"),
        ("vivo en Cusco", "Cusco"),
        ("soy de arequipa", "Arequipa"),
        ("soy arequipeña", "Arequipa"),
        ("Cusco llaqtapi tiyani", "Cusco"),
        ("Qusqupi tiyani", "Cusco"),
        ("Limamanta kani", "Lima"),
        ("vivo en san martin de porres", "Lima"),
        ("vivo en la libertad", "La Libertad"),
    ],
)
def test_canonical_region(text: str, expected: str) -> None:
    assert canonical_region(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "hola", "no sé", "casa", "trabajo", "busco trabajo", "mañana", "sí", "pura", "tarde"],
)
def test_canonical_region_unknown(text: str) -> None:
    assert canonical_region(text) is None


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Cuzco", "Cusco", True),
        ("CUSCO", "cusco", True),
        ("Qosqo", "Cusco", True),
        ("Junin", "Junín", True),
        ("Huancayo", "Junín", True),
        ("Cusco", "Lima", False),
        ("Callao", "Lima", False),
        ("Pueblo Nuevo", "pueblo nuevo", True),  # unknown to us: folded equality
        ("Pueblo Nuevo", "Lima", False),
        ("", "", False),
    ],
)
def test_same_region(a: str, b: str, expected: bool) -> None:
    assert same_region(a, b) is expected
    assert same_region(b, a) is expected


def test_module_constants() -> None:
    assert parsing.MIN_AGE == 14
    assert parsing.MAX_HOURS == 98
    assert parsing.WORK_DAYS_PER_MONTH == 26
