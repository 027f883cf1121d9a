"""User-facing sentences from gettext catalogs: ``t(key, lang, **values)``.

Catalogs live in ``locales/<lang>/LC_MESSAGES/chaski.po`` with symbolic message ids
("consent.ask") and the sentence as ``msgstr``, so Spanish and Quechua are translated
side by side in any PO editor (Poedit, Weblate, Pontoon) and checked key by key.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("es", "qu")
DEFAULT_LANGUAGE = "es"
DOMAIN = "chaski"


class MissingTranslationError(KeyError):
    """A key is absent from a catalog (a test keeps this from reaching people)."""


def catalog_path(locales_dir: Path, lang: str) -> Path:
    return locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_catalog(locales_dir: Path, lang: str) -> dict[str, str]:
    """Read one PO file into ``{key: sentence}``."""
    with catalog_path(locales_dir, lang).open("rb") as handle:
        catalog: Catalog = read_po(handle, locale=None)
    return {
        str(message.id): str(message.string)
        for message in catalog
        if message.id and isinstance(message.string, str)
    }


def placeholders(sentence: str) -> set[str]:
    """The ``{name}`` fields a sentence expects."""
    return {name for _, name, _, _ in string.Formatter().parse(sentence) if name}


@dataclass(frozen=True)
class Translator:
    """All sentences of all languages, loaded once."""

    catalogs: dict[str, dict[str, str]]

    @classmethod
    def from_dir(cls, locales_dir: Path) -> Translator:
        return cls({lang: load_catalog(locales_dir, lang) for lang in LANGUAGES})

    def __call__(self, key: str, lang: str, **values: object) -> str:
        catalog = self.catalogs.get(lang) or self.catalogs[DEFAULT_LANGUAGE]
        try:
            sentence = catalog[key]
        except KeyError as exc:
            raise MissingTranslationError(f"{lang}: {key}") from exc
        return sentence.format(**values) if values else sentence

    def all_forms(self, key: str) -> set[str]:
        """The sentence for ``key`` in every language (to recognise a typed button label)."""
        return {catalog[key] for catalog in self.catalogs.values() if key in catalog}
