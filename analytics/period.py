"""The analysed period, Peruvian calendar days and Monday-start weeks, in Python and in SQL.

Peru keeps UTC-5 all year (no daylight saving since 1994), so a fixed offset turns the
stored UTC instants into the local calendar days and weeks analysts talk about. Every job
counts rows with ``created_at`` in ``[since 00:00, until + 1 day 00:00)`` Lima time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, literal_column
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.elements import ColumnElement

from analytics.errors import AnalyticsError

PERU = timezone(timedelta(hours=-5), "PET")
DEFAULT_DAYS = 120


@dataclass(frozen=True)
class Period:
    since: date
    until: date

    def __post_init__(self) -> None:
        if self.since > self.until:
            raise AnalyticsError(f"--since {self.since} is after --until {self.until}")

    @property
    def start(self) -> datetime:
        """First instant of ``since`` in Lima, as UTC."""
        return datetime.combine(self.since, time(), PERU).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """First instant after ``until`` in Lima, as UTC (exclusive bound)."""
        return datetime.combine(self.until + timedelta(days=1), time(), PERU).astimezone(UTC)

    def weeks(self) -> list[date]:
        """The Mondays of every week the period touches, in order."""
        first = monday(self.since)
        count = (monday(self.until) - first).days // 7 + 1
        return [first + timedelta(weeks=i) for i in range(count)]

    def as_dict(self) -> dict[str, str]:
        return {"since": self.since.isoformat(), "until": self.until.isoformat()}


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def local_date(moment: datetime) -> date:
    """The Lima calendar day of a stored instant (naive values are UTC, as the store keeps)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(PERU).date()


def default_period(
    until: date | None, since: date | None, *, today: date, earliest: date | None
) -> Period:
    """``until`` defaults to today; ``since`` to 120 days before it, or to the earliest
    stored data when that is later (never after ``until``)."""
    end = until or today
    if since is not None:
        return Period(since, end)
    start = end - timedelta(days=DEFAULT_DAYS)
    if earliest is not None and start < earliest <= end:
        start = earliest
    return Period(start, end)


def week_start(column: Any, dialect: Dialect) -> ColumnElement[Any]:
    """SQL for the Monday (ISO ``YYYY-MM-DD`` text) of the Lima week of a UTC timestamp."""
    if dialect.name == "sqlite":
        # Stored as UTC text; shift to Lima, move to that week's Sunday, back to its Monday.
        return func.date(column, "-5 hours", "weekday 0", "-6 days")
    if dialect.name == "postgresql":
        local = func.timezone("UTC", column) - literal_column("interval '5 hours'")
        return func.to_char(func.date_trunc("week", local), "YYYY-MM-DD")
    raise AnalyticsError(f"analytics supports SQLite and PostgreSQL, not {dialect.name}")


def parse_week(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
