"""A scripted person talking to the engine, for conversation tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from bot.engine import ConversationEngine
from bot.messages import IncomingMessage, OutgoingMessage


@dataclass
class FakeClock:
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class Chat:
    engine: ConversationEngine
    user: str = "ana"
    channel: str = "console"
    replies: list[OutgoingMessage] = field(default_factory=list)

    def send(
        self, text: str = "", *, payload: str | None = None, message_id: str | None = None
    ) -> list[OutgoingMessage]:
        self.replies = self.engine.handle(
            IncomingMessage(
                channel=self.channel,
                user_ref=self.user,
                text=text,
                payload=payload,
                platform_message_id=message_id,
            )
        )
        return self.replies

    def script(self, *lines: str) -> list[OutgoingMessage]:
        for line in lines:
            self.send(line)
        return self.replies

    @property
    def text(self) -> str:
        return "\n".join(reply.text for reply in self.replies)

    @property
    def last(self) -> OutgoingMessage:
        return self.replies[-1]

    def labels(self) -> list[str]:
        return [button.label for button in self.last.buttons]
