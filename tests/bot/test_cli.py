"""The ``chaski`` console script, run as a newcomer would: piped chat, export, erase."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import REPO_ROOT
from bot.store.db import Database

CHASKI = str(Path(sys.executable).parent / "chaski")


def run(args: list[str], database: Database, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CHASKI_DATABASE_URL": database.url, "CHASKI_PSEUDONYM_KEY": "cli-key"}
    return subprocess.run(  # noqa: S603 - our own console script
        [CHASKI, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def readme_session() -> str:
    """The piped conversation the README asks newcomers to paste."""
    readme = (REPO_ROOT / "README.md").read_text()
    match = re.search(r"^printf '(.+?)' \| \S*chaski chat --user ana$", readme, re.MULTILINE)
    assert match, "README lost its piped chat example"
    return match.group(1).encode().decode("unicode_escape").encode("latin-1").decode()


def test_readme_session_then_export_and_erase(database: Database) -> None:
    chat = run(["chat", "--user", "ana"], database, stdin=readme_session())
    assert chat.returncode == 0, chat.stderr
    assert "Tú: hola" in chat.stdout
    assert "\n1) Sí, acepto\n" in chat.stdout
    assert "Chaski: ¡Listo! Guardé tu perfil ✅" in chat.stdout
    assert "• Región: Cusco" in chat.stdout

    exported = run(["user", "export", "console:ana"], database)
    assert exported.returncode == 0, exported.stderr
    document = json.loads(exported.stdout)
    assert document["profile"]["region"] == "Cusco"
    assert document["profile"]["skills"] == "cocino y vendo comida"
    assert document["profile"]["language"] == "es"
    assert document["profile_completed_at"] is not None

    by_id = run(["user", "export", document["person"]["id"]], database)
    assert json.loads(by_id.stdout)["person"] == document["person"]

    erased = run(["user", "erase", "ana"], database)
    assert erased.returncode == 0, erased.stderr
    gone = run(["user", "export", "console:ana"], database)
    assert gone.returncode == 1
    assert gone.stderr.strip() == "chaski: no person 'console:ana'"


def test_resume_with_user_in_quechua(database: Database) -> None:
    first = run(["chat", "--lang", "qu", "--user", "rosa"], database, stdin="hola\nari\nPuno\n")
    assert "Qillqasqaña: Puno 📍" in first.stdout
    later = run(["chat", "--user", "rosa"], database, stdin="napaykullayki\n")
    assert "Yapamanta napaykullayki!" in later.stdout
    assert "Mayqin distritopi utaq ayllupi?" in later.stdout


def test_import_profiles_reports_a_bad_line(database: Database, tmp_path: Path) -> None:
    sample = REPO_ROOT / "data" / "sample" / "profiles.jsonl"
    result = run(["import", "profiles", str(sample)], database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "imported 60 profiles from profiles.jsonl"
    broken = tmp_path / "broken.jsonl"
    broken.write_text(sample.read_text().splitlines()[0] + '\n{"id": "x", "language": "es"}\n')
    failed = run(["import", "profiles", str(broken)], database)
    assert failed.returncode == 1
    assert failed.stderr.strip() == "chaski: broken.jsonl:2: region: Field required"


def test_db_upgrade_twice(database: Database) -> None:
    for _ in range(2):
        result = run(["db", "upgrade"], database)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("database ready")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["chat", "--lang", "fr"], "chaski: --lang must be es or qu"),
        (["user", "export", "console:nobody"], "chaski: no person 'console:nobody'"),
    ],
)
def test_errors_are_one_clear_line(database: Database, args: list[str], message: str) -> None:
    result = run(args, database)
    assert result.returncode == 1
    assert result.stderr.strip() == message


def test_unreachable_database_is_one_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHASKI_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1",
    }
    result = subprocess.run(  # noqa: S603
        [CHASKI, "db", "upgrade"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("chaski: cannot migrate postgresql+psycopg://nobody@127.0.0.1:1/")
