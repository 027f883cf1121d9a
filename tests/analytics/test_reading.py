"""Analytics reads never hold up the bot's writes."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from analytics.reading import read_sessions
from bot.store.db import Database
from bot.store.tables import FeedbackRow
from tests.analytics.helpers import add_feedback, at


def test_a_report_reading_does_not_block_writers(database: Database) -> None:
    moment = at("2026-09-10T10:00:00-05:00")
    add_feedback(database, {"created_at": moment})
    with read_sessions(database) as sessions, sessions() as session:
        count = select(func.count()).select_from(FeedbackRow)
        assert session.execute(count).scalar_one() == 1
        clock = time.perf_counter()
        add_feedback(database, {"created_at": moment})  # the bot writes while the report reads
        assert time.perf_counter() - clock < 2  # a write lock held here would wait 10 s
    with database.session() as session:
        assert session.execute(count).scalar_one() == 2
