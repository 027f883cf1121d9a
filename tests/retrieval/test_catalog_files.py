"""The shipped catalogs in data/catalog keep CONTRACT.md ("Catalog files"), and so does the
generator that makes them (retrieval/generate.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Literal

import pytest

from retrieval.generate import generate_courses, generate_jobs, write_catalog

CATALOG = Path(__file__).resolve().parents[2] / "data" / "catalog"
TODAY = date(2026, 11, 21)
Kind = Literal["jobs", "courses"]
KINDS: tuple[Kind, Kind] = ("jobs", "courses")

JOB_HEADER = [
    "id",
    "title",
    "description",
    "employer",
    "skills",
    "region",
    "district",
    "remote",
    "hours_per_week",
    "schedule",
    "pay_min",
    "pay_max",
    "education_required",
    "equipment",
    "languages",
    "posted_at",
    "expires_at",
    "url",
]
COURSE_HEADER = [
    "id",
    "title",
    "provider",
    "description",
    "skills",
    "modality",
    "region",
    "district",
    "duration_hours",
    "cost",
    "schedule",
    "education_required",
    "equipment",
    "languages",
    "starts_at",
    "expires_at",
    "url",
]
DEPARTMENTS = frozenset(
    {
        "Amazonas",
        "Áncash",
        "Apurímac",
        "Arequipa",
        "Ayacucho",
        "Cajamarca",
        "Callao",
        "Cusco",
        "Huancavelica",
        "Huánuco",
        "Ica",
        "Junín",
        "La Libertad",
        "Lambayeque",
        "Lima",
        "Loreto",
        "Madre de Dios",
        "Moquegua",
        "Pasco",
        "Piura",
        "Puno",
        "San Martín",
        "Tacna",
        "Tumbes",
        "Ucayali",
    }
)
SCHEDULES = frozenset({"manana", "tarde", "noche", "fines_de_semana", "completo", "flexible"})
EDUCATION = frozenset({"ninguna", "primaria", "secundaria", "tecnica", "universitaria"})
EQUIPMENT = frozenset({"ninguno", "smartphone", "computadora"})
REMOTE_EQUIPMENT = frozenset({"smartphone", "computadora"})
MODALITIES = frozenset({"virtual", "presencial", "mixto"})
LANGUAGES = frozenset({"es", "qu", "en"})


def read(name: str) -> tuple[list[str], list[dict[str, str]]]:
    with (CATALOG / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        rows = [dict(zip(header, cells, strict=True)) for cells in reader]
    return header, rows


def jobs() -> list[dict[str, str]]:
    return read("jobs.csv")[1]


def courses() -> list[dict[str, str]]:
    return read("courses.csv")[1]


def is_expired(row: dict[str, str]) -> bool:
    return bool(row["expires_at"]) and date.fromisoformat(row["expires_at"]) < TODAY


def check_common(row: dict[str, str]) -> None:
    """Columns that jobs and courses share."""
    for column in ("id", "title", "description", "skills"):
        assert row[column].strip(), (row["id"], column)
    skills = row["skills"].split(";")
    assert all(skill.strip() and len(skill) <= 200 for skill in skills), row["id"]
    assert row["schedule"] in SCHEDULES, row
    assert row["education_required"] in EDUCATION, row
    assert row["equipment"] in EQUIPMENT, row
    codes = row["languages"].split(";")
    assert set(codes) <= LANGUAGES, row
    if row["expires_at"]:
        date.fromisoformat(row["expires_at"])


def check_jobs(rows: Iterable[dict[str, str]]) -> None:
    for row in rows:
        check_common(row)
        assert row["remote"] in ("true", "false"), row
        if row["remote"] == "true":
            assert (row["region"], row["district"]) == ("", ""), row
            assert row["equipment"] in REMOTE_EQUIPMENT, row
        else:
            assert row["region"] in DEPARTMENTS, row
            assert row["district"], row
        assert 1 <= int(row["hours_per_week"]) <= 168, row
        assert bool(row["pay_min"]) == bool(row["pay_max"]), row
        if row["pay_min"]:
            assert 0 < int(row["pay_min"]) <= int(row["pay_max"]), row
        assert date.fromisoformat(row["posted_at"]) <= TODAY, row
        assert row["url"].startswith("https://empleos.example.pe/"), row


def check_courses(rows: Iterable[dict[str, str]]) -> None:
    for row in rows:
        check_common(row)
        assert row["modality"] in MODALITIES, row
        if row["modality"] == "virtual":
            assert (row["region"], row["district"]) == ("", ""), row
            assert row["equipment"] in REMOTE_EQUIPMENT, row
        else:
            assert row["region"] in DEPARTMENTS, row
            assert row["district"], row
        assert 0 < int(row["duration_hours"]) <= 480, row
        assert int(row["cost"]) >= 0, row
        date.fromisoformat(row["starts_at"])
        assert row["url"].startswith("https://cursos.example.pe/"), row


# ---------------------------------------------------------------- the shipped files


@pytest.mark.parametrize(
    ("name", "header", "count"),
    [("jobs.csv", JOB_HEADER, 320), ("courses.csv", COURSE_HEADER, 130)],
)
def test_header_count_and_unique_ids(name: str, header: list[str], count: int) -> None:
    found, rows = read(name)
    assert found == header
    assert len(rows) == count
    assert len({row["id"] for row in rows}) == count


def test_job_values_keep_the_contract() -> None:
    check_jobs(jobs())


def test_course_values_keep_the_contract() -> None:
    check_courses(courses())


def test_every_department_has_jobs() -> None:
    assert {row["region"] for row in jobs() if row["region"]} == DEPARTMENTS


def test_at_least_35_percent_of_jobs_are_remote() -> None:
    rows = jobs()
    assert sum(row["remote"] == "true" for row in rows) >= 0.35 * len(rows)


def test_some_offers_have_expired_and_some_are_open() -> None:
    for rows in (jobs(), courses()):
        assert any(is_expired(row) for row in rows)
        assert sum(not is_expired(row) for row in rows) > 0.8 * len(rows)


def test_quechua_offers_exist() -> None:
    for rows in (jobs(), courses()):
        codes = [set(row["languages"].split(";")) for row in rows]
        assert any("qu" in languages for languages in codes)
    assert any(row["languages"] == "qu" for row in jobs())


def test_most_courses_are_free_and_many_virtual() -> None:
    rows = courses()
    assert sum(row["cost"] == "0" for row in rows) > 0.6 * len(rows)
    assert sum(row["modality"] == "virtual" for row in rows) > 0.3 * len(rows)


def test_no_title_repeats_in_the_same_district() -> None:
    for rows in (jobs(), courses()):
        pairs = [(row["title"], row["district"]) for row in rows]
        assert len(set(pairs)) == len(pairs)


def test_shipped_files_are_what_the_generator_writes(tmp_path: Path) -> None:
    for kind, n in zip(KINDS, (320, 130), strict=True):
        path = tmp_path / f"{kind}.csv"
        write_catalog(path, kind, n, 2026)
        assert path.read_bytes() == (CATALOG / f"{kind}.csv").read_bytes(), kind


# ---------------------------------------------------------------- the generator


def test_generated_jobs_are_deterministic_and_keep_the_contract() -> None:
    first = list(generate_jobs(2000, seed=1))
    assert first == list(generate_jobs(2000, seed=1))
    assert first != list(generate_jobs(2000, seed=2))
    assert [row["id"] for row in first[:2]] == ["J0001", "J0002"]
    assert list(first[0]) == JOB_HEADER
    check_jobs(first)
    assert len({row["region"] for row in first if row["region"]}) == len(DEPARTMENTS)
    assert any(is_expired(row) for row in first)


def test_generated_courses_are_deterministic_and_keep_the_contract() -> None:
    first = list(generate_courses(500, seed=1))
    assert first == list(generate_courses(500, seed=1))
    assert list(first[0]) == COURSE_HEADER
    assert first[0]["id"] == "C0001"
    check_courses(first)


def test_large_catalogs_get_long_ids() -> None:
    assert next(iter(generate_jobs(10_000, seed=1)))["id"] == "G000001"


def test_today_moves_the_dates() -> None:
    later = date(2030, 1, 1)
    rows = list(generate_jobs(200, seed=3, today=later))
    assert all(date.fromisoformat(row["posted_at"]) <= later for row in rows)
    assert max(row["posted_at"] for row in rows) > "2029-01-01"


@pytest.mark.parametrize("kind", KINDS)
def test_write_catalog_round_trips_through_json_lines(tmp_path: Path, kind: Kind) -> None:
    path = tmp_path / "out" / f"{kind}.jsonl"
    write_catalog(path, kind, 300, 5)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    expected = list(generate_jobs(300, 5) if kind == "jobs" else generate_courses(300, 5))
    assert len(records) == len(expected)
    for record, row in zip(records, expected, strict=True):
        assert set(record) == {key for key, value in row.items() if value}
        back = {
            key: (
                ";".join(value)
                if isinstance(value, list)
                else ("true" if value else "false")
                if isinstance(value, bool)
                else str(value)
            )
            for key, value in record.items()
        }
        assert back == {key: value for key, value in row.items() if value}
        assert isinstance(record["skills"], list)
        if kind == "jobs":
            assert isinstance(record["remote"], bool)
            assert isinstance(record["hours_per_week"], int)
        else:
            assert isinstance(record["cost"], int)
