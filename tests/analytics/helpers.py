"""Rows written straight into the store for analytics tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from analytics.runs import FINISHED, RUNNING
from bot.store.db import Database
from bot.store.tables import FeedbackRow, Person, ProfileRow, ReportRun, ReportTableRow


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


def add_report_run(
    database: Database,
    *,
    finished: datetime,
    status: str = FINISHED,
    k: int = 10,
    today: date = date(2026, 11, 21),
    summary: dict[str, Any] | None = None,
    tables: dict[str, list[dict[str, Any]]] | None = None,
) -> str:
    """Store a report run as ``chaski analytics run`` would, with the tables given as they
    are (tests use this to plant leaks the readers must not pass on); returns its id."""
    run_id = str(uuid.uuid4())
    with database.session() as session:
        session.add(
            ReportRun(
                id=run_id,
                status=status,
                started_at=finished - timedelta(minutes=2),
                finished_at=None if status == RUNNING else finished,
                period_since=date(2026, 7, 1),
                period_until=date(2026, 10, 31),
                today=today,
                k=k,
                summary=summary,
            )
        )
        session.flush()
        for position, (name, rows) in enumerate((tables or {}).items()):
            session.add(
                ReportTableRow(
                    run_id=run_id, name=name, position=position, columns=list(rows[0]), rows=rows
                )
            )
    return run_id
