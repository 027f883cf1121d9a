"""Analytics benchmark: ``run_analytics`` over bulk-inserted synthetic data, on SQLite and
PostgreSQL, against a baseline measured in the same run (one bare ``GROUP BY`` scan of the
same feedback and profiles: the least any report over these rows could cost).

Insertion is bounded: a small sample measures the insert rate first, and when the full size
would take longer than ``--insert-budget`` seconds the feedback count is scaled down (the
size that ran is printed). Temp files and a throw-away PostgreSQL schema only::

    .venv/bin/python -m bench.analytics_speed [--profiles 100000] [--feedback 1000000]
        [--postgres URL | --no-postgres] [--insert-budget 600] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select, text

from analytics.period import week_start
from analytics.run import run_analytics
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot.store.db import Database
from bot.store.tables import FeedbackRow, ProfileRow

TODAY = date(2026, 11, 21)
SAMPLE_FEEDBACK = 20_000


def log(message: str) -> None:
    print(message, flush=True)


@contextmanager
def sqlite_database() -> Iterator[Database]:
    with tempfile.TemporaryDirectory(prefix="chaski-bench-") as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        database.upgrade()
        try:
            yield database
        finally:
            database.dispose()


@contextmanager
def postgres_database(base: str) -> Iterator[Database]:
    if base.startswith("postgresql://"):
        base = "postgresql+psycopg://" + base.removeprefix("postgresql://")
    schema = f"chaski_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    database = Database(f"{base}{separator}options=-csearch_path%3D{schema}")
    try:
        database.upgrade()
        yield database
    finally:
        database.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def baseline(database: Database, spec: SyntheticSpec) -> float:
    """One GROUP BY over feedback (week x product x sentiment) and one over profiles."""
    f, p = FeedbackRow, ProfileRow
    clock = time.perf_counter()
    with database.session() as session:
        week = week_start(f.created_at, session.get_bind().dialect)
        session.execute(
            select(week, f.product, f.sentiment, func.count()).group_by(
                week, f.product, f.sentiment
            )
        ).all()
        session.execute(
            select(p.region, p.occupation_status, func.count()).group_by(
                p.region, p.occupation_status
            )
        ).all()
    return time.perf_counter() - clock


def sized(profiles: int, feedback: int, budget: float) -> SyntheticSpec:
    """The spec to run: the feedback count scaled down if inserting it would exceed budget."""
    spec = SyntheticSpec(profiles=profiles, feedback=feedback, seed=99)
    with sqlite_database() as probe:
        clock = time.perf_counter()
        insert_synthetic(
            probe, replace(spec, profiles=min(profiles, 2000), feedback=SAMPLE_FEEDBACK)
        )
        rate = (min(profiles, 2000) + SAMPLE_FEEDBACK) / (time.perf_counter() - clock)
    if (profiles + feedback) / rate > budget:
        fitted = max(SAMPLE_FEEDBACK, int(budget * rate) - profiles)
        estimate = (profiles + feedback) / rate
        log(f"inserting {feedback:,} feedback rows would take ~{estimate:.0f} s "
            f"> budget {budget:.0f} s: running {fitted:,}")  # fmt: skip
        spec = replace(spec, feedback=fitted)
    return spec


def bench(name: str, database: Database, spec: SyntheticSpec) -> dict[str, Any]:
    clock = time.perf_counter()
    truth = insert_synthetic(database, spec)
    inserted = time.perf_counter() - clock
    rows = truth.profiles + truth.feedback + truth.events
    log(f"[{name}] inserted {truth.profiles:,} profiles, {truth.feedback:,} feedback, "
        f"{truth.events:,} offer events in {inserted:.1f} s "
        f"({rows / inserted:,.0f} rows/s)")  # fmt: skip
    base = min(baseline(database, spec) for _ in range(2))
    with tempfile.TemporaryDirectory(prefix="chaski-report-") as out:
        clock = time.perf_counter()
        result = run_analytics(
            database, since=truth.since, until=truth.until, out_dir=Path(out), today=TODAY
        )
        seconds = time.perf_counter() - clock
    jobs = ", ".join(f"{job} {s:.2f} s" for job, s in result.seconds.items())
    log(f"[{name}] run_analytics {seconds:.2f} s ({rows / seconds:,.0f} rows/s; {jobs})")
    log(f"[{name}] baseline GROUP BY scan {base:.2f} s; run / baseline = {seconds / base:.1f}x")
    log(f"[{name}] informal_rate {result.summary['informal_rate']} (target {spec.informal_rate}), "
        f"odds ratio {result.summary['informal_poverty_odds_ratio']} (target {spec.odds_ratio}), "
        f"{len(result.summary['shifts'])} shifts")  # fmt: skip
    return {
        "backend": name,
        "profiles": truth.profiles,
        "feedback": truth.feedback,
        "events": truth.events,
        "insert_seconds": round(inserted, 2),
        "run_seconds": round(seconds, 2),
        "rows_per_second": round(rows / seconds),
        "job_seconds": {job: round(s, 2) for job, s in result.seconds.items()},
        "baseline_seconds": round(base, 3),
        "ratio_to_baseline": round(seconds / base, 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--feedback", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("CHASKI_TEST_POSTGRES_URL"))
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--insert-budget", type=float, default=600.0, help="seconds per backend")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    spec = sized(args.profiles, args.feedback, args.insert_budget)
    results = []
    with sqlite_database() as database:
        results.append(bench("sqlite", database, spec))
    if args.postgres and not args.no_postgres:
        with postgres_database(args.postgres) as database:
            results.append(bench("postgresql", database, spec))
    else:
        log("[postgresql] skipped: pass --postgres URL or set CHASKI_TEST_POSTGRES_URL")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
