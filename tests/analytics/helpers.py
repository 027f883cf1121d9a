"""Rows written straight into the store for analytics tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert

from bot.store.db import Database
from bot.store.tables import FeedbackRow, Person, ProfileRow


def add_profiles(database: Database, created: datetime, *documents: dict[str, Any]) -> list[str]:
    """Store CONTRACT profile documents (fields missing are unknown); returns person ids."""
    ids = [uuid.uuid4().hex for _ in documents]
    with database.session() as session:
        session.execute(
            insert(Person),
            [
                {"id": pid, "channel": "import", "platform_ref": pid, "created_at": created}
                for pid in ids
            ],
        )
        session.execute(
            insert(ProfileRow),
            [
                {
                    "person_id": pid,
                    "language": "es",
                    "region": "Lima",
                    "skills": "vendo",
                    **doc,
                    "created_at": created,
                }
                for pid, doc in zip(ids, documents, strict=True)
            ],
        )
    return ids


def add_feedback(database: Database, *rows: dict[str, Any]) -> None:
    defaults: dict[str, Any] = {"source": "import", "text": "rico", "sentiment": "pos"}
    with database.session() as session:
        session.execute(insert(FeedbackRow), [defaults | row for row in rows])


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
