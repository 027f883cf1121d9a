"""offers and offer events

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:22:54.654226
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "offers",
        sa.Column("vector_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=True),
        sa.Column("skills", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=64), nullable=True),
        sa.Column("district", sa.String(length=128), nullable=True),
        sa.Column("remote", sa.Boolean(), nullable=True),
        sa.Column("modality", sa.String(length=16), nullable=True),
        sa.Column("hours_per_week", sa.Integer(), nullable=True),
        sa.Column("duration_hours", sa.Double(), nullable=True),
        sa.Column("schedule", sa.String(length=16), nullable=True),
        sa.Column("pay_min", sa.Double(), nullable=True),
        sa.Column("pay_max", sa.Double(), nullable=True),
        sa.Column("cost", sa.Double(), nullable=True),
        sa.Column("education_required", sa.String(length=16), nullable=True),
        sa.Column("equipment", sa.String(length=16), nullable=True),
        sa.Column("languages", sa.JSON(), nullable=True),
        sa.Column("posted_at", sa.Date(), nullable=True),
        sa.Column("starts_at", sa.Date(), nullable=True),
        sa.Column("expires_at", sa.Date(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("vector_id", name=op.f("pk_offers")),
        sa.UniqueConstraint("kind", "external_id", name="uq_offers_kind_external_id"),
    )
    op.create_table(
        "offer_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("person_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("offer_id", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_offer_events_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offer_events")),
    )
    with op.batch_alter_table("offer_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offer_events_created_at"), ["created_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offer_events_person_id"), ["person_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("offer_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offer_events_person_id"))
        batch_op.drop_index(batch_op.f("ix_offer_events_created_at"))

    op.drop_table("offer_events")
    op.drop_table("offers")
