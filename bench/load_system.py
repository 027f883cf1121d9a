"""The system ``bench.load`` runs: Chaski's processes over a PostgreSQL database made for the
run, and the fake Telegram and Twilio APIs that record every reply they accept and refuse a
seeded share of sends with 429."""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import Engine, make_url

from bench.loopback_app import (
    PUBLIC_URL,
    TELEGRAM_SECRET,
    TELEGRAM_TOKEN,
    TWILIO_SID,
    TWILIO_TOKEN,
    WHATSAPP_FROM,
)
from bot.store.tables import MessageRow
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.telegram_api import error_body as telegram_error
from tests.fakes.twilio_api import FakeTwilioAPI
from tests.fakes.twilio_api import error_body as twilio_error

CHASKI = str(Path(sys.executable).parent / "chaski")
PSEUDONYM_KEY = "load-bench-key"
RETRY_AFTER = 1  # seconds, in the Bot API's 429 answer


@dataclass(frozen=True)
class Delivery:
    at: float  # monotonic seconds when the fake accepted it
    channel: str
    address: str
    platform_id: str
    text: str


class Deliveries:
    """Every send the fakes accepted, in order; refuses a seeded share with 429."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self.accepted: list[Delivery] = []
        self.refused: Counter[str] = Counter()
        self._random = random.Random(seed)  # noqa: S311
        self._lock = threading.Lock()

    def refuse(self, channel: str) -> bool:
        with self._lock:
            if self._random.random() < self.rate:
                self.refused[channel] += 1
                return True
        return False

    def add(self, channel: str, address: str, platform_id: str, text: str) -> None:
        with self._lock:
            self.accepted.append(Delivery(time.monotonic(), channel, address, platform_id, text))


class LimitedTelegramAPI(FakeTelegramAPI):
    def __init__(self, deliveries: Deliveries) -> None:
        super().__init__(token=TELEGRAM_TOKEN)
        self.deliveries = deliveries

    def _handle(self, path: str, params: dict[str, Any]) -> tuple[int, bytes]:
        sending = path.rsplit("/", 1)[-1].lower() == "sendmessage"
        if sending and self.deliveries.refuse("telegram"):
            return 429, json.dumps(telegram_error(429, retry_after=RETRY_AFTER)).encode()
        status, data = super()._handle(path, params)
        if sending and status == 200:
            sent = json.loads(data)["result"]
            chat, words = str(params.get("chat_id")), str(params.get("text", ""))
            self.deliveries.add("telegram", chat, str(sent["message_id"]), words)
        return status, data


class LimitedTwilioAPI(FakeTwilioAPI):
    def __init__(self, deliveries: Deliveries) -> None:
        super().__init__(account_sid=TWILIO_SID, auth_token=TWILIO_TOKEN)
        self.deliveries = deliveries

    def _create_message(self, sid: str, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if self.deliveries.refuse("whatsapp"):
            return 429, twilio_error(429)
        status, resource_ = super()._create_message(sid, form)
        if status == 201:
            to, words = form.get("To", ""), form.get("Body", "")
            self.deliveries.add("whatsapp", to, str(resource_["sid"]), words)
        return status, resource_


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def peak_rss_kb(pid: int) -> int:
    """The process's peak resident set (VmHWM), 0 once it is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def worker_id(pid: int) -> str:
    return f"{socket.gethostname()}:{pid}"  # what webhooks.worker.default_worker_id gives it


class Chaski:
    """``chaski serve`` and ``chaski worker`` processes, their logs and peak RSS (sampled)."""

    def __init__(self, env: dict[str, str], logs: Path, cores: list[int] | None) -> None:
        self.env = env
        self.logs = logs
        self.cores = cores
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.peak_kb: dict[str, int] = {}
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample_forever, daemon=True)
        logs.mkdir(parents=True, exist_ok=True)
        self._sampler.start()

    def start(self, name: str, *args: str, core: int | None = None) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name.replace(' ', '_')}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own console script, fixed arguments
            [CHASKI, *args], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        if core is not None:  # before the encoder sizes its OpenMP team from the affinity
            os.sched_setaffinity(process.pid, {core})
        self.processes[name] = process
        return process

    def start_web(self) -> str:
        """``chaski serve`` on a free port, once ``/healthz`` says the database answers."""
        port = free_port()
        self.start("web", "serve", "--host", "127.0.0.1", "--port", str(port))
        base = f"http://127.0.0.1:{port}"
        self.wait_for(f"{base}/healthz", "chaski serve")
        return base

    def start_worker(self, name: str, number: int) -> str:
        """``chaski worker``, pinned to one core; the URL of its /metrics, which it serves once
        its services and channels are up."""
        core = self.cores[number % len(self.cores)] if self.cores else None
        port = free_port()
        self.env["CHASKI_WORKER_METRICS_PORT"] = str(port)
        self.start(name, "worker", core=core)
        return f"http://127.0.0.1:{port}/metrics"

    def wait_for(self, url: str, what: str, seconds: float = 300.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.check_alive()
            with suppress(httpx.HTTPError):
                if httpx.get(url, timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{what} did not answer {url} in {seconds:.0f} s")

    def kill(self, name: str) -> int:
        process = self.processes[name]
        self._sample()
        process.send_signal(signal.SIGKILL)
        process.wait()
        return process.pid

    def check_alive(self, *, except_: Sequence[str] = ()) -> None:
        for name, process in self.processes.items():
            if name not in except_ and process.poll() is not None:
                raise RuntimeError(f"{name} exited ({process.returncode}):\n{self.tail(name)}")

    def tail(self, name: str, lines: int = 30) -> str:
        path = self.logs / f"{name.replace(' ', '_')}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        self._sample()
        self._stop.set()
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def _sample(self) -> None:
        for name, process in list(self.processes.items()):
            if process.poll() is None:
                self.peak_kb[name] = max(self.peak_kb.get(name, 0), peak_rss_kb(process.pid))

    def _sample_forever(self) -> None:
        while not self._stop.wait(0.25):
            self._sample()


def chaski_env(url: str, data_dir: Path, **more: str) -> dict[str, str]:
    ours = ("CHASKI_", "TELEGRAM_", "TWILIO_", "OPENAI_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(ours)}
    return env | {
        "CHASKI_DATABASE_URL": url,
        "CHASKI_DATA_DIR": str(data_dir),
        "CHASKI_PSEUDONYM_KEY": PSEUDONYM_KEY,
        **more,
    }


def channel_env(telegram: FakeTelegramAPI, twilio: FakeTwilioAPI, claim: float) -> dict[str, str]:
    return {
        "TELEGRAM_BOT_TOKEN": TELEGRAM_TOKEN,
        "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_SECRET,
        "CHASKI_TELEGRAM_API_BASE": telegram.base_url,
        "TWILIO_ACCOUNT_SID": TWILIO_SID,
        "TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
        "TWILIO_WHATSAPP_FROM": WHATSAPP_FROM,
        "CHASKI_PUBLIC_URL": PUBLIC_URL,
        "CHASKI_TWILIO_API_BASE": twilio.base_url,
        "CHASKI_WORKER_IN_SERVE": "false",
        "CHASKI_CLAIM_TIMEOUT_SECONDS": str(claim),
    }


def run_command(env: dict[str, str], *args: str, timeout: float) -> None:
    done = subprocess.run(  # noqa: S603 - our own console script, fixed arguments
        [CHASKI, *args], env=env, capture_output=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")
        raise RuntimeError(f"chaski {' '.join(args)} failed:\n{output}")


def sqlalchemy_url(url: str) -> str:
    return "postgresql+psycopg://" + url.split("://", 1)[1]


class Databases:
    """PostgreSQL databases this run creates (copies of a prepared template) and drops."""

    def __init__(self, server: str) -> None:
        self._server = make_url(sqlalchemy_url(server))
        self._admin = create_engine(self._server, isolation_level="AUTOCOMMIT")
        self._prefix = f"chaski_load_{os.getpid()}"
        self._made: list[str] = []

    def url(self, name: str) -> str:
        return self._server.set(database=name).render_as_string(hide_password=False)

    def create(self, suffix: str, template: str | None = None) -> str:
        name = f"{self._prefix}_{suffix}"
        copy = f' TEMPLATE "{template}"' if template else ""
        with self._admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        self._made.append(name)
        return name

    def drop(self, name: str) -> None:
        with self._admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        if name in self._made:
            self._made.remove(name)

    def close(self) -> None:
        for name in list(self._made):
            self.drop(name)
        self._admin.dispose()


class Queue:
    """Looks at the messages table while the run goes on."""

    def __init__(self, url: str) -> None:
        self.engine: Engine = create_engine(url, pool_size=2)

    def counts(self) -> tuple[int, int]:
        """(rows still queued or claimed, inbound messages answered)."""
        pending = MessageRow.status.in_(("queued", "claimed"))
        answered = (
            (MessageRow.direction == "in")
            & (MessageRow.status == "done")
            & MessageRow.platform_message_id.is_not(None)
        )
        query = select(func.count().filter(pending), func.count().filter(answered))
        with self.engine.connect() as connection:
            first, second = connection.execute(query).one()
        return int(first), int(second)

    def claimed_by(self, worker: str) -> list[tuple[int, str]]:
        query = select(MessageRow.id, MessageRow.direction).where(
            MessageRow.status == "claimed", MessageRow.claimed_by == worker
        )
        with self.engine.connect() as connection:
            return [
                (int(row_id), str(direction)) for row_id, direction in connection.execute(query)
            ]

    def autovacuum_is_on(self) -> bool:
        with self.engine.connect() as connection:
            return str(connection.execute(text("SHOW autovacuum")).scalar()) == "on"

    def vacuum(self) -> None:
        """What autovacuum does to a busy queue table: drop dead rows, refresh the statistics
        the claim query is planned with."""
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM (ANALYZE) messages"))
