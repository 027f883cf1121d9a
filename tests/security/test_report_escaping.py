"""Hostile text that reaches the analytics report is escaped in ``report.html``.

Group names (regions from imported profiles) and product names (imported feedback) are
written into the page as table cells, captions and figure labels; people control them, so
the page must show them as text, never as markup.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest

from analytics.run import run_analytics
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot.store.db import Database
from bot.store.tables import FeedbackRow

SCRIPT_REGION = "<script>alert('región')</script>"
IMG_PRODUCT = '<img src=x onerror="alert(1)">'
QUOTE_PRODUCT = "\"'><svg/onload=alert(2)>"
SMALL = SyntheticSpec(profiles=200, feedback=600, weeks=10, jobs=30, courses=10)


def add_feedback(database: Database, product: str, until: datetime, people: int = 30) -> None:
    with database.session() as session:
        for n in range(people):
            session.add(
                FeedbackRow(
                    source="import",
                    external_user=f"{product[:20]}-{n}",
                    product=product,
                    text=f"muy rico {SCRIPT_REGION} {IMG_PRODUCT}",
                    sentiment="pos",
                    aspects=["sabor"],
                    language="es",
                    created_at=until - timedelta(days=n % 20),
                )
            )


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_report_html_escapes_names_that_people_control(database: Database, tmp_path: Path) -> None:
    spec = replace(SMALL, small_regions=((SCRIPT_REGION, 12),))
    truth = insert_synthetic(database, spec)
    until = datetime.combine(truth.until, time(12), UTC)
    for product in (IMG_PRODUCT, QUOTE_PRODUCT):
        add_feedback(database, product, until)
    out = tmp_path / "report"
    run_analytics(database, since=truth.since, until=truth.until, out_dir=out, today=truth.until)

    page = (out / "report.html").read_text(encoding="utf-8")
    for hostile in (SCRIPT_REGION, IMG_PRODUCT, QUOTE_PRODUCT):
        assert hostile not in page
    assert "<script" not in page.lower()
    assert "<svg" not in page.lower()
    assert "onerror=" not in page.replace("onerror=&quot;", "")  # only inside escaped text
    # They are there, as text.
    assert html.escape(SCRIPT_REGION, quote=True) in page
    assert html.escape(IMG_PRODUCT, quote=True) in page
    # The machine-readable outputs carry them verbatim and stay valid.
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert isinstance(summary, dict)
    tables = [json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")]
    assert any(SCRIPT_REGION in json.dumps(t, ensure_ascii=False) for t in tables)


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_dollar_signs_in_a_region_do_not_break_the_report(
    database: Database, tmp_path: Path
) -> None:
    spec = replace(SMALL, small_regions=(("$\\undefined$", 100),))
    truth = insert_synthetic(database, spec)
    run_analytics(
        database, since=truth.since, until=truth.until, out_dir=tmp_path, today=truth.until
    )
    assert "$\\undefined$" in (tmp_path / "report.html").read_text(encoding="utf-8")
