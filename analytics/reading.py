"""Read-only sessions for analytics jobs, so a long report never holds up the bot.

``Database.session()`` starts SQLite transactions with ``BEGIN IMMEDIATE`` (the write
lock), which is right for the bot but would keep every writer waiting while a report scans a
million rows. Analytics reads SQLite through a plain engine instead: its SELECTs open no
write transaction, and in WAL mode readers and writers do not block each other. On
PostgreSQL each job reads one consistent snapshot (``REPEATABLE READ, READ ONLY``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from bot.store.db import Database

SessionFactory = Callable[[], AbstractContextManager[Session]]


@contextmanager
def read_sessions(database: Database) -> Iterator[SessionFactory]:
    """Yields a factory of read-only sessions (each ``with`` block is one job's reads)."""
    if not database.is_sqlite:

        @contextmanager
        def snapshot() -> Iterator[Session]:
            with database.session() as session:
                session.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
                yield session

        yield snapshot
        return
    engine = create_engine(database.url, connect_args={"timeout": 10})
    try:

        @contextmanager
        def plain() -> Iterator[Session]:
            with Session(engine) as session:
                yield session

        yield plain
    finally:
        engine.dispose()
