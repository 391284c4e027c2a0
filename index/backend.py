"""FAISS vector storage keyed by claim id: exact while small, IVF when large.

Vectors are unit length, so inner product is cosine similarity.  Both kinds keep
an id -> vector map so vectors can be removed and read back (for a rebuild).
"""

from __future__ import annotations

import math
from typing import Any

import faiss  # type: ignore[import-untyped]
import numpy as np


class VectorBackend:
    def __init__(self, dimension: int, index: faiss.Index | None = None) -> None:
        self.dimension = dimension
        # Any: faiss's generated stubs miss the IVF attributes and the numpy overloads we use.
        self.index: Any = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    @property
    def kind(self) -> str:
        return "ivf" if isinstance(self.index, faiss.IndexIVF) else "flat"

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        if isinstance(self.index, faiss.IndexIDMap2):
            return faiss.vector_to_array(self.index.id_map).astype(np.int64)
        invlists = self.index.invlists
        found = [faiss.rev_swig_ptr(invlists.get_ids(i), invlists.list_size(i)).copy()
                 for i in range(self.index.nlist) if invlists.list_size(i)]
        return np.concatenate(found).astype(np.int64) if found else np.zeros(0, dtype=np.int64)

    def add(self, ids: np.ndarray, vectors: np.ndarray) -> None:
        if len(ids):
            self.index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids.astype(np.int64))

    def remove(self, ids: np.ndarray) -> int:
        if not len(ids):
            return 0
        return int(self.index.remove_ids(np.asarray(ids, dtype=np.int64)))

    def search(self, vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        k = max(1, min(k, self.count))
        scores, ids = self.index.search(np.ascontiguousarray(vectors, dtype=np.float32), k)
        return scores, ids

    def vectors(self, ids: np.ndarray) -> np.ndarray:
        return np.vstack([self.index.reconstruct(int(i)) for i in ids]) if len(ids) else np.zeros(
            (0, self.dimension), dtype=np.float32)

    def to_ivf(self, nprobe: int) -> VectorBackend:
        """An IVF copy of this index, trained on its own vectors."""
        ids = self.ids()
        vectors = self.vectors(ids)
        nlist = max(16, int(4 * math.sqrt(len(ids))))
        quantizer = faiss.IndexFlatIP(self.dimension)
        ivf: Any = faiss.IndexIVFFlat(quantizer, self.dimension, nlist, faiss.METRIC_INNER_PRODUCT)
        sample = vectors[np.random.default_rng(0).permutation(len(vectors))[: nlist * 64]]
        ivf.train(sample)
        ivf.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
        ivf.nprobe = nprobe
        backend = VectorBackend(self.dimension, ivf)
        backend.add(ids, vectors)
        return backend

    def set_nprobe(self, nprobe: int) -> None:
        if isinstance(self.index, faiss.IndexIVF):
            self.index.nprobe = nprobe

    def save(self, path: str) -> None:
        faiss.write_index(self.index, path)

    @classmethod
    def load(cls, path: str) -> VectorBackend:
        index: Any = faiss.read_index(path)
        if isinstance(index, faiss.IndexIVF):
            index.set_direct_map_type(faiss.DirectMap.Hashtable)  # type: ignore[attr-defined]
        return cls(index.d, index)
