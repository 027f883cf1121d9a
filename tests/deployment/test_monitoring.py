"""The Grafana dashboard and Prometheus rules parse and query only metrics the app exports."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from prometheus_client.metrics import MetricWrapperBase

from bot import metrics
from bot.metrics import FUNNEL_KINDS, FUNNEL_STEPS, QueueCollector, ReportCollector
from bot.settings import REPO_ROOT
from bot.store.db import Database
from models.llm import OUTCOMES

yaml = pytest.importorskip("yaml", reason="PyYAML is needed to read the monitoring YAML")

DEPLOYMENT = REPO_ROOT / "deployment"
DASHBOARD = DEPLOYMENT / "grafana" / "dashboards" / "chaski.json"
PROMETHEUS = DEPLOYMENT / "prometheus" / "prometheus.yml"
ALERTS = DEPLOYMENT / "prometheus" / "alerts.yml"
ALERT_TESTS = DEPLOYMENT / "prometheus" / "alerts_test.yml"
PROVISIONING = DEPLOYMENT / "grafana" / "provisioning"
CHASKI_NAME = re.compile(r"\bchaski_[a-zA-Z0-9_:]*")
SUFFIXES = {
    "counter": ("_total", "_created"),
    "histogram": ("_bucket", "_sum", "_count", "_created"),
    "gauge": ("",),
    "summary": ("_sum", "_count", "_created", ""),
}
SHOWN = {
    "chaski_messages_in_total",
    "chaski_messages_out_total",
    "chaski_duplicate_deliveries_total",
    "chaski_processing_seconds_bucket",
    "chaski_reply_seconds_bucket",
    "chaski_queue_depth",
    "chaski_queue_oldest_age_seconds",
    "chaski_send_failures_total",
    "chaski_flow_completions_total",
    "chaski_answers_total",
    "chaski_http_requests_total",
    "chaski_http_request_duration_seconds_bucket",
    "chaski_llm_requests_total",
    "chaski_llm_tokens_total",
    "chaski_llm_cost_usd_total",
    "chaski_report_last_success_timestamp_seconds",
    "chaski_report_people",
    "chaski_report_informal_share",
    "chaski_report_poverty_share",
    "chaski_report_negative_feedback_share",
    "chaski_report_no_feasible_job_share",
    "chaski_report_funnel_conversion",
}
# Labels Prometheus adds to every series it scrapes (prometheus.yml), and histograms' own.
TARGET_LABELS = {"job", "instance", "component"}
# Label values the app defines once: a query for any other value would silently find nothing.
VALUES: dict[tuple[str, str], set[str]] = {
    ("chaski_http_requests_total", "status"): {"1xx", "2xx", "3xx", "4xx", "5xx"},
    ("chaski_llm_requests_total", "outcome"): set(OUTCOMES),
    ("chaski_llm_tokens_total", "direction"): {"in", "out"},
    ("chaski_report_funnel_conversion", "kind"): set(FUNNEL_KINDS),
    ("chaski_report_funnel_conversion", "step"): set(FUNNEL_STEPS),
}
SELECTOR = re.compile(r"\b(chaski_[a-zA-Z0-9_:]*)\s*\{([^}]*)\}")
MATCHER = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*\"((?:[^\"\\]|\\.)*)\"")
GROUPING = re.compile(r"\b(?:by|without|on|ignoring)\s*\(([^)]*)\)")


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, set[str]]:
    """Every sample name the app exports, with its label names: bot.metrics' metrics, the
    queue collector's and the report collector's (described: without a run it has no
    samples)."""
    names: dict[str, set[str]] = {}
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            labels = set(value._labelnames)
            for family in value.describe():
                for suffix in SUFFIXES[family.type]:
                    extra = {"le"} if suffix == "_bucket" else set()
                    names[family.name + suffix] = labels | extra
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('metrics') / 'chaski.db'}")
    database.upgrade()
    try:
        for family in QueueCollector(database).collect():
            for sample in family.samples:
                names.setdefault(sample.name, set()).update(sample.labels)
        for family in ReportCollector(database).describe():
            names[family.name] = set(family._labelnames)
    finally:
        database.dispose()
    assert "chaski_queue_oldest_age_seconds" in names
    assert "chaski_processing_seconds_bucket" in names
    assert names["chaski_report_funnel_conversion"] == {"kind", "step"}
    assert names["chaski_http_requests_total"] == {"route", "method", "status"}
    return names


@pytest.fixture(scope="module")
def exported(declared: dict[str, set[str]]) -> set[str]:
    return set(declared)


def dashboard_exprs() -> list[str]:
    document = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [
        target["expr"]
        for panel in document["panels"]
        for target in panel.get("targets", [])
        if "expr" in target
    ]


def alert_rules() -> list[dict[str, Any]]:
    document = yaml.safe_load(ALERTS.read_text(encoding="utf-8"))
    return [rule for group in document["groups"] for rule in group["rules"]]


def check_names(expr: str, exported: set[str]) -> set[str]:
    used = set(CHASKI_NAME.findall(expr))
    assert used, f"no Chaski metric in {expr!r}"
    unknown = used - exported
    assert not unknown, f"{expr!r} uses metrics the app does not export: {sorted(unknown)}"
    return used


def test_dashboard_is_a_grafana_dashboard() -> None:
    document = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    assert document["schemaVersion"] >= 36
    assert document["uid"]
    assert document["title"]
    assert any(i["name"] == "DS_PROMETHEUS" for i in document["__inputs"])
    ids = [panel["id"] for panel in document["panels"]]
    assert len(ids) == len(set(ids))
    for panel in document["panels"]:
        assert panel["datasource"]["uid"] == "${DS_PROMETHEUS}"
        assert {"x", "y", "w", "h"} <= set(panel["gridPos"])
        assert panel["targets"]


def test_dashboard_queries_only_exported_metrics(exported: set[str]) -> None:
    used: set[str] = set()
    for expr in dashboard_exprs():
        used |= check_names(expr, exported)
    assert used >= SHOWN, f"panels missing for {sorted(SHOWN - used)}"
    assert any("histogram_quantile(0.99" in expr for expr in dashboard_exprs())


def test_alert_rules_are_complete_and_query_exported_metrics(exported: set[str]) -> None:
    rules = alert_rules()
    assert rules
    for rule in rules:
        assert rule["alert"]
        assert isinstance(rule["expr"], str)
        assert re.fullmatch(r"\d+[smh]", str(rule["for"]))
        assert rule["labels"]["severity"] in ("page", "warning", "info")
        assert rule["annotations"]["summary"]
        check_names(rule["expr"], exported)
    exprs = " ".join(rule["expr"] for rule in rules)
    assert "chaski_queue_oldest_age_seconds) > 300" in exprs
    assert "chaski_send_failures_total" in exprs
    by_name = {rule["alert"]: rule["expr"] for rule in rules}
    assert 'chaski_http_requests_total{status="5xx"}' in by_name["ChaskiHttp5xx"]
    assert 'outcome=~"timeout|error"' in by_name["ChaskiLLMErrors"]
    assert "chaski_report_last_success_timestamp_seconds" in by_name["ChaskiAnalyticsStale"]
    assert "36 * 3600" in by_name["ChaskiAnalyticsStale"]


def test_queries_use_only_declared_labels_and_values(declared: dict[str, set[str]]) -> None:
    """A label the metric lacks, or a value the app never sets (``status="500"`` for
    ``"5xx"``), makes a query that silently finds nothing."""
    exprs = dashboard_exprs() + [rule["expr"] for rule in alert_rules()]
    checked = 0
    for expr in exprs:
        used = set(CHASKI_NAME.findall(expr))
        known: set[str] = set().union(*(declared[name] for name in used)) | TARGET_LABELS
        for name, matchers in SELECTOR.findall(expr):
            for label, op, value in MATCHER.findall(matchers):
                assert label in declared[name] | TARGET_LABELS, f"{name} has no {label}: {expr}"
                allowed = VALUES.get((name, label))
                if allowed is not None and op in ("=", "=~"):
                    wanted = set(value.split("|")) if op == "=~" else {value}
                    assert wanted <= allowed, f"{name}{{{label}}} is never {wanted - allowed}"
                    checked += 1
        for group in GROUPING.findall(expr):
            labels = {label.strip() for label in group.split(",") if label.strip()}
            assert labels <= known, f"grouping by {sorted(labels - known)} in {expr}"
    assert checked >= 2  # the 5xx and LLM alerts filter on values the app declares


def test_matchers_are_parsed() -> None:
    expr = 'sum by (route) (rate(chaski_http_requests_total{status=~"4xx|5xx", route!="x"}[5m]))'
    [(name, matchers)] = SELECTOR.findall(expr)
    assert name == "chaski_http_requests_total"
    assert MATCHER.findall(matchers) == [("status", "=~", "4xx|5xx"), ("route", "!=", "x")]
    assert GROUPING.findall(expr) == ["route"]


def test_prometheus_and_provisioning_yaml() -> None:
    config = yaml.safe_load(PROMETHEUS.read_text(encoding="utf-8"))
    assert config["rule_files"] == ["alerts.yml"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert set(jobs) == {"chaski-web", "chaski-worker"}
    assert all(job["metrics_path"] == "/metrics" for job in jobs.values())
    datasources = yaml.safe_load((PROVISIONING / "datasources.yaml").read_text(encoding="utf-8"))
    assert datasources["datasources"][0]["type"] == "prometheus"
    dashboards = yaml.safe_load((PROVISIONING / "dashboards.yaml").read_text(encoding="utf-8"))
    assert dashboards["providers"][0]["type"] == "file"


def test_every_alert_has_unit_tests() -> None:
    """alerts_test.yml runs the real rules file and checks each alert firing, with its labels."""
    document = yaml.safe_load(ALERT_TESTS.read_text(encoding="utf-8"))
    assert document["rule_files"] == [ALERTS.name]
    checks = [check for test in document["tests"] for check in test["alert_rule_test"]]
    fired = {check["alertname"] for check in checks if check.get("exp_alerts")}
    quiet = {check["alertname"] for check in checks if not check.get("exp_alerts")}
    names = {rule["alert"] for rule in alert_rules()}
    assert fired == names, f"alerts never shown firing: {sorted(names - fired)}"
    assert quiet == names, f"alerts never shown staying quiet: {sorted(names - quiet)}"


def promtool() -> str:
    """The promtool binary: skipped when missing on a laptop, a failure in CI (CI installs
    Debian's prometheus package, see .ci/run)."""
    found = shutil.which("promtool")
    if found is None:
        message = "promtool is not on PATH (Debian: apt-get install prometheus)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run these checks")
        pytest.skip(message)
    return found


@pytest.mark.parametrize(
    ("command", "path"),
    [
        (("check", "rules"), ALERTS),
        (("check", "config"), PROMETHEUS),
        (("test", "rules"), ALERT_TESTS),
    ],
)
def test_promtool_accepts(command: tuple[str, str], path: Path) -> None:
    done = subprocess.run(  # noqa: S603 - fixed arguments
        [promtool(), *command, str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "SUCCESS" in done.stdout + done.stderr
