"""The load benchmark: its checks catch doubles and disorder, and a small run on PostgreSQL (with
duplicate deliveries, 429s and a worker SIGKILLed and restarted) loses, doubles and reorders
nothing. The full run is `python -m bench.load` (bench/README.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.load import parser, run
from bench.load_check import Kill, Piece, Replies, match, order_violations
from bench.load_people import Person, plan_people
from bench.load_system import Deliveries, Delivery
from bot.settings import REPO_ROOT
from tests.conftest import NEEDS_POSTGRES, postgres_url

SMALL = REPO_ROOT / "tests" / "fixtures" / "catalog"


def stored(person: Person) -> Replies:
    """Two messages answered with one reply each; the platform called them "p0" and "p1"."""
    first, second = person.messages
    return Replies(
        inbound={
            (person.channel, first.key): (1, "done"),
            (person.channel, second.key): (2, "done"),
        },
        rows={},
        pieces={
            (person.channel, "p0"): Piece(10, (0, 0, 0)),
            (person.channel, "p1"): Piece(11, (1, 0, 0)),
        },
        texts={10: "¿En qué región vives?", 11: "¿Cuántos años tienes?"},
    )


def accepted(person: Person, *sends: tuple[str, str]) -> Deliveries:
    deliveries = Deliveries(rate=0.0, seed=1)
    deliveries.accepted = [
        Delivery(float(n), person.channel, person.address, platform_id, text)
        for n, (platform_id, text) in enumerate(sends)
    ]
    return deliveries


@pytest.fixture
def person() -> Person:
    return plan_people(1, 2, dup=0.0, returning=0.0, seed=3)[0]


def test_a_reply_accepted_twice_is_doubled_and_blamed_on_the_kill_only_if_in_flight(
    person: Person,
) -> None:
    sends = accepted(
        person,
        ("p0", "¿En qué región vives?"),
        ("x9", "¿En qué región vives?"),  # sent again, never recorded
        ("p1", "¿Cuántos años tienes?"),
    )
    found = match([person], sends, stored(person), kill=None)
    assert (found.doubled, found.doubled_at_kill, found.unattributed) == (1, 0, 0)
    assert order_violations(found.per_person) == (0, 0)
    killed = Kill(in_flight=[(10, "out")])
    assert match([person], sends, stored(person), kill=killed).doubled_at_kill == 1


def test_replies_accepted_out_of_the_messages_order_are_violations(person: Person) -> None:
    sends = accepted(person, ("p1", "¿Cuántos años tienes?"), ("p0", "¿En qué región vives?"))
    found = match([person], sends, stored(person), kill=None)
    assert found.doubled == 0
    assert order_violations(found.per_person) == (1, 1)


def test_small_load_on_postgres_loses_doubles_and_reorders_nothing(tmp_path: Path) -> None:
    url = postgres_url()
    if not url:
        pytest.skip(NEEDS_POSTGRES)
    kb = tmp_path / "kb.jsonl"
    lines = (REPO_ROOT / "data" / "kb" / "kb.jsonl").read_text().splitlines(keepends=True)
    kb.write_text("".join(lines[:8]))
    args = parser().parse_args(
        ["--people", "20", "--messages", "4", "--claim-timeout", "20", "--restart-after", "1",
         "--no-baseline", "--timeout-minutes", "10", "--postgres", url, "--kb", str(kb),
         "--jobs", str(SMALL / "jobs_small.csv"), "--courses", str(SMALL / "courses_small.csv")]
    )  # fmt: skip
    results = run(args)
    chaos: dict[str, Any] = results["chaos"]
    assert results["problems"] == []
    assert chaos["acknowledged"] == chaos["answered"] == 80
    assert (chaos["lost"], chaos["doubled"], chaos["order_violations"]) == (0, 0, 0)
    assert chaos["doubled_at_kill"] <= 1  # at most the one send the killed worker had in flight
    assert chaos["kill"]["at_s"] is not None
    assert chaos["kill"]["restarted_at_s"] is not None
    assert chaos["duplicates_posted"] > 0
    assert sum(chaos["refused_429"].values()) > 0
