"""SQLAlchemy 2.0 tables. Every row that is about a person hangs off ``people`` and goes
with it when the person asks to be forgotten (``ON DELETE CASCADE``)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    true,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return uuid.uuid4().hex


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite forgets the zone; we put it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use datetime.now(UTC)")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON}


class Person(Base):
    """Someone who wrote to Chaski. ``platform_ref`` is a keyed pseudonym, never the number."""

    __tablename__ = "people"
    __table_args__ = (UniqueConstraint("channel", "platform_ref", name="uq_people_channel_ref"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    channel: Mapped[str] = mapped_column(String(16))
    platform_ref: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(8))
    consent: Mapped[str] = mapped_column(String(16), default="pending")
    consent_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    profile: Mapped[ProfileRow | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )
    state: Mapped[ConversationState | None] = relationship(
        back_populates="person", cascade="all, delete-orphan", passive_deletes=True
    )


class ProfileRow(Base):
    """The CONTRACT.md profile, one column per field."""

    __tablename__ = "profiles"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str | None] = mapped_column(String(8))
    languages: Mapped[list[str] | None] = mapped_column(JSON)
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(128))
    age: Mapped[int | None] = mapped_column(Integer)
    gender: Mapped[str | None] = mapped_column(String(8))
    education: Mapped[str | None] = mapped_column(String(16))
    skills: Mapped[str | None] = mapped_column(Text)
    experience: Mapped[str | None] = mapped_column(Text)
    interests: Mapped[str | None] = mapped_column(Text)
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    schedule: Mapped[str | None] = mapped_column(String(16))
    remote_ok: Mapped[bool | None] = mapped_column(Boolean)
    equipment: Mapped[str | None] = mapped_column(String(16))
    occupation_status: Mapped[str | None] = mapped_column(String(24))
    has_ruc: Mapped[bool | None] = mapped_column(Boolean)
    health_insurance: Mapped[str | None] = mapped_column(String(16))
    pension: Mapped[bool | None] = mapped_column(Boolean)
    monthly_income: Mapped[int | None] = mapped_column(Integer)
    household_size: Mapped[int | None] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16), default="chat")
    completed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship(back_populates="profile")


class ConversationState(Base):
    """Where a person is in the conversation: flow, step and the step's small data."""

    __tablename__ = "conversation_states"

    person_id: Mapped[str] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    person: Mapped[Person] = relationship(back_populates="state")


class MessageRow(Base):
    """Every message in and out: the conversation log, the inbox and the outbox in one.

    Inbound rows are ``queued`` when a webhook stores them, ``claimed`` by a worker, then
    ``done``. Outbound rows are ``queued`` until sent (``sent``), given up (``failed``) or
    held back outside WhatsApp's 24-hour window (``held``). ``address`` (the platform's
    chat id or number) is kept only while a message is in flight. ``reply_to`` + ``seq``
    say which inbound message a reply answers, so a retry never stores it twice.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint(
            "channel", "direction", "platform_message_id", name="uq_messages_platform_id"
        ),
        UniqueConstraint("reply_to", "seq", name="uq_messages_reply_to_seq"),
        Index("ix_messages_queue", "direction", "status", "id"),
        Index("ix_messages_person_queue", "person_id", "direction", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(16))
    direction: Mapped[str] = mapped_column(String(3))
    platform_message_id: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(String(128))
    buttons: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default="done", server_default="done")
    address: Mapped[str | None] = mapped_column(String(128))
    context: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reply_to: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    seq: Mapped[int | None] = mapped_column(Integer)
    numbered: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    delivery_status: Mapped[str | None] = mapped_column(String(16))
    error: Mapped[str | None] = mapped_column(String(200))


class FeedbackRow(Base):
    """Consumer feedback on a food product (filled by the feedback flow and imports)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str | None] = mapped_column(
        ForeignKey("people.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16), default="chat")
    external_user: Mapped[str | None] = mapped_column(String(64))
    product: Mapped[str | None] = mapped_column(String(128))
    text: Mapped[str] = mapped_column(Text)
    rating: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str | None] = mapped_column(String(8))
    sentiment: Mapped[str | None] = mapped_column(String(8))
    aspects: Mapped[list[str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OfferRow(Base):
    """A job or a course from an imported catalog. ``vector_id`` is its id in the index.
    ``(kind, updated_at)`` is indexed: every match asks for the catalog's version."""

    __tablename__ = "offers"
    __table_args__ = (
        UniqueConstraint("kind", "external_id", name="uq_offers_kind_external_id"),
        Index("ix_offers_kind_updated_at", "kind", "updated_at"),
    )

    vector_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(8))
    external_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text)
    organisation: Mapped[str | None] = mapped_column(String(200))
    skills: Mapped[list[str]] = mapped_column(JSON)
    region: Mapped[str | None] = mapped_column(String(64))
    district: Mapped[str | None] = mapped_column(String(128))
    remote: Mapped[bool | None] = mapped_column(Boolean)
    modality: Mapped[str | None] = mapped_column(String(16))
    hours_per_week: Mapped[int | None] = mapped_column(Integer)
    duration_hours: Mapped[float | None]
    schedule: Mapped[str | None] = mapped_column(String(16))
    pay_min: Mapped[float | None]
    pay_max: Mapped[float | None]
    cost: Mapped[float | None]
    education_required: Mapped[str | None] = mapped_column(String(16))
    equipment: Mapped[str | None] = mapped_column(String(16))
    languages: Mapped[list[str] | None] = mapped_column(JSON)
    posted_at: Mapped[date | None] = mapped_column(Date)
    starts_at: Mapped[date | None] = mapped_column(Date)
    expires_at: Mapped[date | None] = mapped_column(Date)
    url: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OfferEventRow(Base):
    """What a person was shown and did with an offer: the matching funnel."""

    __tablename__ = "offer_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    offer_id: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class KnowledgeRow(Base):
    """A knowledge-base entry (question, answer, source) as imported: the source of truth
    for the answers index, which is rebuilt from these rows when it is missing or stale."""

    __tablename__ = "knowledge_entries"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    lang: Mapped[str] = mapped_column(String(8))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ReportRun(Base):
    """One ``chaski analytics run``: its period, ``k`` and summary. Reports hold aggregates
    that were suppressed before they were stored, never a person: nothing here is erased
    with a person (nothing here is about one)."""

    __tablename__ = "report_runs"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # running, finished, failed
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None] = mapped_column(index=True)
    period_since: Mapped[date] = mapped_column(Date)
    period_until: Mapped[date] = mapped_column(Date)
    today: Mapped[date] = mapped_column(Date)
    k: Mapped[int] = mapped_column(Integer)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(String(200))


class ReportTableRow(Base):
    """One suppressed table of a report run: its columns in order and its rows as JSON."""

    __tablename__ = "report_tables"

    run_id: Mapped[str] = mapped_column(
        ForeignKey("report_runs.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    columns: Mapped[list[str]] = mapped_column(JSON)
    rows: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
