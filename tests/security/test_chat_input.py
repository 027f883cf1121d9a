"""Hostile text through the real engine and store, on SQLite and PostgreSQL.

SQL and HTML injection strings typed as answers are stored exactly as typed (parameterised
SQL: every table is still there and holds what it should), shown back as plain text, and come
out of ``chaski user export`` as valid JSON. Unicode edge cases (NUL bytes, lone surrogates,
right-to-left marks, emoji, combining marks, zalgo, very long words) never break a step:
NUL bytes are dropped and lone surrogates become U+FFFD before anything is stored.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from typer.testing import CliRunner

from bot.app import Services, build_services
from bot.cli import app as cli
from bot.messages import Button
from bot.settings import Settings
from bot.store.db import Database
from bot.store.people import resolve_person
from bot.store.tables import MessageRow, Person, ProfileRow
from bot.text import storable, tidy
from tests.bot.chat import Chat
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.security.conftest import row_counts
from tests.security.fuzzing import (
    FUZZ,
    HTML_INJECTION,
    SQL_INJECTION,
    UNICODE_EDGES,
    any_text,
    has_surrogate,
    tally,
)
from tests.webhooks.conftest import TELEGRAM_SECRET, TELEGRAM_TOKEN
from webhooks.channel import Delivery
from webhooks.telegram import TelegramChannel, build_telegram_bot

KEY = "chat-input-tests-key"


@pytest.fixture
def services(database: Database, tmp_path: Path) -> Services:
    settings = Settings(database_url=database.url, data_dir=tmp_path, pseudonym_key=KEY)
    return build_services(settings)


def profile_script(district: str, skills: str, experience: str, interests: str) -> list[str]:
    """The answers of a whole profile, with four free-text answers given."""
    return [
        "hola", "sí", "Cusco", district, "30", "mujer", "castellano", "3", "por mi cuenta",
        skills, experience, interests,
        "medio tiempo", "tarde", "sí", "2", "no", "SIS", "no", "saltar", "4", "1",
    ]  # fmt: skip


def stored_profile(database: Database) -> ProfileRow:
    with database.session() as session:
        row = session.scalars(select(ProfileRow)).one()
        session.expunge(row)
        return row


def export(database: Database, user: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """``chaski user export console:USER`` in-process; its output must be valid JSON."""
    monkeypatch.setenv("CHASKI_DATABASE_URL", database.url)
    monkeypatch.setenv("CHASKI_PSEUDONYM_KEY", KEY)
    result = CliRunner().invoke(cli, ["user", "export", f"console:{user}"])
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_injection_strings_are_stored_verbatim_and_shown_as_text(
    services: Services, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    skills, experience, interests = HTML_INJECTION[0], SQL_INJECTION[1], HTML_INJECTION[1]
    chat = Chat(services.engine)
    chat.script(*profile_script(SQL_INJECTION[0], skills, experience, interests))
    assert "Guardé tu perfil" in chat.text

    counts = row_counts(database)  # every table still answers: nothing was dropped
    assert counts["people"] == 1
    assert counts["profiles"] == 1
    assert counts["messages"] > 40
    row = stored_profile(database)
    assert (row.skills, row.experience, row.interests) == (skills, experience, interests)
    assert row.district  # the district parser tidies words; the SQL in it never ran

    chat.send("mi perfil")
    assert f"• Lo que sabes hacer: {skills}" in chat.text
    assert f"• Experiencia: {experience}" in chat.text
    assert f"• Lo que te interesa: {interests}" in chat.text
    with database.session() as session:
        texts = session.scalars(select(MessageRow.text).where(MessageRow.direction == "in"))
        assert {skills, experience, interests} <= set(texts)

    document = export(database, "ana", monkeypatch)
    profile = document["profile"]
    assert (profile["skills"], profile["experience"], profile["interests"]) == (
        skills,
        experience,
        interests,
    )


EDGES = [text for text in UNICODE_EDGES if text.strip("\x00 \r\n\u2028\u2029")]


def test_unicode_edge_cases_go_through_whole_profiles(
    services: Services, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Three edge cases a person (skills, experience, interests), with words around them so
    # each counts as an answer (a text of only marks or symbols is asked again, which is
    # right, but would shift the script).
    for number in range(0, len(EDGES), 3):
        first, second, third = (EDGES * 2)[number : number + 3]
        user = f"eva{number}"
        answers = (f"vendo {first}", f"trabajé {second} años", f"quiero {third}")
        chat = Chat(services.engine, user=user)
        chat.script(*profile_script("Wanchaq", *answers))
        assert "Guardé tu perfil" in chat.text, (first, second, third)
        with database.session() as session:
            person = resolve_person(session, key=KEY, reference=user)
            assert person is not None
            assert person.profile is not None
            stored = (person.profile.skills, person.profile.experience, person.profile.interests)
        for given_text, value in zip(answers, stored, strict=True):
            assert value is not None
            assert "\x00" not in value
            assert not has_surrogate(value)
            expected = tidy(storable(given_text))
            assert value == expected if len(expected) <= 2000 else len(value) <= 2000
        chat.send("mi perfil")
        assert f"• Lo que sabes hacer: {stored[0]}" in chat.text
        assert export(database, user, monkeypatch)["profile"]["skills"] == stored[0]


def test_nul_bytes_and_lone_surrogates_are_cleaned_before_storing(
    services: Services, database: Database
) -> None:
    chat = Chat(services.engine, user="nul\x00user\ud800")
    chat.send("ho\x00la\ud83d", message_id="id\x00\udfff")
    assert chat.replies
    with database.session() as session:
        row = session.scalars(select(MessageRow).where(MessageRow.direction == "in")).one()
        assert row.text == "hola\ufffd"
        assert row.platform_message_id == "id\ufffd"
    chat.send("otra vez", message_id="id\x00\udfff")  # the same delivery, cleaned the same way
    assert chat.replies == []
    assert row_counts(database)["people"] == 1


def test_digits_that_int_refuses_are_read_as_text(
    services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """ "²" and "①" are str.isdigit() but int() refuses them: they once escaped the step's
    error handling (a numbered choice) or failed the step (a number), now they are text."""
    caplog.set_level(logging.ERROR)
    chat = Chat(services.engine)
    chat.script("hola")
    for odd in ("²", "①", "³⁴"):
        assert chat.send(odd)  # the consent question, numbered choices
    chat.script("sí", "Cusco", "saltar")
    for odd in ("²", "①", "tengo ³ años"):
        assert chat.send(odd)  # the age question, a number
    assert chat.send("٣٠")  # Arabic-Indic digits are decimal: 30
    assert "¿Eres mujer u hombre?" in chat.text
    assert [r.getMessage() for r in caplog.records] == []


@pytest.mark.fuzz
def test_any_text_at_any_step_never_breaks_a_step(
    services: Services, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    """A person who answers every question with arbitrary text: every message gets a reply,
    no step fails (a failed step logs an error and apologises), and the store takes it all."""
    caplog.set_level(logging.ERROR)
    people = iter(range(10**9))

    @FUZZ
    @given(lines=st.lists(st.one_of(any_text, st.sampled_from(("hola", "sí", "Cusco", "1"))),
                          min_size=1, max_size=25))  # fmt: skip
    def talk(lines: list[str]) -> None:
        chat = Chat(services.engine, user=f"p{next(people)}")
        for line in lines:
            assert chat.send(line), repr(line)
            tally("chat: any text to the engine", "answered")
        failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert failures == [], lines

    talk()
    with database.session() as session:
        assert session.scalars(select(Person.id)).first() is not None


def test_telegram_replies_are_plain_text(fake_telegram: FakeTelegramAPI) -> None:
    """Replies that echo what people typed (``mi perfil``) go out without ``parse_mode``, so
    Telegram shows markup characters as typed: nothing to escape, nothing to inject."""
    text = "• Lo que sabes hacer: " + " ".join(HTML_INJECTION)

    async def deliver() -> None:
        bot = build_telegram_bot(TELEGRAM_TOKEN, base_url=fake_telegram.base_url)
        channel = TelegramChannel(bot, TELEGRAM_SECRET)
        await channel.start()
        try:
            button = Button(label=HTML_INJECTION[0][:30], payload="x=1")
            await channel.send(Delivery(address="6043917725", text=text, language="es",
                                        buttons=(button,)))  # fmt: skip
        finally:
            await channel.stop()

    asyncio.run(deliver())
    [call] = fake_telegram.calls("sendMessage")
    assert call["text"] == text
    assert "parse_mode" not in call
    assert "entities" not in call
