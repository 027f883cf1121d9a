"""The ``chaski`` command line (CONTRACT.md). Errors end with one clear line on stderr."""

from __future__ import annotations

import asyncio
import json
import logging
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError

from bot.app import Services, build_services
from bot.cli_data import analyze_feedback, import_feedback, import_kb, run_report
from bot.cli_matching import import_catalog, index_app, read_profile, result_document
from bot.console import ConsoleChat, interactive_lines, new_user_name
from bot.progress import progress_bar
from bot.records import RecordError, read_records
from bot.settings import Settings
from bot.store.db import Database, StoreError
from bot.store.people import erase_person, export_person, resolve_person
from bot.store.profile_import import store_profiles, validate_profile_record
from retrieval.catalog import KINDS, Kind

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Chaski: chat, data, reports.")
db_app = typer.Typer(no_args_is_help=True, help="Database schema.")
user_app = typer.Typer(no_args_is_help=True, help="A person's data: export or erase.")
import_app = typer.Typer(no_args_is_help=True, help="Load data gathered elsewhere.")
app.add_typer(db_app, name="db")
app.add_typer(user_app, name="user")
app.add_typer(import_app, name="import")
app.add_typer(index_app, name="index")
feedback_app = typer.Typer(no_args_is_help=True, help="Consumer feedback.")
analytics_app = typer.Typer(no_args_is_help=True, help="Reports for analysts.")
app.add_typer(feedback_app, name="feedback")
app.add_typer(analytics_app, name="analytics")


def fail(message: str) -> NoReturn:
    typer.echo(f"chaski: {message}", err=True)
    raise typer.Exit(code=1)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        fail(f"bad setting {first['loc'][0] if first['loc'] else ''}: {first['msg']}")


def services() -> Services:
    return build_services(load_settings())


@app.command()
def chat(
    lang: Annotated[str | None, typer.Option("--lang", help="es or qu")] = None,
    user: Annotated[str | None, typer.Option("--user", help="resume as this user")] = None,
) -> None:
    """Talk to Chaski in the terminal (reads lines from stdin when piped)."""
    if lang is not None and lang not in ("es", "qu"):
        fail("--lang must be es or qu")
    built = services()
    try:
        built.database.upgrade()
    except StoreError as exc:
        fail(str(exc))
    name = user or new_user_name()
    piped = not sys.stdin.isatty()
    if not piped:
        typer.echo(f"(usuario: {name} · para continuar otro día: chaski chat --user {name})")
    console = ConsoleChat(built.engine, user=name, language=lang)
    if user is None and not piped:
        console.say("/start")
    console.run(sys.stdin if piped else interactive_lines(), echo=piped)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port")] = 8000,
) -> None:
    """The webhook server (Telegram, WhatsApp, /healthz, /metrics) with its worker."""
    import uvicorn  # noqa: PLC0415 - the web stack loads only for this command

    from webhooks.app import create_app  # noqa: PLC0415

    settings = load_settings()
    problems = settings.channel_problems()
    if problems:
        fail(problems[0])
    try:
        Database(settings.database_url).upgrade()
    except StoreError as exc:
        fail(str(exc))
    uvicorn.run(create_app(settings), host=host, port=port, proxy_headers=True)


@app.command()
def worker() -> None:
    """Answer and send stored messages (production runs it apart from `serve`)."""
    from webhooks.runner import run_worker  # noqa: PLC0415

    settings = load_settings()
    problems = settings.channel_problems()
    if problems:
        fail(problems[0])
    asyncio.run(run_worker(settings))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create or migrate the database schema (idempotent)."""
    built = services()
    try:
        built.database.upgrade()
    except StoreError as exc:
        fail(str(exc))
    typer.echo(f"database ready: {built.database.safe_url}")


@user_app.command("export")
def user_export(person: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Print everything stored about a person as JSON (ID: person id or channel:address)."""
    built = services()
    with built.database.session() as session:
        found = resolve_person(
            session, key=built.settings.pseudonym_key.get_secret_value(), reference=person
        )
        if found is None:
            fail(f"no person {person!r}")
        document = export_person(session, found)
    typer.echo(json.dumps(document, ensure_ascii=False, indent=2))


@user_app.command("erase")
def user_erase(person: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Erase a person and everything about them."""
    built = services()
    with built.database.session() as session:
        found = resolve_person(
            session, key=built.settings.pseudonym_key.get_secret_value(), reference=person
        )
        if found is None:
            fail(f"no person {person!r}")
        erase_person(session, found)
    typer.echo(f"erased {person}")


@import_app.command("profiles")
def import_profiles(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Load CONTRACT profiles (JSON Lines with id and optional created_at); upsert by id."""
    built = services()
    try:
        profiles = [
            validate_profile_record(file, line, record) for line, record in read_records(file)
        ]
        built.database.upgrade()
    except (RecordError, StoreError) as exc:
        fail(str(exc))
    with progress_bar(len(profiles), "profiles") as advance, built.database.session() as session:
        stored = store_profiles(
            session,
            profiles,
            key=built.settings.pseudonym_key.get_secret_value(),
            now=datetime.now(UTC),
            progress=lambda: advance(1),
        )
    typer.echo(f"imported {stored} profiles from {file.name}")


@import_app.command("jobs")
def import_jobs(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Load a job catalog (CSV or JSON Lines); upsert by id; the index follows."""
    _import_catalog("jobs", file)


@import_app.command("courses")
def import_courses(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Load a course catalog (CSV or JSON Lines); upsert by id; the index follows."""
    _import_catalog("courses", file)


def _import_catalog(kind: Kind, file: Path) -> None:
    built = services()
    try:
        typer.echo(import_catalog(built, kind, file))
    except (RecordError, StoreError) as exc:
        fail(str(exc))


@index_app.command("build")
def index_build(kind: Annotated[Kind | None, typer.Option("--kind")] = None) -> None:
    """Rebuild the vector index of the catalogs from the database."""
    built = services()
    try:
        built.database.upgrade()
    except StoreError as exc:
        fail(str(exc))
    for each in (kind,) if kind else KINDS:
        count = built.matching.rebuild(each)
        typer.echo(f"{each}: indexed {count} offers")


@app.command()
def match(
    profile: Annotated[Path, typer.Option("--profile", metavar="FILE.json")],
    kind: Annotated[Kind, typer.Option("--kind")] = "jobs",
    top: Annotated[int, typer.Option("--top", min=1, max=1000)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Rank the catalog for one profile: feasible offers only, best first."""
    try:
        person = read_profile(profile)
    except ValueError as exc:
        fail(str(exc))
    built = services()
    try:
        built.database.upgrade()
    except StoreError as exc:
        fail(str(exc))
    document = result_document(
        kind, person, built.matching.match(person, kind, top), built.translator
    )
    if as_json:
        typer.echo(json.dumps(document, ensure_ascii=False))
        return
    for number, result in enumerate(document["results"], start=1):
        typer.echo(f"{number:>2}. [{result['score']:.2f}] {result['id']} {result['title']}")
        for reason in result["reasons"]:
            typer.echo(f"      · {reason}")


@import_app.command("kb")
def import_kb_command(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Load knowledge-base entries (JSON Lines: id, lang, question, answer, tags, source)."""
    built = services()
    try:
        typer.echo(import_kb(built, file))
    except (RecordError, StoreError) as exc:
        fail(str(exc))


@import_app.command("feedback")
def import_feedback_command(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Load feedback gathered elsewhere (JSON Lines: ts, user, lang, product, text)."""
    built = services()
    try:
        typer.echo(import_feedback(built, file))
    except (RecordError, StoreError) as exc:
        fail(str(exc))


@feedback_app.command("analyze")
def feedback_analyze(file: Annotated[Path, typer.Argument(metavar="FILE")]) -> None:
    """Analyse texts without storing them (TSV with id and text, or JSON Lines)."""
    built = services()
    try:
        analyze_feedback(built, file)
    except ValueError as exc:
        fail(str(exc))


@analytics_app.command("run")
def analytics_run(
    since: Annotated[datetime | None, typer.Option("--since", formats=["%Y-%m-%d"])] = None,
    until: Annotated[datetime | None, typer.Option("--until", formats=["%Y-%m-%d"])] = None,
    out: Annotated[Path | None, typer.Option("--out", metavar="DIR")] = None,
) -> None:
    """Run the analytics jobs: report.html, summary.json and one CSV per table in DIR."""
    from analytics.errors import AnalyticsError  # noqa: PLC0415

    built = services()
    try:
        where = run_report(
            built,
            since=since.date() if since else None,
            until=until.date() if until else None,
            out=out,
        )
    except (AnalyticsError, StoreError) as exc:
        fail(str(exc))
    typer.echo(f"report written to {where}")


# Kept at WARNING: httpx logs every request URL at INFO, and Telegram URLs carry the bot
# token; the others only talk to people at a terminal.
QUIET_LOGGERS = ("httpx", "bot", "alembic")


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)


def main() -> None:
    configure_logging()
    app()
