"""``chaski chat``: the same engine and store as the messaging channels, in a terminal.

Buttons are shown as numbered choices; typing the number (or the label) presses it. When
standard input is not a terminal, lines are read from it and echoed, so a whole
conversation can be scripted with a pipe.
"""

from __future__ import annotations

import secrets
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.engine import ConversationEngine
from bot.messages import IncomingMessage, OutgoingMessage, text_with_choices

CHANNEL = "console"
QUIT_WORDS = frozenset({"/salir", "/quit", "/exit", "/lluqsiy"})


def render(reply: OutgoingMessage) -> str:
    """A reply as text, with its buttons as numbered choices."""
    return f"Chaski: {text_with_choices(reply)}"


def new_user_name() -> str:
    return "invitado-" + secrets.token_hex(3)


class ConsoleChat:
    """Reads what the person types, prints what Chaski answers."""

    def __init__(
        self,
        engine: ConversationEngine,
        *,
        user: str,
        language: str | None = None,
        out: TextIO = sys.stdout,
    ) -> None:
        self._engine = engine
        self._user = user
        self._language = language
        self._out = out
        self._count = 0

    def say(self, text: str) -> list[OutgoingMessage]:
        self._count += 1
        message = IncomingMessage(
            channel=CHANNEL,
            user_ref=self._user,
            text=text,
            language_hint=self._language,
        )
        replies = self._engine.handle(message)
        for reply in replies:
            print(render(reply), file=self._out, flush=True)
        return replies

    def run(self, lines: Iterable[str], *, echo: bool) -> None:
        for raw in lines:
            text = raw.rstrip("\n")
            if not text.strip():
                continue
            if text.strip().lower() in QUIT_WORDS:
                break
            if echo:
                print(f"Tú: {text}", file=self._out, flush=True)
            self.say(text)


def interactive_lines(prompt: str = "Tú: ") -> Iterable[str]:
    while True:
        try:
            yield input(prompt)
        except EOFError:
            return
