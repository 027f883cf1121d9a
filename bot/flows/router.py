"""Free text at rest (in the menu): what the person wants, by the intent classifier, then
the flow that does it. When the classifier is unsure the bot asks, with buttons."""

from __future__ import annotations

from typing import Protocol

from bot.conversation import Turn
from models.intent import IntentGuess

ROUTE = "route"


class IntentReader(Protocol):
    def classify(self, texts: list[str]) -> list[IntentGuess]: ...


def route(turn: Turn, intent: str) -> None:
    """Start what ``intent`` asks for."""
    flows = turn.flows
    if intent in ("jobs", "courses"):
        flows.offers.open(turn, "jobs" if intent == "jobs" else "courses")
    elif intent == "profile":
        turn.goto("profile", "review")
        flows.profile.reprompt(turn)
    elif intent == "privacy":
        flows.privacy.export(turn)
        flows.menu.reprompt(turn)
    elif intent == "feedback" and flows.feedback.available:
        flows.feedback.start_with(turn, turn.answer.text)
    elif intent == "question" and flows.questions.available:
        flows.questions.answer(turn, turn.answer.text)
    else:
        flows.menu.show_help(turn)


def understand(turn: Turn, intents: IntentReader | None) -> None:
    """Route a free message, or ask which of the two likeliest things was meant."""
    if intents is None:
        turn.say("menu.unknown", buttons=turn.flows.menu.buttons(turn))
        return
    guess = intents.classify([turn.answer.text])[0]
    if guess.confident:
        route(turn, guess.intent)
        return
    turn.say(
        "router.clarify",
        buttons=[
            turn.button(f"{ROUTE}={guess.intent}", f"button.intent.{guess.intent}"),
            turn.button(f"{ROUTE}={guess.runner_up}", f"button.intent.{guess.runner_up}"),
            turn.button(f"{ROUTE}=help", "button.menu_help"),
        ],
    )
