"""Report runs in the database: what ``run_analytics`` stores, which run is the latest, failed
runs, and that erasing a person leaves reports (pure aggregates) as they were. Both backends."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from analytics.errors import AnalyticsError
from analytics.rows import columns
from analytics.run import RunResult, run_analytics
from analytics.runs import FAILED, FINISHED, find_run, latest_run, read_table
from analytics.synthetic import SyntheticSpec, Truth, insert_synthetic
from bot.store.db import Database
from bot.store.people import erase_person
from bot.store.tables import Person, ReportRun, ReportTableRow

TODAY = date(2026, 11, 21)
SPEC = SyntheticSpec(
    profiles=150, feedback=400, weeks=8, jobs=20, courses=8, small_regions=(("Ucayali", 4),)
)


def _run(database: Database, truth: Truth, out: Path) -> RunResult:
    return run_analytics(database, since=truth.since, until=truth.until, out_dir=out, today=TODAY)


def test_a_run_stores_its_period_summary_and_suppressed_tables(
    database: Database, tmp_path: Path
) -> None:
    truth = insert_synthetic(database, SPEC)
    before = datetime.now(UTC)
    result = _run(database, truth, tmp_path / "out")
    with database.session() as session:
        stored = find_run(session, result.report_id)
        assert stored is not None
        assert latest_run(session) == stored
        tables = {name: read_table(session, result.report_id, name) for name in stored.tables}
        status = session.get(ReportRun, result.report_id)
        assert status is not None
        assert (status.status, status.error) == (FINISHED, None)
    assert before <= stored.started_at <= stored.finished_at <= datetime.now(UTC)
    assert (stored.period, stored.today, stored.k) == (result.period, TODAY, 10)
    assert stored.summary == result.summary
    assert stored.summary == json.loads((tmp_path / "out" / "summary.json").read_text())
    assert stored.details["poverty_line"]["soles_per_person_month"] > 0
    assert stored.tables == list(result.tables)  # the report's order
    for name, table in tables.items():
        assert table is not None
        assert table.rows == json.loads((tmp_path / "out" / f"{name}.json").read_text()), name
        assert table.columns == columns(table.rows)
    regions = tables["poverty_by_region"]
    assert regions is not None
    ucayali = next(r for r in regions.rows if r["group"] == "Ucayali")
    assert ucayali["suppressed"] is True
    assert ucayali["people"] is None
    assert ucayali["informal_rate"] is None


def test_latest_is_the_newest_finished_run(database: Database, tmp_path: Path) -> None:
    truth = insert_synthetic(database, SPEC)
    first = _run(database, truth, tmp_path / "a")
    second = _run(database, truth, tmp_path / "b")
    (tmp_path / "blocked").write_text("a file where the folder should go")
    with pytest.raises(AnalyticsError, match="cannot write the report"):
        _run(database, truth, tmp_path / "blocked" / "out")
    with database.session() as session:
        latest = latest_run(session)
        assert latest is not None
        assert latest.report_id == second.report_id
        assert find_run(session, first.report_id) is not None
        failed = session.scalars(select(ReportRun).where(ReportRun.status == FAILED)).one()
        assert failed.error is not None
        assert failed.error.startswith("cannot write the report")
        assert failed.finished_at is not None
        assert find_run(session, failed.id) is None  # nothing to serve
        assert read_table(session, failed.id, "poverty_overall") is None
        count = session.scalars(select(ReportTableRow).where(ReportTableRow.run_id == failed.id))
        assert count.all() == []


def test_erasing_a_person_leaves_reports_that_never_named_them(
    database: Database, tmp_path: Path
) -> None:
    truth = insert_synthetic(database, SPEC)
    result = _run(database, truth, tmp_path / "out")
    with database.session() as session:
        people = session.scalars(select(Person)).all()
        stored = session.scalars(select(ReportTableRow.rows)).all()
        summaries = session.scalars(select(ReportRun.summary)).all()
        text = json.dumps([stored, summaries], ensure_ascii=False)
        assert not any(person.id in text for person in people)
        assert not any(person.platform_ref in text for person in people)
        erase_person(session, people[0])
    with database.session() as session:
        assert session.get(Person, people[0].id) is None
        kept = find_run(session, result.report_id)
        assert kept is not None
        assert kept.summary == result.summary
        table = read_table(session, result.report_id, "poverty_overall")
        assert table is not None
        assert table.rows == result.tables["poverty_overall"]
