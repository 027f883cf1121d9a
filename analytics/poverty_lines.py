"""INEI's monetary poverty lines, from a small editable table (``poverty_lines.csv``).

Columns: ``year, area, soles_per_person_month, source``; ``area`` is ``national``,
``urban`` or ``rural``. Profiles do not say whether a person lives in an urban or a rural
area, so analytics uses the ``national`` line of the year of ``until`` (the latest year
in the table when that year is missing).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from analytics.errors import AnalyticsError

DEFAULT_LINES = Path(__file__).resolve().parent / "poverty_lines.csv"
AREAS = ("national", "urban", "rural")


@dataclass(frozen=True)
class PovertyLine:
    year: int
    area: str
    soles: float  # per person per month
    source: str


def load_lines(path: Path = DEFAULT_LINES) -> list[PovertyLine]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle))
    except OSError as exc:
        raise AnalyticsError(f"cannot read poverty lines {path}: {exc.strerror}") from exc
    lines: list[PovertyLine] = []
    for number, record in enumerate(records, start=2):
        try:
            line = PovertyLine(
                year=int(record["year"]),
                area=record["area"].strip(),
                soles=float(record["soles_per_person_month"]),
                source=record["source"].strip(),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise AnalyticsError(f"{path}:{number}: bad poverty line row") from exc
        if line.area not in AREAS or line.soles <= 0:
            raise AnalyticsError(f"{path}:{number}: bad area or amount")
        lines.append(line)
    return lines


def line_for(year: int, lines: list[PovertyLine], area: str = "national") -> PovertyLine:
    """The line of ``year`` for ``area``, else the latest year's."""
    candidates = [line for line in lines if line.area == area]
    if not candidates:
        raise AnalyticsError(f"no {area} poverty line in the table")
    for line in candidates:
        if line.year == year:
            return line
    return max(candidates, key=lambda line: line.year)
