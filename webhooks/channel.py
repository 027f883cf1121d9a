"""The one interface every messaging platform implements, and what sending may raise.

Exception hierarchy::

    ChannelError
    ├── ForbiddenRequest      verification failed: 403, nothing stored
    ├── BadRequest            malformed payload: 400, nothing stored
    └── SendError
        ├── TransientSendError   network error, 429 (with retry_after), 5xx: retried
        └── PermanentSendError   the platform refused for good: recorded, not retried
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from starlette.requests import Request

from bot.messages import Button, IncomingMessage


class ChannelError(Exception):
    """Base of everything a channel raises."""


class ForbiddenRequest(ChannelError):
    """The request is not from the platform (bad secret or signature)."""


class BadRequest(ChannelError):
    """The request is from the platform but cannot be read."""


class SendError(ChannelError):
    """A reply could not be delivered."""


class TransientSendError(SendError):
    """Worth trying again later; ``retry_after`` seconds when the platform says."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermanentSendError(SendError):
    """The platform will never accept this message (blocked bot, bad number...)."""


@dataclass(frozen=True)
class Delivery:
    """One reply to send to one address."""

    address: str
    text: str
    language: str
    buttons: tuple[Button, ...] = ()
    numbered: bool = True
    context: Mapping[str, str] = field(default_factory=dict)
    last_inbound_at: datetime | None = None


@dataclass(frozen=True)
class SendResult:
    """What the platform answered: its message ids, or that the reply was held back."""

    platform_ids: tuple[str, ...] = ()
    held: bool = False


class Channel(Protocol):
    """A messaging platform: verify, then parse, inbound requests; send replies."""

    name: str

    async def start(self) -> None:
        """Open connections (called once when the app or worker starts)."""
        ...

    async def stop(self) -> None:
        """Close connections."""
        ...

    async def verify(self, request: Request, body: bytes) -> None:
        """Raise :class:`ForbiddenRequest` unless the request comes from the platform."""
        ...

    async def parse(self, request: Request, body: bytes) -> list[IncomingMessage]:
        """The messages in a verified request (raise :class:`BadRequest` if unreadable)."""
        ...

    async def send(self, delivery: Delivery) -> SendResult:
        """Deliver one reply (split if too long), raising a :class:`SendError` on failure."""
        ...


def split_text(text: str, limit: int) -> list[str]:
    """Cut a long reply into pieces of at most ``limit`` characters, at line or word ends."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit + 1)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            cut = limit
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
