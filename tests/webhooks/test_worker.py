"""The worker: exactly-once answers across crashes, retries that honour retry_after,
per-person order with two workers side by side."""

from __future__ import annotations

import asyncio
import functools
import json
import threading
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build_services
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

    def worker(self, name: str, channels: dict[str, Channel] | None = None) -> Worker:
        return Worker(
            database=self.services.database,
            engine=self.services.engine,
            channels=channels if channels is not None else self.channels,
            worker_id=name,
            config=WorkerConfig(claim_timeout=TIMEOUT, max_attempts=3),
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
