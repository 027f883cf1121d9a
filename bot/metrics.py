"""Every Prometheus metric Chaski exports, declared once. Labels are bounded
(channel, flow, outcome, kind): never a person, a number or a text."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

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
