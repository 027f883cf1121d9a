"""``chaski import kb|feedback``, ``chaski feedback analyze`` and ``chaski analytics run``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.app import Services
from bot.progress import progress_bar
from bot.records import RecordError, read_records
from bot.store.people import pseudonym
from bot.store.tables import FeedbackRow, utcnow
from models.feedback import FeedbackAnalysis, analysis_json, read_feedback_inputs
from retrieval.kb import read_kb_file
from retrieval.kb_store import load_entries, upsert_entries

BATCH = 64
T = TypeVar("T")


def import_kb(services: Services, path: Path) -> str:
    entries = read_kb_file(path)
    services.database.upgrade()
    with services.database.session() as session:
        changed = upsert_entries(session, entries, now=utcnow())
    with services.database.session() as session:
        everything = load_entries(session)
    services.answers.rebuild(everything)
    return f"imported {len(entries)} knowledge entries from {path.name} ({changed} new or changed)"


def analyze_feedback(services: Services, path: Path, out: Any = sys.stdout) -> int:
    """One JSON line per input, in input order (nothing is stored)."""
    inputs = read_feedback_inputs(path)
    for batch in _batches(inputs):
        results = services.feedback.analyze([text for _, text in batch])
        for (identifier, _), analysis in zip(batch, results, strict=True):
            out.write(json.dumps(analysis_json(identifier, analysis), ensure_ascii=False) + "\n")
    return len(inputs)


class FeedbackRecord(BaseModel):
    """CONTRACT.md's feedback import line: ``{"ts", "user", "lang", "product", "text"}``."""

    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)

    ts: datetime
    user: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1, max_length=5000)
    lang: str | None = Field(default=None, pattern=r"^[a-z]{2}$")
    product: str | None = Field(default=None, max_length=128)


def read_feedback_records(path: Path) -> list[FeedbackRecord]:
    records = []
    for line, record in read_records(path):
        try:
            records.append(FeedbackRecord.model_validate(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "record"
            raise RecordError(path, line, f"{field}: {first['msg']}") from exc
    return records


def import_feedback(services: Services, path: Path) -> str:
    """Analyse every line as chat feedback is analysed, then store them all at once."""
    records = read_feedback_records(path)
    services.database.upgrade()
    key = services.settings.pseudonym_key.get_secret_value()
    rows: list[FeedbackRow] = []
    with progress_bar(len(records), "feedback") as advance:
        for batch in _batches(records):
            analyses = services.feedback.analyze([r.text for r in batch])
            rows.extend(
                _row(record, analysis, key)
                for record, analysis in zip(batch, analyses, strict=True)
            )
            advance(len(batch))
    with services.database.session() as session:
        session.add_all(rows)
    return f"imported {len(rows)} feedback texts from {path.name}"


def _row(record: FeedbackRecord, analysis: FeedbackAnalysis, key: str) -> FeedbackRow:
    moment = record.ts if record.ts.tzinfo else record.ts.replace(tzinfo=UTC)
    return FeedbackRow(
        source="import",
        external_user=pseudonym(key, "import", record.user),
        product=analysis.product or record.product,
        text=record.text,
        language=record.lang or analysis.language,
        sentiment=analysis.sentiment,
        aspects=list(analysis.aspects),
        created_at=moment,
    )


def run_report(
    services: Services, *, since: date | None, until: date | None, out: Path | None
) -> Path:
    from analytics.run import JOB_COUNT, run_analytics  # noqa: PLC0415 - heavy, this command only

    settings = services.settings
    services.database.upgrade()
    target = out or settings.data_dir / "reports" / settings.today().isoformat()
    with progress_bar(JOB_COUNT, "analytics") as advance:
        result = run_analytics(
            services.database,
            since=since,
            until=until,
            out_dir=target,
            k=settings.report_min_group,
            today=settings.today(),
            progress=advance,
        )
    return result.out_dir


def _batches(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]
