"""deployment/compose.yaml: what ``docker compose config`` would check without a Docker
engine — variables interpolated as Compose does, then the official Compose Specification
schema — and then the wiring: one-shot migrations, health-gated start, real ``chaski``
commands, bind mounts that exist, Prometheus and Grafana pointed at the right services.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from prometheus_client import CollectorRegistry, start_http_server

from bot.settings import REPO_ROOT, Settings
from tests.deployment.manifests import (
    COMPOSE,
    DEPLOYMENT,
    chaski_command,
    dockerignore_patterns,
    dockerignored,
    final_stage,
    image_argv,
    read_env_file,
    setting_names,
    shell_chaski_commands,
    url_host_port,
)

SECRETS_EXAMPLE = DEPLOYMENT / "secrets.env.example"
CHASKI_SERVICES = {"migrate", "web", "worker", "analytics", "index", "seed"}
EXPECTED_COMMANDS = {
    "migrate": [["db", "upgrade"]],
    "web": [["serve"]],
    "worker": [["worker"]],
    "analytics": [["analytics", "run"]],
    "index": [["index", "build"]],
    "seed": [["import", "jobs"], ["import", "courses"], ["import", "kb"]],
}
VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<named>[A-Za-z_][A-Za-z0-9_]*))"
)


class InterpolationError(ValueError):
    pass


def interpolate(value: Any, env: dict[str, str], unset: set[str]) -> Any:
    """Compose's variable substitution: ``$VAR``, ``${VAR}``, ``${VAR:-default}``,
    ``${VAR-default}``, ``${VAR:?error}``, ``${VAR?error}``, ``${VAR:+alt}``, ``$$``.
    Variables used with no value and no default are added to ``unset``."""
    if isinstance(value, dict):
        return {key: interpolate(item, env, unset) for key, item in value.items()}
    if isinstance(value, list):
        return [interpolate(item, env, unset) for item in value]
    if not isinstance(value, str):
        return value

    def substitute(found: re.Match[str]) -> str:
        if found["escaped"]:
            return "$"
        name = found["braced"] or found["named"]
        op, arg = found["op"], found["arg"] or ""
        present = name in env
        filled = present and env[name] != ""
        have = filled if op and op.startswith(":") else present
        if op in (":-", "-"):
            return env[name] if have else arg
        if op in (":?", "?"):
            if not have:
                raise InterpolationError(f"{name}: {arg}")
            return env[name]
        if op in (":+", "+"):
            return arg if have else ""
        if not present:
            unset.add(name)
        return env.get(name, "")

    return VARIABLE.sub(substitute, value)


def raw() -> dict[str, Any]:
    document = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    return document


def config(env: dict[str, str] | None = None) -> dict[str, Any]:
    """The compose file as ``docker compose config`` resolves it (extension fields stay)."""
    unset: set[str] = set()
    resolved = interpolate(raw(), env or {}, unset)
    assert not unset, f"variables with no default: {sorted(unset)}"
    assert isinstance(resolved, dict)
    return resolved


def compose_schema() -> dict[str, Any]:
    """The Compose Specification's JSON schema as check-jsonschema vendors it (Apache-2.0)."""
    vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    schema: dict[str, Any] = json.loads(vendor.joinpath("compose-spec.json").read_text("utf-8"))
    return schema


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = config()["services"]
    return found


def volume_parts(spec: str) -> tuple[str, str, str]:
    source, target, *mode = spec.split(":")
    return source, target, mode[0] if mode else "rw"


def binds(service: dict[str, Any]) -> dict[str, Path]:
    """Container path → host path of every bind mount (relative to the compose file)."""
    found: dict[str, Path] = {}
    for spec in service.get("volumes", []):
        source, target, _ = volume_parts(spec)
        if source.startswith((".", "/")):
            found[target] = (COMPOSE.parent / source).resolve()
    return found


def argv(name: str) -> list[str]:
    service = services()[name]
    return image_argv(service.get("entrypoint"), service.get("command"), final_stage())


def chaski_argvs(name: str) -> list[list[str]]:
    """The ``chaski`` invocations a service runs (through ``sh -c`` for the seed)."""
    command = argv(name)
    if command[:2] == ["sh", "-c"]:
        return shell_chaski_commands(command[2])
    return [command]


# --- Schema ------------------------------------------------------------------------------


def test_compose_file_matches_the_compose_specification() -> None:
    validator = jsonschema.Draft202012Validator(compose_schema())
    errors = sorted(validator.iter_errors(config()), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


@pytest.mark.parametrize(
    ("service", "key", "value"),
    [
        ("web", "comand", ["serve"]),
        ("postgres", "healthcheck", {"test": ["CMD", "true"], "intervall": "5s"}),
        ("migrate", "depends_on", {"postgres": {"condition": "service_finished"}}),
        ("web", "ports", [{"target": 8000, "publishd": 8000}]),
    ],
)
def test_the_schema_rejects_a_broken_compose_file(service: str, key: str, value: Any) -> None:
    broken = config()
    broken["services"][service][key] = value
    validator = jsonschema.Draft202012Validator(compose_schema())
    assert list(validator.iter_errors(broken))


def test_interpolation_follows_compose() -> None:
    env = {"SET": "x", "EMPTY": ""}
    unset: set[str] = set()
    cases = {
        "${SET:-d}": "x",
        "${EMPTY:-d}": "d",
        "${EMPTY-d}": "",
        "${MISSING-d}": "d",
        "${SET:+alt}": "alt",
        "${EMPTY:+alt}": "",
        "$$SET": "$SET",
        "a${SET}b$SET": "axbx",
    }
    for text, expected in cases.items():
        assert interpolate(text, env, unset) == expected, text
    assert not unset
    with pytest.raises(InterpolationError, match="MISSING: needed"):
        interpolate("${MISSING:?needed}", env, unset)
    interpolate("$MISSING", env, unset)
    assert unset == {"MISSING"}


def test_variables_override_the_defaults() -> None:
    chosen = config({"CHASKI_HTTP_PORT": "8080", "POSTGRES_PASSWORD": "s3cret"})
    assert chosen["services"]["web"]["ports"] == ["127.0.0.1:8080:8000"]
    url = chosen["services"]["web"]["environment"]["CHASKI_DATABASE_URL"]
    assert url == "postgresql://chaski:s3cret@postgres:5432/chaski"
    assert chosen["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"] == "s3cret"


# --- Services and their order ------------------------------------------------------------


def test_the_stack_has_its_services_and_volumes() -> None:
    document = config()
    assert set(document["services"]) == CHASKI_SERVICES | {"postgres", "prometheus", "grafana"}
    named = {
        volume_parts(spec)[0]
        for service in document["services"].values()
        for spec in service.get("volumes", [])
        if not volume_parts(spec)[0].startswith((".", "/"))
    }
    assert named == set(document["volumes"])


def test_migrations_run_once_after_postgres_is_healthy_and_gate_the_app() -> None:
    found = services()
    migrate = found["migrate"]
    assert migrate["restart"] == "no"
    assert migrate["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in CHASKI_SERVICES - {"migrate"}:
        assert found[name]["depends_on"] == {
            "postgres": {"condition": "service_healthy"},
            "migrate": {"condition": "service_completed_successfully"},
        }, name
    healthcheck = found["postgres"]["healthcheck"]
    assert healthcheck["test"][0] == "CMD-SHELL"
    assert "pg_isready" in healthcheck["test"][1]
    environment = found["postgres"]["environment"]
    assert f"-U {environment['POSTGRES_USER']}" in healthcheck["test"][1]
    assert f"-d {environment['POSTGRES_DB']}" in healthcheck["test"][1]


def test_only_the_long_running_services_start_with_up() -> None:
    found = services()
    for name in ("analytics", "index", "seed"):
        assert found[name].get("profiles"), f"{name} runs on demand"
        assert found[name]["restart"] == "no"
    for name in ("web", "worker", "postgres", "prometheus", "grafana"):
        assert "profiles" not in found[name]
        assert found[name]["restart"] == "unless-stopped"


def test_every_chaski_service_runs_a_real_command_of_the_one_image() -> None:
    found = services()
    for name in CHASKI_SERVICES:
        service = found[name]
        assert service["image"] == found["web"]["image"]
        assert service["build"] == {"context": "..", "dockerfile": "Dockerfile"}
        paths = []
        for command in chaski_argvs(name):
            assert command[0] == "chaski", f"{name}: {command}"
            paths.append(chaski_command(command[1:])[0])
        assert paths == EXPECTED_COMMANDS[name], name
    context = (COMPOSE.parent / found["web"]["build"]["context"]).resolve()
    assert context == REPO_ROOT
    assert (context / found["web"]["build"]["dockerfile"]).is_file()


def test_seed_loads_files_the_image_contains() -> None:
    patterns = dockerignore_patterns()
    for command in chaski_argvs("seed"):
        path = command[-1]
        assert (REPO_ROOT / path).is_file(), path
        assert not dockerignored(path, patterns), f"{path} is left out of the image"


def test_web_serves_on_the_published_port_with_the_images_healthcheck() -> None:
    web = services()["web"]
    _, options = chaski_command(argv("web")[1:])
    (published,) = web["ports"]
    assert published.endswith(f":{options['port']}")
    assert published.startswith("127.0.0.1:"), "only a local proxy or tunnel reaches it"
    assert "healthcheck" not in web, "the image's HEALTHCHECK (GET /healthz) applies"


def test_worker_healthcheck_runs_against_a_metrics_server(tmp_path: Path) -> None:
    worker = services()["worker"]
    port = int(worker["environment"]["CHASKI_WORKER_METRICS_PORT"])
    test = worker["healthcheck"]["test"]
    assert test[:3] == ["CMD", "python", "-c"]
    code = test[3]
    assert f"http://127.0.0.1:{port}/metrics" in code
    server, thread = start_http_server(0, addr="127.0.0.1", registry=CollectorRegistry())
    try:
        moved = code.replace(f":{port}/", f":{server.server_port}/")
        ran = subprocess.run([sys.executable, "-c", moved], check=False, timeout=30)  # noqa: S603
        assert ran.returncode == 0
    finally:
        server.shutdown()
        thread.join(timeout=5)
    closed = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code.replace(f":{port}/", ":9/")],
        check=False,
        capture_output=True,
        timeout=30,
    )
    assert closed.returncode != 0, "a dead worker fails the check"


def test_chaski_services_are_locked_down() -> None:
    found = services()
    for name in CHASKI_SERVICES:
        service = found[name]
        assert service["read_only"] is True, name
        assert "/tmp" in service["tmpfs"], name  # noqa: S108
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert "user" not in service, "the image's non-root USER applies"


# --- Settings ----------------------------------------------------------------------------


def test_every_variable_is_a_setting_and_secrets_come_from_an_ignored_file() -> None:
    names = setting_names()
    example = read_env_file(SECRETS_EXAMPLE)
    assert example.keys <= set(names), example.keys - set(names)
    found = services()
    for name in CHASKI_SERVICES:
        service = found[name]
        assert set(service["environment"]) <= set(names), name
        assert service["env_file"] == [{"path": "./secrets.env", "required": False}]
    ignored = subprocess.run(  # noqa: S603
        ["git", "check-ignore", "-q", str(DEPLOYMENT / "secrets.env")],  # noqa: S607
        cwd=REPO_ROOT,
        check=False,
    )
    assert ignored.returncode == 0, "deployment/secrets.env must stay out of git"


@pytest.mark.parametrize("name", ["web", "worker"])
def test_settings_built_from_compose_start_cleanly(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = services()[name]
    for variable in list(os.environ):
        if variable in setting_names():
            monkeypatch.delenv(variable)
    # env_file first, then `environment` wins, as in Compose.
    for key, value in {**read_env_file(SECRETS_EXAMPLE).active, **service["environment"]}.items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.database_url.startswith("postgresql+psycopg://")
    host, port = url_host_port(service["environment"]["CHASKI_DATABASE_URL"])
    assert (host, port) == ("postgres", 5432)
    assert host in services()
    assert settings.worker_in_serve is False
    assert settings.channel_problems() == []
    targets = {volume_parts(spec)[1]: volume_parts(spec)[0] for spec in service["volumes"]}
    assert targets[str(settings.data_dir)] == "chaski-data", "CHASKI_DATA_DIR is the volume"


# --- Prometheus and Grafana ---------------------------------------------------------------


def test_every_bind_mount_exists_in_the_repository() -> None:
    for name, service in services().items():
        for target, source in binds(service).items():
            assert source.exists(), f"{name}: {source} (for {target}) is missing"
            assert source.is_relative_to(DEPLOYMENT), f"{name}: mounts {source}"


def test_prometheus_loads_the_repository_config_and_scrapes_both_processes() -> None:
    prometheus = services()["prometheus"]
    flags = dict(flag.removeprefix("--").split("=", 1) for flag in prometheus["command"])
    config_file = Path(flags["config.file"])
    mounted = binds(prometheus)
    host_dir = mounted[str(config_file.parent)]
    assert host_dir == DEPLOYMENT / "prometheus"
    document = yaml.safe_load((host_dir / config_file.name).read_text(encoding="utf-8"))
    for rule_file in document["rule_files"]:
        assert (host_dir / rule_file).is_file(), rule_file
    targets = {
        job["job_name"]: target
        for job in document["scrape_configs"]
        for static in job["static_configs"]
        for target in static["targets"]
    }
    _, web = chaski_command(argv("web")[1:])
    worker_port = services()["worker"]["environment"]["CHASKI_WORKER_METRICS_PORT"]
    assert targets == {
        "chaski-web": f"web:{web['port']}",
        "chaski-worker": f"worker:{worker_port}",
    }
    assert str(flags["storage.tsdb.path"]) in [
        volume_parts(spec)[1] for spec in prometheus["volumes"]
    ]


def test_grafana_is_provisioned_with_the_prometheus_datasource_and_the_dashboards() -> None:
    grafana = services()["grafana"]
    mounted = binds(grafana)
    by_kind: dict[str, dict[str, Any]] = {}
    for target, source in mounted.items():
        if source.is_file() and source.suffix == ".yaml":
            document = yaml.safe_load(source.read_text(encoding="utf-8"))
            kind = "datasources" if "datasources" in document else "dashboards"
            assert target.startswith(f"/etc/grafana/provisioning/{kind}/"), target
            by_kind[kind] = document
    assert set(by_kind) == {"datasources", "dashboards"}
    (datasource,) = by_kind["datasources"]["datasources"]
    host, port = url_host_port(datasource["url"])
    assert host in services()
    assert host == "prometheus"
    assert port == 9090, "Prometheus' default listen port"
    (provider,) = by_kind["dashboards"]["providers"]
    dashboards = mounted[provider["options"]["path"]]
    assert dashboards == DEPLOYMENT / "grafana" / "dashboards"
    assert list(dashboards.glob("*.json")), "the Chaski dashboard is there to load"
