"""Every user-facing sentence exists in Spanish and Quechua, with the same placeholders,
and every key the code asks for is in the catalogs."""

from __future__ import annotations

import re

import pytest

from bot.i18n import LANGUAGES, Translator, placeholders
from bot.questions import QUESTIONS, choice_key
from bot.settings import REPO_ROOT

KEY_CALL = re.compile(r"""(?:\bt|say|button|translate)\(\s*(?:f?)["']([a-z_]+\.[a-z_.{}]+)["']""")


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in (REPO_ROOT / "bot").rglob("*.py"):
        keys |= {key for key in KEY_CALL.findall(path.read_text()) if "{" not in key}
    for question in QUESTIONS:
        keys |= {f"ask.{question.field}", f"field.{question.field}"}
        for choice in question.choices:
            keys.add(
                f"choice.{choice}" if question.is_yes_no else choice_key(question.field, choice)
            )
    return keys


def test_same_keys_in_every_language(translator: Translator) -> None:
    spanish = set(translator.catalogs["es"])
    for lang in LANGUAGES:
        assert set(translator.catalogs[lang]) == spanish, lang


def test_same_placeholders_and_no_empty_sentence(translator: Translator) -> None:
    for key, sentence in translator.catalogs["es"].items():
        for lang in LANGUAGES:
            other = translator.catalogs[lang][key]
            assert other.strip(), f"{lang}: {key} is empty"
            assert placeholders(other) == placeholders(sentence), f"{lang}: {key}"


def test_every_key_the_code_uses_exists(translator: Translator) -> None:
    keys = used_keys()
    assert len(keys) > 80  # the scan itself works
    missing = sorted(keys - set(translator.catalogs["es"]))
    assert missing == []


def test_quechua_is_not_a_copy_of_spanish(translator: Translator) -> None:
    def words(sentence: str) -> str:
        return re.sub(r"\{\w+\}|[^\w]", "", sentence)

    same = [
        key
        for key, sentence in translator.catalogs["es"].items()
        if translator.catalogs["qu"][key] == sentence and len(words(sentence)) > 12
    ]
    assert same == []


def test_missing_key_is_an_error(translator: Translator) -> None:
    with pytest.raises(KeyError):
        translator("no.such.key", "qu")


def test_catalogs_are_standard_gettext() -> None:
    for lang in LANGUAGES:
        text = (REPO_ROOT / "locales" / lang / "LC_MESSAGES" / "chaski.po").read_text()
        assert f'"Language: {lang}\\n"' in text
        assert "charset=utf-8" in text
