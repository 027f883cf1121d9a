"""What crosses the edge: channel-neutral incoming and outgoing messages."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    """A quick-reply choice: ``label`` is shown, ``payload`` comes back when pressed."""

    label: str
    payload: str


@dataclass(frozen=True)
class IncomingMessage:
    """One thing a person sent, as every channel hands it to the engine.

    ``user_ref`` is the platform's own address (Telegram chat id, WhatsApp number, console
    name); the engine only stores its keyed pseudonym. ``payload`` is set when a button was
    pressed (Telegram callback data); ``platform_message_id`` makes redeliveries no-ops.
    """

    channel: str
    user_ref: str
    text: str = ""
    payload: str | None = None
    platform_message_id: str | None = None
    language_hint: str | None = None


@dataclass(frozen=True)
class OutgoingMessage:
    """One reply. ``numbered`` says a channel without buttons may offer "1, 2, 3" shortcuts."""

    text: str
    language: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    numbered: bool = True
