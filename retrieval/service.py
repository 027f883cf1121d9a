"""Catalogs kept in step with their vector index, and matching a profile against them.

The database is the source of truth. Each kind of catalog (jobs, courses) has a FAISS
index under ``CHASKI_DATA_DIR/index``, saved with the catalog version it was built from; a
missing, foreign (other model) or stale index is rebuilt from the database, never trusted.
Heavy pieces (the encoder) load on first use, once per process.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sqlalchemy.orm import Session

from bot.profile import Profile
from bot.store.db import Database
from bot.store.tables import utcnow
from models.embeddings import Encoder
from retrieval.catalog import Kind, OfferRecord
from retrieval.expansion import Glossary
from retrieval.feasibility import feasible
from retrieval.index import IndexMismatchError, VectorIndex
from retrieval.matcher import Match, calibrate, person_text, rank, skill_demand, stems
from retrieval.offers import TEXT_RECIPE, Offer, OfferColumns
from retrieval.store import catalog_version, load_offers, upsert_offers

log = logging.getLogger(__name__)

RERANK_POOL = 300  # offers re-ranked in Python after the exact vector search
DEMAND_POOL = 50  # feasible jobs that define "the person's area of interest" for courses
ENCODE_BATCH = 256


def index_stamp(version: tuple[int, str]) -> str:
    """What a saved index was built from: the catalog's state and how offers became text.
    A stored index whose stamp differs is rebuilt from the database, never reused."""
    return f"{version[0]}|{version[1]}|{TEXT_RECIPE}"


@dataclass
class _Catalog:
    version: tuple[int, str]
    columns: OfferColumns
    index: VectorIndex

    def __post_init__(self) -> None:
        self.by_vector_id = {offer.vector_id: offer for offer in self.columns.offers}


class MatchingService:
    def __init__(
        self,
        *,
        database: Database,
        encoder: Callable[[], Encoder],
        index_dir: Path,
        glossary: Glossary | None,
        today: Callable[[], date],
    ) -> None:
        self._db = database
        self._encoder_factory = encoder
        self._encoder: Encoder | None = None
        self._index_dir = index_dir
        self.glossary = glossary
        self._today = today
        self._catalogs: dict[Kind, _Catalog] = {}
        self._lock = threading.RLock()

    @property
    def encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = self._encoder_factory()
            return self._encoder

    def expand(self, text: str) -> str:
        """Quechua words get their Spanish glosses (embeddings are weak on Quechua). When
        most of the text is Quechua the glosses lead, so the Spanish meaning drives the
        embedding rather than "this is Quechua" (which pulls towards Quechua courses)."""
        if self.glossary is None:
            return text
        glosses = self.glossary.glosses(text)
        if not glosses:
            return text
        if len(glosses) * 2 >= len(text.split()):
            return f"{'; '.join(glosses)}. {text}"
        return f"{text} ({'; '.join(glosses)})"

    # -- loading catalogs -----------------------------------------------------------------
    def import_records(
        self,
        kind: Kind,
        records: Sequence[OfferRecord],
        *,
        progress: Callable[[int], None] = lambda _: None,
    ) -> int:
        """Upsert validated records (one transaction), then embed what changed and update
        the index. Returns how many offers were new or changed."""
        with self._db.session() as session:
            changed = upsert_offers(session, kind, records, now=utcnow())
        with self._lock:
            catalog = self._load(kind, rebuild_missing=False)
            if catalog is None:  # no usable index yet: build it whole
                self.rebuild(kind, progress=progress)
                return len(changed)
            with self._db.session() as session:
                offers = load_offers(session, kind, changed)
                version = catalog_version(session, kind)
            self._embed_into(catalog.index, offers, progress=progress)
            self._save(kind, catalog.index, version)
            self._catalogs.pop(kind, None)
        return len(changed)

    def rebuild(
        self,
        kind: Kind,
        *,
        progress: Callable[[int], None] = lambda _: None,
        session: Session | None = None,
    ) -> int:
        """Embed every offer of this kind into a new index (``chaski index build``)."""
        with self._lock, self._reading(session) as reader:
            offers = load_offers(reader, kind)
            version = catalog_version(reader, kind)
            index = VectorIndex(dim=self.encoder.dim, model=self.encoder.name)
            self._embed_into(index, offers, progress=progress)
            self._save(kind, index, version)
            self._catalogs.pop(kind, None)
            return len(offers)

    def _embed_into(
        self, index: VectorIndex, offers: Sequence[Offer], *, progress: Callable[[int], None]
    ) -> None:
        for start in range(0, len(offers), ENCODE_BATCH):
            batch = offers[start : start + ENCODE_BATCH]
            vectors = self.encoder.encode_documents([self.expand(o.text()) for o in batch])
            index.upsert(np.asarray([o.vector_id for o in batch], dtype=np.int64), vectors)
            progress(len(batch))

    def _save(self, kind: Kind, index: VectorIndex, version: tuple[int, str]) -> None:
        self._index_dir.mkdir(parents=True, exist_ok=True)
        index.save(self._index_dir, kind)
        self._version_file(kind).write_text(index_stamp(version))

    def _version_file(self, kind: Kind) -> Path:
        return self._index_dir / f"{kind}.version"

    @contextmanager
    def _reading(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (a chat turn's), or a new one."""
        if session is not None:
            yield session
            return
        with self._db.session() as own:
            yield own

    def _load(
        self, kind: Kind, *, rebuild_missing: bool = True, session: Session | None = None
    ) -> _Catalog | None:
        """The catalog and its index as they are in the database now."""
        with self._reading(session) as reader:
            version = catalog_version(reader, kind)
            cached = self._catalogs.get(kind)
            if cached is not None and cached.version == version:
                return cached
            offers = load_offers(reader, kind)
        index = self._stored_index(kind, version)
        if index is None:
            if not rebuild_missing:
                return None
            log.info("rebuilding the %s index from the database", kind)
            self.rebuild(kind, session=session)
            index = self._stored_index(kind, version)
            if index is None:
                raise RuntimeError(f"the {kind} index could not be rebuilt")
        catalog = _Catalog(version, OfferColumns.build(offers), index)
        self._catalogs[kind] = catalog
        return catalog

    def _stored_index(self, kind: Kind, version: tuple[int, str]) -> VectorIndex | None:
        stamp = self._version_file(kind)
        if not stamp.exists() or stamp.read_text() != index_stamp(version):
            return None  # missing or stale: another state of the catalog or another text recipe
        try:
            return VectorIndex.load(
                self._index_dir, kind, model=self.encoder.name, dim=self.encoder.dim
            )
        except IndexMismatchError:
            log.warning("the %s index was built by another model; rebuilding", kind)
            return None

    # -- matching -------------------------------------------------------------------------
    def match(
        self, profile: Profile, kind: Kind, top: int = 10, *, session: Session | None = None
    ) -> list[Match]:
        """Feasible offers for this profile, best first (CONTRACT.md "Matching rules").
        Inside a chat turn pass its ``session``: SQLite allows one writer at a time."""
        with self._lock:
            catalog = self._load(kind, session=session)
            assert catalog is not None  # noqa: S101 - _load rebuilds when needed
        if len(catalog.columns) == 0:
            return []
        mask = feasible(catalog.columns, profile, self._today())
        if not mask.any():
            return []
        known = stems(self.expand(person_text(profile)))
        if kind == "courses" and profile.interests:
            # A course is about what the person wants to learn, not what they already do.
            text = self.expand(profile.interests)
        else:
            text = self.expand(person_text(profile))
        query = self.encoder.encode_queries([text])[0]
        person_words = stems(text)
        ids, similarity = catalog.index.search(
            query, int(mask.sum()), allowed=catalog.columns.vector_ids[mask]
        )
        _, everything = catalog.index.search(query, len(catalog.index))
        pool = min(len(ids), max(RERANK_POOL, top * 10))
        offers = [catalog.by_vector_id[int(i)] for i in ids[:pool]]
        closeness = calibrate(similarity[:pool], everything)
        demand = self._demand(profile, known, session) if kind == "courses" else None
        return rank(profile, offers, closeness, person_words=person_words, demand=demand)[:top]

    def _demand(
        self, profile: Profile, person_words: set[str], session: Session | None
    ) -> dict[str, float]:
        """Skills that feasible jobs in the person's area of interest ask for."""
        with self._lock:
            jobs = self._load("jobs", session=session)
            assert jobs is not None  # noqa: S101
        if len(jobs.columns) == 0:
            return {}
        mask = feasible(jobs.columns, profile, self._today())
        if not mask.any():
            return {}
        interest = self.expand(profile.interests or person_text(profile))
        query: npt.NDArray[np.float32] = self.encoder.encode_queries([interest])[0]
        ids, _ = jobs.index.search(query, DEMAND_POOL, allowed=jobs.columns.vector_ids[mask])
        return skill_demand([jobs.by_vector_id[int(i)] for i in ids], person_words)
