"""Alembic environment: runs on the connection ``Database.upgrade`` hands over, or on the
URL from Settings when called as ``alembic`` from a developer's shell."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.settings import get_settings
from bot.store.db import create_db_engine
from bot.store.tables import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        url = get_settings().database_url
    engine = create_db_engine(url)
    with engine.begin() as new_connection:
        _run(new_connection)
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; use `chaski db upgrade`")
run_migrations_online()
