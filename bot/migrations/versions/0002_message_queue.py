"""message queue: status, claims, retries, delivery

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:08:28.575954
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bot.store.tables import UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=12), server_default="done", nullable=False)
        )
        batch_op.add_column(sa.Column("address", sa.String(length=128), nullable=True))
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("reply_to", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("numbered", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.add_column(sa.Column("claimed_by", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("claimed_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
        batch_op.add_column(sa.Column("next_attempt_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sent_at", UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("delivery_status", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("error", sa.String(length=200), nullable=True))
        batch_op.create_index(
            "ix_messages_person_queue", ["person_id", "direction", "status"], unique=False
        )
        batch_op.create_index("ix_messages_queue", ["direction", "status", "id"], unique=False)
        batch_op.create_unique_constraint("uq_messages_reply_to_seq", ["reply_to", "seq"])
        batch_op.create_foreign_key(
            batch_op.f("fk_messages_reply_to_messages"),
            "messages",
            ["reply_to"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:

    with op.batch_alter_table("messages", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_messages_reply_to_messages"), type_="foreignkey")
        batch_op.drop_constraint("uq_messages_reply_to_seq", type_="unique")
        batch_op.drop_index("ix_messages_queue")
        batch_op.drop_index("ix_messages_person_queue")
        batch_op.drop_column("error")
        batch_op.drop_column("delivery_status")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("claimed_at")
        batch_op.drop_column("claimed_by")
        batch_op.drop_column("numbered")
        batch_op.drop_column("seq")
        batch_op.drop_column("reply_to")
        batch_op.drop_column("context")
        batch_op.drop_column("address")
        batch_op.drop_column("status")
