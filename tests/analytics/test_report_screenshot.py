"""``report.html`` renders in a real browser: headless Chromium draws a non-blank page, logs no
error, and the DOM holds the inline PNG plots."""

from __future__ import annotations

import os
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image, ImageStat

from analytics.run import run_analytics
from analytics.synthetic import SyntheticSpec, insert_synthetic
from bot.store.db import Database

CHROMIUM = Path("/usr/bin/chromium")
TODAY = date(2026, 11, 21)
WIDTH, HEIGHT = 1280, 2400
ERRORS = re.compile(r"Uncaught|Failed to load resource", re.IGNORECASE)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI must install the Debian chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install --no-install-recommends chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("screenshot")
    database = Database(f"sqlite:///{base / 'chaski.db'}")
    database.upgrade()
    try:
        truth = insert_synthetic(
            database, SyntheticSpec(profiles=300, feedback=1500, weeks=12, jobs=40, courses=10)
        )
        result = run_analytics(
            database, since=truth.since, until=truth.until, out_dir=base / "out", today=TODAY
        )
    finally:
        database.dispose()
    return result.paths["report.html"]


def run_chromium(
    chromium: Path, profile: Path, *arguments: str
) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run(  # noqa: S603 - a fixed binary and our own arguments
        [str(chromium), *flags, *arguments],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_report_screenshot_is_drawn_without_errors(
    chromium: Path, report: Path, tmp_path: Path
) -> None:
    png = tmp_path / "report.png"
    done = run_chromium(
        chromium,
        tmp_path / "profile-shot",
        "--enable-logging=stderr",
        "--v=0",
        f"--screenshot={png}",
        f"--window-size={WIDTH},{HEIGHT}",
        report.as_uri(),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    console = [line for line in done.stderr.splitlines() if ERRORS.search(line)]
    assert not console, "\n".join(console)
    assert png.stat().st_size > 20_000
    with Image.open(png) as image:
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1_000_000)
        assert colours is None or len(colours) > 50  # text, tables and plots, not one colour
        assert max(ImageStat.Stat(rgb).stddev) > 10


def test_report_dom_holds_the_inline_plots(chromium: Path, report: Path, tmp_path: Path) -> None:
    done = run_chromium(chromium, tmp_path / "profile-dom", "--dump-dom", report.as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    dom = done.stdout
    assert "Chaski: informe de analítica" in dom
    assert dom.count('<img src="data:image/png;base64,') >= 3
