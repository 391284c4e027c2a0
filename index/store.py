"""The claim index: FAISS vectors kept consistent with the claims table.

The database is the source of truth.  The index is a cache of claim vectors in
the data directory, saved atomically with metadata beside it; on open (and
whenever another process has added claims) it catches up with the database,
so a crash between a database commit and an index save loses nothing.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import faiss  # type: ignore[import-untyped]
import numpy as np
from filelock import FileLock
from sqlalchemy import func, or_, select, update

from claims.db.models import Article, Claim, Source
from claims.db.session import Database
from claims.settings import Settings
from index.backend import VectorBackend
from index.embedder import Embedder, load_embedder

log = logging.getLogger(__name__)
INDEX_FILE, META_FILE = "claims.faiss", "claims.faiss.json"


@dataclass(frozen=True)
class SearchFilters:
    exclude_article_ids: frozenset[int] = frozenset()
    exclude_sources: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    exclude_claim_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.exclude_article_ids or self.exclude_sources or self.since or self.until
                    or self.exclude_claim_ids)


@dataclass(frozen=True)
class Hit:
    claim_id: int
    score: float


def _atomic_write(path: Path, write) -> None:
    """Write to a temporary file, fsync it, then rename over the old one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    os.close(handle)
    try:
        write(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.replace(temporary, path)
        directory = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class ClaimIndex:
    def __init__(self, settings: Settings, db: Database, embedder: Embedder) -> None:
        self.settings = settings
        self.db = db
        self.embedder = embedder
        self.folder = settings.data_dir / "index"
        self.folder.mkdir(parents=True, exist_ok=True)
        self._file_lock = FileLock(str(self.folder / "index.lock"))
        self._lock = threading.RLock()
        self.backend = VectorBackend(embedder.dimension)
        self._synced_state: tuple[int, int] | None = None

    @classmethod
    def open(cls, settings: Settings, db: Database, embedder: Embedder | None = None) -> ClaimIndex:
        if embedder is None:
            embedder = load_embedder(settings.embedding_model, settings.embedding_backend,
                                     settings.embedding_batch_size)
        index = cls(settings, db, embedder)
        index.load()
        index.sync()
        return index

    # -- persistence ------------------------------------------------------------------------------

    @property
    def metadata(self) -> dict:
        ids = self.backend.ids()
        return {"model": self.embedder.model_version, "dimension": self.embedder.dimension,
                "count": self.backend.count, "max_claim_id": int(ids.max()) if len(ids) else 0,
                "kind": self.backend.kind, "faiss_version": faiss.__version__,
                "created_at": datetime.now(UTC).isoformat()}

    def load(self) -> bool:
        """Load the saved index; refuse (and start empty) one built by another model."""
        path, meta_path = self.folder / INDEX_FILE, self.folder / META_FILE
        if not path.exists() or not meta_path.exists():
            return False
        with self._file_lock:
            meta = json.loads(meta_path.read_text())
            if meta.get("model") != self.embedder.model_version or meta.get("dimension") != self.embedder.dimension:
                log.warning("index was built with %s, the model is %s: rebuilding", meta.get("model"),
                            self.embedder.model_version)
                return False
            try:
                backend = VectorBackend.load(str(path))
            except RuntimeError as exc:
                log.warning("index file is unreadable (%s): rebuilding from the database", exc)
                return False
        backend.set_nprobe(self.settings.ivf_nprobe)
        with self._lock:
            self.backend = backend
        return True

    def save(self) -> None:
        with self._lock, self._file_lock:
            _atomic_write(self.folder / INDEX_FILE, self.backend.save)
            meta = json.dumps(self.metadata, indent=2)
            _atomic_write(self.folder / META_FILE, lambda p: Path(p).write_text(meta))

    # -- consistency with the database ------------------------------------------------------------

    def _db_state(self) -> tuple[int, int]:
        with self.db.session() as session:
            count, top = session.execute(select(func.count(Claim.id), func.max(Claim.id))).one()
        return int(count or 0), int(top or 0)

    def sync(self, batch_size: int = 512) -> dict[str, int]:
        """Make the index hold exactly the claims the database has; returns what changed."""
        with self._lock:
            state = self._db_state()
            with self.db.session() as session:
                db_ids = np.array(session.scalars(select(Claim.id)).all(), dtype=np.int64)
            index_ids = self.backend.ids()
            missing = np.setdiff1d(db_ids, index_ids)
            extra = np.setdiff1d(index_ids, db_ids)
            self.backend.remove(extra)
            for start in range(0, len(missing), batch_size):
                self._embed_and_add(missing[start:start + batch_size].tolist())
            self._maybe_switch_kind()
            if len(missing) or len(extra):
                self.save()
            self._synced_state = state
            return {"added": int(len(missing)), "removed": int(len(extra)), "count": self.backend.count}

    def _embed_and_add(self, claim_ids: Sequence[int]) -> None:
        with self.db.session() as session:
            rows = session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(list(claim_ids)))).all()
            if not rows:
                return
            vectors = self.embedder.encode([text for _, text in rows])
            ids = np.array([claim_id for claim_id, _ in rows], dtype=np.int64)
            self.backend.remove(ids)  # replacing is idempotent: never two vectors for one claim
            self.backend.add(ids, vectors)
            session.execute(update(Claim).where(Claim.id.in_(ids.tolist()))
                            .values(embedding_model=self.embedder.model_version))

    def _maybe_switch_kind(self) -> None:
        if self.backend.kind == "flat" and self.backend.count > self.settings.exact_index_max:
            log.info("index has %d vectors: switching to IVF", self.backend.count)
            self.backend = self.backend.to_ivf(self.settings.ivf_nprobe)

    def claims_added(self, claim_ids: Sequence[int]) -> None:
        with self._lock:
            self._embed_and_add(list(claim_ids))
            self._maybe_switch_kind()
            self.save()
            self._synced_state = self._db_state()

    def remove(self, claim_ids: Sequence[int]) -> None:
        with self._lock:
            self.backend.remove(np.array(list(claim_ids), dtype=np.int64))
            self.save()

    def rebuild(self) -> dict[str, int]:
        with self._lock:
            self.backend = VectorBackend(self.embedder.dimension)
            return self.sync()

    def verify(self) -> dict[str, object]:
        """Compare the index with the database without changing either."""
        with self.db.session() as session:
            db_ids = np.array(session.scalars(select(Claim.id)).all(), dtype=np.int64)
        with self._lock:
            index_ids = self.backend.ids()
        missing, extra = np.setdiff1d(db_ids, index_ids), np.setdiff1d(index_ids, db_ids)
        return {"ok": not len(missing) and not len(extra), "database": int(len(db_ids)),
                "index": int(len(index_ids)), "missing": missing[:20].tolist(), "extra": extra[:20].tolist(),
                "model": self.embedder.model_version, "kind": self.backend.kind}

    def _catch_up(self) -> None:
        """Another process may have added claims: a cheap check before each search."""
        if self._db_state() != self._synced_state:
            self.sync()

    # -- search -----------------------------------------------------------------------------------

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def vectors(self, claim_ids: Sequence[int], texts: Sequence[str]) -> np.ndarray:
        """Stored vectors of indexed claims (no second embedding pass); others are embedded."""
        with self._lock:
            try:
                return self.backend.vectors(np.array(list(claim_ids), dtype=np.int64))
            except RuntimeError:  # faiss: an id is not in the index
                pass
        return self.embed(list(texts))

    def search(self, query: str | np.ndarray, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """The k nearest claims that pass the filters.

        Filtering happens after the vector search, so we widen the search until k claims
        pass or the whole index has been seen: never fewer than k when k exist.
        """
        filters = filters or SearchFilters()
        vector = self.embed([query]) if isinstance(query, str) else np.atleast_2d(query).astype(np.float32)
        self._catch_up()
        fetch = k if filters.empty else k * 4
        while True:
            with self._lock:
                total = self.backend.count
                if total == 0:
                    return []
                scores, ids = self.backend.search(vector, min(fetch, total))
            hits = [Hit(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
            allowed = self._allowed([h.claim_id for h in hits], filters)
            kept = [h for h in hits if h.claim_id in allowed]
            if len(kept) >= k or fetch >= total:
                return kept[:k]
            fetch = min(total, fetch * 4)

    def _allowed(self, claim_ids: list[int], filters: SearchFilters) -> set[int]:
        """Claims that still exist and pass the filters (deleted ones drop out here too)."""
        if not claim_ids:
            return set()
        query = select(Claim.id).join(Article, Article.id == Claim.article_id).where(Claim.id.in_(claim_ids))
        if filters.exclude_article_ids:
            query = query.where(Article.id.not_in(filters.exclude_article_ids))
        if filters.exclude_claim_ids:
            query = query.where(Claim.id.not_in(filters.exclude_claim_ids))
        if filters.exclude_sources:
            query = query.join(Source, Source.id == Article.source_id).where(
                Source.name.not_in(filters.exclude_sources))
        # Claims with no known time stay in: unknown is not outside the window.
        if filters.since:
            query = query.where(or_(Claim.time_start.is_(None),
                                    func.coalesce(Claim.time_end, Claim.time_start) >= filters.since))
        if filters.until:
            query = query.where(or_(Claim.time_start.is_(None), Claim.time_start <= filters.until))
        with self.db.session() as session:
            return set(session.scalars(query).all())

    def close(self) -> None:
        started = time.perf_counter()
        with self._lock:
            if self._synced_state is not None:
                self.save()
        log.debug("index closed in %.3fs", time.perf_counter() - started)
