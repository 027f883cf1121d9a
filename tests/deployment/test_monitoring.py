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
from bot.metrics import QueueCollector
from bot.settings import REPO_ROOT
from bot.store.db import Database

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
}


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every sample name the app exports: bot.metrics' metrics and the queue collector's."""
    names: set[str] = set()
    for value in vars(metrics).values():
        if isinstance(value, MetricWrapperBase):
            for family in value.describe():
                names.update(family.name + suffix for suffix in SUFFIXES[family.type])
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('metrics') / 'chaski.db'}")
    database.upgrade()
    try:
        for family in QueueCollector(database).collect():
            names.update(sample.name for sample in family.samples)
    finally:
        database.dispose()
    assert "chaski_queue_oldest_age_seconds" in names
    assert "chaski_processing_seconds_bucket" in names
    return names


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
