"""The conversation engine: a stored inbound message in, the replies out, the state saved.

``respond`` runs inside the caller's transaction: the person's flow step runs, the new
state and the replies are stored, and the inbound message is marked done, all or nothing.
If a step fails, the step's changes roll back to a savepoint, the person gets a short
apology in their language and the log gets the traceback. ``handle`` is the console's
shortcut: store and answer in one transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot import metrics
from bot.conversation import Answer, Turn
from bot.flows.commands import COMMANDS
from bot.flows.registry import Flows
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from bot.logs import log_failure
from bot.messages import IncomingMessage, OutgoingMessage
from bot.store.db import Database
from bot.store.queue import DONE, FAILED, QUEUED, SENT, incoming_of, store_inbound
from bot.store.tables import ConversationState, MessageRow, Person
from bot.text import fold
from models.language import LanguageIdentifier

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Response:
    """What answering one message produced."""

    replies: list[OutgoingMessage]
    erased: bool = False


class ConversationEngine:
    """Turns a person's message into replies, with all state in the database."""

    def __init__(
        self,
        *,
        database: Database,
        translator: Translator,
        language_id: LanguageIdentifier,
        pseudonym_key: str,
        clock: Clock = _utcnow,
        flows: Flows | None = None,
    ) -> None:
        self._db = database
        self._translate = translator
        self._language_id = language_id
        self.pseudonym_key = pseudonym_key
        self.clock = clock
        self._flows = flows or Flows()

    def handle(self, message: IncomingMessage) -> list[OutgoingMessage]:
        """Store and answer one message at once (a redelivered platform id gets no reply)."""
        with self._db.session() as session:
            now = self.clock()
            inbound = store_inbound(
                session, message, key=self.pseudonym_key, now=now, status=QUEUED
            )
            if inbound is None:
                metrics.DUPLICATES.labels(channel=message.channel).inc()
                return []
            return self.respond(session, inbound, deliver=False).replies

    def respond(self, session: Session, inbound: MessageRow, *, deliver: bool) -> Response:
        """Answer a stored inbound message. With ``deliver`` the replies are queued for a
        channel to send (addressed to the sender); without, they count as already shown."""
        now = self.clock()
        message = incoming_of(inbound)
        person = session.get(Person, inbound.person_id)
        if person is None:  # erased while the message waited
            return Response([])
        state = person.state
        is_new = state is None
        if state is None:
            state = ConversationState(person_id=person.id, flow="welcome", step="language", data={})
            person.state = state
        flow_before = state.flow
        turn = Turn(
            session=session,
            person=person,
            state=state,
            message=message,
            answer=self._answer(message, state.data),
            translate=self._translate,
            flows=self._flows,
            now=now,
            data={k: v for k, v in state.data.items() if k not in ("choices", "numbered")},
        )
        saved_data = dict(turn.data)
        try:
            with session.begin_nested():
                self._dispatch(turn, is_new)
        except Exception as exc:
            log_failure(log, "flow step failed", exc, flow=state.flow, step=state.step)
            turn.replies = []
            turn.data = dict(saved_data)
            turn.erased = False
            turn.say("error.sorry")
        if turn.erased:
            return Response(turn.replies, erased=True)
        if flow_before == "profile" and turn.state.flow == "menu":
            metrics.FLOW_COMPLETIONS.labels(flow="profile").inc()
        self._save(session, turn, inbound, now, deliver=deliver)
        return Response(turn.replies)

    def give_up(self, session: Session, inbound: MessageRow) -> None:
        """Mark an inbound message whose processing keeps failing as failed, and queue one
        short apology in the person's language (unless it already has replies)."""
        address, context = inbound.address, dict(inbound.context or {})
        inbound.status = FAILED
        inbound.claimed_by = None
        inbound.address = None
        person = session.get(Person, inbound.person_id)
        answered = session.scalar(select(MessageRow.id).where(MessageRow.reply_to == inbound.id))
        if person is None or address is None or answered is not None:
            return
        language = person.language or DEFAULT_LANGUAGE
        session.add(
            MessageRow(
                person_id=person.id,
                channel=inbound.channel,
                direction="out",
                text=self._translate("error.sorry", language),
                language=language,
                created_at=self.clock(),
                reply_to=inbound.id,
                seq=0,
                status=QUEUED,
                address=address,
                context=context or None,
            )
        )

    # -- pieces ---------------------------------------------------------------------------
    def _dispatch(self, turn: Turn, is_new: bool) -> None:
        if is_new:
            self._flows.welcome.greet(turn, self._first_language(turn.message))
            return
        if turn.message.has_media and not turn.message.text and not turn.message.payload:
            turn.say("media.unsupported")
            turn.reprompt()
            return
        for command in COMMANDS:
            if command(turn):
                return
        self._flows.get(turn.state.flow).handle(turn)

    def _first_language(self, message: IncomingMessage) -> str | None:
        if message.language_hint in LANGUAGES:
            return message.language_hint
        return self._language_id.detect(message.text).lang

    @staticmethod
    def _answer(message: IncomingMessage, data: dict[str, Any]) -> Answer:
        """Resolve "2" or a typed button label to the button's payload."""
        if message.payload:
            return Answer(text=message.text, payload=message.payload)
        choices: list[list[str]] = data.get("choices") or []
        folded = fold(message.text)
        if data.get("numbered", True) and folded.isdecimal() and 1 <= int(folded) <= len(choices):
            return Answer(text=choices[int(folded) - 1][1], payload=choices[int(folded) - 1][0])
        for payload, label in choices:
            if fold(label) == folded:
                return Answer(text=message.text, payload=payload)
        return Answer(text=message.text)

    def _save(
        self, session: Session, turn: Turn, inbound: MessageRow, now: datetime, *, deliver: bool
    ) -> None:
        person, state = turn.person, turn.state
        last_buttons = turn.replies[-1].buttons if turn.replies else ()
        data = dict(turn.data)
        data["choices"] = [[b.payload, b.label] for b in last_buttons]
        data["numbered"] = turn.replies[-1].numbered if turn.replies else True
        state.data = data
        state.updated_at = now
        person.updated_at = now
        address = inbound.address
        inbound.status = DONE
        inbound.address = None
        inbound.language = person.language
        if person.consent == "declined":
            # Declining keeps nothing beyond the decline: no texts, only delivery ids.
            session.execute(
                update(MessageRow)
                .where(MessageRow.person_id == person.id, MessageRow.direction == "in")
                .values(text=None, payload=None)
            )
        for seq, reply in enumerate(turn.replies):
            session.add(
                MessageRow(
                    person_id=person.id,
                    channel=inbound.channel,
                    direction="out",
                    text=reply.text,
                    buttons=[{"label": b.label, "payload": b.payload} for b in reply.buttons]
                    or None,
                    numbered=reply.numbered,
                    language=reply.language,
                    created_at=now,
                    reply_to=inbound.id,
                    seq=seq,
                    status=QUEUED if deliver else SENT,
                    address=address if deliver else None,
                    context=dict(inbound.context or {}) if deliver and seq == 0 else None,
                )
            )
