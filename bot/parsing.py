"""Turn what a person typed in the chat (Spanish or Quechua, typos, no accents) into
validated profile values.

Every ``parse_*`` function is pure and returns a :class:`Parsed`: either ``ok`` with a
value, or not ok with a short machine ``reason``:

- ``not_a_number``: no number found where one was needed;
- ``out_of_range``: a number was found but is not plausible for the question;
- ``unknown_choice``: nothing matched the expected options;
- ``ambiguous``: the answer names several options (or household members without a total);
- ``too_short`` / ``not_text``: free text that is empty, too short or only digits/symbols.

Conventions used when turning answers into numbers (Peru):

- a work week is Monday to Saturday: "8 horas al día" is 8 x 6 = 48 hours a week
  ("lunes a viernes" gives x 5, "todos los días" x 7); full time is the legal 48 h,
  part time 20 h, "unas/pocas horas" 10 h, weekends only 16 h (2 days x 8 h);
- a month has 26 working days ("50 al día" is 1300 soles a month) and 4.33 weeks;
- a household size is the total number of people; a list of relatives with a number
  but no total ("mis 3 hijos") is ``ambiguous`` so the bot can ask for the total.

Word lists are written as ``"one | two words | three"`` strings to keep them compact.
Numbers are read by :mod:`bot.numbers` and the option tables live in :mod:`bot.choices`;
both are re-exported here, so ``bot.parsing`` stays the one place to import from.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from bot.choices import (
    EDUCATION,
    EQUIPMENT,
    GENDER,
    HEALTH_INSURANCE,
    LANGUAGE_NAMES,
    OCCUPATION_STATUS,
    SCHEDULE,
    _alts,
)
from bot.numbers import _find_number, parse_number
from bot.text import fold, tidy

__all__ = [
    "EDUCATION",
    "EQUIPMENT",
    "FEW_HOURS",
    "FULL_TIME_HOURS",
    "FUZZY_THRESHOLD",
    "GENDER",
    "HEALTH_INSURANCE",
    "LANGUAGE_NAMES",
    "MAX_AGE",
    "MAX_HOURS",
    "MAX_HOUSEHOLD",
    "MAX_INCOME",
    "MIN_AGE",
    "OCCUPATION_STATUS",
    "PART_TIME_HOURS",
    "SCHEDULE",
    "WEEKEND_HOURS",
    "WEEKS_PER_MONTH",
    "WORK_DAYS_PER_MONTH",
    "WORK_DAYS_PER_WEEK",
    "Parsed",
    "is_skip",
    "parse_age",
    "parse_choice",
    "parse_district",
    "parse_free_text",
    "parse_hours",
    "parse_household_size",
    "parse_income",
    "parse_languages",
    "parse_number",
    "parse_yes_no",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Parsed(Generic[T]):
    """The outcome of parsing one answer: a value, or the reason there is none."""

    value: T | None
    ok: bool
    reason: str | None = None  # set when not ok, see the module docstring

    @classmethod
    def good(cls, value: T) -> Parsed[T]:
        """A valid answer."""
        return cls(value, True)

    @classmethod
    def bad(cls, reason: str) -> Parsed[T]:
        """An answer that could not be used, and why."""
        return cls(None, False, reason)


def _key(text: str) -> str:
    """Folded text that also ignores ñ/n (phones without ñ): the form we compare."""
    return fold(text).replace("ñ", "n")


def _has_any(key: str, phrases: Sequence[str]) -> bool:
    """Whether any phrase (unaccented, lower case) occurs in ``key`` as whole words."""
    padded = f" {key} "
    return any(f" {phrase} " in padded for phrase in phrases)


def _in_range(number: int | None, low: int, high: int) -> Parsed[int]:
    if number is None:
        return Parsed.bad("not_a_number")
    if not low <= number <= high:
        return Parsed.bad("out_of_range")
    return Parsed.good(number)


# --- Age, hours, household, income ---------------------------------------------------

MIN_AGE, MAX_AGE = 14, 100  # Peru allows work from 14 (with permission)
MAX_HOURS = 98
MAX_HOUSEHOLD = 30
MAX_INCOME = 100_000
WORK_DAYS_PER_WEEK = 6
WORK_DAYS_PER_MONTH = 26
WEEKS_PER_MONTH = 4.33
FULL_TIME_HOURS, PART_TIME_HOURS, WEEKEND_HOURS, FEW_HOURS = 48, 20, 16, 10

_DAILY = _alts(
    "al dia | por dia | x dia | cada dia | a diario | diario | diarios | diaria | diarias"
    " | sapa p'unchaw | sapa punchaw | p'unchawpi | punchawpi"
)
_WORK_DAYS = _alts("lunes a viernes | lunes a sabado | todos los dias | lunes a domingo")
_HOURS_PHRASES: tuple[tuple[int, tuple[str, ...]], ...] = (
    (
        FULL_TIME_HOURS,
        _alts(
            "tiempo completo | full time | fulltime | todo el dia | lunes a sabado"
            " | jornada completa | lliw p'unchaw | tukuy p'unchaw | lliw punchaw"
            " | tukuy punchaw"
        ),
    ),
    (
        PART_TIME_HOURS,
        _alts(
            "medio tiempo | part time | partime | media jornada | chawpi p'unchaw | chawpi punchaw"
        ),
    ),
    (
        WEEKEND_HOURS,
        _alts("fines de semana | fin de semana | sabado y domingo | sabados y domingos"),
    ),
    (FEW_HOURS, _alts("unas horas | pocas horas | algunas horas | un rato | ratos")),
)


def parse_age(text: str) -> Parsed[int]:
    """Age in years, 14..100: "30", "tengo 30 años", "treinta", "kimsa chunka"."""
    return _in_range(parse_number(text), MIN_AGE, MAX_AGE)


def _days_per_week(key: str) -> int:
    if _has_any(key, ("todos los dias", "lunes a domingo")):
        return 7
    if _has_any(key, ("lunes a viernes",)):
        return 5
    return WORK_DAYS_PER_WEEK


def parse_hours(text: str) -> Parsed[int]:
    """Hours available a week, 1..98.

    A number is weekly unless the message says per day ("8 horas diarias" = 48, capped
    at 98); without a number, common phrases: full time 48, part time 20, weekends 16,
    "unas/pocas horas" 10.
    """
    key = _key(text)
    number = parse_number(text)
    if number is None:
        for hours, phrases in _HOURS_PHRASES:
            if _has_any(key, phrases):
                return Parsed.good(hours)
        return Parsed.bad("not_a_number")
    if _has_any(key, _DAILY + _WORK_DAYS):
        if not 1 <= number <= 24:
            return Parsed.bad("out_of_range")
        return Parsed.good(min(number * _days_per_week(key), MAX_HOURS))
    return _in_range(number, 1, MAX_HOURS)


_ALONE = _alts(
    "vivo solo | vivo sola | solo yo | sola yo | yo solo | yo sola | solamente yo | solito"
    " | solita | estoy solo | estoy sola | nadie mas | una persona | yo nomas | sapallay"
    " | sapallaymi | sapallan | sapay"
)
_RELATIVES = _alts(
    "hijo | hija | hijos | hijas | esposo | esposa | pareja | marido | conviviente | mama"
    " | papa | madre | padre | padres | hermano | hermana | hermanos | hermanas | abuelo"
    " | abuela | abuelos | nieto | nieta | nietos | nietas | sobrino | sobrina | sobrinos"
    " | suegra | suegro | wawa | wawakuna | wawaykuna | qusay"
)
_TOTALS = _alts(
    "somos | en total | total | contando | contandome | conmigo | incluyendome | todos"
    " | personas | kayku | kanchik"
)


def parse_household_size(text: str) -> Parsed[int]:
    """People living in the home, counting the person, 1..30.

    A number is the total ("4", "somos cuatro", "tawa"); "vivo sola", "solo yo",
    "sapallay" give 1. Relatives listed with a number but no word saying it is the total
    ("mi esposo y mis 3 hijos") give ``ambiguous``: the bot should ask for the total.
    """
    key = _key(text)
    found = _find_number(text)
    if found and not found[1]:
        if _has_any(key, _RELATIVES) and not _has_any(key, _TOTALS):
            return Parsed.bad("ambiguous")
        return _in_range(found[0], 1, MAX_HOUSEHOLD)
    if _has_any(key, _ALONE):
        return Parsed.good(1)
    return Parsed.bad("not_a_number")


_NO_INCOME = _alts(
    "no tengo | nada | ni un sol | ningun ingreso | sin ingresos | no gano | no recibo"
    " | no cobro | mana | manam | manan | mana imapas | mana qullqiyuqchu | mana qullqiyuq"
    " | mana qolqeyoqchu | mana kanchu"
)
_INCOME_PERIODS: tuple[tuple[float, tuple[str, ...]], ...] = (
    (WORK_DAYS_PER_MONTH, _DAILY),
    (
        WEEKS_PER_MONTH,
        _alts(
            "a la semana | por semana | x semana | cada semana | semanal | semanales"
            " | sapa simana | simanapi | semanapi"
        ),
    ),
    (2, _alts("quincena | quincenal | quincenales | a la quincena | por quincena")),
    (1 / 12, _alts("al ano | por ano | anual | anuales | cada ano")),
)


def parse_income(text: str) -> Parsed[int]:
    """Income in soles a month, 0..100000 (rounded).

    "S/ 1,130", "1.500 soles", "mil doscientos"; "50 al día" = 50 x 26 working days;
    "200 a la semana" = 200 x 4.33; "quincenal" x 2; "al año" / 12;
    "no tengo", "nada", "ni un sol", "mana imapas" = 0.
    """
    key = _key(text)
    found = _find_number(text)
    if _has_any(key, _NO_INCOME) and (found is None or found[1]):
        return Parsed.good(0)
    if found is None:
        return Parsed.bad("not_a_number")
    factor = next((f for f, phrases in _INCOME_PERIODS if _has_any(key, phrases)), 1.0)
    return _in_range(round(found[0] * factor), 0, MAX_INCOME)


# --- Yes / no and skip -----------------------------------------------------------------

_YES = _alts(
    "si | sip | claro | claro que si | ok | okey | okay | oki | dale | vale | de acuerdo"
    " | acepto | ya | afirmativo | por supuesto | correcto | exacto | listo | yes | cierto"
    " | ari | riki | ari riki | allin | allinmi | chayqa allin"
)
_NO = _alts(
    "no | nop | nope | nunca | tampoco | jamas | negativo | para nada | no acepto"
    " | todavia no | aun no | ya no | claro que no | por supuesto que no | mana | manan"
    " | manam | amataq | ama"
)
_UNSURE = _alts(
    "no se | nose | no estoy seguro | no estoy segura | tal vez | talvez | quizas | quiza"
    " | a veces | mas o menos | mana yachanichu | ichapas"
)
_YES_EMOJI = ("👍", "✅", "✔", "👌", "🙆")
_NO_EMOJI = ("👎", "❌", "✖", "🙅", "🚫")
_REPEATS = re.compile(r"(.)\1+")


def _squeeze(key: str) -> str:
    """ "siii" -> "si", "noo" -> "no", "arii" -> "ari" (and "allin" -> "alin", harmlessly)."""
    return _REPEATS.sub(r"\1", key)


def _build_answers() -> dict[tuple[str, ...], bool | None]:
    table: dict[tuple[str, ...], bool | None] = {}
    for answer, phrases in ((True, _YES), (False, _NO), (None, _UNSURE)):
        table |= {tuple(_squeeze(phrase).split()): answer for phrase in phrases}
    return table


_ANSWERS = _build_answers()
_LONGEST_ANSWER = max(len(words) for words in _ANSWERS)


def parse_yes_no(text: str) -> Parsed[bool]:
    """Yes or no in Spanish or Quechua ("sí tengo", "ya no", "arí", "manan", 👍).

    The first yes/no word or phrase wins; "no sé"/"tal vez" give ``unknown_choice``.
    """
    words = _squeeze(_key(text)).split()
    for start in range(len(words)):
        for size in range(min(_LONGEST_ANSWER, len(words) - start), 0, -1):
            phrase = tuple(words[start : start + size])
            if phrase in _ANSWERS:
                answer = _ANSWERS[phrase]
                return Parsed.bad("unknown_choice") if answer is None else Parsed.good(answer)
    if any(emoji in text for emoji in _YES_EMOJI):
        return Parsed.good(True)
    if any(emoji in text for emoji in _NO_EMOJI):
        return Parsed.good(False)
    return Parsed.bad("unknown_choice")


_SKIP = frozenset(
    _alts(
        "saltar | salta | saltear | omitir | paso | pasar | siguiente | sigue | skip | next"
        " | prefiero no decir | prefiero no decirlo | prefiero no responder"
        " | prefiero no contestar | no quiero decir | no quiero decirlo | no quiero responder"
        " | no quiero contestar | no se | nose | no lo se | ni idea | despues | luego"
        " | en otro momento | mana kunanchu | qhipaman | pasay | mana yachanichu"
    )
)
_SKIP_FILLERS = frozenset(
    "por favor porfa porfavor gracias mejor ya este bueno mm mmm ahora todavia".split()
)


def is_skip(text: str) -> bool:
    """Whether the person wants to skip the question ("saltar", "no sé", "qhipaman", ⏭).

    The whole answer must be a skip phrase, give or take polite fillers ("mejor
    después, gracias"), so "no sé leer" is an answer, not a skip.
    """
    if "⏭" in text:
        return True
    words = _key(text).split()
    while words and words[0] in _SKIP_FILLERS:
        words.pop(0)
    while words and words[-1] in _SKIP_FILLERS:
        words.pop()
    return " ".join(words) in _SKIP


# --- Choices ---------------------------------------------------------------------------

FUZZY_THRESHOLD = 85.0
_FUZZY_MIN_CHARS = 5
_NEGATIONS = frozenset("no sin ni nunca tampoco mana manan manam".split())
_NEGATED_VERBS = frozenset("tengo hablo uso cuento se soy tenemos hablamos estudie termine".split())
_NEVER_FUZZY = frozenset((*_YES, *_NO, *_UNSURE, *_NEGATIONS))  # "manan" is not "mañana"

_Synonyms = list[tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class _Hit:
    """An option found in words[start:end] of an answer."""

    value: str
    start: int
    end: int
    score: float = 100.0

    def inside(self, other: _Hit) -> bool:
        """Strictly within ``other``: "celular" inside "computadora y celular"."""
        longer = other.end - other.start > self.end - self.start
        return longer and other.start <= self.start and self.end <= other.end

    def overlaps(self, other: _Hit) -> bool:
        return self.start < other.end and other.start < self.end


def _synonyms(options: Mapping[str, Sequence[str]]) -> _Synonyms:
    """(value, words of one synonym) pairs; the value itself counts as a synonym."""
    pairs = {
        (value, tuple(_key(synonym).split()))
        for value, synonyms in options.items()
        for synonym in (value, *synonyms)
    }
    return sorted(pair for pair in pairs if pair[1])


def _negated(words: list[str], start: int) -> bool:
    """ "no tengo computadora", "sin sis": an option mentioned only to deny it."""
    before = words[max(0, start - 2) : start]
    if before and before[-1] in _NEGATIONS:
        return True
    return len(before) == 2 and before[0] in _NEGATIONS and before[1] in _NEGATED_VERBS


def _exact_hits(words: list[str], synonyms: _Synonyms) -> list[_Hit]:
    """Synonyms present as whole words, except those inside a longer one or negated."""
    hits = [
        _Hit(value, start, start + len(syn))
        for value, syn in synonyms
        for start in range(len(words) - len(syn) + 1)
        if tuple(words[start : start + len(syn)]) == syn and not _negated(words, start)
    ]
    return [hit for hit in hits if not any(hit.inside(other) for other in hits)]


def _fuzzy_hits(words: list[str], synonyms: _Synonyms) -> list[_Hit]:
    """Typo-tolerant matches (they may overlap), best first."""
    hits: list[_Hit] = []
    for value, syn in synonyms:
        wanted = " ".join(syn)
        if len(wanted) < _FUZZY_MIN_CHARS:
            continue
        for start in range(len(words) - len(syn) + 1):
            typed = " ".join(words[start : start + len(syn)])
            if typed in _NEVER_FUZZY or _negated(words, start):
                continue
            score = fuzz.ratio(typed, wanted)
            if score >= FUZZY_THRESHOLD:
                hits.append(_Hit(value, start, start + len(syn), score))
    return sorted(hits, key=lambda hit: -hit.score)


def _single(values: set[str]) -> Parsed[str]:
    if len(values) == 1:
        return Parsed.good(values.pop())
    return Parsed.bad("ambiguous" if values else "unknown_choice")


def parse_choice(text: str, options: Mapping[str, Sequence[str]]) -> Parsed[str]:
    """Which option (a key of ``options``) the answer names, through its synonyms.

    Tries the whole answer, then synonyms found as whole words (the longest wins where
    they overlap; negated ones like "no tengo sis" are ignored), then typos (fuzzy ratio
    >= 85). Two different options at the same stage (or tied typos) -> ``ambiguous``.
    """
    words = _key(text).split()
    synonyms = _synonyms(options)
    whole = {value for value, syn in synonyms if list(syn) == words}
    if whole:
        return _single(whole)
    exact = _exact_hits(words, synonyms)
    if exact:
        return _single({hit.value for hit in exact})
    fuzzy = _fuzzy_hits(words, synonyms)
    return _single({hit.value for hit in fuzzy if hit.score == fuzzy[0].score})


def parse_languages(text: str) -> Parsed[list[str]]:
    """Language codes named in the answer, in the order mentioned, without repeats.

    "castellano y quechua" -> ["es", "qu"]; typos are tolerated ("castelano");
    negated ones are left out ("no hablo quechua"). Nothing recognised -> not ok.
    """
    words = _key(text).split()
    synonyms = _synonyms(LANGUAGE_NAMES)
    hits = _exact_hits(words, synonyms)
    for hit in _fuzzy_hits(words, synonyms):  # typos, where nothing matched exactly
        if not any(hit.overlaps(other) for other in hits):
            hits.append(hit)
    codes = dict.fromkeys(hit.value for hit in sorted(hits, key=lambda hit: hit.start))
    return Parsed.good(list(codes)) if codes else Parsed.bad("unknown_choice")


# --- Free text -------------------------------------------------------------------------


def parse_free_text(text: str, *, min_chars: int = 2, max_chars: int = 500) -> Parsed[str]:
    """Trimmed free text; too short -> ``too_short``, no letters -> ``not_text``.

    Longer than ``max_chars`` is cut at the last space before the limit.
    """
    tidied = tidy(text)
    if len(tidied) < min_chars:
        return Parsed.bad("too_short")
    if not any(char.isalpha() for char in tidied):
        return Parsed.bad("not_text")
    if len(tidied) > max_chars:
        cut = tidied[: max_chars + 1]
        space = cut.rfind(" ")
        tidied = (cut[:space] if space > 0 else cut[:max_chars]).rstrip()
    return Parsed.good(tidied)


_PLACE_PREFIXES = tuple(
    tuple(prefix.split())
    for prefix in _alts(
        "vivo en el distrito de | vivo en el distrito | en el distrito de | del distrito de"
        " | el distrito de | distrito de | distrito | vivo en | vivo por | soy de | soy del"
        " | estoy en | resido en | radico en | mi distrito es | en"
    )
)
_QUECHUA_VERBS = frozenset("tiyani tiyanin tiyaniku tiyayku kani kanchik".split())
_QUECHUA_TOWN = frozenset("llaqtapi llaqtapim llaqtamanta llaqta llaqtay".split())
_QUECHUA_CASES = ("mantam", "manta", "pim", "pi")
_LOCATIVE = re.compile(r"(?<=[aeiouq])pim?$", re.IGNORECASE)  # Limapi, Wanchaqpi
_SMALL_WORDS = frozenset("de del la los las y".split())
_VOWELS = re.compile(r"[aeiouáéíóúü]", re.IGNORECASE)


def _strip_place_words(words: list[str]) -> list[str]:
    """Drop "vivo en el distrito de" before and "llaqtapi tiyani" after the name."""
    changed = True
    while changed and words:
        changed = False
        folded = tuple(_key(word) for word in words)
        for prefix in _PLACE_PREFIXES:
            if folded[: len(prefix)] == prefix:
                words, changed = words[len(prefix) :], True
                break
    quechua = False
    while len(words) > 1 and _key(words[-1]) in _QUECHUA_VERBS | _QUECHUA_TOWN:
        quechua = quechua or _key(words[-1]) in _QUECHUA_VERBS
        words = words[:-1]
    last = words[-1] if words else ""
    ending = next((end for end in _QUECHUA_CASES if _key(last).endswith(end)), "")
    glued = quechua or _LOCATIVE.search(last) is not None
    if ending and glued and len(last) > len(ending) + 3:
        words = [*words[:-1], last[: -len(ending)]]
    return words


def _title(word: str, first: bool) -> str:
    """ "jerónimo" -> "Jerónimo", "de" stays "de", "sjl" (no vowels: initials) -> "SJL"."""
    if not first and word.casefold() in _SMALL_WORDS:
        return word.casefold()
    if len(word) > 1 and not _VOWELS.search(word):
        return word.upper()
    return "-".join(part[:1].upper() + part[1:].lower() for part in word.split("-"))


def parse_district(text: str) -> Parsed[str]:
    """A district (or town) name, tidied and title-cased: "san jerónimo" -> "San Jerónimo".

    Removes "vivo en (el distrito de)", "soy de", a Quechua "llaqtapi tiyani" ending
    (and "-pi" glued to the name: "Limapi"; "-manta" only before such a verb), and
    anything after a comma ("Wanchaq, Cusco" -> "Wanchaq").
    """
    first_part = tidy(text).split(",")[0]
    words = [word.strip(".;:!?¡¿\"'()") for word in first_part.split()]
    words = _strip_place_words([word for word in words if word])
    name = " ".join(words)
    if len(name) < 2:
        return Parsed.bad("too_short")
    if not any(char.isalpha() for char in name):
        return Parsed.bad("not_text")
    return Parsed.good(" ".join(_title(word, i == 0) for i, word in enumerate(words)))
