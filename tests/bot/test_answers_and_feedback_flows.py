"""Free questions and consumer feedback in the chat, with the real knowledge base, analyzer
and intent classifier (no language-model endpoint: answers are saved ones)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import Services
from bot.cli_data import import_kb
from bot.messages import IncomingMessage, OutgoingMessage
from bot.settings import REPO_ROOT
from bot.store.tables import FeedbackRow

pytestmark = pytest.mark.slow

TO_MENU = ["hola", "sí", "Cusco", *["saltar"] * 6, "vendo comida", *["saltar"] * 11, "1"]


@pytest.fixture
def services(loaded: Services) -> Services:
    import_kb(loaded, REPO_ROOT / "data" / "kb" / "kb.jsonl")
    return loaded


def talk(services: Services, text: str, user: str = "ana") -> list[OutgoingMessage]:
    return services.engine.handle(IncomingMessage(channel="console", user_ref=user, text=text))


def to_menu(services: Services, user: str = "ana") -> None:
    replies: list[OutgoingMessage] = []
    for line in TO_MENU:
        replies = talk(services, line, user)
    assert "Guardé tu perfil" in "\n".join(r.text for r in replies)


def test_a_question_gets_a_saved_answer_with_its_source(services: Services) -> None:
    to_menu(services)
    replies = talk(services, "cómo saco mi ruc")
    answer = replies[0].text
    assert answer.startswith("Esta es una respuesta guardada:")
    assert "SUNAT" in answer
    assert "Fuente: https://" in answer
    off_topic = talk(services, "¿quién ganó el partido de fútbol ayer?")
    assert "no la tengo en mis respuestas" in off_topic[0].text


def test_self_harm_gets_a_caring_fixed_reply(services: Services) -> None:
    to_menu(services)
    replies = talk(services, "ya no quiero vivir, quiero matarme")
    assert "113" in replies[0].text


def test_feedback_written_straight_away_is_analysed_and_stored(services: Services) -> None:
    to_menu(services)
    talk(services, "las galletas de quinua estaban muy dulces y caras, no me gustaron")
    replies = talk(services, "2")  # two stars
    assert "ayuda a mejorar" in replies[0].text
    with services.database.session() as session:
        row = session.scalars(select(FeedbackRow)).one()
        assert row.product == "galletas de quinua"
        assert row.sentiment == "neg"
        assert row.aspects is not None
        assert "dulzor" in row.aspects
        assert row.rating == 2


def test_feedback_asked_step_by_step_in_quechua(services: Services) -> None:
    for line in [
        "Napaykullayki",
        "ari",
        "Qusqu",
        *["mana kunanchu"] * 6,
        "t'anta ruway",
        *["mana kunanchu"] * 11,
        "allinmi",
    ]:
        talk(services, line, "rosa")
    replies = talk(services, "rimayta munani", "rosa")
    assert replies[-1].text.startswith("Ima mikhuymantataq")
    talk(services, "t'anta", "rosa")
    talk(services, "kay t'antaqa ancha misk'im, sumaq", "rosa")
    talk(services, "mana kunanchu", "rosa")
    with services.database.session() as session:
        row = session.scalars(select(FeedbackRow)).one()
        assert row.language == "qu"
        assert row.sentiment == "pos"
        assert row.rating is None
