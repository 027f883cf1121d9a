"""The Kubernetes manifests (deployment/k8s): every object against the real Kubernetes JSON
schema of its kind (strict: an unknown or misspelt field fails), then against the app —
commands the ``chaski`` parser accepts, probes on routes the app answers, settings that
Settings reads, secrets the Secret holds, selectors that select, metrics the app exports.
"""

from __future__ import annotations

import copy
import os
import subprocess
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import kubernetes_validate  # the dev extra: Kubernetes' JSON schemas, offline
import pytest
from prometheus_client import CollectorRegistry, start_http_server

from bot.metrics import QueueCollector
from bot.settings import Settings
from bot.store.db import Database
from tests.deployment.manifests import (
    K8S,
    CommandError,
    chaski_command,
    cron_problems,
    image_user_id,
    quantity,
    read_env_file,
    setting_names,
    web_statuses,
    web_statuses_without_database,
    yaml_documents,
)

# The oldest Kubernetes still supported upstream that the manifests must work on, and the
# newest whose schemas kubernetes-validate ships.
OLDEST_K8S = "1.30"
NEWEST_K8S: str = kubernetes_validate.utils.latest_version()
KUSTOMIZATION = K8S / "kustomization.yaml"
SECRETS_EXAMPLE = K8S / "secrets.env.example"
ADAPTER_VALUES = K8S / "addons" / "prometheus-adapter-values.yaml"
POD_KINDS = ("Deployment", "CronJob")
DELETE = object()
# Secrets a pod cannot start without; every other secret key is optional (channel off).
REQUIRED_SECRETS = {
    "chaski-web": {"CHASKI_DATABASE_URL", "CHASKI_PSEUDONYM_KEY"},
    "chaski-worker": {"CHASKI_DATABASE_URL", "CHASKI_PSEUDONYM_KEY"},
}
EXPECTED_COMMANDS = {
    ("chaski-web", "migrate"): ["db", "upgrade"],
    ("chaski-web", "web"): ["serve"],
    ("chaski-worker", "worker"): ["worker"],
    ("chaski-analytics", "analytics"): ["analytics", "run"],
    ("chaski-index", "index"): ["index", "build"],
}


def kustomization() -> dict[str, Any]:
    return yaml_documents(KUSTOMIZATION)[0]


def manifests() -> list[tuple[str, dict[str, Any]]]:
    """(file name, object) for every object kustomization.yaml applies."""
    return [
        (name, document)
        for name in kustomization()["resources"]
        for document in yaml_documents(K8S / name)
    ]


def objects(kind: str) -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] == kind}


def pod_spec(workload: dict[str, Any]) -> dict[str, Any]:
    if workload["kind"] == "CronJob":
        spec: dict[str, Any] = workload["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        return spec
    spec = workload["spec"]["template"]["spec"]
    return spec


def pod_labels(workload: dict[str, Any]) -> dict[str, str]:
    template = (
        workload["spec"]["jobTemplate"]["spec"]["template"]
        if workload["kind"] == "CronJob"
        else workload["spec"]["template"]
    )
    labels: dict[str, str] = template["metadata"]["labels"]
    return labels


def workloads() -> dict[str, dict[str, Any]]:
    return {doc["metadata"]["name"]: doc for _, doc in manifests() if doc["kind"] in POD_KINDS}


def containers(
    *, init: bool = True
) -> Iterator[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any]]]:
    """(workload name, workload, pod spec, container) for every container."""
    for name, workload in workloads().items():
        spec = pod_spec(workload)
        for container in [*(spec.get("initContainers", []) if init else []), *spec["containers"]]:
            yield name, workload, spec, container


def named_port(container: dict[str, Any], port: str | int) -> int:
    if isinstance(port, int):
        return port
    found = [p["containerPort"] for p in container.get("ports", []) if p["name"] == port]
    assert found, f"{container['name']}: no port named {port!r}"
    return int(found[0])


def config_map() -> dict[str, str]:
    data: dict[str, str] = objects("ConfigMap")["chaski-config"]["data"]
    return data


def container_env(container: dict[str, Any], secrets: dict[str, str]) -> dict[str, str]:
    """The environment Kubernetes gives the container, with ``secrets`` as the Secret."""
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        name = source["configMapRef"]["name"]
        env.update(objects("ConfigMap")[name]["data"])
    for variable in container.get("env", []):
        if "value" in variable:
            env[variable["name"]] = variable["value"]
            continue
        ref = variable["valueFrom"]["secretKeyRef"]
        if ref["key"] in secrets:
            env[variable["name"]] = secrets[ref["key"]]
        else:
            assert ref.get("optional"), f"{container['name']}: secret {ref['key']} missing"
    return env


# --- Schemas -----------------------------------------------------------------------------


def test_kustomization_applies_every_manifest_in_the_folder() -> None:
    document = kustomization()
    assert document["apiVersion"] == "kustomize.config.k8s.io/v1beta1"
    assert document["kind"] == "Kustomization"
    listed = document["resources"]
    assert len(listed) == len(set(listed))
    on_disk = {path.name for path in K8S.glob("*.yaml")} - {KUSTOMIZATION.name}
    assert set(listed) == on_disk, "every manifest is applied, and only those on disk"
    assert document["namespace"] == "chaski"
    namespaces = objects("Namespace")
    assert set(namespaces) == {document["namespace"]}
    for _, doc in manifests():
        assert doc["metadata"].get("namespace") in (None, document["namespace"])


@pytest.mark.parametrize("version", [OLDEST_K8S, NEWEST_K8S])
@pytest.mark.parametrize(
    "document",
    [
        pytest.param(doc, id=f"{name}:{doc['kind']}/{doc['metadata']['name']}")
        for name, doc in manifests()
    ],
)
def test_manifest_matches_the_kubernetes_schema(document: dict[str, Any], version: str) -> None:
    try:
        kubernetes_validate.validate(document, version, strict=True)
    except kubernetes_validate.ValidationError as exc:
        where = "/".join(str(part) for part in exc.path)
        pytest.fail(f"Kubernetes {version}: {where}: {exc.message}")
    except kubernetes_validate.SchemaNotFoundError as exc:
        pytest.fail(exc.message)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        pytest.param(("spec", "template", "spec", "containers", 0, "livenesProbe"), {}, id="typo"),
        pytest.param(
            ("spec", "template", "spec", "containers", 0, "ports", 0, "containerPort"),
            "http",
            id="type",
        ),
        pytest.param(("spec", "selector"), DELETE, id="required"),
        pytest.param(("spec", "template", "spec", "containers", 0, "name"), DELETE, id="name"),
    ],
)
def test_schema_check_catches_a_broken_manifest(path: tuple[Any, ...], value: Any) -> None:
    broken = copy.deepcopy(objects("Deployment")["chaski-web"])
    target = broken
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, NEWEST_K8S, strict=True)


def test_secret_comes_from_a_generator_whose_file_stays_out_of_git() -> None:
    (generator,) = kustomization()["secretGenerator"]
    assert generator["name"] == "chaski-secrets"
    assert generator["envs"] == ["secrets.env"]
    assert not objects("Secret"), "no Secret with values in the repository"
    assert SECRETS_EXAMPLE.exists()
    ignored = subprocess.run(  # noqa: S603
        ["git", "check-ignore", "-q", str(K8S / "secrets.env")],  # noqa: S607
        cwd=K8S,
        check=False,
    )
    assert ignored.returncode == 0, "deployment/k8s/secrets.env must stay out of git"


# --- Commands, probes, settings ----------------------------------------------------------


def test_every_container_runs_a_real_chaski_command() -> None:
    seen = {}
    for workload, _, _, container in containers():
        argv = [*container["command"], *container.get("args", [])]
        assert argv[0] == "chaski", f"{workload}/{container['name']}: {argv}"
        path, _ = chaski_command(argv[1:])
        seen[workload, container["name"]] = path
    assert seen == EXPECTED_COMMANDS


def test_the_command_check_rejects_what_the_cli_would() -> None:
    with pytest.raises(CommandError, match="no such command"):
        chaski_command(["index", "rebuild"])
    with pytest.raises(CommandError, match="--prot"):
        chaski_command(["serve", "--prot", "8000"])
    assert chaski_command(["serve", "--port", "8000"])[1]["port"] == 8000


def test_web_listens_where_its_service_and_probes_point() -> None:
    web = objects("Deployment")["chaski-web"]
    (container,) = pod_spec(web)["containers"]
    _, options = chaski_command(container["command"][1:])
    assert options["host"] == "0.0.0.0"  # noqa: S104 - a pod serves on its own address
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        action = container[probe].get("httpGet") or container[probe]["tcpSocket"]
        assert named_port(container, action["port"]) == options["port"], probe
    service = objects("Service")["chaski-web"]
    assert service["spec"]["selector"].items() <= pod_labels(web).items()
    for port in service["spec"]["ports"]:
        assert named_port(container, port["targetPort"]) == options["port"]
    annotations = web["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == options["port"]


def web_probe_paths() -> dict[str, str]:
    """Probe name → the path the web container's probe GETs."""
    (container,) = pod_spec(objects("Deployment")["chaski-web"])["containers"]
    probes = ("startupProbe", "readinessProbe", "livenessProbe")
    return {probe: container[probe]["httpGet"]["path"] for probe in probes}


def test_web_probes_get_200_from_the_real_app() -> None:
    web = objects("Deployment")["chaski-web"]
    paths = set(web_probe_paths().values())
    paths.add(web["spec"]["template"]["metadata"]["annotations"]["prometheus.io/path"])
    assert "/healthz" in paths
    statuses = web_statuses(tuple(sorted(paths)))
    assert statuses == dict.fromkeys(paths, 200)


def test_web_liveness_survives_a_database_outage_and_readiness_does_not() -> None:
    """Liveness on /livez (no database): an outage makes pods unready, never restarts them."""
    probes = web_probe_paths()
    assert probes["livenessProbe"] == "/livez"
    assert probes["readinessProbe"] == "/healthz"
    statuses = web_statuses_without_database(tuple(sorted(set(probes.values()))))
    assert statuses["/livez"] == 200
    assert not 200 <= statuses["/healthz"] < 300, statuses


def test_worker_probes_get_200_from_its_metrics_server() -> None:
    worker = objects("Deployment")["chaski-worker"]
    (container,) = pod_spec(worker)["containers"]
    settings_port = int(config_map()["CHASKI_WORKER_METRICS_PORT"])
    paths = set()
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        action = container[probe]["httpGet"]
        assert named_port(container, action["port"]) == settings_port, probe
        paths.add(action["path"])
    annotations = worker["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == settings_port
    paths.add(annotations["prometheus.io/path"])
    # The server `chaski worker` starts (webhooks.runner: prometheus_client's), on a free port.
    server, thread = start_http_server(0, addr="127.0.0.1", registry=CollectorRegistry())
    try:
        for path in paths:
            url = f"http://127.0.0.1:{server.server_port}{path}"
            with urllib.request.urlopen(url, timeout=5) as response:
                assert response.status == 200, path
    finally:
        server.shutdown()
        thread.join(timeout=5)


def test_every_variable_is_a_setting_chaski_reads() -> None:
    names = setting_names()
    assert set(config_map()) <= set(names), set(config_map()) - set(names)
    for workload, _, _, container in containers():
        for variable in container.get("env", []):
            assert variable["name"] in names, f"{workload}: {variable['name']} is not a setting"
        for source in container.get("envFrom", []):
            assert set(source) == {"configMapRef"}
            assert source["configMapRef"]["name"] in objects("ConfigMap")
    assert read_env_file(SECRETS_EXAMPLE).keys <= set(names)


def test_secret_keys_match_the_example_and_required_ones_are_not_optional() -> None:
    example = read_env_file(SECRETS_EXAMPLE)
    generator = kustomization()["secretGenerator"][0]["name"]
    referenced: set[str] = set()
    for workload, _, _, container in containers():
        for variable in container.get("env", []):
            ref = variable["valueFrom"]["secretKeyRef"]
            assert ref["name"] == generator
            assert ref["key"] == variable["name"], "a secret key is named after its variable"
            assert ref["key"] in example.keys, f"{ref['key']} is not in {SECRETS_EXAMPLE.name}"
            required = ref["key"] in REQUIRED_SECRETS.get(workload, {"CHASKI_DATABASE_URL"})
            assert ref.get("optional", False) is not required, f"{workload}: {ref['key']}"
            if required:
                assert ref["key"] in example.active, f"{ref['key']} must be filled in"
            referenced.add(ref["key"])
    assert referenced == example.keys, "every key of the example is used somewhere"


@pytest.mark.parametrize("name", ["chaski-web", "chaski-worker"])
def test_settings_built_from_the_manifests_start_cleanly(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The environment Kubernetes would give the pod, read by the real Settings."""
    secrets = read_env_file(SECRETS_EXAMPLE).active
    spec = pod_spec(objects("Deployment")[name])
    (container,) = spec["containers"]
    for variable in list(os.environ):
        if variable in setting_names():
            monkeypatch.delenv(variable)
    for key, value in container_env(container, secrets).items():
        monkeypatch.setenv(key, value)
    settings = Settings()
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert not settings.uses_development_key
    assert settings.channel_problems() == []
    assert settings.worker_in_serve is False
    mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
    assert mounts[str(settings.data_dir)] == "data", "CHASKI_DATA_DIR is the shared volume"


def test_pods_run_as_the_images_non_root_user_with_nothing_extra() -> None:
    """Pod Security Standards, restricted profile (the namespace enforces it)."""
    uid = image_user_id()
    assert uid != 0
    for name, workload in workloads().items():
        spec = pod_spec(workload)
        security = spec["securityContext"]
        assert security["runAsNonRoot"] is True, name
        assert security["runAsUser"] == uid, f"{name}: the Dockerfile's USER is {uid}"
        assert security["seccompProfile"]["type"] == "RuntimeDefault", name
        assert spec["automountServiceAccountToken"] is False, name
        assert not {"hostNetwork", "hostPID", "hostIPC"} & set(spec), name
        for volume in spec.get("volumes", []):
            kinds = set(volume) - {"name"}
            assert kinds <= {"persistentVolumeClaim", "emptyDir", "configMap", "secret"}, name
    for name, _, _, container in containers():
        security = container["securityContext"]
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["capabilities"] == {"drop": ["ALL"]}, name
        assert "privileged" not in security, name
    namespace = objects("Namespace")["chaski"]
    assert namespace["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"


def test_every_container_requests_and_limits_cpu_and_memory() -> None:
    for name, _, _, container in containers():
        resources = container["resources"]
        for kind in ("cpu", "memory"):
            request = quantity(resources["requests"][kind])
            limit = quantity(resources["limits"][kind])
            assert 0 < request <= limit, f"{name}/{container['name']}: {kind}"
        assert quantity(resources["requests"]["memory"]) >= 256 * 2**20, "the app alone is ~250 MB"


def test_volumes_exist_and_writable_paths_are_mounted() -> None:
    claims = objects("PersistentVolumeClaim")
    assert claims["chaski-data"]["spec"]["accessModes"] == ["ReadWriteMany"], "shared by all"
    data_dir = config_map()["CHASKI_DATA_DIR"]
    for name, _, spec, container in containers():
        volumes = {volume["name"]: volume for volume in spec["volumes"]}
        mounts = {mount["mountPath"]: mount["name"] for mount in container["volumeMounts"]}
        assert set(mounts.values()) <= set(volumes), name
        for volume in volumes.values():
            if "persistentVolumeClaim" in volume:
                assert volume["persistentVolumeClaim"]["claimName"] in claims, name
        assert "/tmp" in mounts, f"{name}: the root filesystem is read-only"  # noqa: S108
        if container["name"] != "migrate":
            assert volumes[mounts[data_dir]].get("persistentVolumeClaim"), name


def test_images_are_the_one_kustomize_retags() -> None:
    (image,) = kustomization()["images"]
    for name, _, _, container in containers():
        assert container["image"] == image["name"], name
        assert container["imagePullPolicy"] == "IfNotPresent", name


# --- Scaling, disruption, schedules --------------------------------------------------------


def test_autoscalers_target_existing_deployments_that_leave_replicas_to_them() -> None:
    deployments = objects("Deployment")
    autoscalers = objects("HorizontalPodAutoscaler")
    targets = {hpa["spec"]["scaleTargetRef"]["name"]: hpa for hpa in autoscalers.values()}
    assert set(targets) == set(deployments)
    for name, hpa in targets.items():
        ref = hpa["spec"]["scaleTargetRef"]
        assert (ref["apiVersion"], ref["kind"]) == ("apps/v1", "Deployment")
        assert "replicas" not in deployments[name]["spec"], f"{name}: apply would undo the HPA"
        assert 1 < hpa["spec"]["minReplicas"] <= hpa["spec"]["maxReplicas"], name
        kinds = {metric["type"] for metric in hpa["spec"]["metrics"]}
        assert "Resource" in kinds, name
        (container,) = pod_spec(deployments[name])["containers"]
        assert "cpu" in container["resources"]["requests"], "CPU utilisation needs a request"


@pytest.fixture(scope="module")
def queue_metrics(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The metric names the web's /metrics exports from the queue (read from a database)."""
    database = Database(f"sqlite:///{tmp_path_factory.mktemp('queue') / 'chaski.db'}")
    database.upgrade()
    try:
        return {family.name for family in QueueCollector(database).collect()}
    finally:
        database.dispose()


def test_worker_scales_on_the_queue_age_the_adapter_serves(queue_metrics: set[str]) -> None:
    hpa = objects("HorizontalPodAutoscaler")["chaski-worker"]
    external = [m["external"] for m in hpa["spec"]["metrics"] if m["type"] == "External"]
    names = {metric["metric"]["name"] for metric in external}
    assert names == {"chaski_queue_oldest_age_seconds"}
    assert names <= queue_metrics, "the app exports it"
    for metric in external:
        assert metric["target"]["type"] == "Value"
        assert 0 < quantity(metric["target"]["value"]) < 300, "below the paging alert"
    adapter = yaml_documents(ADAPTER_VALUES)[0]
    rules = adapter["rules"]["external"]
    served = {rule["name"]["as"] for rule in rules}
    assert names <= served, "prometheus-adapter serves every external metric the HPA reads"
    for rule in rules:
        series = rule["seriesQuery"].split("{")[0].strip("'\" ")
        assert series in queue_metrics
        assert "<<.LabelMatchers>>" in rule["metricsQuery"], "scoped to the HPA's namespace"
        assert rule["resources"]["overrides"]["namespace"]["resource"] == "namespace"


def test_disruption_budget_keeps_a_web_pod_and_selects_only_web_pods() -> None:
    (pdb,) = objects("PodDisruptionBudget").values()
    selector = pdb["spec"]["selector"]["matchLabels"]
    selected = [
        name
        for name, workload in workloads().items()
        if selector.items() <= pod_labels(workload).items()
    ]
    assert selected == ["chaski-web"]
    hpa = objects("HorizontalPodAutoscaler")["chaski-web"]
    assert 0 < pdb["spec"]["minAvailable"] < hpa["spec"]["minReplicas"], "drains can proceed"
    for name, workload in objects("Deployment").items():
        assert workload["spec"]["selector"]["matchLabels"].items() <= pod_labels(workload).items()
        others = [w for n, w in workloads().items() if n != name]
        for other in others:
            assert (
                not workload["spec"]["selector"]["matchLabels"].items() <= pod_labels(other).items()
            )


def test_cronjobs_have_valid_schedules_and_do_not_pile_up() -> None:
    cronjobs = objects("CronJob")
    assert set(cronjobs) == {"chaski-analytics", "chaski-index"}
    for name, cronjob in cronjobs.items():
        spec = cronjob["spec"]
        assert cron_problems(spec["schedule"]) == [], name
        ZoneInfo(spec["timeZone"])
        assert spec["concurrencyPolicy"] == "Forbid", name
        job = spec["jobTemplate"]["spec"]
        assert job["activeDeadlineSeconds"] > 0, name
        assert pod_spec(cronjob)["restartPolicy"] in ("Never", "OnFailure"), name


@pytest.mark.parametrize(
    "schedule", ["61 * * * *", "* * * *", "0 4 * 13 *", "0 4 * * mon-fri/0", "5-1 * * * *"]
)
def test_the_schedule_check_rejects_bad_schedules(schedule: str) -> None:
    assert cron_problems(schedule)


def test_the_schedule_check_accepts_good_ones() -> None:
    for schedule in ("*/15 * * * *", "0 4 * * 1-5", "30 5 1,15 jan-jun mon", "@daily"):
        assert cron_problems(schedule) == [], schedule


def test_manifests_reference_no_file_outside_the_folder() -> None:
    for name in kustomization()["resources"]:
        assert Path(name).name == name, "kustomize only loads files under its root"
