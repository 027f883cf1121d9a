"""The vector index: exact cosine search over normalised vectors, with our own int64 ids.

FAISS ``IndexIDMap2(IndexFlatIP)``: brute force, so results equal a numpy dot product; at
50,000 x 384 a search reads ~77 MB and takes a few milliseconds. The index is a cache of the
database: ``load`` returns ``None`` when the files are missing or damaged and the caller
rebuilds; it raises :class:`IndexMismatchError` when they were made by another encoder,
because vectors of two models must never be mixed. ``fingerprint`` (sha256 of the sorted ids,
see :func:`ids_fingerprint`) tells whether the index still matches the database.

Threads: OpenMP's thread count is per calling thread, so a ``threads`` given here is applied
before every search in the thread that searches (including ``asyncio.to_thread`` workers);
``None`` leaves FAISS's default (all cores). A single-query flat search is memory-bound and
gains little from threads, while an OpenMP thread that loses its core stalls the whole
search: on this 2-core machine shared with other jobs, two threads ranged from slightly
faster to 4x slower than one. Give ``threads=1`` where other processes compete for cores.

One lock serialises searches and writes, so a reader never sees a half-done upsert. Build
the index once at start-up and inject it; run searches off the event loop.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import numpy.typing as npt

IdArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]
Ids = Sequence[int] | IdArray

FORMAT_VERSION = 1
NORM_TOLERANCE = 1e-3
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

log = logging.getLogger(__name__)


class IndexMismatchError(RuntimeError):
    """The stored index was built by another model or with another dimension."""


def ids_fingerprint(ids: Ids) -> str:
    """sha256 hex of the sorted ids as little-endian int64 (compute the same from the DB)."""
    return hashlib.sha256(np.sort(_as_ids(ids)).astype("<i8").tobytes()).hexdigest()


def _as_ids(ids: Ids) -> IdArray:
    array = np.asarray(ids)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.ndim != 1 or array.dtype.kind not in "iu":
        raise ValueError(f"ids must be a 1-D sequence of integers, got {array.dtype} {array.shape}")
    if array.min() < 0 or (array.dtype.kind == "u" and array.max() > np.iinfo(np.int64).max):
        raise ValueError("ids must be non-negative int64 values")
    return np.ascontiguousarray(array, dtype=np.int64)


class VectorIndex:
    """FAISS IndexIDMap2(IndexFlatIP) over normalised vectors: exact cosine search with our
    own int64 ids."""

    def __init__(self, *, dim: int, model: str, threads: int | None = None) -> None:
        if dim < 1 or not model:
            raise ValueError("an index needs dim >= 1 and the encoder's name")
        if threads is not None and threads < 1:
            raise ValueError("threads must be >= 1")
        self.dim = dim
        self.model = model
        self.threads = threads
        self._index: Any = faiss.IndexIDMap2(faiss.IndexFlatIP(dim))
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return int(self._index.ntotal)

    def ids(self) -> IdArray:
        """Stored ids, in storage order."""
        with self._lock:
            return np.asarray(faiss.vector_to_array(self._index.id_map), dtype=np.int64)

    def fingerprint(self) -> str:
        return ids_fingerprint(self.ids())

    def upsert(self, ids: Ids, vectors: FloatArray) -> None:
        """Add vectors under ``ids``, replacing any already stored under the same ids.

        ``vectors`` must be a float32 ``(len(ids), dim)`` array of unit (or all-zero) rows;
        ids must be unique and non-negative. Anything else raises ``ValueError``.
        """
        keys = _as_ids(ids)
        rows = self._vectors(vectors, len(keys))
        if np.unique(keys).size != keys.size:
            raise ValueError("ids repeat within one upsert")
        if keys.size == 0:
            return
        with self._lock:
            self._index.remove_ids(faiss.IDSelectorBatch(keys))
            self._index.add_with_ids(rows, keys)

    def remove(self, ids: Ids) -> int:
        """Remove ``ids`` (unknown ones are ignored); returns how many were removed."""
        keys = _as_ids(ids)
        if keys.size == 0:
            return 0
        with self._lock:
            return int(self._index.remove_ids(faiss.IDSelectorBatch(keys)))

    def search(
        self, query: FloatArray, k: int, *, allowed: IdArray | None = None
    ) -> tuple[IdArray, FloatArray]:
        """The ``k`` stored ids most similar to ``query`` and their cosine scores, best first.

        ``query`` is ``(dim,)`` or ``(1, dim)``. With ``allowed``, only those ids compete
        (unknown ones are ignored); the result is still exact. Fewer than ``k`` come back
        when fewer exist. A zero query scores 0 against everything.
        """
        q = self._query(query)
        if k < 1:
            raise ValueError("k must be >= 1")
        params = None
        with self._lock:
            k = min(k, len(self))
            if allowed is not None:
                keys = np.unique(_as_ids(allowed))
                k = min(k, keys.size)
                # a local keeps the selector alive on FAISS versions whose wrapper does not
                selector = faiss.IDSelectorBatch(keys)
                params = faiss.SearchParameters()
                params.sel = selector
            if k == 0:
                return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            self._apply_threads()
            scores, found = self._index.search(q, k, params=params)
        hits = found[0] >= 0
        return (
            np.asarray(found[0][hits], dtype=np.int64),
            np.asarray(scores[0][hits], dtype=np.float32),
        )

    def scores_for(self, query: FloatArray, ids: Ids) -> FloatArray:
        """Cosine scores of ``query`` against the stored vectors of ``ids`` (in that order).

        Raises ``KeyError`` when an id is not stored.
        """
        q = self._query(query)
        keys = _as_ids(ids)
        if keys.size == 0:
            return np.zeros(0, dtype=np.float32)
        with self._lock:
            try:
                stored = np.asarray(self._index.reconstruct_batch(keys), dtype=np.float32)
            except RuntimeError as exc:  # FAISS says "... key 123 not found"
                missing = re.search(r"key (\d+) not found", str(exc))
                raise KeyError(
                    missing.group(1) if missing else "an id is not in the index"
                ) from exc
        return np.asarray(stored @ q[0], dtype=np.float32)

    def save(self, directory: Path, name: str) -> None:
        """Write ``<name>.faiss`` and ``<name>.json`` atomically (temp files + ``os.replace``).

        The metadata holds the sha256 of the .faiss bytes, so a torn pair (a crash between
        the two renames) or a damaged file loads as ``None``, never as a wrong index.
        """
        faiss_path, meta_path = _paths(directory, name)
        with self._lock:
            data = np.asarray(faiss.serialize_index(self._index), dtype=np.uint8).tobytes()
            meta = {
                "format": FORMAT_VERSION,
                "model": self.model,
                "dim": self.dim,
                "count": len(self),
                "ids_sha256": self.fingerprint(),
                "faiss_sha256": hashlib.sha256(data).hexdigest(),
                "created_at": datetime.now(UTC).isoformat(),
            }
        directory.mkdir(parents=True, exist_ok=True)
        atomic_write(faiss_path, data)
        atomic_write(meta_path, json.dumps(meta, indent=2).encode())

    @classmethod
    def load(
        cls, directory: Path, name: str, *, model: str, dim: int, threads: int | None = None
    ) -> VectorIndex | None:
        """The saved index, ``None`` if missing or unreadable (rebuild it from the database).

        Raises :class:`IndexMismatchError` when it was saved for another model or dimension.
        """
        faiss_path, meta_path = _paths(directory, name)
        try:
            meta = json.loads(meta_path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("index metadata %s unreadable, rebuilding: %s", meta_path, exc)
            return None
        if not _valid_meta(meta):
            log.warning("index metadata %s is malformed, rebuilding", meta_path)
            return None
        if meta["model"] != model or meta["dim"] != dim:
            raise IndexMismatchError(
                f"index {name!r} holds {meta['model']!r} vectors of dim {meta['dim']}, "
                f"not {model!r} of dim {dim}: rebuild it instead of mixing models"
            )
        try:
            data = faiss_path.read_bytes()
        except OSError as exc:
            log.warning("index file %s unreadable, rebuilding: %s", faiss_path, exc)
            return None
        if hashlib.sha256(data).hexdigest() != meta["faiss_sha256"]:
            log.warning("index file %s does not match its metadata, rebuilding", faiss_path)
            return None
        try:
            raw = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))
        except RuntimeError as exc:
            log.warning("index file %s is corrupt, rebuilding: %s", faiss_path, exc)
            return None
        if not (_is_flat_ip_map(raw) and raw.d == dim and raw.ntotal == meta["count"]):
            log.warning(
                "index file %s is not a %d-d IndexIDMap2(FlatIP), rebuilding", faiss_path, dim
            )
            return None
        index = cls(dim=dim, model=model, threads=threads)
        index._index = raw
        if index.fingerprint() != meta["ids_sha256"]:
            log.warning("index file %s ids do not match its metadata, rebuilding", faiss_path)
            return None
        return index

    def _apply_threads(self) -> None:
        if self.threads is not None:
            faiss.omp_set_num_threads(self.threads)

    def _query(self, query: FloatArray) -> FloatArray:
        q = np.asarray(query)
        if q.dtype != np.float32 or q.shape not in ((self.dim,), (1, self.dim)):
            raise ValueError(
                f"query must be float32 ({self.dim},) or (1, {self.dim}), got {q.dtype} {q.shape}"
            )
        return np.ascontiguousarray(q.reshape(1, self.dim))

    def _vectors(self, vectors: FloatArray, count: int) -> FloatArray:
        v = np.asarray(vectors)
        if v.dtype != np.float32 or v.shape != (count, self.dim):
            raise ValueError(
                f"vectors must be float32 ({count}, {self.dim}), got {v.dtype} {v.shape}"
            )
        if not np.isfinite(v).all():
            raise ValueError("vectors contain NaN or infinity")
        norms = np.linalg.norm(v, axis=1)
        if not np.all((np.abs(norms - 1.0) <= NORM_TOLERANCE) | (norms == 0.0)):
            raise ValueError("vectors must be L2-normalised (or all-zero) rows")
        return np.ascontiguousarray(v)


def _paths(directory: Path, name: str) -> tuple[Path, Path]:
    if not _NAME.fullmatch(name):
        raise ValueError(f"index name {name!r} must be letters, digits, '_', '.', '-'")
    return directory / f"{name}.faiss", directory / f"{name}.json"


def _valid_meta(meta: object) -> bool:
    if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
        return False
    typed = {"model": str, "dim": int, "count": int, "ids_sha256": str, "faiss_sha256": str}
    return all(isinstance(meta.get(key), kind) for key, kind in typed.items())


def _is_flat_ip_map(raw: Any) -> bool:
    if not isinstance(raw, faiss.IndexIDMap2):
        return False
    inner = faiss.downcast_index(raw.index)
    return isinstance(inner, faiss.IndexFlat) and inner.metric_type == faiss.METRIC_INNER_PRODUCT


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` so readers see the old file or the new one, never half of it."""
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)
