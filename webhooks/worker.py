"""The worker: claims stored messages, runs the engine, stores the replies, sends them.

One loop does both halves, so any number of replicas can run side by side: inbound
messages are answered one person at a time in arrival order, and outbound replies are
sent in order too, each claimed before sending and marked sent right after, so a reply
already sent is never sent again. While a send is in flight the worker renews its claim,
so a slow platform call never lets another worker take the reply and send it twice.
Database work runs in a thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from bot import metrics
from bot.engine import ConversationEngine
from bot.logs import log_failure
from bot.messages import Button
from bot.settings import Settings
from bot.store.db import Database
from bot.store.queue import (
    FAILED,
    HELD,
    QUEUED,
    SENT,
    claim,
    last_inbound_at,
    renew_claim,
    still_mine,
)
from bot.store.tables import MessageRow
from webhooks.channel import (
    Channel,
    Delivery,
    PermanentSendError,
    SendResult,
    TransientSendError,
)

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass(frozen=True)
class WorkerConfig:
    claim_timeout: timedelta = timedelta(seconds=60)
    poll_interval: float = 0.5
    max_attempts: int = 8
    max_process_attempts: int = 3
    base_backoff: float = 1.0
    max_backoff: float = 300.0
    renew_every: float | None = None  # seconds; None: a third of the claim timeout

    @property
    def renewal_interval(self) -> float:
        """How often a claim is renewed while its send is in flight."""
        if self.renew_every is not None:
            return self.renew_every
        return self.claim_timeout.total_seconds() / 3


@dataclass(frozen=True)
class _Claimed:
    row_id: int
    delivery: Delivery
    channel: str
    attempts: int
    received_at: datetime | None


class Worker:
    def __init__(
        self,
        *,
        database: Database,
        engine: ConversationEngine,
        channels: Mapping[str, Channel],
        worker_id: str | None = None,
        config: WorkerConfig | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self._db = database
        self._engine = engine
        self._channels = dict(channels)
        self.worker_id = worker_id or default_worker_id()
        self._config = config or WorkerConfig()
        self._clock = clock
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """A webhook stored something: look now instead of at the next poll."""
        self._wake.set()

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                busy = await self.run_once()
            except Exception as exc:
                log_failure(log, "worker iteration failed", exc)
                busy = False
            if not busy:
                self._wake.clear()
                sleeper = asyncio.ensure_future(self._wake.wait())
                stopper = asyncio.ensure_future(stop.wait())
                await asyncio.wait(
                    {sleeper, stopper},
                    timeout=self._config.poll_interval,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                sleeper.cancel()
                stopper.cancel()

    async def run_once(self) -> bool:
        """Answer one inbound message and send every reply that is due; True if any work."""
        answered, direct = await asyncio.to_thread(self._answer_next)
        for delivery, channel in direct:
            await self._send_direct(delivery, channel)
        sent = 0
        while (claimed := await asyncio.to_thread(self._claim_outbound)) is not None:
            await self._send(claimed)
            sent += 1
        return answered or sent > 0

    async def drain(self, *, max_rounds: int = 10_000) -> None:
        """Work until nothing is left (tests and one-shot runs)."""
        for _ in range(max_rounds):
            if not await self.run_once():
                return

    # -- answering ------------------------------------------------------------------------
    def _answer_next(self) -> tuple[bool, list[tuple[Delivery, str]]]:
        now = self._clock()
        with self._db.session() as session:
            claimed = claim(
                session,
                direction="in",
                worker=self.worker_id,
                now=now,
                timeout=self._config.claim_timeout,
            )
        if claimed is None:
            return False, []
        # Attempts count claims, so a process that dies on a message counts too; a message
        # past the limit is given up instead of being answered, and the person's next
        # messages go ahead.
        limit = self._config.max_process_attempts
        attempts, channel = 0, ""
        try:
            with self._db.session() as session:
                row = still_mine(session, claimed, self.worker_id)
                if row is None:  # our claim timed out and another worker took it
                    return True, []
                attempts, channel = row.attempts, row.channel
                if attempts > limit:  # the process died on it every time
                    self._give_up(session, row)
                    response = None
                else:
                    address, context = row.address or "", dict(row.context or {})
                    with metrics.PROCESSING_SECONDS.labels(channel=channel).time():
                        response = self._engine.respond(session, row, deliver=True)
        except Exception as exc:
            log_failure(log, "answering a message failed", exc, attempt=attempts, limit=limit)
            if attempts < limit:  # the claim times out and the message is tried again then
                return True, []
            with self._db.session() as session:
                row = still_mine(session, claimed, self.worker_id)
                if row is None:
                    return True, []
                self._give_up(session, row)
            response = None
        if response is None:
            metrics.MESSAGES_FAILED.labels(channel=channel).inc()
            return True, []
        if not response.erased:
            return True, []
        # The person was erased with everything about them; the goodbye goes out directly.
        direct = [
            (
                Delivery(
                    address=address,
                    text=reply.text,
                    language=reply.language,
                    buttons=reply.buttons,
                    numbered=reply.numbered,
                    context={k: str(v) for k, v in context.items()} if n == 0 else {},
                ),
                channel,
            )
            for n, reply in enumerate(response.replies)
        ]
        return True, direct

    def _give_up(self, session: Session, row: MessageRow) -> None:
        log.error(
            "inbound message given up after %d processing attempts",
            row.attempts,
            extra={"channel": row.channel, "message_id": row.id},
        )
        self._engine.give_up(session, row)

    # -- sending --------------------------------------------------------------------------
    def _claim_outbound(self) -> _Claimed | None:
        now = self._clock()
        with self._db.session() as session:
            claimed = claim(
                session,
                direction="out",
                worker=self.worker_id,
                now=now,
                timeout=self._config.claim_timeout,
            )
            if claimed is None:
                return None
            row = session.get(MessageRow, claimed)
            assert row is not None  # noqa: S101 - claimed a moment ago in this transaction
            received_at = None
            if row.reply_to is not None:
                inbound = session.get(MessageRow, row.reply_to)
                received_at = inbound.created_at if inbound else None
            return _Claimed(
                row_id=row.id,
                channel=row.channel,
                attempts=row.attempts,
                received_at=received_at,
                delivery=Delivery(
                    address=row.address or "",
                    text=row.text or "",
                    language=row.language or "es",
                    buttons=tuple(Button(b["label"], b["payload"]) for b in row.buttons or []),
                    numbered=row.numbered,
                    context={k: str(v) for k, v in (row.context or {}).items()},
                    last_inbound_at=last_inbound_at(session, row.person_id),
                ),
            )

    async def _send(self, claimed: _Claimed) -> None:
        channel = self._channels.get(claimed.channel)
        if channel is None:
            await asyncio.to_thread(
                self._settle, claimed, FAILED, error=f"channel {claimed.channel} is off"
            )
            metrics.MESSAGES_OUT.labels(channel=claimed.channel, outcome="failed").inc()
            return
        try:
            async with self._claim_kept(claimed.row_id):
                result = await channel.send(claimed.delivery)
        except TransientSendError as exc:
            metrics.SEND_FAILURES.labels(channel=claimed.channel, kind="transient").inc()
            if claimed.attempts >= self._config.max_attempts:
                await asyncio.to_thread(self._settle, claimed, FAILED, error=str(exc))
                metrics.MESSAGES_OUT.labels(channel=claimed.channel, outcome="failed").inc()
                return
            delay = max(exc.retry_after or 0.0, self._backoff(claimed.attempts))
            await asyncio.to_thread(self._retry_later, claimed, delay, str(exc))
            metrics.MESSAGES_OUT.labels(channel=claimed.channel, outcome="retried").inc()
            return
        except PermanentSendError as exc:
            metrics.SEND_FAILURES.labels(channel=claimed.channel, kind="permanent").inc()
            await asyncio.to_thread(self._settle, claimed, FAILED, error=str(exc))
            metrics.MESSAGES_OUT.labels(channel=claimed.channel, outcome="failed").inc()
            return
        status = HELD if result.held else SENT
        await asyncio.to_thread(self._settle, claimed, status, result=result)
        metrics.MESSAGES_OUT.labels(channel=claimed.channel, outcome=status).inc()
        if status == SENT and claimed.received_at is not None:
            waited = (self._clock() - claimed.received_at).total_seconds()
            metrics.REPLY_SECONDS.labels(channel=claimed.channel).observe(max(waited, 0.0))

    @asynccontextmanager
    async def _claim_kept(self, row_id: int) -> AsyncIterator[None]:
        """Renew the claim on ``row_id`` in the background for as long as the block runs."""
        keeper = asyncio.create_task(self._keep_claim(row_id))
        try:
            yield
        finally:
            keeper.cancel()
            with suppress(asyncio.CancelledError):
                await keeper

    async def _keep_claim(self, row_id: int) -> None:
        while True:
            await asyncio.sleep(self._config.renewal_interval)
            try:
                kept = await asyncio.to_thread(self._renew, row_id)
            except Exception as exc:  # the database blinked: try again at the next tick
                log_failure(log, "renewing a claim failed", exc, message_id=row_id)
                continue
            if not kept:
                log.warning("claim lost during a send", extra={"message_id": row_id})
                return

    def _renew(self, row_id: int) -> bool:
        with self._db.session() as session:
            return renew_claim(session, row_id, self.worker_id, self._clock())

    async def _send_direct(self, delivery: Delivery, channel_name: str) -> None:
        channel = self._channels.get(channel_name)
        if channel is None:
            return
        try:
            await channel.send(delivery)
            metrics.MESSAGES_OUT.labels(channel=channel_name, outcome="sent").inc()
        except (TransientSendError, PermanentSendError):
            log.warning("goodbye after erasure not delivered", extra={"channel": channel_name})
            metrics.MESSAGES_OUT.labels(channel=channel_name, outcome="failed").inc()

    def _backoff(self, attempts: int) -> float:
        delay = self._config.base_backoff * 2.0 ** max(attempts - 1, 0)
        return float(min(delay, self._config.max_backoff))

    def _retry_later(self, claimed: _Claimed, delay: float, error: str) -> None:
        with self._db.session() as session:
            row = session.get(MessageRow, claimed.row_id)
            if row is None or row.claimed_by != self.worker_id:
                return
            row.status = QUEUED
            row.claimed_by = None
            row.next_attempt_at = self._clock() + timedelta(seconds=delay)
            row.error = error[:200]

    def _settle(
        self,
        claimed: _Claimed,
        status: str,
        *,
        result: SendResult | None = None,
        error: str | None = None,
    ) -> None:
        with self._db.session() as session:
            row = session.get(MessageRow, claimed.row_id)
            if row is None:
                return
            row.status = status
            row.claimed_by = None
            row.address = None if status in (SENT, FAILED) else row.address
            row.error = error[:200] if error else None
            if result is not None and result.platform_ids:
                row.platform_message_id = result.platform_ids[0]
                row.context = {**(row.context or {}), "platform_ids": list(result.platform_ids)}
            if status == SENT:
                row.sent_at = self._clock()


def worker_config(settings: Settings) -> WorkerConfig:
    return WorkerConfig(
        claim_timeout=timedelta(seconds=settings.claim_timeout_seconds),
        max_attempts=settings.max_send_attempts,
        max_process_attempts=settings.max_process_attempts,
    )
