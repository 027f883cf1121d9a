"""``chaski analytics run``: every analytics job over one period, then the report.

Each job reads the store through a read-only session (:mod:`analytics.reading`), so the bot
keeps writing while a report runs. Every table is suppressed (:mod:`analytics.suppression`)
before anything is written; the run, its summary and its tables are then stored in the
database (:mod:`analytics.runs`), where the analyst API reads them.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from analytics.errors import AnalyticsError
from analytics.feedback_trends import DEFAULT_PRODUCTS, analyse_feedback
from analytics.funnel import analyse_funnel
from analytics.period import Period, default_period, local_date
from analytics.poverty import analyse_poverty
from analytics.poverty_lines import DEFAULT_LINES, line_for, load_lines
from analytics.reading import SessionFactory, read_sessions
from analytics.report import ReportInputs, build_summary, poverty_line_details, write_outputs
from analytics.rows import Row, Tables
from analytics.runs import failure_recorded, finish_run, start_run
from analytics.suppression import DEFAULT_K, Rule, Suppressed, suppress, suppression_summary
from bot.store.db import Database
from bot.store.tables import FeedbackRow, OfferEventRow, ProfileRow

JOBS = ("poverty", "feedback", "funnel", "report")
JOB_COUNT = len(JOBS)  # progress advances once per job


@dataclass(frozen=True)
class RunResult:
    report_id: str
    period: Period
    out_dir: Path
    paths: dict[str, Path]
    summary: dict[str, Any]
    tables: Tables  # name → rows, after suppression (what the files hold)
    seconds: dict[str, float] = field(default_factory=dict)


def _nothing(_: int) -> None:
    return None


def earliest_data(sessions: SessionFactory) -> date | None:
    """The first Lima day with a profile, feedback or offer event."""
    firsts = []
    with sessions() as session:
        for column in (ProfileRow.created_at, FeedbackRow.created_at, OfferEventRow.created_at):
            first = session.execute(select(func.min(column))).scalar_one()
            if first is not None:
                firsts.append(local_date(first))
    return min(firsts, default=None)


def _suppress_all(raw: Tables, rules: dict[str, Rule], k: int) -> Tables:
    tables: Tables = {}
    results: dict[str, Suppressed] = {}
    for name, rows in raw.items():
        rule = rules.get(name)
        if rule is None:
            tables[name] = rows
            continue
        results[name] = suppress(rows, rule, k)
        tables[name] = results[name].rows
    tables["suppression"] = suppression_summary(results, k)
    return tables


def run_analytics(
    database: Database,
    *,
    since: date | None,
    until: date | None,
    out_dir: Path,
    k: int = DEFAULT_K,
    today: date,
    progress: Callable[[int], None] = _nothing,
    products_csv: Path | None = DEFAULT_PRODUCTS,
    poverty_lines: Path = DEFAULT_LINES,
) -> RunResult:
    """Run every job for ``[since, until]`` (defaults: ``until`` = today, ``since`` = 120
    days earlier or the earliest data if later), write the report into ``out_dir`` and store
    the run with its tables in the database."""
    if k < 1:
        raise AnalyticsError(f"k must be at least 1 (got {k})")
    lines = load_lines(poverty_lines)
    report_id = str(uuid.uuid4())
    seconds: dict[str, float] = {}
    try:
        with read_sessions(database) as sessions:
            earliest = None if since is not None else earliest_data(sessions)
            period = default_period(until, since, today=today, earliest=earliest)
            start_run(database, report_id=report_id, period=period, today=today, k=k)
            with failure_recorded(database, report_id):
                line = line_for(period.until.year, lines)
                clock = time.perf_counter()
                with sessions() as session:
                    poverty = analyse_poverty(session, period, line, k=k)
                seconds["poverty"] = time.perf_counter() - clock
                progress(1)
                clock = time.perf_counter()
                with sessions() as session:
                    feedback = analyse_feedback(session, period, k=k, products_csv=products_csv)
                seconds["feedback"] = time.perf_counter() - clock
                progress(1)
                clock = time.perf_counter()
                with sessions() as session:
                    funnel = analyse_funnel(session, period, today)
                seconds["funnel"] = time.perf_counter() - clock
                progress(1)
    except SQLAlchemyError as exc:
        raise AnalyticsError(
            f"cannot read the store at {database.safe_url}: {exc.__class__.__name__}"
        ) from exc
    with failure_recorded(database, report_id):
        clock = time.perf_counter()
        raw: dict[str, list[Row]] = {**poverty.tables, **feedback.tables, **funnel.tables}
        rules = {**poverty.rules, **feedback.rules, **funnel.rules}
        tables = _suppress_all(raw, rules, k)
        inputs = ReportInputs(report_id, period, today, k, poverty, feedback, tables)
        summary = build_summary(inputs)
        try:
            paths = write_outputs(out_dir, inputs, summary)
        except OSError as exc:
            raise AnalyticsError(f"cannot write the report into {out_dir}: {exc.strerror}") from exc
        details = poverty_line_details(inputs)
        finish_run(database, report_id=report_id, summary=summary, tables=tables, details=details)
        seconds["report"] = time.perf_counter() - clock
        progress(1)
    return RunResult(report_id, period, out_dir, paths, summary, tables, seconds)
