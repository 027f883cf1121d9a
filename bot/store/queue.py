"""The inbox and outbox over ``messages``: store, claim, and settle messages.

Claims are atomic and per person: only the oldest pending message of a person can be
claimed, so one person is served by one worker at a time, in arrival order. PostgreSQL
locks the candidate with ``FOR UPDATE SKIP LOCKED`` so concurrent workers pass each other;
SQLite serialises writers, and the claim is one conditional ``UPDATE``. A claim older than
the timeout belonged to a worker that died and is taken again; a worker that is alive
renews its claim while a slow send is in flight, so only a dead worker's claim times out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from bot.messages import IncomingMessage
from bot.store.people import find_person, pseudonym
from bot.store.tables import MessageRow, Person
from bot.text import storable

QUEUED = "queued"
CLAIMED = "claimed"
DONE = "done"
SENT = "sent"
FAILED = "failed"
HELD = "held"
PENDING = (QUEUED, CLAIMED)


def find_duplicate(session: Session, message: IncomingMessage) -> int | None:
    if not message.platform_message_id:
        return None
    return session.scalar(
        select(MessageRow.id).where(
            MessageRow.channel == message.channel,
            MessageRow.direction == "in",
            MessageRow.platform_message_id == message.platform_message_id,
        )
    )


def person_for(session: Session, message: IncomingMessage, *, key: str, now: datetime) -> Person:
    """The person behind a platform address, created on their first message."""
    ref = pseudonym(key, message.channel, message.user_ref)
    person = find_person(session, channel=message.channel, platform_ref=ref)
    if person is None:
        person = Person(channel=message.channel, platform_ref=ref, created_at=now, updated_at=now)
        session.add(person)
        session.flush()
    return person


def store_inbound(
    session: Session, message: IncomingMessage, *, key: str, now: datetime, status: str = QUEUED
) -> MessageRow | None:
    """Store a message as it arrives; ``None`` when this platform id was already stored.

    Text the database cannot hold (NUL bytes, lone surrogates) is cleaned first.
    """
    message = _storable(message)
    for _ in range(2):
        if find_duplicate(session, message) is not None:
            return None
        try:
            with session.begin_nested():
                return _insert_inbound(session, message, key=key, now=now, status=status)
        except IntegrityError:
            # A concurrent delivery stored the same platform id, or created the same person
            # a moment ago: look again.
            continue
    return None


def _storable(message: IncomingMessage) -> IncomingMessage:
    def clean(value: str | None) -> str | None:
        return None if value is None else storable(value)

    return replace(
        message,
        user_ref=storable(message.user_ref),
        text=storable(message.text),
        payload=clean(message.payload),
        platform_message_id=clean(message.platform_message_id),
        language_hint=clean(message.language_hint),
        context={storable(k): storable(v) for k, v in message.context.items()},
    )


def _insert_inbound(
    session: Session, message: IncomingMessage, *, key: str, now: datetime, status: str
) -> MessageRow:
    person = person_for(session, message, key=key, now=now)
    context: dict[str, str | bool] = dict(message.context)
    if message.has_media:
        context["has_media"] = True
    if message.language_hint:
        context["language_hint"] = message.language_hint
    row = MessageRow(
        person_id=person.id,
        channel=message.channel,
        direction="in",
        platform_message_id=message.platform_message_id,
        text=message.text,
        payload=message.payload,
        language=person.language,
        created_at=now,
        status=status,
        address=message.user_ref,
        context=context or None,
    )
    session.add(row)
    session.flush()
    return row


def incoming_of(row: MessageRow) -> IncomingMessage:
    """The stored inbound row as the engine reads it."""
    context = dict(row.context or {})
    has_media = bool(context.pop("has_media", False))
    hint = context.pop("language_hint", None)
    return IncomingMessage(
        channel=row.channel,
        user_ref=row.address or "",
        text=row.text or "",
        payload=row.payload,
        platform_message_id=row.platform_message_id,
        has_media=has_media,
        language_hint=str(hint) if hint else None,
        context={k: str(v) for k, v in context.items()},
    )


def claim(
    session: Session,
    *,
    direction: str,
    worker: str,
    now: datetime,
    timeout: timedelta,
) -> int | None:
    """Atomically claim the next message a worker may handle, or None."""
    earlier = aliased(MessageRow)
    blocked_by_earlier = exists().where(
        earlier.person_id == MessageRow.person_id,
        earlier.direction == direction,
        earlier.id < MessageRow.id,
        earlier.status.in_(PENDING),
    )
    claimable = and_(
        MessageRow.direction == direction,
        or_(
            MessageRow.status == QUEUED,
            and_(MessageRow.status == CLAIMED, MessageRow.claimed_at < now - timeout),
        ),
        or_(MessageRow.next_attempt_at.is_(None), MessageRow.next_attempt_at <= now),
        ~blocked_by_earlier,
    )
    candidate = select(MessageRow.id).where(claimable).order_by(MessageRow.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        candidate = candidate.with_for_update(skip_locked=True, of=MessageRow)
    claimed = session.execute(
        update(MessageRow)
        .where(MessageRow.id == candidate.scalar_subquery())
        .values(status=CLAIMED, claimed_by=worker, claimed_at=now, attempts=MessageRow.attempts + 1)
        .returning(MessageRow.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return claimed


def still_mine(session: Session, message_id: int, worker: str) -> MessageRow | None:
    """The claimed row, locked, if this worker still holds the claim."""
    query = select(MessageRow).where(
        MessageRow.id == message_id, MessageRow.status == CLAIMED, MessageRow.claimed_by == worker
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return session.scalar(query)


def renew_claim(session: Session, message_id: int, worker: str, now: datetime) -> bool:
    """Refresh this worker's claim so it does not time out while the work is still going;
    False when the claim is no longer this worker's."""
    renewed = session.execute(
        update(MessageRow)
        .where(
            MessageRow.id == message_id,
            MessageRow.status == CLAIMED,
            MessageRow.claimed_by == worker,
        )
        .values(claimed_at=now)
        .returning(MessageRow.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return renewed is not None


def last_inbound_at(session: Session, person_id: str) -> datetime | None:
    return session.scalar(
        select(func.max(MessageRow.created_at)).where(
            MessageRow.person_id == person_id, MessageRow.direction == "in"
        )
    )


@dataclass(frozen=True)
class QueueStats:
    inbound_depth: int
    outbound_depth: int
    oldest_age_seconds: float


def queue_stats(session: Session, now: datetime) -> QueueStats:
    """How much waits, and for how long the oldest waiting inbound message has waited."""
    rows = session.execute(
        select(MessageRow.direction, func.count(), func.min(MessageRow.created_at))
        .where(MessageRow.status.in_(PENDING))
        .group_by(MessageRow.direction)
    ).all()
    depth = {direction: count for direction, count, _ in rows}
    oldest = next((first for direction, _, first in rows if direction == "in"), None)
    age = (now - oldest).total_seconds() if oldest else 0.0
    return QueueStats(depth.get("in", 0), depth.get("out", 0), max(age, 0.0))
