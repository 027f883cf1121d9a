"""Report runs in the database, where the analyst API reads them.

``chaski analytics run`` records its run when the period is known (``running``), then, once
every file is written, stores the summary and every table in one transaction and marks the
run ``finished`` (or ``failed``, with the error's kind, when it raised). Tables are stored
exactly as the files hold them: already suppressed. Nothing here names a person, so erasing
a person never needs to touch a report (the aggregates were anonymous when stored).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from analytics.errors import AnalyticsError
from analytics.period import Period
from analytics.rows import Row, Tables, columns
from bot.store.db import Database
from bot.store.tables import ReportRun, ReportTableRow, utcnow

log = logging.getLogger(__name__)

RUNNING, FINISHED, FAILED = "running", "finished", "failed"
ERROR_LENGTH = 200


@dataclass(frozen=True)
class StoredRun:
    report_id: str
    started_at: datetime
    finished_at: datetime
    period: Period
    today: date
    k: int
    summary: dict[str, Any]
    details: dict[str, Any]
    tables: list[str]  # in the report's order


@dataclass(frozen=True)
class StoredTable:
    name: str
    columns: list[str]
    rows: list[Row]


def _store(database: Database, what: str) -> AnalyticsError:
    return AnalyticsError(f"cannot {what} in {database.safe_url}")


def start_run(
    database: Database, *, report_id: str, period: Period, today: date, k: int
) -> datetime:
    """Record a run that has started; returns its start time."""
    started = utcnow()
    run = ReportRun(
        id=report_id,
        status=RUNNING,
        started_at=started,
        period_since=period.since,
        period_until=period.until,
        today=today,
        k=k,
    )
    try:
        with database.session() as session:
            session.add(run)
    except SQLAlchemyError as exc:
        raise _store(database, "record the report run") from exc
    return started


def finish_run(
    database: Database,
    *,
    report_id: str,
    summary: Mapping[str, Any],
    tables: Tables,
    details: Mapping[str, Any],
) -> datetime:
    """Store the summary and every (suppressed) table and mark the run finished, at once."""
    finished = utcnow()
    try:
        with database.session() as session:
            session.add_all(
                ReportTableRow(
                    run_id=report_id,
                    name=name,
                    position=position,
                    columns=columns(rows),
                    rows=[dict(row) for row in rows],
                )
                for position, (name, rows) in enumerate(tables.items())
            )
            session.execute(
                update(ReportRun)
                .where(ReportRun.id == report_id)
                .values(
                    status=FINISHED, finished_at=finished, summary=dict(summary), details=details
                )
            )
    except SQLAlchemyError as exc:
        raise _store(database, "store the report tables") from exc
    return finished


def fail_run(database: Database, report_id: str, error: BaseException) -> None:
    """Mark a run failed. Only an analytics error's own message is kept (it names no data);
    any other error is recorded by its kind."""
    text = str(error) if isinstance(error, AnalyticsError) else type(error).__name__
    with database.session() as session:
        session.execute(
            update(ReportRun)
            .where(ReportRun.id == report_id)
            .values(status=FAILED, finished_at=utcnow(), error=text[:ERROR_LENGTH])
        )


@contextmanager
def failure_recorded(database: Database, report_id: str) -> Iterator[None]:
    """Marks the run failed when the block raises (the error itself goes on up)."""
    try:
        yield
    except Exception as exc:
        try:
            fail_run(database, report_id, exc)
        except SQLAlchemyError:
            log.exception("could not mark report run %s as failed", report_id)
        raise


def _stored(session: Session, run: ReportRun) -> StoredRun:
    names = session.scalars(
        select(ReportTableRow.name)
        .where(ReportTableRow.run_id == run.id)
        .order_by(ReportTableRow.position)
    ).all()
    if run.finished_at is None:
        raise AnalyticsError(f"report run {run.id} is {run.status} but has no finish time")
    return StoredRun(
        report_id=run.id,
        started_at=run.started_at,
        finished_at=run.finished_at,
        period=Period(run.period_since, run.period_until),
        today=run.today,
        k=run.k,
        summary=run.summary or {},
        details=run.details or {},
        tables=list(names),
    )


def latest_run(session: Session, *, min_k: int = 1) -> StoredRun | None:
    """The most recently finished run made with groups of at least ``min_k`` people."""
    run = session.scalars(
        select(ReportRun)
        .where(ReportRun.status == FINISHED, ReportRun.k >= min_k)
        .order_by(ReportRun.finished_at.desc(), ReportRun.started_at.desc(), ReportRun.id)
        .limit(1)
    ).first()
    return None if run is None else _stored(session, run)


def find_run(session: Session, report_id: str, *, min_k: int = 1) -> StoredRun | None:
    """A finished run by id (running and failed runs have no report to read), when it was
    made with groups of at least ``min_k`` people."""
    run = session.get(ReportRun, report_id)
    if run is None or run.status != FINISHED or run.k < min_k:
        return None
    return _stored(session, run)


def read_table(session: Session, report_id: str, name: str) -> StoredTable | None:
    found = session.get(ReportTableRow, (report_id, name))
    if found is None:
        return None
    return StoredTable(found.name, list(found.columns), [dict(row) for row in found.rows])
