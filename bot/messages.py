"""What crosses the edge: channel-neutral incoming and outgoing messages."""

from __future__ import annotations

from collections.abc import Mapping
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
    ``has_media`` says a photo or voice note came (we only read text for now); ``context``
    carries what the channel needs to answer (a Telegram callback query id).
    """

    channel: str
    user_ref: str
    text: str = ""
    payload: str | None = None
    platform_message_id: str | None = None
    language_hint: str | None = None
    has_media: bool = False
    context: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OutgoingMessage:
    """One reply. ``numbered`` says a channel without buttons may offer "1, 2, 3" shortcuts."""

    text: str
    language: str
    buttons: tuple[Button, ...] = field(default_factory=tuple)
    numbered: bool = True


def text_with_choices(reply: OutgoingMessage) -> str:
    """A reply for screens without buttons: choices listed under the text, numbered when
    typing the number picks them ("1) Sí"), bulleted when the answer is typed ("• Saltar")."""
    if not reply.buttons:
        return reply.text
    lines = [
        f"{number}) {button.label}" if reply.numbered else f"• {button.label}"
        for number, button in enumerate(reply.buttons, start=1)
    ]
    return "\n".join([reply.text, *lines])
