"""Read the first number in a chat message: digits or Spanish/Quechua number words.

"S/ 1,200" -> 1200, "treinta y uno" -> 31, "dos mil quinientos" -> 2500,
"kimsa chunka hukniyuq" -> 31, "iskay waranqa pichqa pachak" -> 2500. Decimals are
dropped (rounded down) and "1,200" / "1.200" are Peruvian thousands.
"""

from __future__ import annotations

import re

from bot.text import strip_accents

_ADD, _TEN, _HUNDRED, _THOUSAND, _MILLION = "add", "ten", "hundred", "thousand", "million"
_SPANISH_0_TO_29 = (
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
    "quince dieciseis diecisiete dieciocho diecinueve veinte veintiuno veintidos veintitres "
    "veinticuatro veinticinco veintiseis veintisiete veintiocho veintinueve"
).split()
_SPANISH_TENS = "treinta cuarenta cincuenta sesenta setenta ochenta noventa".split()
_SPANISH_HUNDREDS = (
    "ciento doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
    "ochocientos novecientos"
).split()
_SPANISH_OTHER = {"cien": 100, "veintiun": 21, "veintiuna": 21}
_SPANISH_TYPOS = {"sinco": 5, "dies": 10, "beinte": 20, "trenta": 30, "sincuenta": 50}
_ARTICLES = {"un": 1, "una": 1, "huk": 1}  # "one", but usually just "a"
_QUECHUA_UNITS = "huk iskay kimsa tawa pichqa suqta qanchis pusaq isqun".split()  # 1..9
_QUECHUA_OTHER = {"phisqa": 5, "pisqa": 5, "soqta": 6, "qanchik": 7, "isqon": 9}
_MULTIPLIERS: dict[str, tuple[str, int]] = {
    "chunka": (_TEN, 10),
    "pachak": (_HUNDRED, 100),
    "pachaq": (_HUNDRED, 100),
    "mil": (_THOUSAND, 1000),
    "waranqa": (_THOUSAND, 1000),
    "waranka": (_THOUSAND, 1000),
    "millon": (_MILLION, 10**6),
    "millones": (_MILLION, 10**6),
    "hunu": (_MILLION, 10**6),
}
_JOINS_WITH_Y = frozenset({*_SPANISH_TENS, "trenta", "sincuenta"})  # "treinta y uno"


def _spanish_numbers() -> dict[str, int]:
    numbers = {word: value for value, word in enumerate(_SPANISH_0_TO_29)}
    numbers |= {word: 30 + 10 * i for i, word in enumerate(_SPANISH_TENS)}
    for i, word in enumerate(_SPANISH_HUNDREDS):  # also feminine: doscientas
        numbers |= dict.fromkeys({word, re.sub(r"os$", "as", word)}, 100 * (i + 1))
    return numbers | _SPANISH_OTHER | _SPANISH_TYPOS | _ARTICLES


def _quechua_numbers() -> dict[str, int]:
    """Units, also with the -yuq ending used after "chunka": kimsayuq, hukniyuq (-yoq)."""
    units = {word: i + 1 for i, word in enumerate(_QUECHUA_UNITS)} | _QUECHUA_OTHER
    numbers = dict(units)
    for word, value in units.items():
        link = "" if word[-1] in "aeiou" else "ni"
        numbers |= {f"{word}{link}yuq": value, f"{word}{link}yoq": value}
    return numbers


_VOCABULARY: dict[str, tuple[str, int]] = {
    word: (_ADD, value) for word, value in (_spanish_numbers() | _quechua_numbers()).items()
} | _MULTIPLIERS
_NUMBER_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")


def _digits_value(token: str) -> int:
    """ "1,200" / "1.200" -> 1200 (Peruvian thousands); "1200.50" / "2,5" -> floor."""
    groups = re.split(r"[.,]", token)
    if len(groups) > 1 and len(groups[-1]) != 3:
        groups = groups[:-1]  # decimals: dropped (we round down)
    return int("".join(groups))


class _NumberRun:
    """Reads one number word by word: "dos mil quinientos", "kimsa chunka hukniyuq"."""

    def __init__(self) -> None:
        self.total = 0  # thousands and millions already closed
        self.current = 0  # tens/hundreds built with chunka/pachak
        self.small = 0  # the units, tens or hundreds being read now
        self.words: list[str] = []

    def value(self) -> int:
        return self.total + self.current + self.small

    def weak(self) -> bool:
        """Only an article like "una": a number only if nothing better is found."""
        return len(self.words) == 1 and self.words[0] in _ARTICLES

    def take(self, token: str) -> bool:
        """Add ``token`` to the number; False if it does not continue it."""
        if token[0].isdecimal():  # not isdigit(): "²" is a digit int() refuses
            kind, amount = _ADD, _digits_value(token)
        elif token in _VOCABULARY:
            kind, amount = _VOCABULARY[token]
        else:
            return False
        if kind == _ADD:
            if not self._fits(amount):
                return False
            self.small += amount
        elif kind in (_TEN, _HUNDRED):
            self.current += (self.small or 1) * amount
            self.small = 0
        elif kind == _THOUSAND:
            self.total += ((self.current + self.small) or 1) * amount
            self.current = self.small = 0
        else:
            self.total = (self.value() or 1) * amount
            self.current = self.small = 0
        self.words.append(token)
        return True

    def _fits(self, amount: int) -> bool:
        """ "ciento veinte" adds up, "treinta cuarenta" is two numbers."""
        below = self.current + self.small
        return below == 0 or below % 10 ** len(str(amount)) == 0


def _is_unit(token: str) -> bool:
    kind, amount = _VOCABULARY.get(token, (_TEN, 0))
    return kind == _ADD and 1 <= amount <= 9


def _find_number(text: str) -> tuple[int, bool] | None:
    """The first number in ``text`` and whether it was only an article ("una")."""
    tokens = _NUMBER_TOKENS.findall(strip_accents(text).casefold())
    runs: list[_NumberRun] = []
    index = 0
    while index < len(tokens):
        run = _NumberRun()
        while index < len(tokens) and run.take(tokens[index]):
            index += 1
            joins = index + 1 < len(tokens) and tokens[index] == "y"
            if joins and run.words[-1] in _JOINS_WITH_Y and _is_unit(tokens[index + 1]):
                index += 1  # skip the "y" of "treinta y uno"
        if run.words:
            runs.append(run)
        else:
            index += 1
    strong = [run for run in runs if not run.weak()]
    if strong:
        return strong[0].value(), False
    return (1, True) if runs else None


def parse_number(text: str) -> int | None:
    """The first number in a message, in digits or words (Spanish or Quechua).

    "S/ 1,200" -> 1200, "1200.50" -> 1200, "treinta y uno" -> 31, "dos mil quinientos"
    -> 2500, "kimsa chunka hukniyuq" -> 31, "iskay waranqa pichqa pachak" -> 2500.
    "un"/"una"/"huk" count as 1 only when the message has no other number.
    """
    found = _find_number(text)
    return found[0] if found else None
