"""Jobs and courses in the chat: list, details, interest, refusal, and the funnel events."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.app import Services
from bot.messages import IncomingMessage, OutgoingMessage
from bot.store.tables import OfferEventRow

pytestmark = pytest.mark.slow

PROFILE_TO_MENU = [
    "hola",
    "sí",
    "Cusco",
    "Wanchaq",
    "35",
    "mujer",
    "castellano",
    "primaria",
    "por mi cuenta",
    "cocino y hago pan",
    "saltar",
    "panadería",
    "saltar",
    "saltar",
    "sí",
    "celular con internet",
    "saltar",
    "saltar",
    "saltar",
    "saltar",
    "saltar",
    "1",
]


class Person:
    def __init__(self, services: Services, user: str = "rosa") -> None:
        self.services = services
        self.user = user
        self.replies: list[OutgoingMessage] = []

    def say(self, text: str) -> list[OutgoingMessage]:
        self.replies = self.services.engine.handle(
            IncomingMessage(channel="console", user_ref=self.user, text=text)
        )
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(r.text for r in self.replies)

    def labels(self) -> list[str]:
        return [b.label for b in self.replies[-1].buttons]


def events(services: Services) -> list[tuple[str, str]]:
    with services.database.session() as session:
        rows = session.scalars(select(OfferEventRow).order_by(OfferEventRow.id)).all()
        return [(row.event, row.offer_id) for row in rows]


def test_jobs_list_details_interest_and_refusal(loaded: Services) -> None:
    rosa = Person(loaded)
    for line in PROFILE_TO_MENU:
        rosa.say(line)
    assert "Guardé tu perfil" in rosa.text
    assert rosa.labels()[:2] == ["Trabajos 💼", "Cursos 📚"]

    rosa.say("trabajos")
    listing = rosa.replies[-1]
    assert listing.text.startswith("Estos trabajos van contigo:")
    assert "1. " in listing.text
    assert "2. " in listing.text
    assert rosa.labels()[:3] == ["Ver 1", "Ver 2", "Ver 3"]
    shown = [offer for event, offer in events(loaded) if event == "shown"]
    assert len(shown) == 3

    rosa.say("1")  # "Ver 1"
    assert rosa.labels() == ["Me interesa ✅", "No me interesa", "Volver a la lista"]
    first = shown[0]
    rosa.say("1")  # Me interesa
    assert "Para postular" in rosa.text or "no tiene enlace" in rosa.text
    rosa.say("1")  # Ya postulé
    assert "¡Mucha suerte!" in rosa.text
    assert ("interested", first) in events(loaded)
    assert ("applied", first) in events(loaded)

    rosa.say("2")  # "Ver 2" on the list shown again
    second = [offer for event, offer in events(loaded) if event == "details"][-1]
    rosa.say("No me interesa")
    assert "ya no te lo muestro" in rosa.text
    assert ("not_interested", second) in events(loaded)
    assert second not in rosa.replies[-1].text  # gone from the list

    rosa.say("Menú")
    rosa.say("cursos")
    assert rosa.replies[-1].text.startswith("Estos cursos te pueden servir:")


def test_offers_need_a_profile_first(loaded: Services) -> None:
    rosa = Person(loaded, "nueva")
    rosa.say("hola")
    rosa.say("sí")
    rosa.say("trabajos")  # during profiling it answers the region question instead
    assert "No reconocí esa región" in rosa.text


def test_quechua_person_sees_reasons_in_quechua(loaded: Services) -> None:
    rosa = Person(loaded, "qhari")
    script = [
        "Napaykullayki",
        "ari",
        "Qusqu",
        "mana kunanchu",
        "40",
        "qhari",
        "runasimi",
        "primaria",
        "kikillaymanta",
        "t'anta ruwayta yachani",
        *["mana kunanchu"] * 11,
        "allinmi",
        "llamk'aykuna",
    ]
    for line in script:
        rosa.say(line)
    listing = rosa.replies[-1].text
    assert listing.startswith("Kay llamk'aykunan qanpaq:")
    assert "Yachasqaykitan mañakun" in listing or "rikch'akun" in listing
