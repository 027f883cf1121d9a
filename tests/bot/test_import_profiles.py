"""``chaski import profiles``: validated line by line, all or nothing, upsert by id."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.records import RecordError, read_records
from bot.settings import REPO_ROOT
from bot.store.db import Database
from bot.store.people import profile_document, pseudonym
from bot.store.profile_import import store_profiles, validate_profile_record
from bot.store.tables import Person, ProfileRow

NOW = datetime(2026, 11, 1, tzinfo=UTC)
SAMPLE = REPO_ROOT / "data" / "sample" / "profiles.jsonl"


def load(database: Database, path: Path) -> int:
    profiles = [validate_profile_record(path, n, record) for n, record in read_records(path)]
    with database.session() as session:
        return store_profiles(session, profiles, key="k", now=NOW)


def count(database: Database, table: type[Person] | type[ProfileRow]) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "profiles.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    return path


def test_shipped_sample_loads_and_reloads_without_duplicates(database: Database) -> None:
    assert load(database, SAMPLE) == 60
    assert load(database, SAMPLE) == 60
    assert count(database, Person) == 60
    assert count(database, ProfileRow) == 60


def test_profile_is_stored_in_contract_shape(database: Database, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        {
            "id": "s1",
            "language": "qu",
            "region": "cuzco",
            "skills": "away",
            "age": 40,
            "created_at": "2026-08-01",
            "unknown": "ignored",
        },
    )
    load(database, path)
    with database.session() as session:
        person = session.scalar(
            select(Person).where(Person.platform_ref == pseudonym("k", "import", "s1"))
        )
        assert person is not None
        assert person.created_at == datetime(2026, 8, 1, tzinfo=UTC)
        assert profile_document(person.profile) == {
            "language": "qu",
            "region": "Cusco",
            "skills": "away",
            "age": 40,
        }


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"language": "es", "region": "Lima", "skills": "x"}, "profiles.jsonl:2: missing id"),
        (
            {"id": "b", "language": "es", "region": "Lima"},
            "profiles.jsonl:2: skills: Field required",
        ),
        (
            {"id": "b", "language": "es", "region": "Lima", "skills": "x", "education": "phd"},
            "profiles.jsonl:2: education: Input should be",
        ),
        (
            {"id": "b", "language": "es", "region": "Lima", "skills": "x", "created_at": "ayer"},
            "profiles.jsonl:2: created_at: not an ISO date",
        ),
    ],
)
def test_a_bad_line_rejects_the_file_and_stores_nothing(
    database: Database, tmp_path: Path, bad: dict[str, object], message: str
) -> None:
    good = {"id": "g", "language": "es", "region": "Lima", "skills": "cocina"}
    with pytest.raises(RecordError) as error:
        load(database, write(tmp_path, good, bad))
    assert str(error.value).startswith(message)
    assert error.value.line == 2
    assert count(database, Person) == 0


def test_broken_json_and_csv_name_their_line(tmp_path: Path) -> None:
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"id": 1}\n\n{"id": \n')
    with pytest.raises(RecordError, match=r"^p\.jsonl:3: not valid JSON"):
        list(read_records(jsonl))
    table = tmp_path / "c.csv"
    table.write_text('id,title\n1,"ok"\n2,"a","b"\n')
    with pytest.raises(RecordError, match=r"^c\.csv:3: more cells than header columns"):
        list(read_records(table))
    with pytest.raises(RecordError, match="no such file"):
        list(read_records(tmp_path / "missing.csv"))


def test_csv_rows_drop_empty_cells(tmp_path: Path) -> None:
    table = tmp_path / "c.csv"
    table.write_text('id,title,url\n1,"Cocinero, turno tarde",\n')
    assert list(read_records(table)) == [(2, {"id": "1", "title": "Cocinero, turno tarde"})]
