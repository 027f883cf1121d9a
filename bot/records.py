"""Reading import files: JSON Lines or CSV (RFC 4180), every problem tied to its line.

A file is read and validated completely before anything is stored, so a bad row rejects
the whole file with its line number and nothing is half-loaded.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Record = dict[str, Any]


class RecordError(ValueError):
    """A file that cannot be imported; the message names the file and line."""

    def __init__(self, path: Path, line: int | None, problem: str) -> None:
        where = f"{path.name}:{line}" if line is not None else path.name
        super().__init__(f"{where}: {problem}")
        self.line = line


def read_records(path: Path) -> Iterator[tuple[int, Record]]:
    """``(line number, record)`` pairs from a ``.csv`` file or JSON Lines (anything else)."""
    if not path.is_file():
        raise RecordError(path, None, "no such file")
    if path.suffix.lower() == ".csv":
        yield from _csv_records(path)
    else:
        yield from _jsonl_records(path)


def _jsonl_records(path: Path) -> Iterator[tuple[int, Record]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise RecordError(path, number, f"not valid JSON ({exc.msg})") from exc
            if not isinstance(record, dict):
                raise RecordError(path, number, "each line must be a JSON object")
            yield number, record


def _csv_records(path: Path) -> Iterator[tuple[int, Record]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:
            raise RecordError(path, 1, "empty file: a header row is required")
        try:
            for row in reader:
                if None in row:
                    raise RecordError(path, reader.line_num, "more cells than header columns")
                yield reader.line_num, {k: v for k, v in row.items() if v not in (None, "")}
        except csv.Error as exc:
            raise RecordError(path, reader.line_num, f"bad CSV ({exc})") from exc
