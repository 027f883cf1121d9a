"""Whole conversations scripted through the engine, in Spanish and Quechua, on SQLite and
PostgreSQL, checked against what lands in the database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from bot.engine import ConversationEngine
from bot.profile import Profile
from bot.store.db import Database
from bot.store.people import find_person, profile_document, pseudonym
from bot.store.tables import ConversationState, MessageRow, Person, ProfileRow
from tests.bot.chat import Chat
from tests.bot.conftest import TEST_KEY, make_engine

SPANISH_PROFILE: dict[str, Any] = {
    "language": "es",
    "languages": ["es", "qu"],
    "region": "Cusco",
    "district": "San Jerónimo",
    "age": 31,
    "gender": "f",
    "education": "secundaria",
    "skills": "cocino y vendo comida en el mercado",
    "interests": "aprender repostería",
    "hours_per_week": 20,
    "schedule": "tarde",
    "remote_ok": True,
    "equipment": "smartphone",
    "occupation_status": "independiente",
    "has_ruc": False,
    "health_insurance": "sis",
    "pension": False,
    "household_size": 4,
}


def person_of(database: Database, user: str = "ana") -> Person | None:
    with database.session() as session:
        person = find_person(
            session, channel="console", platform_ref=pseudonym(TEST_KEY, "console", user)
        )
        if person is not None:
            session.expunge(person)
        return person


def stored_profile(database: Database, user: str = "ana") -> dict[str, Any]:
    person = person_of(database, user)
    assert person is not None
    with database.session() as session:
        return profile_document(session.get(ProfileRow, person.id))


def completed(database: Database, user: str = "ana") -> bool:
    person = person_of(database, user)
    assert person is not None
    with database.session() as session:
        row = session.get(ProfileRow, person.id)
        return row is not None and row.completed_at is not None


def test_spanish_profile_with_skips_and_corrections(chat: Chat, database: Database) -> None:
    chat.send("hola")
    assert "Chaski" in chat.replies[0].text
    assert "Ley 29733" in chat.text
    assert chat.labels() == ["Sí, acepto", "No, gracias"]
    chat.script("sí")
    assert "región" in chat.last.text
    chat.script("vivo en cuzco")
    assert "Cusco" in chat.text
    chat.script("saltar", "treinta", "mujer")
    chat.send("cambiar edad")
    assert chat.last.text == "¿Cuántos años tienes?"
    chat.script("31")
    assert "idiomas" in chat.last.text
    chat.script(
        "castellano y quechua",
        "3",  # third button: Secundaria
        "por mi cuenta",  # a typed button label
        "cocino y vendo comida en el mercado",
        "saltar",
        "aprender repostería",
        "medio tiempo",
        "tarde",
        "sí",
        "celular con internet",
        "no",
        "SIS",
        "no",
        "prefiero no decir",
        "somos 4",
    )
    assert chat.replies[0].text.startswith("Esto es lo que me contaste:")
    assert "• Distrito: —" in chat.text
    assert "• Ingreso al mes: —" in chat.text
    chat.send("cambiar distrito")
    assert "distrito" in chat.last.text
    chat.send("San Jerónimo")
    assert "• Distrito: San Jerónimo" in chat.text
    assert not completed(database)
    chat.send("1")  # Todo bien
    assert "Guardé tu perfil" in chat.text
    assert completed(database)
    assert stored_profile(database) == SPANISH_PROFILE
    assert Profile.model_validate(SPANISH_PROFILE).to_contract() == SPANISH_PROFILE


def test_quechua_profile(chat: Chat, database: Database) -> None:
    chat.send("Napaykullayki")
    assert chat.last.language == "qu"
    assert chat.labels() == ["Ari, munani", "Manan, sulpayki"]
    chat.script(
        "ari",
        "Qusqu llaqtapi tiyani",
        "San Jerónimo",
        "kimsa chunka hukniyuq",
        "warmi",
        "runasimi, kastilla simi",
        "secundaria",
        "kikillaymanta",
        "t'anta ruwayta, away",
        "mana kunanchu",
        "mikhuy wayk'uyta yachaqayta munani",
        "20",
        "sukha",
        "ari",
        "internetniyuq celular",
        "manan",
        "SIS",
        "manan",
        "pichqa pachak",
        "suqta",
    )
    assert chat.replies[0].text.startswith("Kaykunatan willawarqanki:")
    chat.send("allinchay wata")
    assert chat.last.text == "Hayk'a watayuqmi kanki?"
    chat.script("32")
    chat.send("allinmi")
    assert "Perfilniykita waqaychani" in chat.text
    assert stored_profile(database) == {
        "language": "qu",
        "languages": ["qu", "es"],
        "region": "Cusco",
        "district": "San Jerónimo",
        "age": 32,
        "gender": "f",
        "education": "secundaria",
        "skills": "t'anta ruwayta, away",
        "interests": "mikhuy wayk'uyta yachaqayta munani",
        "hours_per_week": 20,
        "schedule": "tarde",
        "remote_ok": True,
        "equipment": "smartphone",
        "occupation_status": "independiente",
        "has_ruc": False,
        "health_insurance": "sis",
        "pension": False,
        "monthly_income": 500,
        "household_size": 6,
    }


def test_invalid_answers_are_asked_again_politely(chat: Chat, database: Database) -> None:
    chat.script("hola", "sí")
    chat.send("en mi casa")
    assert "No reconocí esa región" in chat.last.text
    chat.script("Arequpa", "saltar")
    chat.send("tengo muchos")
    assert chat.last.text.startswith("Escribe tu edad en números")
    chat.send("200")
    assert chat.last.text.startswith("Escribe tu edad en números")
    chat.send("veinticinco")
    assert "mujer u hombre" in chat.last.text
    chat.send("quizás")
    assert chat.last.text.startswith("Elige una de las opciones")
    assert stored_profile(database) == {"language": "es", "region": "Arequipa", "age": 25}


def test_required_questions_cannot_be_skipped(chat: Chat) -> None:
    chat.script("hola", "sí")
    assert chat.labels() == []  # the region question has no skip button
    chat.send("saltar")
    assert "la necesito" in chat.replies[0].text
    assert "región" in chat.last.text


def test_resume_after_restart_days_later(
    database: Database, engine: ConversationEngine, translator: Any, language_id: Any, clock: Any
) -> None:
    Chat(engine).script("hola", "sí", "Puno", "Juliaca")
    # The process dies; days later a new process (a new engine, new connections) takes over.
    database.dispose()
    clock.advance(days=3)
    later = Chat(make_engine(Database(database.url), translator, language_id, clock))
    later.send("hola")
    assert later.replies[0].text.startswith("¡Hola de nuevo!")
    assert later.last.text == "¿Cuántos años tienes?"
    later.send("40")
    assert "mujer u hombre" in later.last.text
    assert stored_profile(database) == {
        "language": "es",
        "region": "Puno",
        "district": "Juliaca",
        "age": 40,
    }


def test_declining_consent_keeps_nothing_but_the_decline(chat: Chat, database: Database) -> None:
    chat.script("hola, busco trabajo en Cusco")
    chat.send("2")  # No, gracias
    assert "No guardé nada" in chat.text
    chat.send("mi número es 987654321")
    assert "no aceptaste" in chat.text
    person = person_of(database)
    assert person is not None
    assert person.consent == "declined"
    with database.session() as session:
        texts = session.scalars(  # what the person wrote is gone; our own replies may stay
            select(MessageRow.text).where(
                MessageRow.person_id == person.id, MessageRow.direction == "in"
            )
        ).all()
        assert texts
        assert all(text is None for text in texts)
        assert session.get(ProfileRow, person.id) is None
    chat.send("hola")  # changing their mind
    assert chat.labels() == ["Sí, acepto", "No, gracias"]
    chat.send("sí")
    assert "región" in chat.last.text
    assert person_of(database).consent == "accepted"  # type: ignore[union-attr]


def test_export_and_erase_from_the_chat(chat: Chat, database: Database) -> None:
    chat.script("hola", "sí", "Ayacucho", "saltar", "28")
    chat.send("mis datos")
    assert "• Región: Ayacucho" in chat.replies[0].text
    assert "• Edad: 28 años" in chat.replies[0].text
    assert "mujer u hombre" in chat.last.text  # and back to the question we were on
    chat.send("borrar mis datos")
    assert chat.labels() == ["Sí, borrar todo", "No, cancelar"]
    chat.send("no")
    assert "no borré nada" in chat.replies[0].text
    assert "mujer u hombre" in chat.last.text
    person = person_of(database)
    assert person is not None
    chat.send("quiero borrar mis datos")
    chat.send("1")
    assert "Borré todos tus datos" in chat.text
    assert person_of(database) is None
    with database.session() as session:
        for table in (MessageRow, ProfileRow, ConversationState):
            count = session.scalar(
                select(func.count()).select_from(table).where(table.person_id == person.id)
            )
            assert count == 0, table.__tablename__
        assert session.scalar(select(func.count()).select_from(Person)) == 0
    chat.send("hola")  # a new beginning
    assert "Ley 29733" in chat.text


def test_quechua_privacy_commands(chat: Chat, database: Database) -> None:
    chat.script("Napaykullayki", "ari", "Apurímac")
    chat.send("datosniy")
    assert "• Suyu: Apurímac" in chat.replies[0].text
    chat.send("datosniyta chinkachiy")
    assert chat.labels() == ["Ari, tukuyta chinkachiy", "Manan, saqiy"]
    chat.send("ari")
    assert "chinkachiniña" in chat.text
    assert person_of(database) is None


def test_redelivered_message_is_answered_once(chat: Chat, database: Database) -> None:
    first = chat.send("hola", message_id="wamid.1")
    assert first
    again = chat.send("hola", message_id="wamid.1")
    assert again == []
    with database.session() as session:
        inbound = session.scalar(
            select(func.count()).select_from(MessageRow).where(MessageRow.direction == "in")
        )
        assert inbound == 1


def test_language_switch_and_detection(chat: Chat, database: Database) -> None:
    chat.send("/start")  # says nothing about the language: ask with two buttons
    assert len(chat.labels()) == 2
    assert "¿En qué idioma" in chat.last.text
    assert "Ima simipi" in chat.last.text
    chat.send("2")
    assert chat.replies[0].language == "qu"
    chat.script("ari", "Cusco", "mana kunanchu", "25")
    chat.send("castellano")
    assert chat.replies[0].text == "Listo, ahora hablamos en castellano."
    assert chat.last.text == "¿Eres mujer u hombre?"
    chat.send("mujer")
    assert chat.last.text == "¿Qué idiomas hablas?"
    chat.send("quechua")  # here it answers the question, it does not switch
    assert "estudiaste" in chat.last.text
    chat.send("runasimipi")
    assert chat.last.text == "Yachaywasipi hayk'akamataq yacharqanki?"
    assert stored_profile(database)["languages"] == ["qu"]
    assert stored_profile(database)["language"] == "qu"


def test_menu_help_and_unknown_input(chat: Chat) -> None:
    chat.script("hola", "sí", "Lima", "saltar")
    chat.send("ayuda")
    assert "«ayuda»" in chat.replies[0].text
    assert chat.last.text == "¿Cuántos años tienes?"
    chat.send("hola")
    assert chat.replies[0].text.startswith("¡Hola de nuevo!")
    chat.script(*["saltar"] * 5, "vendo ropa", *["saltar"] * 11)
    assert chat.replies[0].text.startswith("Esto es lo que me contaste:")
    chat.send("Todo bien ✅")
    chat.send("asdfgh")
    assert chat.replies[0].text.startswith("No te entendí bien")
    assert "Mi perfil" in chat.labels()
    chat.send("ayuda")
    assert "«borrar mis datos»" in chat.replies[0].text
    chat.send("mi perfil")
    assert chat.replies[0].text.startswith("Esto es lo que me contaste:")
    assert "• Lo que sabes hacer: vendo ropa" in chat.text


def test_a_failing_step_apologises_and_keeps_the_state(
    chat: Chat, database: Database, monkeypatch: Any
) -> None:
    chat.script("hola", "sí")

    def broken(*_: Any) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr("bot.flows.profiling.ProfilingFlow._answer", broken)
    chat.send("Cusco")
    assert chat.text == "Perdona, algo falló de mi lado 🙏 Intenta de nuevo en un momento."
    monkeypatch.undo()
    chat.send("Cusco")
    assert "Anotado: Cusco" in chat.text
