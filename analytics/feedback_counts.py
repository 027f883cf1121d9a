"""Feedback counted in SQL: per Lima week x product x sentiment, per aspect, and the number
of distinct people behind each week x product (for small-group suppression).

Aspects are a JSON list per row; the database expands them (SQLite ``json_each``,
PostgreSQL ``json_array_elements_text``) so no feedback row travels to Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import String, case, cast, func, literal, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.selectable import FromClause

from analytics.errors import AnalyticsError
from analytics.period import Period, parse_week, week_start
from bot.store.tables import FeedbackRow

Product = str | None  # None: feedback without a recognised product


@dataclass
class FeedbackCounts:
    weeks: list[date]
    total: int = 0
    volume: dict[tuple[date, Product, str | None], int] = field(default_factory=dict)
    aspects: dict[tuple[date, Product, str | None, str], int] = field(default_factory=dict)
    people: dict[tuple[date, Product], int] = field(default_factory=dict)
    people_week: dict[date, int] = field(default_factory=dict)
    people_product: dict[Product, int] = field(default_factory=dict)
    people_all: int = 0

    def products(self) -> list[Product]:
        return sorted({key[1] for key in self.volume}, key=lambda p: (p is None, p or ""))

    def aspect_names(self) -> list[str]:
        return sorted({key[3] for key in self.aspects})


def person_key() -> ColumnElement[Any]:
    """Who gave a feedback row (pseudonymous; never output), one key per unknown giver."""
    f = FeedbackRow
    return func.coalesce(f.person_id, f.external_user, literal("row:") + cast(f.id, String))


def in_period(period: Period) -> ColumnElement[bool]:
    f = FeedbackRow
    return (f.created_at >= period.start) & (f.created_at < period.end)


def _aspect_elements(dialect: str) -> FromClause:
    """One row per aspect of each feedback row (JSON that is not a list counts as none)."""
    f = FeedbackRow
    if dialect == "sqlite":
        safe = case((func.json_type(f.aspects) == "array", f.aspects), else_=literal("[]"))
        return func.json_each(safe).table_valued("value")
    if dialect == "postgresql":
        empty = cast(literal("[]"), f.aspects.type)
        safe = case((func.json_typeof(f.aspects) == "array", f.aspects), else_=empty)
        return func.json_array_elements_text(safe).table_valued("value").lateral()
    raise AnalyticsError(f"analytics supports SQLite and PostgreSQL, not {dialect}")


def _aspect_query(session: Session, period: Period, week: ColumnElement[Any]) -> Any:
    f = FeedbackRow
    elements = _aspect_elements(session.get_bind().dialect.name)
    aspect = elements.c.value
    return (
        select(
            week.label("week"),
            f.product,
            f.sentiment,
            aspect.label("aspect"),
            func.count(f.id.distinct()).label("n"),
        )
        .select_from(f)
        .join(elements, true())
        .where(in_period(period))
        .group_by(week, f.product, f.sentiment, aspect)
    )


def count_feedback(session: Session, period: Period) -> FeedbackCounts:
    f = FeedbackRow
    dialect = session.get_bind().dialect
    week = week_start(f.created_at, dialect)
    counts = FeedbackCounts(weeks=period.weeks())
    volume = (
        select(week.label("week"), f.product, f.sentiment, func.count().label("n"))
        .where(in_period(period))
        .group_by(week, f.product, f.sentiment)
    )
    for row in session.execute(volume):
        key = (parse_week(row.week), row.product, row.sentiment)
        counts.volume[key] = counts.volume.get(key, 0) + int(row.n)
        counts.total += int(row.n)
    aspects: dict[tuple[date, Product, str | None, str], int] = defaultdict(int)
    for row in session.execute(_aspect_query(session, period, week)):
        if row.aspect:
            aspects[parse_week(row.week), row.product, row.sentiment, str(row.aspect)] += int(row.n)
    counts.aspects = dict(aspects)
    who = person_key()
    distinct = func.count(who.distinct()).label("n")
    where = in_period(period)
    by_week_product = select(week.label("week"), f.product, distinct).where(where)
    for r in session.execute(by_week_product.group_by(week, f.product)):
        counts.people[parse_week(r.week), r.product] = int(r.n)
    by_week = select(week.label("week"), distinct).where(where).group_by(week)
    counts.people_week = {parse_week(r.week): int(r.n) for r in session.execute(by_week)}
    by_product = select(f.product, distinct).where(where).group_by(f.product)
    counts.people_product = {r.product: int(r.n) for r in session.execute(by_product)}
    counts.people_all = int(session.execute(select(distinct).where(where)).scalar_one())
    return counts


def people_between(session: Session, start: datetime, end: datetime, product: Product) -> int:
    """Distinct people who gave feedback in ``[start, end)`` about ``product`` (None: any)."""
    f = FeedbackRow
    query = select(func.count(person_key().distinct())).where(
        f.created_at >= start, f.created_at < end
    )
    if product is not None:
        query = query.where(f.product == product)
    return int(session.execute(query).scalar_one())
