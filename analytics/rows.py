"""Report tables: lists of flat rows, written as one CSV and one JSON file each."""

from __future__ import annotations

import csv
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

Cell = str | int | float | bool | None
Row = dict[str, Cell]
Tables = dict[str, list[Row]]


def columns(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    """Every column in first-seen order (rows may differ when some are suppressed)."""
    seen: dict[str, None] = {}
    for row in rows:
        for key in row:
            seen.setdefault(key, None)
    return list(seen)


def write_csv(path: Path, rows: Sequence[Mapping[str, Cell]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns(rows), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_json(path: Path, document: object) -> None:
    path.write_text(
        json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n",
        encoding="utf-8",
    )


def round_or_none(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)
