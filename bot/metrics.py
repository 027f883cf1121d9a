"""Every Prometheus metric Chaski exports, declared once. Labels are bounded
(channel, flow, outcome, kind, route template, status class): never a person, a number or a
text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import select

from bot.store.db import Database
from bot.store.queue import queue_stats
from bot.store.tables import ReportRun, ReportTableRow, utcnow
from models.llm import OUTCOMES, Outcome

MESSAGES_IN = Counter(
    "chaski_messages_in_total",
    "Webhook requests with messages, by outcome (stored, duplicate, forbidden, bad_request, "
    "ignored)",
    ["channel", "outcome"],
)
DUPLICATES = Counter(
    "chaski_duplicate_deliveries_total",
    "Messages the platform delivered again (answered only once)",
    ["channel"],
)
MESSAGES_OUT = Counter(
    "chaski_messages_out_total",
    "Replies by outcome (sent, retried, failed, held)",
    ["channel", "outcome"],
)
MESSAGES_FAILED = Counter(
    "chaski_messages_failed_total",
    "Inbound messages given up after their processing failed too many times",
    ["channel"],
)
SEND_FAILURES = Counter(
    "chaski_send_failures_total",
    "Failed send attempts (transient ones are retried)",
    ["channel", "kind"],
)
FLOW_COMPLETIONS = Counter(
    "chaski_flow_completions_total", "Conversations that finished a flow", ["flow"]
)
PROCESSING_SECONDS = Histogram(
    "chaski_processing_seconds",
    "Time to run the engine on one claimed message",
    ["channel"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
REPLY_SECONDS = Histogram(
    "chaski_reply_seconds",
    "Time from storing a message to its first reply being sent",
    ["channel"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300),
)


class QueueCollector(Collector):
    """Queue depth and the oldest waiting message's age, read from the database at scrape
    time (so every worker process reports the same truth)."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._db.session() as session:
            stats = queue_stats(session, utcnow())
        depth = GaugeMetricFamily(
            "chaski_queue_depth", "Messages waiting to be answered or sent", labels=["direction"]
        )
        depth.add_metric(["in"], stats.inbound_depth)
        depth.add_metric(["out"], stats.outbound_depth)
        yield depth
        yield GaugeMetricFamily(
            "chaski_queue_oldest_age_seconds",
            "Age of the oldest inbound message not yet answered",
            value=stats.oldest_age_seconds,
        )


ANSWERS = Counter(
    "chaski_answers_total",
    "Free questions answered, by how (llm, saved, not_covered, unsafe, no_kb)",
    ["outcome"],
)


# -- the HTTP edge (webhooks/http_metrics.py records these) ------------------------------------

HTTP_REQUESTS = Counter(
    "chaski_http_requests_total",
    "HTTP requests by route template (unmatched: no route), method and status class "
    "(an unhandled exception counts as 5xx)",
    ["route", "method", "status"],
)
HTTP_SECONDS = Histogram(
    "chaski_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method",
    ["route", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)

# -- the language model (models.llm reports to LLM_USAGE) --------------------------------------

LLM_REQUESTS = Counter(
    "chaski_llm_requests_total",
    "Requests to the language model by outcome (ok, timeout, error, and empty, truncated, "
    "unverified: texts the post-check refused)",
    ["outcome"],
)
LLM_TOKENS = Counter(
    "chaski_llm_tokens_total", "Tokens the model reported, by direction (in, out)", ["direction"]
)
LLM_COST = Counter("chaski_llm_cost_usd_total", "What the model's tokens cost, in US dollars")
for _outcome in OUTCOMES:  # every series exists from the start: rates and shares never lack one
    LLM_REQUESTS.labels(outcome=_outcome)
for _direction in ("in", "out"):
    LLM_TOKENS.labels(direction=_direction)


class LLMMetrics:
    """A ``models.llm.UsageObserver`` that counts into the metrics above."""

    def tokens(self, *, tokens_in: int, tokens_out: int, cost_usd: float) -> None:
        LLM_TOKENS.labels(direction="in").inc(tokens_in)
        LLM_TOKENS.labels(direction="out").inc(tokens_out)
        LLM_COST.inc(cost_usd)

    def finished(self, outcome: Outcome) -> None:
        LLM_REQUESTS.labels(outcome=outcome).inc()


LLM_USAGE = LLMMetrics()

# -- business gauges from the latest analytics run ---------------------------------------------

FINISHED = "finished"  # analytics.runs.FINISHED
FUNNEL_KINDS = ("jobs", "courses")
FUNNEL_STEPS = ("shown_to_details", "details_to_interested", "interested_to_applied",
                "shown_to_applied")  # fmt: skip
"""The conversion columns of the report's ``funnel_overall`` table (shown, asked for details,
interested, applied)."""


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _shown(rows: object, **labels: str) -> Mapping[str, Any] | None:
    """The row of a stored table with these label values, when suppression kept it."""
    if not isinstance(rows, list):
        return None
    for row in rows:
        if isinstance(row, dict) and all(row.get(k) == v for k, v in labels.items()):
            return row if row.get("suppressed") is False else None
    return None


class ReportCollector(Collector):
    """What the latest finished ``chaski analytics run`` found, read from the database at
    scrape time (the job is a short-lived CronJob: nothing to push, nothing to keep in memory).

    Only values the stored report shows: its summary and suppressed tables, never a raw count;
    a value the report withheld (null, or a suppressed row) has no sample at all. Runs made
    with groups smaller than ``min_group`` are not read (the analyst API does not serve them
    either). Without such a run there is no sample."""

    TABLES = ("funnel_overall", "feedback_by_product", "no_feasible_job_by_region")

    def __init__(self, database: Database, *, min_group: int = 1) -> None:
        self._db = database
        self._min_group = min_group

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield from self._families()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        with self._db.session() as session:
            run = session.scalars(
                select(ReportRun)
                .where(ReportRun.status == FINISHED, ReportRun.k >= self._min_group)
                .order_by(ReportRun.finished_at.desc(), ReportRun.started_at.desc(), ReportRun.id)
                .limit(1)
            ).first()
            if run is None or run.finished_at is None:
                return
            stored = session.execute(
                select(ReportTableRow.name, ReportTableRow.rows).where(
                    ReportTableRow.run_id == run.id, ReportTableRow.name.in_(self.TABLES)
                )
            )
            tables: dict[str, Any] = dict(stored.all())
            finished = run.finished_at.timestamp()
            summary = run.summary or {}
        yield from (
            family for family in self._families(finished, summary, tables) if family.samples
        )

    def _families(
        self,
        finished: float | None = None,
        summary: Mapping[str, Any] | None = None,
        tables: Mapping[str, Any] | None = None,
    ) -> Iterator[GaugeMetricFamily]:
        summary, tables = summary or {}, tables or {}

        def gauge(name: str, documentation: str, value: object) -> Iterator[GaugeMetricFamily]:
            family = GaugeMetricFamily(name, documentation)
            if (number := _number(value)) is not None:
                family.add_metric([], number)
            yield family

        def row_value(table: str, column: str, **labels: str) -> object:
            row = _shown(tables.get(table), **labels)
            return None if row is None else row.get(column)

        yield from gauge(
            "chaski_report_last_success_timestamp_seconds",
            "When the latest analytics run finished (Unix time)",
            finished,
        )
        yield from gauge(
            "chaski_report_people",
            "People with a profile in the latest report",
            summary.get("people"),
        )
        yield from gauge(
            "chaski_report_informal_share",
            "Share of employed people working informally (latest report)",
            summary.get("informal_rate"),
        )
        yield from gauge(
            "chaski_report_poverty_share",
            "Share of people below the poverty line (latest report)",
            summary.get("poverty_rate"),
        )
        yield from gauge(
            "chaski_report_feedback_texts",
            "Feedback texts in the latest report",
            summary.get("feedback"),
        )
        yield from gauge(
            "chaski_report_negative_feedback_share",
            "Share of feedback texts with negative sentiment, all products (latest report)",
            row_value("feedback_by_product", "share_neg", product="*"),
        )
        yield from gauge(
            "chaski_report_no_feasible_job_share",
            "Share of profiles with no feasible job offer (latest report)",
            row_value("no_feasible_job_by_region", "share_without_feasible_job", region="total"),
        )
        funnel = GaugeMetricFamily(
            "chaski_report_funnel_conversion",
            "Share of people moving from one offer step to the next (shown, details, "
            "interested, applied), by kind of offer (latest report)",
            labels=["kind", "step"],
        )
        for kind in FUNNEL_KINDS:
            for step in FUNNEL_STEPS:
                value = _number(row_value("funnel_overall", step, kind=kind, group="total"))
                if value is not None:
                    funnel.add_metric([kind, step], value)
        yield funnel
