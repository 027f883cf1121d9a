"""Free text at rest (in the menu): what the person wants, by the intent classifier, then
the flow that does it. When the classifier is unsure the bot asks, with buttons."""

from __future__ import annotations

from typing import Protocol

from bot.conversation import Turn
from bot.text import fold
from models.intent import IntentGuess
from models.llm import is_unsafe

ROUTE = "route"
QUESTION_WORDS = frozenset(
    "que como cuando donde quien cuanto cuanta cuantos cuantas cual cuales porque por "
    "imataq ima imaynatataq imaynata maypitaq maypi pitaq pi hayk'ataq hayk'a hayk'aq "
    "mayqin mayqintaq imarayku".split()
)


def looks_like_a_question(text: str) -> bool:
    """ "¿...?" or a question word first ("cómo", "qué", "imaynatataq")."""
    stripped = text.strip()
    words = fold(stripped).split()
    return (
        stripped.endswith("?")
        or stripped.startswith("¿")
        or (bool(words) and words[0] in QUESTION_WORDS)
    )


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
    if is_unsafe(turn.answer.text) is not None and turn.flows.questions.available:
        turn.flows.questions.answer(turn, turn.answer.text)  # a fixed, caring reply
        return
    if intents is None:
        turn.say("menu.unknown", buttons=turn.flows.menu.buttons(turn))
        return
    guess = intents.classify([turn.answer.text])[0]
    if looks_like_a_question(turn.answer.text) and guess.intent not in ("jobs", "courses"):
        route(turn, "question")  # the knowledge base says when it does not know
        return
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
