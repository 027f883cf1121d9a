"""The conversation engine: one message in, the replies out, the state saved.

``handle`` is one database transaction: the inbound message is recorded (its platform id
makes a redelivery a no-op), the person's flow step runs, the new state and the replies
are stored, and only then are the replies returned. If anything fails the transaction
rolls back, the person gets a short apology in their language and the log gets the
traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversation import Answer, Turn
from bot.flows.commands import COMMANDS
from bot.flows.registry import Flows
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from bot.messages import IncomingMessage, OutgoingMessage
from bot.store.db import Database
from bot.store.people import find_person, pseudonym
from bot.store.tables import ConversationState, MessageRow, Person
from bot.text import fold
from models.language import LanguageIdentifier

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def _utcnow() -> datetime:
    return datetime.now(UTC)


class ConversationEngine:
    """Turns an :class:`IncomingMessage` into replies, with all state in the database."""

    def __init__(
        self,
        *,
        database: Database,
        translator: Translator,
        language_id: LanguageIdentifier,
        pseudonym_key: str,
        clock: Clock = _utcnow,
    ) -> None:
        self._db = database
        self._translate = translator
        self._language_id = language_id
        self._key = pseudonym_key
        self._clock = clock
        self._flows = Flows()

    def handle(self, message: IncomingMessage) -> list[OutgoingMessage]:
        """Answer one message exactly once (a redelivered platform id gets no reply)."""
        for attempt in range(2):
            try:
                with self._db.session() as session:
                    return self._handle(session, message)
            except IntegrityError:
                # Either this platform id was stored by a concurrent delivery (a duplicate),
                # or a concurrent first message created the same person: look again.
                if attempt == 1 or self._already_stored(message):
                    return []
        return []

    def _handle(self, session: Session, message: IncomingMessage) -> list[OutgoingMessage]:
        if message.platform_message_id and self._is_duplicate(session, message):
            log.info("duplicate delivery ignored", extra={"channel": message.channel})
            return []
        now = self._clock()
        person, is_new = self._person(session, message, now)
        inbound = MessageRow(
            person_id=person.id,
            channel=message.channel,
            direction="in",
            platform_message_id=message.platform_message_id,
            text=message.text,
            payload=message.payload,
            language=person.language,
            created_at=now,
        )
        session.add(inbound)
        session.flush()  # the unique platform id is claimed here, before any work
        state = person.state
        if state is None:
            state = ConversationState(person_id=person.id, flow="welcome", step="language", data={})
            person.state = state
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
        except Exception:
            log.exception("flow step failed", extra={"flow": state.flow, "step": state.step})
            turn.replies = []
            turn.data = dict(saved_data)
            turn.say("error.sorry")
            turn.erased = False
        if turn.erased:
            return turn.replies
        self._save(session, turn, now)
        return turn.replies

    # -- pieces ---------------------------------------------------------------------------
    def _dispatch(self, turn: Turn, is_new: bool) -> None:
        if is_new:
            self._flows.welcome.greet(turn, self._first_language(turn.message))
            return
        for command in COMMANDS:
            if command(turn):
                return
        self._flows.get(turn.state.flow).handle(turn)

    def _first_language(self, message: IncomingMessage) -> str | None:
        if message.language_hint in LANGUAGES:
            return message.language_hint
        return self._language_id.detect(message.text).lang

    def _person(
        self, session: Session, message: IncomingMessage, now: datetime
    ) -> tuple[Person, bool]:
        ref = pseudonym(self._key, message.channel, message.user_ref)
        person = find_person(session, channel=message.channel, platform_ref=ref)
        if person is not None:
            return person, False
        person = Person(channel=message.channel, platform_ref=ref, created_at=now, updated_at=now)
        session.add(person)
        session.flush()
        return person, True

    @staticmethod
    def _answer(message: IncomingMessage, data: dict[str, Any]) -> Answer:
        """Resolve "2" or a typed button label to the button's payload."""
        if message.payload:
            return Answer(text=message.text, payload=message.payload)
        choices: list[list[str]] = data.get("choices") or []
        folded = fold(message.text)
        if data.get("numbered", True) and folded.isdigit() and 1 <= int(folded) <= len(choices):
            return Answer(text=choices[int(folded) - 1][1], payload=choices[int(folded) - 1][0])
        for payload, label in choices:
            if fold(label) == folded:
                return Answer(text=message.text, payload=payload)
        return Answer(text=message.text)

    def _save(self, session: Session, turn: Turn, now: datetime) -> None:
        person, state = turn.person, turn.state
        last_buttons = turn.replies[-1].buttons if turn.replies else ()
        data = dict(turn.data)
        data["choices"] = [[b.payload, b.label] for b in last_buttons]
        data["numbered"] = turn.replies[-1].numbered if turn.replies else True
        state.data = data
        state.updated_at = now
        person.updated_at = now
        if person.consent == "declined":
            # Declining keeps nothing beyond the decline: no texts, only delivery ids.
            session.execute(
                update(MessageRow)
                .where(MessageRow.person_id == person.id)
                .values(text=None, payload=None, buttons=None)
            )
            return
        for reply in turn.replies:
            session.add(
                MessageRow(
                    person_id=person.id,
                    channel=turn.message.channel,
                    direction="out",
                    text=reply.text,
                    buttons=[{"label": b.label, "payload": b.payload} for b in reply.buttons]
                    or None,
                    language=reply.language,
                    created_at=now,
                )
            )

    @staticmethod
    def _is_duplicate(session: Session, message: IncomingMessage) -> bool:
        return (
            session.scalar(
                select(MessageRow.id).where(
                    MessageRow.channel == message.channel,
                    MessageRow.direction == "in",
                    MessageRow.platform_message_id == message.platform_message_id,
                )
            )
            is not None
        )

    def _already_stored(self, message: IncomingMessage) -> bool:
        if not message.platform_message_id:
            return False
        with self._db.session() as session:
            return self._is_duplicate(session, message)

    def language_of(self, session: Session, channel: str, user_ref: str) -> str:
        person = find_person(
            session, channel=channel, platform_ref=pseudonym(self._key, channel, user_ref)
        )
        return (person.language if person else None) or DEFAULT_LANGUAGE
