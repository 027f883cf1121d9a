"""Welcome: find the person's language, then ask for consent (Ley 29733).

Steps: ``language`` (asked only when the first message does not say), ``consent``,
``declined`` (nothing but the decline is kept; "hola" offers consent again).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.conversation import Step, StepFlow, Turn
from bot.i18n import LANGUAGES
from bot.parsing import parse_yes_no
from bot.text import fold

RESTART_WORDS = frozenset(
    {
        "hola",
        "empezar",
        "comenzar",
        "inicio",
        "start",
        "acepto",
        "napaykullayki",
        "rimaykullayki",
        "allillanchu",
        "qallariy",
    }
)
LANGUAGE_WORDS: dict[str, str] = {
    "castellano": "es",
    "espanol": "es",
    "kastilla simi": "es",
    "castilla simi": "es",
    "kastilla simipi": "es",
    "quechua": "qu",
    "runasimi": "qu",
    "runa simi": "qu",
    "runasimipi": "qu",
    "qhichwa": "qu",
    "qhichwapi": "qu",
}


def language_named(text: str) -> str | None:
    """ "quechua", "runasimipi", "castellano"... as a language code, or None."""
    folded = fold(text).removeprefix("en ").removeprefix("/")
    return LANGUAGE_WORDS.get(folded)


def language_buttons(turn: Turn) -> list:  # type: ignore[type-arg]
    return [turn.button(f"lang={code}", f"language.{code}") for code in LANGUAGES]


class WelcomeFlow(StepFlow):
    name = "welcome"
    first_step = "language"

    def steps(self) -> Mapping[str, Step]:
        return {"language": self._language, "consent": self._consent, "declined": self._declined}

    def greet(self, turn: Turn, detected: str | None) -> None:
        """The very first message of a person: skip the language question when we know."""
        if detected in LANGUAGES:
            turn.person.language = detected
            turn.say("welcome.hello")
            self.ask_consent(turn)
        else:
            turn.goto(self.name, "language")
            self.reprompt(turn)

    def reprompt(self, turn: Turn) -> None:
        if turn.state.step == "language":
            turn.say_text(
                turn.translate("welcome.choose_language", "es")
                + "\n"
                + turn.translate("welcome.choose_language", "qu"),
                buttons=language_buttons(turn),
            )
        elif turn.state.step == "consent":
            self.ask_consent(turn)
        else:
            turn.say("consent.declined_reminder")

    def ask_consent(self, turn: Turn) -> None:
        turn.goto(self.name, "consent")
        turn.say(
            "consent.ask",
            buttons=[
                turn.button("consent=yes", "button.consent_yes"),
                turn.button("consent=no", "button.consent_no"),
            ],
        )

    def _language(self, turn: Turn) -> None:
        chosen = turn.answer.payload_value("lang") or language_named(turn.answer.text)
        if chosen not in LANGUAGES:
            self.reprompt(turn)
            return
        turn.person.language = chosen
        turn.say("welcome.hello")
        self.ask_consent(turn)

    def _consent(self, turn: Turn) -> None:
        choice = turn.answer.payload_value("consent")
        if choice is None:
            said = parse_yes_no(turn.answer.text)
            choice = ("yes" if said.value else "no") if said.ok else None
        if choice == "yes":
            turn.person.consent = "accepted"
            turn.person.consent_at = turn.now
            turn.say("consent.thanks")
            turn.begin("profile")
        elif choice == "no":
            turn.person.consent = "declined"
            turn.person.consent_at = turn.now
            turn.goto(self.name, "declined")
            turn.say("consent.declined")
        else:
            turn.say("consent.unclear")
            self.ask_consent(turn)

    def _declined(self, turn: Turn) -> None:
        if turn.answer.payload == "consent=yes" or fold(turn.answer.text) in RESTART_WORDS:
            self.ask_consent(turn)
        else:
            turn.say("consent.declined_reminder")
