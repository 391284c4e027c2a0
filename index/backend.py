"""FAISS storage of unit vectors keyed by integer id: exact while small, inverted lists when large.

Vectors are unit length, so inner product is cosine similarity.  Kinds:

- ``flat``: exact search, 4 bytes per dimension (1.5 GB per million 384-d vectors);
- ``ivf``: inverted lists of full vectors (same memory, sub-linear search);
- ``ivf-sq8``: inverted lists of 8-bit scalar-quantised vectors, a quarter of the memory
  (recall@10 against exact search is measured in ``bench/bench_index.py``).

Every kind can remove ids and read vectors back (the IVF kinds through a hash-table direct
map), and every search can be restricted to a set of ids (a FAISS ``IDSelector``), so a
filter never needs a second pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Literal

import faiss
import numpy as np

Kind = Literal["flat", "ivf", "ivf-sq8"]
# IVF cells probed per query: recall@10 about 0.97 on real claim vectors, level from 25k to 151k
# (bench_index.py --real-scale); the service's own setting is claims.settings.ivf_nprobe.
DEFAULT_NPROBE = 96
# faiss's generated stubs miss the search-parameter keywords and DirectMap: reach them untyped.
_faiss: Any = faiss
KINDS: tuple[Kind, ...] = ("flat", "ivf", "ivf-sq8")


def _ids(values: Any) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.int64).reshape(-1))


def _floats(values: Any, dimension: int) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(values, dtype=np.float32).reshape(-1, dimension))


@contextmanager
def _threads_for(queries: np.ndarray) -> Iterator[None]:
    """One OpenMP thread for a single query, in the calling thread only (the count is per thread).

    FAISS splits even one query over every core, and its threads spin between searches: one query on
    10k flat vectors took 1.4-2.0 ms that way against 0.5-0.6 ms on one thread, and two server
    processes searching at once took each other's cores (16 clients searching 10k claims: 98-119
    requests/s, 148-154 with one thread).  Many queries at once (a linking batch) keep every core:
    64 took 11-15 ms on two threads, 24-31 ms on one.
    """
    if len(queries) != 1:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)


class Backend:
    def __init__(self, dimension: int, index: Any = None) -> None:
        self.dimension = dimension
        # Any: faiss's generated stubs miss the IVF attributes and the numpy overloads used here.
        self.index: Any = index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))

    @property
    def kind(self) -> Kind:
        if isinstance(self.index, faiss.IndexIVFScalarQuantizer):
            return "ivf-sq8"
        return "ivf" if isinstance(self.index, faiss.IndexIVF) else "flat"

    @property
    def count(self) -> int:
        return int(self.index.ntotal)

    def ids(self) -> np.ndarray:
        if isinstance(self.index, faiss.IndexIDMap2):
            return faiss.vector_to_array(self.index.id_map).astype(np.int64)
        lists = self.index.invlists
        found = [faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                 for i in range(self.index.nlist) if lists.list_size(i)]
        return np.concatenate(found).astype(np.int64) if found else np.zeros(0, dtype=np.int64)

    def add(self, ids: Any, vectors: Any) -> None:
        ids = _ids(ids)
        if len(ids):
            self.index.add_with_ids(_floats(vectors, self.dimension), ids)

    def remove(self, ids: Any) -> int:
        ids = _ids(ids)
        return int(self.index.remove_ids(ids)) if len(ids) else 0

    def search(self, queries: Any, k: int, allowed: np.ndarray | None = None, nprobe: int = DEFAULT_NPROBE
               ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, ids) per query; ``allowed``: a boolean mask over ids (True = may be returned)."""
        queries = _floats(queries, self.dimension)
        k = max(1, min(k, self.count))
        params = None
        if allowed is not None:
            # A bitmap selector: one bit per id, checked inside FAISS's scan (no post-filtering).
            bitmap = np.packbits(allowed, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
            params = (_faiss.SearchParametersIVF(sel=selector, nprobe=nprobe) if self.kind != "flat"
                      else _faiss.SearchParameters(sel=selector))
            with _threads_for(queries):
                scores, ids = self.index.search(queries, k, params=params)
            del bitmap, selector  # kept alive until the search above returned
            return scores, ids
        if self.kind != "flat":
            params = _faiss.SearchParametersIVF(nprobe=nprobe)
        with _threads_for(queries):
            scores, ids = self.index.search(queries, k, params=params)
        return scores, ids

    def contents(self) -> tuple[np.ndarray, np.ndarray]:
        """Every (id, vector), read in bulk: a flat index hands over its storage in one call."""
        if isinstance(self.index, faiss.IndexIDMap2):
            return self.ids(), self.index.index.reconstruct_n(0, self.count)
        ids = self.ids()
        return ids, self.vectors(ids)

    def vectors(self, ids: Any) -> np.ndarray:
        """Stored vectors (approximate for ivf-sq8); raises KeyError for an id not held."""
        ids = _ids(ids)
        try:
            return np.vstack([self.index.reconstruct(int(i)) for i in ids]) if len(ids) else np.zeros(
                (0, self.dimension), dtype=np.float32)
        except RuntimeError as exc:
            raise KeyError(str(exc)) from exc

    def trained_copy(self, kind: Kind, ids: np.ndarray, vectors: np.ndarray, seed: int = 0) -> Backend:
        """A new backend of ``kind`` holding (ids, vectors); IVF kinds are trained on a sample of them."""
        if kind == "flat":
            backend = Backend(self.dimension)
        else:
            # ~4·sqrt(n) lists: a few hundred vectors per list at 1M keeps probing 32 of them cheap.
            nlist = max(16, int(4 * math.sqrt(max(1, len(ids)))))
            quantizer = faiss.IndexFlatIP(self.dimension)
            index: Any = (faiss.IndexIVFScalarQuantizer(quantizer, self.dimension, nlist,
                                                        faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
                          if kind == "ivf-sq8" else
                          faiss.IndexIVFFlat(quantizer, self.dimension, nlist, faiss.METRIC_INNER_PRODUCT))
            sample = vectors[np.random.default_rng(seed).permutation(len(vectors))[: nlist * 64]]
            index.train(_floats(sample, self.dimension))
            index.set_direct_map_type(_faiss.DirectMap.Hashtable)  # remove_ids and reconstruct by id
            backend = Backend(self.dimension, index)
        backend.add(ids, vectors)
        return backend

    def serialize(self) -> np.ndarray:
        return faiss.serialize_index(self.index)

    @classmethod
    def deserialize(cls, data: np.ndarray) -> Backend:
        index: Any = faiss.deserialize_index(data)
        if isinstance(index, faiss.IndexIVF):
            index.set_direct_map_type(_faiss.DirectMap.Hashtable)
        return cls(index.d, index)

    def memory_bytes(self) -> int:
        """Bytes the index holds (its serialised size: codes, ids, lists, quantiser)."""
        return int(self.serialize().nbytes)
