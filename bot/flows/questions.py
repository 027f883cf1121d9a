"""Questions: "tengo una pregunta" asks for it; a question routed from the menu is answered
at once. Answers come from the knowledge base (see ``bot.answers``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from sqlalchemy.orm import Session

from bot import metrics
from bot.answers import Reply
from bot.conversation import Step, StepFlow, Turn
from bot.text import fold

START_WORDS = frozenset(
    {
        "pregunta",
        "preguntar",
        "tengo una pregunta",
        "quiero preguntar",
        "consulta",
        "tapukuy",
        "tapukuyta munani",
        "huk tapukuy",
    }
)


class Answerer(Protocol):
    def reply(self, question: str, *, lang: str, session: Session) -> Reply: ...


class QuestionsFlow(StepFlow):
    name = "questions"
    first_step = "ask"

    def __init__(self, answers: Answerer | None = None) -> None:
        self.answers = answers

    @property
    def available(self) -> bool:
        return self.answers is not None

    def steps(self) -> Mapping[str, Step]:
        return {"ask": self._ask}

    def reprompt(self, turn: Turn) -> None:
        turn.say("answers.ask")

    def answer(self, turn: Turn, question: str) -> None:
        if self.answers is None:
            turn.flows.menu.show_help(turn)
            return
        reply = self.answers.reply(question, lang=turn.lang, session=turn.session)
        metrics.ANSWERS.labels(outcome=reply.outcome).inc()
        turn.say_text(reply.text)
        turn.begin("menu")

    def _ask(self, turn: Turn) -> None:
        if len(fold(turn.answer.text)) < 3:
            self.reprompt(turn)
            return
        self.answer(turn, turn.answer.text)
