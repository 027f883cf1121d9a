"""Webhook benchmark: how fast Chaski acknowledges Telegram updates, and how soon replies go out.

Part 1 posts N updates (each a new chat) with C keep-alive clients to the real app (worker off:
verify, parse, store) and to a bare FastAPI endpoint served the same way. Part 2 turns the
worker on and, for M chats, times "hola" until the welcome's last message reaches the fake Bot
API, then "sí" until the first profiling question does. SQLite and PostgreSQL, loopback only::

    .venv/bin/python -m bench.webhook [--requests N] [--concurrency C] [--no-postgres]

Client, app and fake Bot API share one process (uvicorn in a thread), so they share the GIL.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from sqlalchemy import create_engine, func, select, text

from bench.loopback_app import (
    TELEGRAM_HEADERS,
    TELEGRAM_PATH,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    machine,
    on_loopback,
    ratio,
    summary,
    telegram_text,
)
from bot.settings import Settings
from bot.store.db import Database
from bot.store.tables import MessageRow
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.webhooks.live import live_server
from webhooks.app import create_app

HEADERS, PATH = TELEGRAM_HEADERS, TELEGRAM_PATH
WELCOME = 2  # greeting + consent question
PROFILING = 3  # "¡Gracias!", the introduction, the first profiling question
STEP_TIMEOUT = 20.0  # seconds a reply may take before the run is abandoned
POLL = 0.002  # how often the fake Bot API is looked at (seconds)


class Updates:
    """Telegram updates built from the recorded fixture, each with its own update and chat id."""

    def __init__(self) -> None:
        self._next = 1

    def body(self, chat: int, text_: str) -> bytes:
        self._next += 1
        return telegram_text(self._next - 1, chat, text_)

    def fresh_chats(self, count: int) -> list[bytes]:
        return [self.body(5_000_000_000 + self._next, "hola") for _ in range(count)]


def baseline_app() -> FastAPI:
    app = FastAPI()

    @app.post(PATH)
    async def telegram(request: Request) -> dict[str, bool]:
        await request.json()
        return {"ok": True}

    return app


def settings_for(url: str, fake: FakeTelegramAPI) -> Settings:
    return Settings(
        database_url=url,
        pseudonym_key="bench",
        telegram_bot_token=TELEGRAM_TOKEN,
        telegram_webhook_secret=TELEGRAM_SECRET,
        telegram_api_base=fake.base_url,
    )


@contextmanager
def fresh_database(backend: str, postgres: str, tmp: Path) -> Iterator[str]:
    """A migrated, empty database: a new SQLite file or a new PostgreSQL schema (dropped)."""
    if backend == "sqlite":
        yield migrated(f"sqlite:///{tmp / f'{uuid.uuid4().hex}.db'}")
        return
    base = "postgresql+psycopg://" + postgres.split("://", 1)[1]
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        separator = "&" if "?" in base else "?"
        yield migrated(f"{base}{separator}options=-csearch_path%3D{schema}")
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def migrated(url: str) -> str:
    database = Database(url)
    database.upgrade()
    database.dispose()
    return url


def stored_inbound(url: str) -> int:
    database = Database(url)
    try:
        with database.session() as session:
            query = select(func.count()).select_from(MessageRow)
            return session.scalar(query.where(MessageRow.direction == "in")) or 0
    finally:
        database.dispose()


async def hammer(url: str, bodies: list[bytes], concurrency: int) -> tuple[list[float], float]:
    """POST every body with ``concurrency`` keep-alive clients; latencies (ms) and wall time."""
    latencies: list[float] = []
    pending = iter(bodies)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def one_client() -> None:
            for body in pending:  # shared: each body is taken by exactly one client
                start = time.perf_counter()
                response = await client.post(url, content=body, headers=HEADERS)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}: {response.text}")

        start = time.perf_counter()
        await asyncio.gather(*(one_client() for _ in range(concurrency)))
        return latencies, time.perf_counter() - start


def acknowledge(
    app: FastAPI, updates: Updates, requests: int, concurrency: int
) -> dict[str, float]:
    """Warm up, then measure ``requests`` POSTs of new chats' first messages."""
    warmup, measured = updates.fresh_chats(max(50, requests // 20)), updates.fresh_chats(requests)
    with live_server(app) as base:
        asyncio.run(hammer(base + PATH, warmup, concurrency))
        latencies, seconds = asyncio.run(hammer(base + PATH, measured, concurrency))
    return summary(latencies, seconds) | {"requests": requests, "warmup": len(warmup)}


def replies_to(fake: FakeTelegramAPI, chat: int) -> int:
    return sum(1 for call in fake.calls("sendMessage") if str(call.get("chat_id")) == str(chat))


async def step(client: httpx.AsyncClient, fake: FakeTelegramAPI, body: bytes, done: int) -> float:
    """POST one message; ms until its chat has received ``done`` messages in all."""
    chat = json.loads(body)["message"]["chat"]["id"]
    start = time.perf_counter()
    (await client.post(PATH, content=body, headers=HEADERS)).raise_for_status()
    while replies_to(fake, chat) < done:
        if time.perf_counter() - start > STEP_TIMEOUT:
            raise TimeoutError(f"chat {chat}: not {done} messages after {STEP_TIMEOUT}s")
        await asyncio.sleep(POLL)
    return (time.perf_counter() - start) * 1000


async def conversations(url: str, fake: FakeTelegramAPI, updates: Updates, chats: int) -> Any:
    """One chat at a time: the latency a person sees when the server is otherwise idle."""
    welcome, profiling, everything = [], [], WELCOME + PROFILING
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        for chat in range(7_000_000_000, 7_000_000_000 + chats):
            welcome.append(await step(client, fake, updates.body(chat, "hola"), WELCOME))
            profiling.append(await step(client, fake, updates.body(chat, "sí"), everything))
    await asyncio.sleep(0.5)  # anything unexpected would have arrived by now
    if (sent := len(fake.calls("sendMessage"))) != chats * everything:
        raise RuntimeError(f"expected {chats * everything} replies, the fake got {sent}")
    return {"welcome": summary(welcome), "profiling_step": summary(profiling), "chats": chats}


def end_to_end(url: str, updates: Updates, chats: int) -> Any:
    with (
        FakeTelegramAPI(token=TELEGRAM_TOKEN) as fake,
        live_server(create_app(settings_for(url, fake), run_worker=True)) as base,
    ):
        return asyncio.run(conversations(base, fake, updates, chats))


def run(args: argparse.Namespace) -> dict[str, Any]:
    backends = ["sqlite"] + ([] if args.no_postgres else ["postgres"])
    updates = Updates()
    results: dict[str, Any] = {
        "machine": machine(),
        "settings": {
            "requests": args.requests,
            "concurrency": args.concurrency,
            "chats": args.chats,
        },
    }
    with FakeTelegramAPI(token=TELEGRAM_TOKEN) as fake, tempfile.TemporaryDirectory() as tmp:
        print("ack: bare FastAPI baseline ...", flush=True)
        baseline = acknowledge(baseline_app(), updates, args.requests, args.concurrency)
        results["ack"] = {"baseline": baseline}
        for backend in backends:
            print(f"ack: Chaski on {backend} ...", flush=True)
            with fresh_database(backend, args.postgres, Path(tmp)) as url:
                app = create_app(settings_for(url, fake), run_worker=False)
                chaski = acknowledge(app, updates, args.requests, args.concurrency)
                stored = stored_inbound(url)
            if stored != chaski["requests"] + chaski["warmup"]:
                raise RuntimeError(f"{backend}: {stored} updates stored, expected every one")
            chaski["rps_ratio"] = ratio(chaski["rps"], baseline["rps"])
            chaski["p50_ratio"] = ratio(chaski["p50_ms"], baseline["p50_ms"])
            results["ack"][backend] = chaski
        results["e2e"] = {}
        for backend in backends:
            print(f"e2e: {args.chats} chats on {backend} ...", flush=True)
            with fresh_database(backend, args.postgres, Path(tmp)) as url:
                results["e2e"][backend] = end_to_end(url, updates, args.chats)
    return results


def row(label: str, *cells: object) -> str:
    return f"{label:<32}" + "".join(f"{'' if c is None else c:>9}" for c in cells)


def report(results: dict[str, Any]) -> str:
    ack, e2e, machine, s = (results[k] for k in ("ack", "e2e", "machine", "settings"))
    base = ack["baseline"]
    rows = [row("benchmark", "req/s", "p50 ms", "p99 ms", "req/s ×", "p50 ×")]
    rows.append(row("ack  bare FastAPI", base["rps"], base["p50_ms"], base["p99_ms"], 1.0, 1.0))
    for backend in e2e:
        a = ack[backend]
        cells = (a["rps"], a["p50_ms"], a["p99_ms"], a["rps_ratio"], a["p50_ratio"])
        rows.append(row(f"ack  Chaski {backend}", *cells))
    for backend, e in e2e.items():
        for key, label in (("welcome", "hola → welcome"), ("profiling_step", "sí → 1st question")):
            rows.append(row(f"e2e  {label} {backend}", None, e[key]["p50_ms"], e[key]["p99_ms"]))
    where = f"{machine['cores']} cores, Python {machine['python']}"
    rows.append(f"machine: {where}, {machine['platform']}")
    rows.append(
        f"load: N={s['requests']} C={s['concurrency']}; e2e: {s['chats']} chats, one at a time"
    )
    line = (
        f"Chaski acknowledges a Telegram update at {ack['sqlite']['rps']} req/s on SQLite "
        f"({ack['sqlite']['rps_ratio']}× a bare FastAPI endpoint's {base['rps']}; "
        f"p50 {ack['sqlite']['p50_ms']} vs {base['p50_ms']} ms)"
    )
    if "postgres" in ack:
        line += (
            f" and {ack['postgres']['rps']} req/s on PostgreSQL ({ack['postgres']['rps_ratio']}×)"
        )
    for backend, e in e2e.items():
        line += (
            f"; {backend}: welcome in p50 {e['welcome']['p50_ms']} ms, "
            f"a profiling step in {e['profiling_step']['p50_ms']} ms end to end"
        )
    return "\n".join([*rows, f"summary: {line} ({where})."])


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="webhook POSTs per target")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent clients")
    parser.add_argument("--chats", type=int, default=100, help="end-to-end conversations")
    default_pg = os.environ.get(
        "CHASKI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
    )
    parser.add_argument("--postgres", default=default_pg, help="PostgreSQL URL (loopback)")
    parser.add_argument("--no-postgres", action="store_true", help="SQLite only")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not args.no_postgres and not on_loopback(args.postgres):
        parser.error("--postgres must be on loopback (127.0.0.1, ::1 or localhost)")
    results = run(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
