"""The simulated people of ``bench.load``: who they are, what they say, and how their messages
reach the webhooks (as the platforms post them, redelivered when a POST fails)."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field

import httpx

from bench.loopback_app import (
    TELEGRAM_HEADERS,
    TELEGRAM_PATH,
    WHATSAPP_PATH,
    telegram_button,
    telegram_text,
    twilio_headers,
    whatsapp_form,
)

BOTH = ("telegram", "whatsapp")
POST_ATTEMPTS = 6  # a platform redelivers a webhook that failed; so do we
LATER_DUPLICATE = (0.5, 20.0)  # seconds after the acknowledgement a late duplicate comes

Request = tuple[str, bytes, dict[str, str]]


@dataclass(frozen=True)
class Script:
    """A conversation; ``@x`` is a press on the button whose payload is ``x``."""

    name: str
    language: str
    channels: tuple[str, ...]
    returning: bool  # profiled earlier: starts at the menu
    lines: tuple[str, ...]


SCRIPTS = (
    Script("new_es", "es", BOTH, False, ("hola", "sí", "vivo en cuzco", "saltar", "treinta",
           "mujer", "castellano y quechua", "3", "por mi cuenta",
           "cocino y vendo comida en el mercado")),
    Script("new_qu", "qu", BOTH, False, ("Napaykullayki", "ari", "Qusqu llaqtapi tiyani",
           "San Jerónimo", "kimsa chunka hukniyuq", "warmi", "runasimi, kastilla simi",
           "secundaria", "kikillaymanta", "t'anta ruwayta, away")),
    Script("buttons_qu", "qu", ("telegram",), False, ("/start", "@lang=qu", "@consent=yes",
           "Apurímac", "mana kunanchu", "25", "qhari", "yanapay", "runasimi", "2")),
    Script("numbers_es", "es", ("whatsapp",), False, ("buenas tardes", "1", "Puno", "Juliaca",
           "40", "hombre", "ayuda", "castellano", "1", "2")),
    Script("impatient_es", "es", BOTH, False, ("hola, busco trabajo en Cusco", "sí", "trabajos",
           "Cusco", "¿cuánto pagan?", "saltar", "22", "mis datos", "mujer", "castellano")),
    Script("returning_es", "es", BOTH, True, ("hola", "¿cómo saco mi ruc?", "trabajos", "1",
           "cursos", "mis datos", "opinar", "las galletas de quinua estaban muy dulces y caras",
           "2", "gracias")),
    Script("returning_qu", "qu", BOTH, True, ("Napaykullayki", "imaynatataq SIS-ta horqoyman?",
           "llamk'aykuna", "2", "yanapay", "rimayta munani", "t'anta", "sumaqmi karqan", "5",
           "sulpayki")),
)  # fmt: skip
FILLER = {"es": ("ayuda", "mis datos", "hola"), "qu": ("yanapay", "Napaykullayki")}
TO_MENU = {  # how a returning person was profiled, days before the run
    "es": ["hola", "sí", "Cusco", *["saltar"] * 6, "vendo comida", *["saltar"] * 11, "1"],
    "qu": ["Napaykullayki", "ari", "Qusqu", *["mana kunanchu"] * 6, "t'anta ruway",
           *["mana kunanchu"] * 11, "allinmi"],
}  # fmt: skip


@dataclass
class Message:
    channel: str
    key: str  # the platform's id: Telegram update_id, Twilio MessageSid
    index: int  # its place in the person's conversation
    line: str
    duplicate: str | None = None  # "together" (posted twice at once) or "later"
    later: float = 0.0
    posted: float | None = None  # monotonic seconds: first POST
    acked: float | None = None  # first 200


@dataclass
class Person:
    number: int
    channel: str
    address: str  # the chat id, or whatsapp:+51...
    script: Script
    messages: list[Message] = field(default_factory=list)


def plan_people(count: int, messages: int, dup: float, returning: float, seed: int) -> list[Person]:
    """The same people and words for a seed; ``dup`` only decides which deliveries repeat."""
    rng = random.Random(seed)  # noqa: S311 - reproducible load, not secrets
    repeats = random.Random(seed + 1)  # noqa: S311
    update_ids = itertools.count(600_000_000)
    people = []
    for number in range(count):
        channel = BOTH[number % 2]
        is_returning = rng.random() < returning
        script = rng.choice(
            [s for s in SCRIPTS if channel in s.channels and s.returning == is_returning]
        )
        address = (
            str(6_100_000_000 + number) if channel == "telegram" else f"whatsapp:+519{number:08d}"
        )
        person = Person(number, channel, address, script)
        lines = itertools.chain(script.lines, itertools.cycle(FILLER[script.language]))
        for index, line in enumerate(itertools.islice(lines, messages)):
            key = (
                str(next(update_ids)) if channel == "telegram" else f"SM{rng.getrandbits(128):032x}"
            )
            message = Message(channel, key, index, line)
            if repeats.random() < dup:
                message.duplicate = "together" if repeats.random() < 0.5 else "later"
                message.later = repeats.uniform(*LATER_DUPLICATE)
            person.messages.append(message)
        people.append(person)
    return people


def request_for(person: Person, message: Message) -> Request:
    button = message.line[1:] if message.line.startswith("@") else None
    if person.channel == "telegram":
        chat, update_id = int(person.address), int(message.key)
        body = (
            telegram_button(update_id, chat, button)
            if button
            else telegram_text(update_id, chat, message.line)
        )
        return TELEGRAM_PATH, body, TELEGRAM_HEADERS
    body = whatsapp_form(message.key, person.address, button or message.line, button=button)
    return WHATSAPP_PATH, body, twilio_headers(WHATSAPP_PATH, body)


class Client:
    """The platforms' side of the webhooks: POSTs with redelivery on failure."""

    def __init__(self, base: str, connections: int) -> None:
        limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
        self.http = httpx.AsyncClient(base_url=base, limits=limits, timeout=30)
        self.slots = asyncio.Semaphore(connections)
        self.posts = 0
        self.failures: Counter[str] = Counter()
        self.ack_ms: list[float] = []

    async def deliver(self, message: Message, request: Request) -> float | None:
        """POST until a 200 (as the platforms redeliver); when it came, or None."""
        path, body, headers = request
        for attempt in range(POST_ATTEMPTS):
            async with self.slots:  # time from here: the wait for a free client is ours
                start = time.monotonic()
                if message.posted is None:
                    message.posted = start
                try:
                    response = await self.http.post(path, content=body, headers=headers)
                except httpx.HTTPError as exc:
                    self.failures[type(exc).__name__] += 1
                else:
                    self.posts += 1
                    if response.status_code == 200:
                        done = time.monotonic()
                        self.ack_ms.append((done - start) * 1000)
                        return done
                    self.failures[f"HTTP {response.status_code}"] += 1
            await asyncio.sleep(min(0.5 * 2**attempt, 8.0))
        return None

    async def later(self, message: Message, request: Request) -> None:
        await asyncio.sleep(message.later)
        await self.deliver(message, request)


async def converse(
    person: Person, client: Client, deadline: float, later: list[asyncio.Task[None]]
) -> None:
    for message in person.messages:
        if time.monotonic() > deadline:
            return
        request = request_for(person, message)
        copies = 2 if message.duplicate == "together" else 1
        acks = await asyncio.gather(*(client.deliver(message, request) for _ in range(copies)))
        done = [at for at in acks if at is not None]
        if done:
            message.acked = min(done)
        if message.duplicate == "later":
            later.append(asyncio.create_task(client.later(message, request)))
