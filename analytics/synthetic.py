"""Seeded synthetic data with known truths, to test and benchmark the analytics.

* profiles: regions weighted like Peru's workforce, Quechua where it is spoken, ages,
  education, occupation status, RUC/pension/EsSalud answers drawn so that the informality
  rate among the employed is ``informal_rate``; incomes and household sizes drawn so that
  informal workers are poor with odds ``odds_ratio`` times those of formal workers (poverty
  depends on informality only, so that is the true odds ratio with or without controls);
* feedback (:mod:`analytics.synthetic_feedback`), optionally with an injected shift;
* job and course catalogs (:mod:`retrieval.generate`) and the offer events people leave.

Written as CONTRACT import files (``profiles.jsonl``, ``feedback.jsonl`` with the labels as
extra keys) or bulk-inserted straight into the store (PostgreSQL ``COPY``, SQLite
``executemany``)::

    python -m analytics.synthetic OUT_DIR --profiles 3000 --feedback 20000
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.engine import Connection

from analytics.period import PERU
from analytics.stats import odds_ratio_2x2
from analytics.synthetic_feedback import ShiftSpec, generate_feedback
from analytics.synthetic_profiles import SyntheticProfile, generate_profiles
from bot.store.db import Database
from bot.store.tables import Base
from retrieval.catalog import validate_offer
from retrieval.generate import generate_courses, generate_jobs
from retrieval.store import upsert_offers

START = date(2026, 6, 29)  # a Monday
CHANNELS = (("whatsapp", 0.55), ("telegram", 0.45))


@dataclass(frozen=True)
class SyntheticSpec:
    profiles: int = 3000
    feedback: int = 20000
    weeks: int = 20
    start: date = START
    seed: int = 2026
    informal_rate: float = 0.72
    odds_ratio: float = 2.5
    formal_poverty: float = 0.12  # P(poor | formal)
    poverty_line: float = 454.0  # INEI 2024, soles per person per month
    shift: ShiftSpec | None = field(default_factory=ShiftSpec)
    small_regions: tuple[tuple[str, int], ...] = ()  # (region, exactly this many people)
    jobs: int = 150
    courses: int = 40
    with_events: float = 0.6  # share of people who were shown offers

    @property
    def until(self) -> date:
        return self.start + timedelta(weeks=self.weeks, days=-1)


@dataclass(frozen=True)
class Truth:
    since: date
    until: date
    profiles: int
    feedback: int
    events: int
    informal_rate: float  # the target
    odds_ratio: float  # the target
    realized_informal_rate: float | None  # in the generated sample
    realized_poverty_rate: float | None
    realized_odds_ratio: float | None
    shift_start: date | None
    shift_effect: float | None


@dataclass
class _Tally:
    profiles: int = 0
    feedback: int = 0
    events: int = 0
    informal: int = 0
    employed: int = 0
    poor: int = 0
    answered: int = 0
    cells: dict[tuple[bool, bool], int] = field(default_factory=dict)

    def add(self, profile: SyntheticProfile) -> None:
        self.profiles += 1
        status, poor = profile.observed_informal(), profile.observed_poor()
        if status is not None:
            self.employed += 1
            self.informal += status
        if poor is not None:
            self.answered += 1
            self.poor += poor
        if status is not None and poor is not None:
            self.cells[status, poor] = self.cells.get((status, poor), 0) + 1

    def truth(self, spec: SyntheticSpec) -> Truth:
        c = self.cells
        crude = odds_ratio_2x2(
            c.get((True, True), 0),
            c.get((True, False), 0),
            c.get((False, True), 0),
            c.get((False, False), 0),
        )
        shift = spec.shift
        return Truth(
            since=spec.start,
            until=spec.until,
            profiles=self.profiles,
            feedback=self.feedback,
            events=self.events,
            informal_rate=spec.informal_rate,
            odds_ratio=spec.odds_ratio,
            realized_informal_rate=self.informal / self.employed if self.employed else None,
            realized_poverty_rate=self.poor / self.answered if self.answered else None,
            realized_odds_ratio=crude.value if crude else None,
            shift_start=spec.start + timedelta(weeks=shift.week) if shift else None,
            shift_effect=round(shift.after - shift.before, 3) if shift else None,
        )


def _profiles(spec: SyntheticSpec) -> Iterator[SyntheticProfile]:
    return generate_profiles(
        spec.profiles,
        start=spec.start,
        days=spec.weeks * 7,
        seed=spec.seed,
        informal_rate=spec.informal_rate,
        odds_ratio=spec.odds_ratio,
        formal_poverty=spec.formal_poverty,
        poverty_line=spec.poverty_line,
        small_regions=spec.small_regions,
    )


def _feedback_rows(spec: SyntheticSpec) -> Iterator[dict[str, Any]]:
    for item in generate_feedback(
        spec.feedback, start=spec.start, weeks=spec.weeks, seed=spec.seed + 1, shift=spec.shift
    ):
        yield {
            "person_id": None,
            "source": "import",
            "external_user": item.user,
            "product": item.product,
            "text": item.text,
            "rating": None,
            "language": item.language,
            "sentiment": item.sentiment,
            "aspects": list(item.aspects),
            "created_at": item.created_at.astimezone(UTC),
        }


def _events(
    spec: SyntheticSpec, people: Sequence[tuple[str, datetime]], jobs: list[str], courses: list[str]
) -> Iterator[dict[str, Any]]:
    rng = random.Random(spec.seed + 2)  # noqa: S311 - reproducible test data, not secrets
    end = datetime.combine(spec.until, time(23, 0), PERU)
    for person_id, created in people:
        channel = rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0]
        kind, pool = ("jobs", jobs) if rng.random() < 0.8 or not courses else ("courses", courses)
        if not pool:
            continue
        moment = created + timedelta(minutes=rng.randrange(5, 600))
        for rank, offer in enumerate(rng.sample(pool, min(len(pool), rng.randint(1, 4))), start=1):
            steps = ["shown"]
            if rng.random() < 0.55:
                steps.append("details")
                if rng.random() < 0.5:
                    steps.append("interested")
                    if rng.random() < 0.45:
                        steps.append("applied")
            elif rng.random() < 0.25:
                steps.append("not_interested")
            for step in steps:
                moment = min(moment + timedelta(minutes=rng.randrange(1, 90)), end)
                yield {
                    "person_id": person_id,
                    "kind": kind,
                    "offer_id": offer,
                    "event": step,
                    "channel": channel,
                    "rank": rank,
                    "created_at": moment.astimezone(UTC),
                }


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert many rows: ``COPY`` on PostgreSQL (JSON encoded by hand), else executemany."""
    if connection.dialect.name != "postgresql":
        connection.execute(insert(table), rows)
        return
    names = list(rows[0])
    json_columns = {c.name for c in table.columns if c.type.__class__.__name__ == "JSON"}
    raw = connection.connection.driver_connection
    assert raw is not None  # noqa: S101 - an open DBAPI connection
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {table.name} ({', '.join(names)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(
                [
                    json.dumps(row[n]) if n in json_columns and row[n] is not None else row[n]
                    for n in names
                ]
            )


def _load_offers(database: Database, spec: SyntheticSpec) -> tuple[list[str], list[str]]:
    jobs = [
        validate_offer("jobs", row) for row in generate_jobs(spec.jobs, spec.seed, today=spec.until)
    ]
    courses = [
        validate_offer("courses", row)
        for row in generate_courses(spec.courses, spec.seed, today=spec.until)
    ]
    now = datetime.combine(spec.start, time(), PERU)
    with database.session() as session:
        if jobs:
            upsert_offers(session, "jobs", jobs, now=now)
        if courses:
            upsert_offers(session, "courses", courses, now=now)
    return [j.id for j in jobs], [c.id for c in courses]


def insert_synthetic(
    database: Database,
    spec: SyntheticSpec,
    *,
    chunk: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> Truth:
    """Bulk-insert the spec's offers, people, profiles, offer events and feedback;
    ``progress`` is told how many rows were written after each chunk."""
    tally = _Tally()
    job_ids, course_ids = _load_offers(database, spec) if spec.with_events > 0 else ([], [])
    rng = random.Random(spec.seed + 3)  # noqa: S311 - reproducible test data, not secrets
    shown: list[tuple[str, datetime]] = []
    tables = Base.metadata.tables
    advance = progress or (lambda _: None)
    with database.engine.begin() as connection:
        people: list[dict[str, Any]] = []
        profiles: list[dict[str, Any]] = []
        for profile in _profiles(spec):
            tally.add(profile)
            people.append(profile.person_row())
            profiles.append(profile.profile_row())
            if rng.random() < spec.with_events:
                shown.append((profile.person_id, profile.created_at))
            if len(people) >= chunk:
                _bulk(connection, tables["people"], people)
                _bulk(connection, tables["profiles"], profiles)
                advance(len(people))
                people, profiles = [], []
        if people:
            _bulk(connection, tables["people"], people)
            _bulk(connection, tables["profiles"], profiles)
            advance(len(people))
        for batch in _chunks(_events(spec, shown, job_ids, course_ids), chunk):
            _bulk(connection, tables["offer_events"], batch)
            tally.events += len(batch)
            advance(len(batch))
        for batch in _chunks(_feedback_rows(spec), chunk):
            _bulk(connection, tables["feedback"], batch)
            tally.feedback += len(batch)
            advance(len(batch))
    return tally.truth(spec)


def write_jsonl(spec: SyntheticSpec, out_dir: Path) -> Truth:
    """``profiles.jsonl`` and ``feedback.jsonl`` in CONTRACT's import formats."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tally = _Tally()
    with (out_dir / "profiles.jsonl").open("w", encoding="utf-8") as out:
        for profile in _profiles(spec):
            tally.add(profile)
            out.write(json.dumps(profile.record(), ensure_ascii=False) + "\n")
    with (out_dir / "feedback.jsonl").open("w", encoding="utf-8") as out:
        for item in generate_feedback(
            spec.feedback, start=spec.start, weeks=spec.weeks, seed=spec.seed + 1, shift=spec.shift
        ):
            tally.feedback += 1
            out.write(json.dumps(item.record(), ensure_ascii=False) + "\n")
    return tally.truth(spec)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write synthetic profiles.jsonl and feedback.jsonl."
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--profiles", type=int, default=3000)
    parser.add_argument("--feedback", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-shift", action="store_true", help="a control dataset")
    args = parser.parse_args(argv)
    spec = SyntheticSpec(
        profiles=args.profiles,
        feedback=args.feedback,
        seed=args.seed,
        shift=None if args.no_shift else ShiftSpec(),
    )
    truth = write_jsonl(spec, args.out_dir)
    print(json.dumps(truth.__dict__, default=str, indent=1))


if __name__ == "__main__":
    main()
