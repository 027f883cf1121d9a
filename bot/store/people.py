"""People: pseudonymous lookup, profiles, export and erasure ("borrar mis datos")."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.profile import PROFILE_FIELDS
from bot.store.tables import (
    Base,
    ConversationState,
    FeedbackRow,
    MessageRow,
    OfferEventRow,
    Person,
    ProfileRow,
)

# Every table holding rows about a person, children first. A new personal table joins here
# (and gets ``ON DELETE CASCADE``), so erasure stays complete.
PERSONAL_TABLES: tuple[type[Base], ...] = (
    OfferEventRow,
    MessageRow,
    FeedbackRow,
    ConversationState,
    ProfileRow,
)


def pseudonym(key: str, channel: str, user_ref: str) -> str:
    """A keyed, one-way stand-in for a platform address (HMAC-SHA256, hex)."""
    return hmac.new(key.encode(), f"{channel}:{user_ref}".encode(), hashlib.sha256).hexdigest()


def find_person(session: Session, *, channel: str, platform_ref: str) -> Person | None:
    return session.scalar(
        select(Person).where(Person.channel == channel, Person.platform_ref == platform_ref)
    )


def resolve_person(session: Session, *, key: str, reference: str) -> Person | None:
    """A person from an operator's reference: the internal id, or ``channel:address``."""
    person = session.get(Person, reference)
    if person is not None:
        return person
    channel, _, address = reference.partition(":")
    if not address:
        channel, address = "console", reference
    return find_person(session, channel=channel, platform_ref=pseudonym(key, channel, address))


def profile_document(row: ProfileRow | None) -> dict[str, Any]:
    """The stored answers in CONTRACT.md shape (only the fields answered so far)."""
    if row is None:
        return {}
    values = {name: getattr(row, name) for name in PROFILE_FIELDS}
    return {name: value for name, value in values.items() if value is not None}


def export_person(session: Session, person: Person) -> dict[str, Any]:
    """Everything stored about one person, as plain JSON-ready data."""
    messages = session.scalars(
        select(MessageRow).where(MessageRow.person_id == person.id).order_by(MessageRow.id)
    ).all()
    feedback = session.scalars(
        select(FeedbackRow).where(FeedbackRow.person_id == person.id).order_by(FeedbackRow.id)
    ).all()
    state = person.state
    return {
        "person": {
            "id": person.id,
            "channel": person.channel,
            "language": person.language,
            "consent": person.consent,
            "consent_at": _iso(person.consent_at),
            "created_at": _iso(person.created_at),
        },
        "profile": profile_document(person.profile),
        "profile_completed_at": _iso(person.profile.completed_at) if person.profile else None,
        "conversation": {"flow": state.flow, "step": state.step} if state else None,
        "messages": [
            {
                "direction": m.direction,
                "text": m.text,
                "created_at": _iso(m.created_at),
            }
            for m in messages
            if m.text is not None
        ],
        "feedback": [
            {
                "product": f.product,
                "text": f.text,
                "rating": f.rating,
                "created_at": _iso(f.created_at),
            }
            for f in feedback
        ],
    }


def erase_person(session: Session, person: Person) -> None:
    """Delete the person and every row about them, in every personal table."""
    person_id = person.id
    for table in PERSONAL_TABLES:
        session.execute(delete(table).where(table.person_id == person_id))  # type: ignore[attr-defined]
    session.expunge(person)
    session.execute(delete(Person).where(Person.id == person_id))


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
