"""Offers in the database (the source of truth) and the events people leave on them.

``retrieval`` reads and writes the shared store (``bot.store``) but never the engine.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.store.tables import OfferEventRow, OfferRow
from retrieval.catalog import CourseRecord, JobRecord, Kind, OfferRecord
from retrieval.offers import Offer

EVENTS = ("shown", "details", "not_interested", "interested", "applied")


def _fields(record: OfferRecord) -> dict[str, object]:
    common: dict[str, object] = {
        "title": record.title,
        "description": record.description,
        "skills": list(record.skills),
        "region": record.region,
        "district": record.district,
        "schedule": record.schedule,
        "education_required": record.education_required,
        "equipment": record.equipment,
        "languages": list(record.languages) if record.languages else None,
        "expires_at": record.expires_at,
        "url": record.url,
    }
    if isinstance(record, JobRecord):
        common |= {
            "organisation": record.employer,
            "remote": record.remote,
            "hours_per_week": record.hours_per_week,
            "pay_min": record.pay_min,
            "pay_max": record.pay_max,
            "posted_at": record.posted_at,
        }
    elif isinstance(record, CourseRecord):
        common |= {
            "organisation": record.provider,
            "modality": record.modality,
            "remote": record.modality in ("virtual", "mixto") if record.modality else None,
            "duration_hours": record.duration_hours,
            "cost": record.cost,
            "starts_at": record.starts_at,
        }
    return common


def content_hash(fields: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


def upsert_offers(
    session: Session, kind: Kind, records: Sequence[OfferRecord], *, now: datetime
) -> list[int]:
    """Insert or update by ``id``; returns the vector ids whose content changed."""
    existing = {
        row.external_id: row
        for row in session.scalars(
            select(OfferRow).where(
                OfferRow.kind == kind, OfferRow.external_id.in_([r.id for r in records])
            )
        )
    }
    changed: list[OfferRow] = []
    for record in records:
        fields = _fields(record)
        digest = content_hash(fields)
        row = existing.get(record.id)
        if row is None:
            row = OfferRow(kind=kind, external_id=record.id, content_hash=digest, updated_at=now)
            session.add(row)
            existing[record.id] = row
        elif row.content_hash == digest:
            continue
        for name, value in fields.items():
            setattr(row, name, value)
        row.content_hash = digest
        row.updated_at = now
        changed.append(row)
    session.flush()
    return [row.vector_id for row in changed]


def to_offer(row: OfferRow) -> Offer:
    return Offer(
        vector_id=row.vector_id,
        kind=row.kind,
        id=row.external_id,
        title=row.title,
        description=row.description,
        skills=tuple(row.skills or ()),
        organisation=row.organisation,
        region=row.region,
        district=row.district,
        remote=row.remote,
        modality=row.modality,
        hours_per_week=row.hours_per_week,
        duration_hours=row.duration_hours,
        schedule=row.schedule,
        pay_min=row.pay_min,
        pay_max=row.pay_max,
        cost=row.cost,
        education_required=row.education_required,
        equipment=row.equipment,
        languages=tuple(row.languages) if row.languages else None,
        expires_at=row.expires_at,
        starts_at=row.starts_at,
        url=row.url,
    )


def load_offers(
    session: Session, kind: Kind, vector_ids: Iterable[int] | None = None
) -> list[Offer]:
    query = select(OfferRow).where(OfferRow.kind == kind).order_by(OfferRow.vector_id)
    if vector_ids is not None:
        query = query.where(OfferRow.vector_id.in_(list(vector_ids)))
    return [to_offer(row) for row in session.scalars(query)]


def offers_by_id(session: Session, kind: Kind, ids: Sequence[str]) -> dict[str, Offer]:
    """Offers of this kind by their catalog id (only those that still exist)."""
    if not ids:
        return {}
    rows = session.scalars(
        select(OfferRow).where(OfferRow.kind == kind, OfferRow.external_id.in_(list(ids)))
    )
    return {row.external_id: to_offer(row) for row in rows}


def catalog_version(session: Session, kind: Kind) -> tuple[int, str]:
    """Changes whenever offers of this kind are added or updated (cheap to ask)."""
    count, newest = session.execute(
        select(func.count(), func.max(OfferRow.updated_at)).where(OfferRow.kind == kind)
    ).one()
    return int(count), str(newest)


def record_event(
    session: Session,
    *,
    person_id: str,
    kind: str,
    offer_id: str,
    event: str,
    channel: str,
    now: datetime,
    rank: int | None = None,
) -> None:
    if event not in EVENTS:
        raise ValueError(f"unknown offer event {event!r}")
    session.add(
        OfferEventRow(
            person_id=person_id,
            kind=kind,
            offer_id=offer_id,
            event=event,
            channel=channel,
            rank=rank,
            created_at=now,
        )
    )
