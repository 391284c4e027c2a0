"""The claim index: the database's claim vectors, searchable, in every process.

The database is the source of truth: each claim's vector is stored with the claim
(``claim_vectors``), and each deletion leaves a tombstone.  The FAISS index
(``index.ann``) is a per-process cache of those rows, and it reaches them along
ONE path, ``catch_up``: vectors of ids it has not seen, tombstones it has not
applied.  Everything calls it: opening (after loading the last snapshot), a
process's own ingests, searches (at most every ``index_catch_up_seconds``), and
the nightly job (``full=True`` also compares every id, and repairs).

Persistence costs what changed: an ingest writes its vector rows in the ingest's
own transaction, nothing else.  A background thread snapshots the whole index
every ``index_snapshot_seconds`` when something changed, so a restart loads the
snapshot and catches up from the database; a crash at any point loses nothing.
Ids only grow (AUTOINCREMENT on SQLite), and the last ``index_recheck_ids`` ids
are re-checked on each catch-up, because concurrent transactions can commit a
lower id after a higher one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from filelock import FileLock
from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.db import vectors as stored
from claims.db.models import Source
from claims.db.session import Database
from claims.errors import ModelError
from claims.settings import Settings
from index.ann import IndexConfig, VectorIndex
from index.embedder import Embedder, load_embedder
from index.errors import EmbeddingModelError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SearchFilters:
    # Only these articles' claims (empty: every article).
    article_ids: frozenset[int] = frozenset()
    exclude_article_ids: frozenset[int] = frozenset()
    exclude_sources: frozenset[str] = frozenset()
    since: date | None = None
    until: date | None = None
    exclude_claim_ids: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not (self.article_ids or self.exclude_article_ids or self.exclude_sources or self.since or self.until
                    or self.exclude_claim_ids)


@dataclass(frozen=True)
class Hit:
    claim_id: int
    score: float


class _Attributes:
    """Per-claim article, source and time, indexed by claim id, for filter masks in numpy."""

    def __init__(self) -> None:
        self.article = np.zeros(0, dtype=np.int32)
        self.source = np.zeros(0, dtype=np.int32)
        self.time_lo = np.zeros(0, dtype=np.int32)
        self.time_hi = np.zeros(0, dtype=np.int32)

    def put(self, rows: stored.VectorRows) -> None:
        if not len(rows.ids):
            return
        size = int(rows.ids.max()) + 1
        if size > len(self.article):
            grow = max(size, 2 * len(self.article))
            for name in ("article", "source", "time_lo", "time_hi"):
                old = getattr(self, name)
                new = np.zeros(grow, dtype=np.int32)
                new[: len(old)] = old
                setattr(self, name, new)
        self.article[rows.ids], self.source[rows.ids] = rows.article_ids, rows.source_ids
        self.time_lo[rows.ids], self.time_hi[rows.ids] = rows.time_lo, rows.time_hi

    def mask(self, filters: SearchFilters, source_ids: Sequence[int]) -> np.ndarray:
        allowed = np.ones(len(self.article), dtype=bool)
        if filters.exclude_claim_ids:
            excluded = np.array([i for i in filters.exclude_claim_ids if i < len(allowed)], dtype=np.int64)
            allowed[excluded] = False
        if filters.article_ids:
            allowed &= np.isin(self.article, list(filters.article_ids))
        if filters.exclude_article_ids:
            allowed &= ~np.isin(self.article, list(filters.exclude_article_ids))
        if source_ids:
            allowed &= ~np.isin(self.source, list(source_ids))
        # Claims with no known time stay in: unknown is not outside the window.
        unknown = self.time_lo == stored.UNKNOWN_DAY
        if filters.since:
            allowed &= unknown | (self.time_hi >= (filters.since - stored.EPOCH).days)
        if filters.until:
            allowed &= unknown | (self.time_lo <= (filters.until - stored.EPOCH).days)
        return allowed


class ClaimIndex:
    def __init__(self, settings: Settings, db: Database, embedder: Embedder) -> None:
        self.settings = settings
        self.db = db
        self.embedder = embedder
        self.folder = settings.data_dir / "index"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.config = IndexConfig(settings.index_kind, settings.exact_index_max, settings.index_large_kind,
                                  settings.ivf_nprobe)
        self.vectors_index = VectorIndex(embedder.dimension, embedder.model_version, self.config)
        self._attributes = _Attributes()
        self._lock = threading.RLock()
        self._file_lock = FileLock(str(self.folder / "snapshot.lock"))
        self._watermark = 0  # largest claim id caught up to
        self._tombstone_mark = 0  # largest tombstone id applied
        self._db_state: tuple[int, int, int, int] | None = None
        self._checked_at = 0.0
        self._saved_changes = self._changes = 0
        self._stop = threading.Event()
        self._snapshots: threading.Thread | None = None

    @classmethod
    def open(cls, settings: Settings, db: Database, embedder: Embedder | None = None) -> ClaimIndex:
        if embedder is None:
            embedder = embedder_for(settings)
        claim_index = cls(settings, db, embedder)
        claim_index.load()
        claim_index.catch_up(force=True, embed_missing=True)
        claim_index.start_snapshots()
        return claim_index

    # -- embedding and storing --------------------------------------------------------------------

    @property
    def model_version(self) -> str:
        return self.embedder.model_version

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def store_vectors(self, session: Session, claim_ids: Sequence[int], vectors: np.ndarray) -> None:
        """Write claims' vectors in the caller's transaction (the pipeline's ingest)."""
        stored.store(session, claim_ids, vectors, self.model_version)

    def embed_missing(self, batch_size: int = 512, limit: int | None = None) -> int:
        """Embed and store claims without a vector from the current model (new model, old store)."""
        done = 0
        while limit is None or done < limit:
            with self.db.session(readonly=True) as session:
                rows = stored.claims_without_vector(session, self.model_version, batch_size)
            if not rows:
                break
            vectors = self.embed([text for _, text in rows])
            with self.db.session() as session:
                stored.store(session, [i for i, _ in rows], vectors, self.model_version)
            done += len(rows)
        return done

    # -- the one catch-up path --------------------------------------------------------------------

    def catch_up(self, force: bool = False, full: bool = False, embed_missing: bool = False) -> dict[str, int]:
        """Bring this process's index to the database: new vectors in, deleted claims out.

        ``force``: even if checked moments ago; ``full``: compare every id and repair (nightly);
        ``embed_missing``: first embed claims that have no vector yet (a store made before vectors
        were stored, or a new embedding model).
        """
        now = time.monotonic()
        if not (force or full) and now - self._checked_at < self.settings.index_catch_up_seconds:
            return {"added": 0, "removed": 0, "count": self.vectors_index.count}
        with self._lock:
            self._checked_at = now
            with self.db.session(readonly=True) as session:
                state = stored.state(session, self._watermark - self.settings.index_recheck_ids)
            if state == self._db_state and not full:
                return {"added": 0, "removed": 0, "count": self.vectors_index.count}
            embedded = self.embed_missing() if embed_missing or full else 0
            with self.db.session(readonly=True) as session:
                if full:
                    db_ids = stored.all_ids(session, self.model_version)
                    extra = np.setdiff1d(self.vectors_index.ids(), db_ids)
                    candidates = db_ids
                else:
                    candidates = stored.ids_above(session, self._watermark - self.settings.index_recheck_ids,
                                                  self.model_version)
                    buried = stored.tombstones_above(session, self._tombstone_mark)
                    extra = np.array([c for _, c in buried], dtype=np.int64)
                    if buried:
                        self._tombstone_mark = max(t for t, _ in buried)
                missing = candidates[~self.vectors_index.contains(candidates)]
                added = 0
                for start in range(0, len(missing), 4096):
                    rows = stored.read(session, missing[start:start + 4096].tolist(), self.model_version,
                                       self.embedder.dimension)
                    self.vectors_index.append(rows.ids, rows.vectors)
                    self._attributes.put(rows)
                    added += len(rows.ids)
                if full:
                    self._tombstone_mark = max([self._tombstone_mark] + [t for t, _ in
                                                                         stored.tombstones_above(session, 0)])
            removed = self.vectors_index.delete(extra[self.vectors_index.contains(extra)]) if len(extra) else 0
            if len(candidates):
                self._watermark = max(self._watermark, int(candidates.max()))
            self._db_state = state
            self._changes += added + removed
            return {"added": added, "removed": removed, "embedded": embedded, "count": self.vectors_index.count}

    def claims_added(self, claim_ids: Sequence[int]) -> None:
        """The pipeline stored these (with their vectors): show them to searches in this process now."""
        self.catch_up(force=True)

    def remove(self, claim_ids: Sequence[int]) -> None:
        """The pipeline deleted these (tombstones written with the deletion): drop them here now."""
        self.catch_up(force=True)

    # -- search -----------------------------------------------------------------------------------

    def _source_ids(self, names: frozenset[str]) -> list[int]:
        if not names:
            return []
        with self.db.session(readonly=True) as session:
            return list(session.scalars(select(Source.id).where(Source.name.in_(list(names)))))

    def search(self, query: str | np.ndarray, k: int = 10, filters: SearchFilters | None = None) -> list[Hit]:
        """The k nearest claims that pass the filters (applied inside FAISS: never fewer than k when k pass)."""
        filters = filters or SearchFilters()
        vector = self.embed([query]) if isinstance(query, str) else np.atleast_2d(query).astype(np.float32)
        self.catch_up()
        allowed = None if filters.empty else self._attributes.mask(filters, self._source_ids(filters.exclude_sources))
        scores, ids = self.vectors_index.search(vector, k, allowed)
        return [Hit(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]

    def vectors(self, claim_ids: Sequence[int], texts: Sequence[str]) -> np.ndarray:
        """The stored vectors of these claims, in order; any without one is embedded from its text."""
        with self.db.session(readonly=True) as session:
            rows = stored.read(session, list(claim_ids), self.model_version, self.embedder.dimension)
        found = dict(zip(rows.ids.tolist(), rows.vectors, strict=True))
        missing = [n for n, i in enumerate(claim_ids) if i not in found]
        embedded = self.embed([texts[n] for n in missing]) if missing else np.zeros((0, self.embedder.dimension))
        extra = dict(zip(missing, embedded, strict=True))
        return np.array([found[i] if i in found else extra[n] for n, i in enumerate(claim_ids)],
                        dtype=np.float32).reshape(len(claim_ids), self.embedder.dimension)

    # -- persistence, repair ----------------------------------------------------------------------

    def load(self) -> bool:
        """Load the last snapshot, if it was made with this model; catching up does the rest."""
        with self._file_lock:
            loaded = VectorIndex.load(self.folder, self.model_version, self.embedder.dimension, self.config)
        if loaded is None:
            return False
        index, state = loaded
        with self._lock:
            self.vectors_index = index
            self._watermark = int(state.get("watermark", 0))
            self._tombstone_mark = int(state.get("tombstone_mark", 0))
            # Filters need every held claim's attributes: read them back (no vectors are re-embedded).
            held = index.ids()
            with self.db.session(readonly=True) as session:
                for start in range(0, len(held), 4096):
                    self._attributes.put(stored.read(session, held[start:start + 4096].tolist(),
                                                     self.model_version, self.embedder.dimension))
        return True

    def save(self) -> None:
        with self._lock:
            state = {"watermark": self._watermark, "tombstone_mark": self._tombstone_mark}
            changes = self._changes
        with self._file_lock:
            self.vectors_index.save(self.folder, state)
        self._saved_changes = changes

    def start_snapshots(self) -> None:
        if self.settings.index_snapshot_seconds <= 0 or self._snapshots is not None:
            return
        self._snapshots = threading.Thread(target=self._snapshot_loop, daemon=True, name="index-snapshots")
        self._snapshots.start()

    def _snapshot_loop(self) -> None:
        while not self._stop.wait(self.settings.index_snapshot_seconds):
            if self._changes != self._saved_changes:
                try:
                    self.save()
                except OSError as exc:  # a full disk must not kill the server; the database has everything
                    log.warning("index snapshot failed: %s", exc)

    def rebuild(self) -> dict[str, int]:
        """Re-read every vector from the database (re-embedding only claims that lack one)."""
        with self._lock:
            self.vectors_index = VectorIndex(self.embedder.dimension, self.model_version, self.config)
            self._attributes = _Attributes()
            self._watermark = self._tombstone_mark = 0
            self._db_state = None
            result = self.catch_up(full=True)
        self.save()
        return result

    def verify(self) -> dict[str, Any]:
        """Compare the index with the database without changing either."""
        with self.db.session(readonly=True) as session:
            db_ids = stored.all_ids(session, self.model_version)
            without = len(stored.claims_without_vector(session, self.model_version))
        index_ids = self.vectors_index.ids()
        missing, extra = np.setdiff1d(db_ids, index_ids), np.setdiff1d(index_ids, db_ids)
        return {"ok": not len(missing) and not len(extra) and not without, "database": int(len(db_ids)),
                "index": int(len(index_ids)), "missing": missing[:20].tolist(), "extra": extra[:20].tolist(),
                "claims_without_vector": without, "model": self.model_version, "kind": self.vectors_index.kind}

    def close(self) -> None:
        self._stop.set()
        if self._snapshots is not None:
            self._snapshots.join(timeout=5)
        if self._changes != self._saved_changes:
            self.save()


def embedder_for(settings: Settings) -> Embedder:
    """The configured embedding model, loaded once per process; a model that will not load is a ModelError."""
    try:
        # Several server processes share the cores: their embedders' idle threads must not spin.
        return load_embedder(settings.embedding_model, settings.embedding_backend, settings.embedding_batch_size,
                             settings.model_cache, spin=settings.web_workers == 1)
    except EmbeddingModelError as exc:
        raise ModelError(str(exc)) from exc
