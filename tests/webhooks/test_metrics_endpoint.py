"""``/metrics`` with the business gauges of the latest analytics run: after a real
``run_analytics`` on synthetic data they show the stored report's values; a value the report
withheld, a run made with smaller groups than ``CHASKI_REPORT_MIN_GROUP``, or no run at all
leave them out. Both backends."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from analytics.run import RunResult, run_analytics
from analytics.runs import FAILED, RUNNING
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot import metrics
from bot.app import Services, build_services
from bot.settings import Settings
from bot.store.db import Database
from bot.store.tables import ReportRun
from tests.analytics.helpers import add_report_run
from webhooks.app import create_app

TODAY = date(2026, 11, 21)
SPEC = SyntheticSpec(
    profiles=150, feedback=400, weeks=8, jobs=20, courses=8, small_regions=(("Ucayali", 4),)
)
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Services built once (the language identifier takes seconds); each test swaps in its
    own database and settings."""
    base = tmp_path_factory.mktemp("metrics_endpoint")
    services = build_services(
        Settings(database_url=f"sqlite:///{base / 'unused.db'}", data_dir=base / "data")
    )
    yield services
    services.database.dispose()


def scrape(services: Services, database: Database, min_group: int = 10) -> Samples:
    settings = Settings(database_url=database.url, report_min_group=min_group)
    mine = dataclasses.replace(services, database=database, settings=settings)
    with TestClient(create_app(settings, services=mine, channels={}, run_worker=False)) as client:
        response = client.get("/metrics")
    assert response.status_code == 200
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def report_samples(samples: Samples) -> Samples:
    return {key: value for key, value in samples.items() if key[0].startswith("chaski_report_")}


def gauge(samples: Samples, name: str, **labels: str) -> float | None:
    return samples.get((name, tuple(sorted(labels.items()))))


def run(database: Database, tmp_path: Path) -> RunResult:
    truth = insert_synthetic(database, SPEC)
    return run_analytics(
        database, since=truth.since, until=truth.until, out_dir=tmp_path / "out", today=TODAY
    )


def row(result: RunResult, table: str, **labels: str) -> dict[str, Any]:
    return next(r for r in result.tables[table] if all(r[k] == v for k, v in labels.items()))


def test_without_a_run_there_are_no_report_gauges(built: Services, database: Database) -> None:
    samples = scrape(built, database)
    assert report_samples(samples) == {}
    assert gauge(samples, "chaski_queue_oldest_age_seconds") == 0


def test_gauges_show_the_latest_runs_stored_values(
    built: Services, database: Database, tmp_path: Path
) -> None:
    result = run(database, tmp_path)
    summary = result.summary
    now = datetime.now(UTC)  # newer runs that are not finished change nothing
    for hours, status in ((1, RUNNING), (2, FAILED)):
        later = now + timedelta(hours=hours)
        add_report_run(database, status=status, finished=later, summary={"people": hours})
    samples = scrape(built, database)

    with database.session() as session:
        stored = session.get(ReportRun, result.report_id)
        assert stored is not None
        assert stored.finished_at is not None
        finished = stored.finished_at.timestamp()
    assert gauge(samples, "chaski_report_last_success_timestamp_seconds") == pytest.approx(finished)
    assert gauge(samples, "chaski_report_people") == summary["people"] == 154
    assert gauge(samples, "chaski_report_feedback_texts") == summary["feedback"] == 400
    for name, key in (("informal_share", "informal_rate"), ("poverty_share", "poverty_rate")):
        assert summary[key] is not None, "the synthetic data should show both rates"
        assert gauge(samples, f"chaski_report_{name}") == summary[key]
    everyone = row(result, "feedback_by_product", product="*")
    assert gauge(samples, "chaski_report_negative_feedback_share") == everyone["share_neg"]
    total = row(result, "no_feasible_job_by_region", region="total")
    assert gauge(samples, "chaski_report_no_feasible_job_share") == pytest.approx(
        total["share_without_feasible_job"]
    )

    shown = withheld = 0
    for kind in metrics.FUNNEL_KINDS:
        funnel = row(result, "funnel_overall", kind=kind, group="total")
        for step in metrics.FUNNEL_STEPS:
            value = gauge(samples, "chaski_report_funnel_conversion", kind=kind, step=step)
            if funnel["suppressed"] or funnel[step] is None:
                assert value is None, (kind, step)
                withheld += 1
            else:
                assert value == funnel[step], (kind, step)
                shown += 1
    assert shown >= 4  # every job step, on this data
    assert withheld >= 1  # too few people applied to courses: the report withholds it
    assert len(report_samples(samples)) == 7 + shown  # nothing but what is checked above


def test_withheld_values_have_no_sample(built: Services, database: Database) -> None:
    """A null in the summary, a suppressed row or a missing table: no sample, no zero."""
    add_report_run(
        database,
        finished=datetime.now(UTC) - timedelta(hours=3),
        summary={"people": 37, "informal_rate": None, "poverty_rate": 0.25, "feedback": 0},
        tables={
            "feedback_by_product": [
                {"product": "*", "people": None, "share_neg": None, "suppressed": True}
            ],
            "funnel_overall": [
                {
                    "kind": "jobs",
                    "group": "total",
                    "people": 12,
                    "shown_to_details": 0.5,
                    "details_to_interested": None,
                    "suppressed": False,
                },
                {
                    "kind": "courses",
                    "group": "total",
                    "people": None,
                    "shown_to_details": 0.9,
                    "suppressed": True,
                },
            ],
        },
    )
    samples = report_samples(scrape(built, database))
    names = {name for name, _ in samples}
    assert names == {
        "chaski_report_last_success_timestamp_seconds",
        "chaski_report_people",
        "chaski_report_poverty_share",
        "chaski_report_feedback_texts",
        "chaski_report_funnel_conversion",
    }
    assert gauge(samples, "chaski_report_people") == 37
    assert gauge(samples, "chaski_report_feedback_texts") == 0
    funnel = {labels: v for (n, labels), v in samples.items() if n.endswith("funnel_conversion")}
    assert funnel == {(("kind", "jobs"), ("step", "shown_to_details")): 0.5}


def test_runs_with_smaller_groups_than_the_minimum_are_not_shown(
    built: Services, database: Database
) -> None:
    now = datetime.now(UTC)
    add_report_run(database, finished=now - timedelta(days=2), k=20, summary={"people": 300})
    add_report_run(database, finished=now - timedelta(days=1), k=10, summary={"people": 310})
    assert gauge(scrape(built, database, min_group=10), "chaski_report_people") == 310
    assert gauge(scrape(built, database, min_group=20), "chaski_report_people") == 300
    assert report_samples(scrape(built, database, min_group=25)) == {}
