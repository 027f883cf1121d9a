"""Knowledge-base entries in the database (the source of truth for answers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.store.tables import KnowledgeRow
from retrieval.kb import KnowledgeEntry, validate_kb_record


def upsert_entries(session: Session, entries: Sequence[KnowledgeEntry], *, now: datetime) -> int:
    """Insert or update by ``id``; returns how many were new or changed."""
    existing = {
        row.id: row
        for row in session.scalars(
            select(KnowledgeRow).where(KnowledgeRow.id.in_([e.id for e in entries]))
        )
    }
    changed = 0
    for entry in entries:
        record = entry.to_record()
        row = existing.get(entry.id)
        if row is None:
            session.add(KnowledgeRow(id=entry.id, lang=entry.lang, record=record, updated_at=now))
        elif row.record != record:
            row.record, row.lang, row.updated_at = record, entry.lang, now
        else:
            continue
        changed += 1
    return changed


def load_entries(session: Session) -> list[KnowledgeEntry]:
    rows = session.scalars(select(KnowledgeRow).order_by(KnowledgeRow.id))
    return [validate_kb_record(row.record) for row in rows]
