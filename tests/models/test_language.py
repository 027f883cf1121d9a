from __future__ import annotations

import pytest

from bot.app import glossary_words
from bot.settings import REPO_ROOT
from models.language import LanguageIdentifier


@pytest.fixture(scope="module")
def identify() -> LanguageIdentifier:
    return LanguageIdentifier(glossary_words(REPO_ROOT / "locales"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("hola", "es"),
        ("Hola, buenas tardes", "es"),
        ("quiero trabajo en Cusco", "es"),
        ("tengo 30 años y sé cocinar", "es"),
        ("Napaykullayki", "qu"),
        ("Imaynallan kashanki", "qu"),
        ("Allin p'unchaw", "qu"),
        ("Allin p’unchaw", "qu"),  # typographic apostrophe from a phone keyboard
        ("ari", "qu"),
        ("llamk'ayta maskhani", "qu"),
        ("wasiypi t'antata ruwani", "qu"),
        ("ok", None),
        ("/start", None),
        ("Cusco", None),
        ("👍", None),
        ("", None),
    ],
)
def test_detects_spanish_and_quechua_or_says_it_cannot(
    identify: LanguageIdentifier, text: str, expected: str | None
) -> None:
    assert identify.detect(text).lang == expected
