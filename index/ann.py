"""The vector index: index / append / delete / search / count / save / load (the txtai ANN shape).

It knows ids and vectors, nothing of claims or databases.  Its owner (``claims.indexing``)
decides what goes in; this module keeps it consistent under threads, grows it from exact
to inverted lists *off the caller's path*, and saves it atomically with metadata beside it
(model, dimension, count, kind, created and updated times, and the owner's own state, such
as how far into its source of truth the saved copy reaches).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import faiss
import numpy as np

from index.backend import DEFAULT_NPROBE, Backend, Kind

log = logging.getLogger(__name__)
INDEX_FILE, META_FILE = "vectors.faiss", "vectors.json"
FORMAT = 2


@dataclass(frozen=True)
class IndexConfig:
    # auto: exact up to ``exact_max`` vectors, then ``large_kind`` (trained in the background).
    kind: Literal["auto", "flat", "ivf", "ivf-sq8"] = "auto"
    exact_max: int = 50_000
    large_kind: Kind = "ivf-sq8"
    nprobe: int = DEFAULT_NPROBE


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def atomic_write(path: Path, write: Callable[[str], object]) -> None:
    """Write to a temporary file, fsync it, then rename over the old one (and fsync the folder)."""
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


class VectorIndex:
    def __init__(self, dimension: int, model: str, config: IndexConfig = IndexConfig()) -> None:
        self.dimension = dimension
        self.model = model
        self.config = config
        self.backend = Backend(dimension)
        self.created_at = self.updated_at = _now()
        self._lock = threading.RLock()
        self._present = np.zeros(0, dtype=bool)  # id -> held, for contains() without asking FAISS
        self._trainer: threading.Thread | None = None
        self._replay: list[tuple[str, np.ndarray, np.ndarray | None]] | None = None

    # -- contents ---------------------------------------------------------------------------------

    def _mark(self, ids: np.ndarray, value: bool) -> None:
        if len(ids) and int(ids.max()) >= len(self._present):
            grown = np.zeros(max(int(ids.max()) + 1, 2 * len(self._present)), dtype=bool)
            grown[: len(self._present)] = self._present
            self._present = grown
        self._present[ids] = value

    def index(self, ids: Any, vectors: Any) -> None:
        """Replace every vector (a rebuild); the kind follows the configuration and the count."""
        ids, vectors = np.asarray(ids, dtype=np.int64), np.asarray(vectors, dtype=np.float32)
        kind = self._kind_for(len(ids))
        fresh = Backend(self.dimension).trained_copy(kind, ids, vectors)
        with self._lock:
            self.backend = fresh
            self._present = np.zeros(0, dtype=bool)
            self._mark(ids, True)
            self.updated_at = _now()

    def append(self, ids: Any, vectors: Any) -> None:
        """Add vectors; an id already held is replaced, never duplicated."""
        ids, vectors = np.asarray(ids, dtype=np.int64), np.asarray(vectors, dtype=np.float32)
        if not len(ids):
            return
        with self._lock:
            held = ids[self.contains(ids)]
            self.backend.remove(held)
            self.backend.add(ids, vectors)
            self._mark(ids, True)
            self.updated_at = _now()
            if self._replay is not None:
                self._replay.append(("append", ids, vectors))
        self._maybe_grow()

    def delete(self, ids: Any) -> int:
        ids = np.asarray(ids, dtype=np.int64)
        with self._lock:
            removed = self.backend.remove(ids)
            if len(ids):
                self._mark(ids[ids < len(self._present)], False)
            self.updated_at = _now()
            if self._replay is not None:
                self._replay.append(("delete", ids, None))
            return removed

    def contains(self, ids: Any) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64)
        with self._lock:
            inside = ids < len(self._present)
            found = np.zeros(len(ids), dtype=bool)
            found[inside] = self._present[ids[inside]]
            return found

    def ids(self) -> np.ndarray:
        with self._lock:
            return np.flatnonzero(self._present).astype(np.int64)

    @property
    def count(self) -> int:
        return self.backend.count

    @property
    def kind(self) -> Kind:
        return self.backend.kind

    def search(self, queries: Any, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query row; ids of -1 pad a short result."""
        with self._lock:
            if self.backend.count == 0:
                rows = np.atleast_2d(np.asarray(queries)).shape[0]
                return np.zeros((rows, 0), dtype=np.float32), np.zeros((rows, 0), dtype=np.int64)
            return self.backend.search(queries, k, allowed, self.config.nprobe)

    def vectors(self, ids: Any) -> np.ndarray:
        with self._lock:
            return self.backend.vectors(ids)

    def memory_bytes(self) -> int:
        with self._lock:
            return self.backend.memory_bytes()

    # -- growing from exact to inverted lists, off the caller's path -------------------------------

    def _kind_for(self, count: int) -> Kind:
        if self.config.kind != "auto":
            return self.config.kind
        return "flat" if count <= self.config.exact_max else self.config.large_kind

    def _maybe_grow(self) -> None:
        with self._lock:
            wanted = self._kind_for(self.backend.count)
            if wanted == self.backend.kind or self._trainer is not None:
                return
            self._replay = []
            ids, vectors = self.backend.contents()
            self._trainer = threading.Thread(target=self._grow, args=(wanted, ids, vectors), daemon=True,
                                             name="index-training")
            self._trainer.start()

    def _grow(self, kind: Kind, ids: np.ndarray, vectors: np.ndarray) -> None:
        log.info("training a %s index on %d vectors in the background", kind, len(ids))
        try:
            grown = self.backend.trained_copy(kind, ids, vectors)
            with self._lock:
                # Whatever changed while training is replayed onto the new index, then it takes over.
                for operation, changed, added in self._replay or []:
                    grown.remove(changed)
                    if operation == "append" and added is not None:
                        grown.add(changed, added)
                self.backend = grown
                log.info("index is now %s with %d vectors", kind, grown.count)
        finally:
            with self._lock:
                self._replay = None
                self._trainer = None

    def wait_until_trained(self, timeout: float | None = None) -> None:
        trainer = self._trainer
        if trainer is not None:
            trainer.join(timeout)

    # -- persistence ------------------------------------------------------------------------------

    def metadata(self, state: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"format": FORMAT, "model": self.model, "dimension": self.dimension, "count": self.count,
                "kind": self.kind, "faiss_version": faiss.__version__, "created_at": self.created_at,
                "updated_at": self.updated_at, "state": state or {}}

    def save(self, folder: Path, state: dict[str, Any] | None = None) -> None:
        """An atomic snapshot; ``state`` is the owner's (e.g. how far into the database it reaches)."""
        folder.mkdir(parents=True, exist_ok=True)
        with self._lock:
            data = self.backend.serialize()  # a consistent copy; written to disk outside the lock
            meta = json.dumps(self.metadata(state), indent=2)
        atomic_write(folder / INDEX_FILE, data.tofile)
        atomic_write(folder / META_FILE, lambda path: Path(path).write_text(meta))

    @classmethod
    def load(cls, folder: Path, model: str, dimension: int, config: IndexConfig = IndexConfig()
             ) -> tuple[VectorIndex, dict[str, Any]] | None:
        """The saved index and its owner state; None when absent, unreadable or built by another model."""
        path, meta_path = folder / INDEX_FILE, folder / META_FILE
        if not path.exists() or not meta_path.exists():
            return None
        try:
            meta = json.loads(meta_path.read_text())
            if (meta.get("format"), meta.get("model"), meta.get("dimension")) != (FORMAT, model, dimension):
                log.warning("saved index was built with %s (%s): starting over", meta.get("model"),
                            meta.get("dimension"))
                return None
            backend = Backend.deserialize(np.fromfile(path, dtype=np.uint8))
        except (OSError, ValueError, RuntimeError) as exc:
            log.warning("saved index is unreadable (%s): starting over", exc)
            return None
        loaded = cls(dimension, model, config)
        loaded.backend = backend
        loaded._mark(backend.ids(), True)
        loaded.created_at = meta.get("created_at", loaded.created_at)
        loaded.updated_at = meta.get("updated_at", loaded.updated_at)
        # A snapshot taken while the inverted lists were still training (or before the configured kind
        # changed) is of the wrong kind for its size; only an append grew it, so a restarted service
        # with no new article searched a million vectors exhaustively.
        loaded._maybe_grow()
        return loaded, dict(meta.get("state", {}))
