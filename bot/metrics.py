"""Every Prometheus metric Chaski exports, declared once. Labels are bounded
(channel, flow, outcome, kind): never a person, a number or a text."""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from bot.store.db import Database
from bot.store.queue import queue_stats
from bot.store.tables import utcnow

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
