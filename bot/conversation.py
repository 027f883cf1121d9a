"""One turn of a conversation: what the person said, who they are, and what we answer.

Flows are explicit state machines: a flow has named steps, each a function of a
:class:`Turn`; the flow and step live in ``conversation_states`` (never in memory).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.orm import Session

from bot.i18n import DEFAULT_LANGUAGE, Translator
from bot.messages import Button, IncomingMessage, OutgoingMessage
from bot.store.tables import ConversationState, Person
from bot.text import fold

if TYPE_CHECKING:
    from bot.flows.registry import Flows


@dataclass(frozen=True)
class Answer:
    """What the person said: the pressed button's payload (if any) and the raw text."""

    text: str
    payload: str | None = None

    @property
    def folded(self) -> str:
        return fold(self.text)

    def payload_value(self, prefix: str) -> str | None:
        """``"education=primaria"`` → ``"primaria"`` for prefix ``"education"``."""
        if self.payload and self.payload.startswith(prefix + "="):
            return self.payload.split("=", 1)[1]
        return None


class Flow(Protocol):
    """A state machine: ``start`` enters it, ``handle`` runs the current step,
    ``reprompt`` repeats the current question (after an interruption or a greeting)."""

    name: str

    def start(self, turn: Turn) -> None: ...

    def handle(self, turn: Turn) -> None: ...

    def reprompt(self, turn: Turn) -> None: ...


@dataclass
class Turn:
    """Everything a step may read or change while answering one message."""

    session: Session
    person: Person
    state: ConversationState
    message: IncomingMessage
    answer: Answer
    translate: Translator
    flows: Flows
    now: datetime
    data: dict[str, Any]
    replies: list[OutgoingMessage] = field(default_factory=list)
    erased: bool = False

    @property
    def lang(self) -> str:
        return self.person.language or DEFAULT_LANGUAGE

    def t(self, key: str, **values: object) -> str:
        return self.translate(key, self.lang, **values)

    def button(self, payload: str, key: str, **values: object) -> Button:
        return Button(label=self.t(key, **values), payload=payload)

    def say(
        self,
        key: str,
        *,
        buttons: Sequence[Button] = (),
        numbered: bool = True,
        **values: object,
    ) -> None:
        self.say_text(self.t(key, **values), buttons=buttons, numbered=numbered)

    def say_text(self, text: str, *, buttons: Sequence[Button] = (), numbered: bool = True) -> None:
        reply = OutgoingMessage(
            text=text, language=self.lang, buttons=tuple(buttons), numbered=numbered
        )
        self.replies.append(reply)

    def goto(self, flow: str, step: str) -> None:
        self.state.flow = flow
        self.state.step = step

    def begin(self, flow: str) -> None:
        """Enter another flow at its first step."""
        self.flows.get(flow).start(self)

    def reprompt(self) -> None:
        self.flows.get(self.state.flow).reprompt(self)

    def remember_return(self) -> None:
        """Before an interruption (privacy, help): where to come back to."""
        self.data["return_to"] = [self.state.flow, self.state.step]

    def resume(self) -> None:
        """Back to where the person was before the interruption, repeating its question."""
        flow, step = self.data.pop("return_to", ["menu", "idle"])
        self.goto(flow, step)
        self.reprompt()


Step = Callable[[Turn], None]


class StepFlow:
    """Base for flows whose steps are methods named in ``steps``."""

    name = "base"
    first_step = "start"

    def steps(self) -> Mapping[str, Step]:
        raise NotImplementedError

    def start(self, turn: Turn) -> None:
        turn.goto(self.name, self.first_step)
        self.reprompt(turn)

    def handle(self, turn: Turn) -> None:
        step = self.steps().get(turn.state.step)
        if step is None:  # a step renamed by a newer release: start the flow again
            self.start(turn)
            return
        step(turn)

    def reprompt(self, turn: Turn) -> None:
        raise NotImplementedError
