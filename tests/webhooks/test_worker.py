"""The worker: exactly-once answers across crashes, retries that honour retry_after,
per-person order with two workers side by side."""

from __future__ import annotations

import asyncio
import functools
import json
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.app import build_services
from bot.engine import Response
from bot.messages import IncomingMessage
from bot.settings import Settings
from bot.store.db import Database
from bot.store.queue import claim, store_inbound
from bot.store.tables import MessageRow
from tests.bot.chat import FakeClock
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.twilio_api import FakeTwilioAPI
from webhooks.channel import Channel, Delivery, SendResult
from webhooks.channels import build_channels
from webhooks.worker import Worker, WorkerConfig

TIMEOUT = timedelta(seconds=30)
UPDATE = json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures/telegram/message_text.json").read_text()
)
CHAT_ID = str(UPDATE["message"]["chat"]["id"])


def in_one_loop(test: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Run an async test in one event loop (the channels' HTTP clients live in it)."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        asyncio.run(test(*args, **kwargs))

    return run


def hello(message_id: str = "1", text: str = "hola", user: str = CHAT_ID) -> IncomingMessage:
    return IncomingMessage(
        channel="telegram", user_ref=user, text=text, platform_message_id=message_id
    )


class Harness:
    """Services, channels and workers over one database, with a clock we move."""

    def __init__(self, settings: Settings) -> None:
        self.clock = FakeClock()
        self.services = build_services(settings)
        self.services.engine.clock = self.clock
        self.channels = build_channels(settings)

    def worker(
        self, name: str, channels: dict[str, Channel] | None = None, **config: Any
    ) -> Worker:
        return Worker(
            database=self.services.database,
            engine=self.services.engine,
            channels=channels if channels is not None else self.channels,
            worker_id=name,
            config=WorkerConfig(claim_timeout=TIMEOUT, max_attempts=3, **config),
            clock=self.clock,
        )

    def store(self, message: IncomingMessage) -> None:
        with self.services.database.session() as session:
            assert store_inbound(
                session, message, key=self.services.engine.pseudonym_key, now=self.clock()
            )

    def rows(self, direction: str) -> list[MessageRow]:
        with self.services.database.session() as session:
            return list(
                session.scalars(
                    select(MessageRow)
                    .where(MessageRow.direction == direction)
                    .order_by(MessageRow.id)
                )
            )


@pytest.fixture
def harness(settings: Settings) -> Harness:
    return Harness(settings)


@in_one_loop
async def test_worker_dies_after_claiming_an_inbound_message(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    harness.store(hello())
    with harness.services.database.session() as session:  # a worker claims, then dies
        assert claim(session, direction="in", worker="dead", now=harness.clock(), timeout=TIMEOUT)
    survivor = harness.worker("survivor")
    await survivor.drain()
    assert fake_telegram.calls("sendMessage") == []  # the claim is still fresh
    harness.clock.advance(seconds=31)
    await survivor.drain()
    assert len(fake_telegram.calls("sendMessage")) == 2
    await survivor.drain()
    assert len(fake_telegram.calls("sendMessage")) == 2
    assert [row.status for row in harness.rows("out")] == ["sent", "sent"]


@in_one_loop
async def test_worker_dies_between_storing_replies_and_sending_them(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    harness.store(hello())
    crashed = harness.worker("crashed", channels={})
    answered, _ = await asyncio.to_thread(crashed._answer_next)  # answers and stores the replies...
    assert answered
    with harness.services.database.session() as session:  # ...claims one to send, dies
        assert claim(
            session, direction="out", worker="crashed", now=harness.clock(), timeout=TIMEOUT
        )
    harness.clock.advance(seconds=31)
    await harness.worker("survivor").drain()
    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert len(texts) == 2
    assert texts[0].startswith("¡Hola! Soy Chaski")
    assert len(harness.rows("in")) == 1
    assert len(harness.rows("out")) == 2  # the engine ran once


async def claimed_at(harness: Harness, row_id: int) -> datetime | None:
    def read() -> datetime | None:
        with harness.services.database.session() as session:
            row = session.get(MessageRow, row_id)
            return row.claimed_at if row else None

    return await asyncio.to_thread(read)


@in_one_loop
async def test_a_send_slower_than_the_claim_timeout_keeps_its_claim_and_goes_out_once(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    harness.store(hello())
    slow_platform = fake_telegram.hold_next("sendMessage")
    slow = harness.worker("slow", renew_every=0.02)
    other = harness.worker("other")
    sending = asyncio.create_task(slow.drain())
    assert await asyncio.to_thread(slow_platform.arrived.wait, 20)
    first_reply = harness.rows("out")[0]
    assert (first_reply.status, first_reply.claimed_by) == ("claimed", "slow")

    harness.clock.advance(seconds=20)  # the platform is still answering...
    for _ in range(500):  # ...and the sender renews its claim meanwhile
        if await claimed_at(harness, first_reply.id) == harness.clock():
            break
        await asyncio.sleep(0.01)
    harness.clock.advance(seconds=20)  # 40 s after the claim, past the 30 s timeout
    await other.drain()  # finds nothing to take: the claim was renewed
    slow_platform.release()
    await sending

    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert len(texts) == 2  # each reply once
    assert texts[0].startswith("¡Hola! Soy Chaski")
    assert [row.status for row in harness.rows("out")] == ["sent", "sent"]


@in_one_loop
async def test_429_is_retried_after_retry_after_and_order_is_kept(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    fake_telegram.fail_next("sendMessage", status=429, retry_after=5)
    worker = harness.worker("w")
    await worker.drain()
    assert len(fake_telegram.calls("sendMessage")) == 0  # nothing stored yet
    harness.store(hello())
    await worker.drain()
    first, second = harness.rows("out")
    assert first.status == "queued"
    assert first.next_attempt_at == harness.clock() + timedelta(seconds=5)
    assert second.status == "queued"  # waits behind the first reply
    harness.clock.advance(seconds=4)
    await worker.drain()
    assert len(fake_telegram.calls("sendMessage")) == 1  # only the refused attempt
    harness.clock.advance(seconds=1)
    await worker.drain()
    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert len(texts) == 3
    assert texts[1] == texts[0]
    assert texts[1].startswith("¡Hola! Soy Chaski")
    assert "Ley 29733" in texts[2]
    assert [row.status for row in harness.rows("out")] == ["sent", "sent"]


@in_one_loop
async def test_permanent_failure_is_recorded_not_retried(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    fake_telegram.fail_next("sendMessage", status=403, description="Forbidden: bot was blocked")
    harness.store(hello())
    await harness.worker("w").drain()
    first, second = harness.rows("out")
    assert first.status == "failed"
    assert "blocked" in (first.error or "")
    assert second.status == "sent"
    harness.clock.advance(hours=1)
    await harness.worker("w").drain()
    assert len(fake_telegram.calls("sendMessage")) == 2


@in_one_loop
async def test_transient_failures_give_up_after_max_attempts(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    for _ in range(3):
        fake_telegram.fail_next("sendMessage", status=502)
    harness.store(hello())
    worker = harness.worker("w")
    for _ in range(4):
        await worker.drain()
        harness.clock.advance(minutes=10)
    statuses = [row.status for row in harness.rows("out")]
    assert statuses == ["failed", "sent"]


@in_one_loop
async def test_whatsapp_reply_outside_24h_window_is_held(
    harness: Harness, fake_twilio: FakeTwilioAPI
) -> None:
    # The stored message is from the fake clock's past: more than 24 h before the real now.
    harness.store(
        IncomingMessage(
            channel="whatsapp",
            user_ref="whatsapp:+51987654321",
            text="hola",
            platform_message_id="SM" + "1" * 32,
        )
    )
    await harness.worker("w").drain()
    assert fake_twilio.messages == []
    assert [row.status for row in harness.rows("out")] == ["held", "held"]


class CollectingChannel:
    """Records deliveries in the order they arrive (a second's thought between sends)."""

    name = "telegram"

    def __init__(self) -> None:
        self.sent: dict[str, list[str]] = defaultdict(list)
        self._lock = threading.Lock()

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def verify(self, request: object, body: bytes) -> None: ...

    async def parse(self, request: object, body: bytes) -> list[IncomingMessage]:
        return []

    async def send(self, delivery: Delivery) -> SendResult:
        await asyncio.sleep(0.001)
        with self._lock:
            self.sent[delivery.address].append(delivery.text)
        return SendResult()


@in_one_loop
async def test_two_workers_keep_each_persons_order_and_double_nothing(
    harness: Harness, database: Database
) -> None:
    users = [f"10{n:08d}" for n in range(6)]
    script = ["hola", "sí", "Cusco", "saltar", "30", "mujer"]
    for step, text in enumerate(script):
        for user in users:  # interleaved: every user's first message, then every second...
            harness.store(hello(f"{user}-{step}", text, user))
    channel = CollectingChannel()
    workers = [harness.worker(name, {"telegram": channel}) for name in ("w1", "w2")]

    await asyncio.gather(*(worker.drain() for worker in workers))
    inbound = harness.rows("in")
    outbound = harness.rows("out")
    assert all(row.status == "done" for row in inbound)
    assert all(row.status == "sent" for row in outbound)
    assert len({row.claimed_by for row in inbound}) >= 1
    by_person: dict[str, list[MessageRow]] = defaultdict(list)
    for row in outbound:
        by_person[row.person_id].append(row)
    assert len(by_person) == len(users)
    for rows in by_person.values():
        answered = [row.reply_to for row in rows]
        assert answered == sorted(answered)  # each message answered after the one before
    for user in users:
        sent = channel.sent[user]
        assert sent[-1] == "¿Qué idiomas hablas?"  # the whole script, in order
        assert len(sent) == len(channel.sent[users[0]])  # same script, same replies
    assert sum(len(texts) for texts in channel.sent.values()) == len(outbound)


POISON = "boom"


def failed_total() -> float:
    return REGISTRY.get_sample_value("chaski_messages_failed_total", {"channel": "telegram"}) or 0.0


def poisoned(harness: Harness, *, fail_times: int | None = None) -> list[str]:
    """Make the engine crash (outside any flow step) on ``POISON``: every time, or only the
    first ``fail_times`` times. Returns the texts the engine was run on."""
    engine = harness.services.engine
    respond = engine.respond
    seen: list[str] = []

    def crashing(session: Session, inbound: MessageRow, *, deliver: bool) -> Response:
        seen.append(inbound.text or "")
        if inbound.text == POISON and (fail_times is None or seen.count(POISON) <= fail_times):
            raise RuntimeError(f"cannot handle {inbound.text}")
        return respond(session, inbound, deliver=deliver)

    engine.respond = crashing  # type: ignore[method-assign]
    return seen


@in_one_loop
async def test_a_message_that_keeps_crashing_is_given_up_and_the_next_one_answered(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    seen = poisoned(harness)
    before = failed_total()
    harness.store(hello("1", "hola"))
    harness.store(hello("2", POISON))
    harness.store(hello("3", "español"))
    worker = harness.worker("w")  # max_process_attempts defaults to 3
    await worker.drain()
    assert seen == ["hola", POISON]
    welcome = len(fake_telegram.calls("sendMessage"))
    assert welcome == 2
    for _ in range(2):  # claimed again after each timeout; the next message waits meanwhile
        harness.clock.advance(seconds=31)
        await worker.drain()
    assert seen == ["hola", POISON, POISON, POISON, "español"]
    first, poison, after = harness.rows("in")
    assert (poison.status, poison.attempts, poison.address) == ("failed", 3, None)
    assert (first.status, after.status) == ("done", "done")
    apologies = [row for row in harness.rows("out") if row.reply_to == poison.id]
    assert len(apologies) == 1
    assert apologies[0].text == "Perdona, algo falló de mi lado 🙏 Intenta de nuevo en un momento."
    assert failed_total() == before + 1
    harness.clock.advance(hours=1)
    await worker.drain()
    outbound = harness.rows("out")
    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert len(texts) == len(outbound) > welcome + 1  # each reply sent once, "español" answered
    assert texts[welcome] == apologies[0].text  # the apology comes before the next answer
    assert texts.count(apologies[0].text) == 1
    assert all(row.status == "sent" for row in outbound)
    answered = [row.reply_to or 0 for row in outbound]
    assert answered == sorted(answered)  # in the person's order
    assert seen.count(POISON) == 3


@in_one_loop
async def test_a_message_the_process_dies_on_is_given_up_without_running_it_again(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    harness.store(hello("1", "hola"))
    worker = harness.worker("w")
    await worker.drain()
    seen = poisoned(harness)
    harness.store(hello("2", POISON))
    harness.store(hello("3", "español"))
    for n in range(3):  # three workers claim it and die, one after another
        with harness.services.database.session() as session:
            assert claim(
                session, direction="in", worker=f"dead{n}", now=harness.clock(), timeout=TIMEOUT
            )
        harness.clock.advance(seconds=31)
    before = failed_total()
    await worker.drain()
    assert seen == ["español"]  # the poison message is not run a fourth time
    _, poison, after = harness.rows("in")
    assert (poison.status, poison.attempts, after.status) == ("failed", 4, "done")
    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert texts.count("Perdona, algo falló de mi lado 🙏 Intenta de nuevo en un momento.") == 1
    assert len(texts) == len(harness.rows("out"))
    assert failed_total() == before + 1


@in_one_loop
async def test_a_message_that_crashes_once_is_answered_on_the_next_claim(
    harness: Harness, fake_telegram: FakeTelegramAPI
) -> None:
    seen = poisoned(harness, fail_times=1)
    harness.store(hello("1", "hola"))
    harness.store(hello("2", POISON))
    worker = harness.worker("w")
    before = failed_total()
    await worker.drain()
    harness.clock.advance(seconds=31)
    await worker.drain()
    assert seen == ["hola", POISON, POISON]
    first, second = harness.rows("in")
    assert (first.status, first.attempts) == ("done", 1)  # a normal message: one claim
    assert (second.status, second.attempts) == ("done", 2)
    texts = [call["text"] for call in fake_telegram.calls("sendMessage")]
    assert "Perdona, algo falló de mi lado 🙏 Intenta de nuevo en un momento." not in texts
    assert len(texts) == len(harness.rows("out"))
    assert all(row.status == "sent" for row in harness.rows("out"))
    assert failed_total() == before
