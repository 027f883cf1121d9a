"""The schema: migrations are idempotent and match the SQLAlchemy models, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from bot.store.db import Database, StoreError
from bot.store.people import export_person, pseudonym, resolve_person
from bot.store.tables import Base, MessageRow, Person, ProfileRow


def test_upgrade_is_idempotent(database: Database) -> None:
    database.upgrade()
    database.upgrade()
    tables = set(inspect(database.engine).get_table_names())
    assert {"people", "profiles", "conversation_states", "messages", "feedback"} <= tables


def test_migrations_match_the_models(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_times_come_back_aware_in_utc(database: Database) -> None:
    moment = datetime(2026, 7, 1, 12, 30, tzinfo=UTC)
    with database.session() as session:
        session.add(Person(id="p1", channel="console", platform_ref="x", created_at=moment))
    with database.session() as session:
        person = session.get(Person, "p1")
        assert person is not None
        assert person.created_at == moment
        assert person.created_at.tzinfo is not None


def test_naive_datetimes_are_refused(database: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), database.session() as session:
        session.add(
            Person(id="p2", channel="console", platform_ref="y", created_at=datetime(2026, 1, 1))  # noqa: DTZ001
        )


def test_platform_ids_are_pseudonymous_and_resolvable(database: Database) -> None:
    ref = pseudonym("k", "whatsapp", "+51987654321")
    assert "987654321" not in ref
    assert ref == pseudonym("k", "whatsapp", "+51987654321")
    assert ref != pseudonym("other key", "whatsapp", "+51987654321")
    with database.session() as session:
        session.add(Person(id="p3", channel="whatsapp", platform_ref=ref))
    with database.session() as session:
        by_address = resolve_person(session, key="k", reference="whatsapp:+51987654321")
        by_id = resolve_person(session, key="k", reference="p3")
        assert by_address is not None
        assert by_id is not None
        assert by_address.id == by_id.id == "p3"
        assert resolve_person(session, key="k", reference="whatsapp:+51999") is None


def test_export_holds_profile_and_messages(database: Database) -> None:
    with database.session() as session:
        session.add(Person(id="p4", channel="console", platform_ref="z", consent="accepted"))
        session.flush()
        session.add(ProfileRow(person_id="p4", language="qu", region="Puno", skills="away"))
        session.add(MessageRow(person_id="p4", channel="console", direction="in", text="ari"))
    with database.session() as session:
        person = session.get(Person, "p4")
        assert person is not None
        document = export_person(session, person)
    assert document["profile"] == {"language": "qu", "region": "Puno", "skills": "away"}
    assert [m["text"] for m in document["messages"]] == ["ari"]
    assert document["person"]["consent"] == "accepted"


def test_unreachable_database_is_a_clear_error() -> None:
    database = Database("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1")
    with pytest.raises(StoreError, match=r"127\.0\.0\.1"):
        database.ping()
    with pytest.raises(StoreError, match="cannot migrate"):
        database.upgrade()
