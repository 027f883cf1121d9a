"""Synthetic data in CONTRACT's import formats, imported the way analysts import it."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

from analytics.run import run_analytics
from analytics.synthetic import SyntheticSpec, write_jsonl
from bot.records import read_records
from bot.store.db import Database
from bot.store.profile_import import store_profiles, validate_profile_record

ASPECTS = {"sabor", "dulzor", "sal", "picante", "acidez", "textura", "frescura", "precio",
           "tamano", "empaque", "disponibilidad", "salud", "aroma"}  # fmt: skip


def test_jsonl_files_import_and_give_the_known_rate(database: Database, tmp_path: Path) -> None:
    spec = SyntheticSpec(profiles=250, feedback=300, seed=11)
    truth = write_jsonl(spec, tmp_path)
    path = tmp_path / "profiles.jsonl"
    profiles = [validate_profile_record(path, n, record) for n, record in read_records(path)]
    assert len(profiles) == 250
    assert all(p.created_at for p in profiles)
    with database.session() as session:
        store_profiles(session, profiles, key="k", now=datetime(2026, 11, 20, tzinfo=UTC))
    feedback = [json.loads(line) for line in (tmp_path / "feedback.jsonl").read_text().splitlines()]
    assert len(feedback) == 300
    for record in feedback:
        assert {"ts", "user", "lang", "product", "text", "sentiment", "aspects"} == set(record)
        assert datetime.fromisoformat(record["ts"]).tzinfo is not None
        assert record["lang"] in ("es", "qu")
        assert record["sentiment"] in ("pos", "neg", "neu")
        assert set(record["aspects"]) <= ASPECTS
    result = run_analytics(
        database,
        since=truth.since,
        until=truth.until,
        out_dir=tmp_path / "out",
        today=date(2026, 11, 21),
    )
    assert truth.realized_informal_rate is not None
    assert result.summary["people"] == 250
    assert result.summary["informal_rate"] == round(truth.realized_informal_rate, 4)


def test_generator_is_seeded(tmp_path: Path) -> None:
    spec = SyntheticSpec(profiles=50, feedback=50, seed=3)
    write_jsonl(spec, tmp_path / "a")
    write_jsonl(spec, tmp_path / "b")
    for name in ("profiles.jsonl", "feedback.jsonl"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
