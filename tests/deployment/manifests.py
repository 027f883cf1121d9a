"""What the deployment tests share: the files, the app's real settings, command line and
routes they are checked against, and small readers (Dockerfile, env files, cron, quantities).
"""

from __future__ import annotations

import functools
import importlib.util
import re
import shlex
import socket
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import typer
import yaml
from pydantic import AliasChoices, SecretStr

from bot import cli
from bot.settings import REPO_ROOT, Settings

DEPLOYMENT = REPO_ROOT / "deployment"
K8S = DEPLOYMENT / "k8s"
COMPOSE = DEPLOYMENT / "compose.yaml"
DOCKERFILE = REPO_ROOT / "Dockerfile"
DOCKERIGNORE = REPO_ROOT / ".dockerignore"

# Variables the manifests may set that are not Chaski settings, with who reads them. Each
# must appear in the named module's source, so a rename there fails the test.
FOREIGN_ENV = {
    "MPLCONFIGDIR": "matplotlib",  # matplotlib's cache and config (root filesystem is read-only)
    "PROMETHEUS_MULTIPROC_DIR": "webhooks.routes.ops",
}
# Read by the Python interpreter itself, or plumbing of the image's virtualenv.
INTERPRETER_ENV = {"PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PATH", "VIRTUAL_ENV"}


def setting_names() -> dict[str, str]:
    """Every environment variable Settings reads → its field name."""
    names: dict[str, str] = {}
    for name, info in Settings.model_fields.items():
        alias = info.validation_alias
        assert isinstance(alias, AliasChoices), name
        for choice in alias.choices:
            assert isinstance(choice, str)
            names[choice] = name
    return names


def secret_setting_names() -> set[str]:
    """The variables whose values are secrets (SecretStr fields), by the settings' own types."""
    by_field = {field: env for env, field in setting_names().items()}
    secret = {
        by_field[name]
        for name, info in Settings.model_fields.items()
        if SecretStr in _type_args(info.annotation)
    }
    return secret | {"CHASKI_DATABASE_URL"}  # the URL carries the database password


def _type_args(annotation: Any) -> set[Any]:
    args = getattr(annotation, "__args__", None)
    return set(args) if args else {annotation}


def foreign_env_is_read(name: str) -> bool:
    """Whether a non-setting variable is really read by the module that should read it."""
    if name in INTERPRETER_ENV:
        return True
    module = FOREIGN_ENV.get(name)
    if module is None:
        return False
    spec = importlib.util.find_spec(module)
    assert spec is not None, module
    assert spec.origin, module
    return name in Path(spec.origin).read_text(encoding="utf-8")


class CommandError(AssertionError):
    """An argv the ``chaski`` command line would reject."""


def chaski_command(argv: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Parse ``argv`` (without the program name) with the real ``chaski`` parser: returns
    the subcommand path (``["db", "upgrade"]``) and its parsed options. Nothing runs."""
    command: Any = typer.main.get_command(cli.app)
    rest = list(argv)
    path: list[str] = []
    while hasattr(command, "list_commands"):
        if not rest:
            raise CommandError(f"chaski {' '.join(path)}: a subcommand is missing")
        name, *rest = rest
        sub = command.get_command(command.context_class(command), name)
        if sub is None:
            choices = ", ".join(command.list_commands(command.context_class(command)))
            raise CommandError(f"chaski {' '.join([*path, name])}: no such command ({choices})")
        path.append(name)
        command = sub
    try:
        context = command.make_context(" ".join(["chaski", *path]), rest)
    except Exception as exc:  # typer's vendored click raises its own UsageError subclasses
        raise CommandError(f"chaski {' '.join(argv)}: {exc}") from exc
    return path, dict(context.params)


def shell_chaski_commands(script: str) -> list[list[str]]:
    """The commands of a ``sh -c`` script made of ``&&``-joined simple commands."""
    commands = [shlex.split(part) for part in script.split("&&")]
    assert all(commands), f"empty command in {script!r}"
    return commands


@functools.cache
def web_statuses(paths: tuple[str, ...]) -> dict[str, int]:
    """GET each path on the real app (``create_app`` over a fresh SQLite database, its
    lifespan run), as a probe would."""
    from fastapi.testclient import TestClient  # noqa: PLC0415 - only the tests that need it

    from bot.store.db import Database  # noqa: PLC0415
    from webhooks.app import create_app  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(database_url=f"sqlite:///{folder}/probe.db", data_dir=Path(folder))
        database = Database(settings.database_url)
        database.upgrade()
        database.dispose()
        with TestClient(create_app(settings, run_worker=False)) as client:
            return {path: client.get(path).status_code for path in paths}


def web_statuses_without_database(paths: tuple[str, ...]) -> dict[str, int]:
    """GET each path on the real app whose PostgreSQL refuses connections (a port bound on
    loopback but not listening), as a probe would during a database outage."""
    from fastapi.testclient import TestClient  # noqa: PLC0415 - only the tests that need it

    from webhooks.app import create_app  # noqa: PLC0415

    with (
        tempfile.TemporaryDirectory() as folder,
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as closed,
    ):
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        url = f"postgresql+psycopg://chaski:x@127.0.0.1:{port}/chaski?connect_timeout=3"
        settings = Settings(database_url=url, data_dir=Path(folder))
        with TestClient(create_app(settings, channels={}, run_worker=False)) as client:
            return {path: client.get(path).status_code for path in paths}


# --- YAML and env files --------------------------------------------------------------------


def yaml_documents(path: Path) -> list[dict[str, Any]]:
    documents = [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]
    assert all(isinstance(doc, dict) for doc in documents), path
    return documents


@dataclass(frozen=True)
class EnvFile:
    """A ``KEY=value`` file: active lines, and keys shown commented out (``#KEY=``)."""

    active: dict[str, str]
    documented: set[str] = field(default_factory=set)

    @property
    def keys(self) -> set[str]:
        return set(self.active) | self.documented


ENV_LINE = re.compile(r"^(#)?([A-Z][A-Z0-9_]*)=(.*)$")


def read_env_file(path: Path) -> EnvFile:
    active: dict[str, str] = {}
    documented: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or (line.startswith("#") and not ENV_LINE.match(line)):
            continue
        found = ENV_LINE.match(line)
        assert found, f"{path.name}:{number}: not KEY=value: {line!r}"
        commented, key, value = found.groups()
        if commented:
            documented.add(key)
        else:
            assert key not in active, f"{path.name}:{number}: {key} twice"
            active[key] = value
    return EnvFile(active, documented)


# --- Dockerfile ----------------------------------------------------------------------------


@dataclass
class Instruction:
    cmd: str  # upper case
    flags: tuple[str, ...]
    value: tuple[str, ...]
    json: bool
    line: int


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[Instruction]

    def all(self, cmd: str) -> list[Instruction]:
        return [each for each in self.instructions if each.cmd == cmd]

    def last(self, cmd: str) -> Instruction | None:
        found = self.all(cmd)
        return found[-1] if found else None

    def env(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for each in self.all("ENV"):
            pairs = each.value
            values.update(zip(pairs[::2], pairs[1::2], strict=True))
        return values


def dockerfile_stages(path: Path = DOCKERFILE) -> tuple[dict[str, str], list[Stage]]:
    """The Dockerfile as BuildKit's own parser reads it: global ARG defaults and stages."""
    import dockerfile  # noqa: PLC0415 - the Go parser's binding, a dev dependency

    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for command in dockerfile.parse_file(str(path)):
        each = Instruction(
            cmd=command.cmd.upper(),
            flags=tuple(command.flags),
            value=tuple(command.value),
            json=command.json,
            line=command.start_line,
        )
        if each.cmd == "FROM":
            image = expand_args(each.value[0], global_args)
            name = each.value[2] if len(each.value) == 3 else str(len(stages))
            assert len(each.value) in (1, 3), each
            stages.append(Stage(name=name, base=image, instructions=[]))
        elif not stages:
            assert each.cmd == "ARG", f"line {each.line}: {each.cmd} before the first FROM"
            key, _, default = each.value[0].partition("=")
            global_args[key] = default
        else:
            stages[-1].instructions.append(each)
    return global_args, stages


def expand_args(text: str, values: dict[str, str]) -> str:
    def value(found: re.Match[str]) -> str:
        name = found.group(1) or found.group(2)
        assert name in values, f"${name} has no value in {text!r}"
        return values[name]

    return re.sub(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)", value, text)


def image_argv(entrypoint: list[str] | None, command: list[str] | None, stage: Stage) -> list[str]:
    """What a container runs: Docker's (and Kubernetes') rules for overriding the image's
    ENTRYPOINT and CMD (an overridden entrypoint drops the image's CMD)."""
    image_entrypoint = stage.last("ENTRYPOINT")
    image_cmd = stage.last("CMD")
    assert image_entrypoint is None or image_entrypoint.json, "ENTRYPOINT must be exec form"
    assert image_cmd is None or image_cmd.json, "CMD must be exec form"
    if entrypoint is not None:
        return [*entrypoint, *(command or [])]
    base = list(image_entrypoint.value) if image_entrypoint else []
    if command is not None:
        return [*base, *command]
    return [*base, *(image_cmd.value if image_cmd else ())]


def final_stage() -> Stage:
    return dockerfile_stages()[1][-1]


def image_user_id() -> int:
    user = final_stage().last("USER")
    assert user is not None, "the final stage sets no USER"
    uid = user.value[0].split(":")[0]
    assert uid.isdigit(), f"USER {uid}: use a numeric id so runAsNonRoot can verify it"
    return int(uid)


# --- .dockerignore (the Docker CLI's rules: last match wins, `!` re-includes) --------------


def dockerignore_patterns(path: Path = DOCKERIGNORE) -> list[tuple[bool, re.Pattern[str]]]:
    patterns: list[tuple[bool, re.Pattern[str]]] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line.removeprefix("!").strip().strip("/")
        patterns.append((negate, re.compile(_glob_regex(pattern))))
    return patterns


def _glob_regex(pattern: str) -> str:
    """Go's filepath.Match syntax plus ``**`` (any number of folders), as a regex."""
    out = ""
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            out, index = out + "(?:.*/)?", index + 3
        elif pattern.startswith("**", index):
            out, index = out + ".*", index + 2
        elif pattern[index] == "*":
            out, index = out + "[^/]*", index + 1
        elif pattern[index] == "?":
            out, index = out + "[^/]", index + 1
        elif pattern[index] == "[":
            end = pattern.index("]", index)
            out, index = out + pattern[index : end + 1], end + 1
        else:
            out, index = out + re.escape(pattern[index]), index + 1
    return out + "$"


def dockerignored(relative: str, patterns: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether a path (relative to the build context) stays out of the context, as moby's
    patternmatcher decides: patterns in order, each matching the path or one of its parent
    folders; the last one that matches wins."""
    parts = relative.strip("/").split("/")
    candidates = ["/".join(parts[:depth]) for depth in range(len(parts), 0, -1)]
    excluded = False
    for negate, regex in patterns:
        if any(regex.match(candidate) for candidate in candidates):
            excluded = not negate
    return excluded


# --- Small value readers -------------------------------------------------------------------

CRON_FIELDS = ((0, 59), (0, 23), (1, 31), (1, 12), (0, 7))
MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()
DAYS = "sun mon tue wed thu fri sat".split()
CRON_MACROS = {"@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"}


def cron_problems(schedule: str) -> list[str]:
    """What is wrong with a Kubernetes CronJob schedule (five fields, or a macro)."""
    if schedule in CRON_MACROS:
        return []
    fields = schedule.split()
    if len(fields) != 5:
        return [f"{schedule!r}: five fields expected"]
    problems: list[str] = []
    for position, (text, (low, high)) in enumerate(zip(fields, CRON_FIELDS, strict=True)):
        names = MONTHS if position == 3 else DAYS if position == 4 else []
        for part in text.split(","):
            problems += _cron_part(part, low, high, names, schedule)
    return problems


def _cron_part(part: str, low: int, high: int, names: list[str], schedule: str) -> list[str]:
    span, _, step = part.partition("/")
    if step and not (step.isdigit() and int(step) > 0):
        return [f"{schedule!r}: bad step {step!r}"]
    if span in ("*", "?"):
        return []
    bounds = span.split("-")
    if len(bounds) > 2:
        return [f"{schedule!r}: bad range {span!r}"]
    values: list[int] = []
    for bound in bounds:
        lowered = bound.lower()
        if lowered in names:
            values.append(names.index(lowered) + (1 if names is MONTHS else 0))
        elif bound.isdigit():
            values.append(int(bound))
        else:
            return [f"{schedule!r}: {bound!r} is not a number"]
    if any(not low <= value <= high for value in values):
        return [f"{schedule!r}: {span!r} outside {low}-{high}"]
    if len(values) == 2 and values[0] > values[1]:
        return [f"{schedule!r}: {span!r} runs backwards"]
    return []


QUANTITY = re.compile(r"^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$")
FACTORS = {
    None: 1.0,
    "m": 1e-3,
    "k": 1e3,
    "M": 1e6,
    "G": 1e9,
    "T": 1e12,
    "Ki": 2.0**10,
    "Mi": 2.0**20,
    "Gi": 2.0**30,
    "Ti": 2.0**40,
}


def quantity(value: str | int | float) -> float:
    """A Kubernetes resource quantity (``250m``, ``1``, ``512Mi``) as a number."""
    found = QUANTITY.match(str(value))
    assert found, f"not a quantity: {value!r}"
    return float(found.group(1)) * FACTORS[found.group(2)]


def url_host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname, url
    assert parts.port, url
    return parts.hostname, parts.port
