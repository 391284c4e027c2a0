"""FAISS search latency (p50/p99) at 100k and 1M vectors, IVF and IVF-SQ8 recall@10 on real
claim-like vectors (against the exact flat search), and memory per million vectors.

``--real-scale --vector-cache DIR`` measures recall on every real sentence the datasets hold
(about 150k distinct sentences of claim length, split out of every corpus's pairs; a million real
claims are not on this disk), embedded by the service's default onnx backend, at doubling store
sizes, for queries taken from the index and for sentences it does not hold: how recall moves as
the store grows.  The vectors are kept in DIR chunk by chunk, so a stopped run resumes.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import time
from pathlib import Path

import numpy as np
from common import ROOT, overlap_at_10, report, summary

from claims.nli.corpora import corpora, load
from index.backend import Backend
from index.embedder import load_embedder


def random_unit(n: int, dim: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def latency(backend: Backend, queries: np.ndarray, nprobe: int = 32) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        backend.search(query[None, :], 10, nprobe=nprobe)
        times.append(time.perf_counter() - started)
    return times


def real_vectors(limit: int) -> np.ndarray:
    root = ROOT.parent / "shared" / "datasets"
    sentences = {r.hypothesis for name in ("breaking-nli", "arc", "rte3", "covid-fact", "climate-fever")
                 for r in load(name, root)}
    sentences |= {r.premise for r in load("breaking-nli", root)}
    for passage in (r.premise for r in load("control", root)):  # long passages: split into sentences
        sentences |= {part.strip() for part in passage.split(". ") if len(part.strip()) > 30}
    for row in load("wice", root):
        sentences |= {part.strip() for part in row.premise.split(". ") if len(part.strip()) > 30}
    usable = sorted(s for s in sentences if len(s) < 400)
    chosen = random.Random(5).sample(usable, min(limit, len(usable)))
    return load_embedder("bundled").encode(chosen)


def every_real_sentence() -> list[str]:
    """Every distinct sentence of claim length in every corpus's pairs, in a fixed random order."""
    root = ROOT.parent / "shared" / "datasets"
    seen: dict[str, None] = {}
    for name in sorted(corpora()):
        for row in load(name, root):
            for text in (row.premise, row.hypothesis):
                for part in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
                    if 20 <= len(part) <= 300:
                        seen.setdefault(part)
    pool = list(seen)
    random.Random(5).shuffle(pool)
    return pool


def cached_vectors(sentences: list[str], cache: Path, chunk: int = 20_000) -> np.ndarray:
    """The sentences' vectors, embedded chunk by chunk into ``cache`` (a stopped run resumes)."""
    embedder = load_embedder("bundled", backend="onnx")
    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    for start in range(0, len(sentences), chunk):
        batch = sentences[start:start + chunk]
        digest = hashlib.sha256("\n".join(batch).encode()).hexdigest()[:16]
        path = cache / f"{start:08d}-{digest}.npy"
        if not path.exists():
            started = time.perf_counter()
            np.save(path.with_suffix(".tmp.npy"), embedder.encode(batch).astype(np.float32))
            path.with_suffix(".tmp.npy").rename(path)
            report("index-embed", chunk_start=start, sentences=len(batch),
                   per_s=round(len(batch) / (time.perf_counter() - started), 1))
        parts.append(np.load(path))
    return np.concatenate(parts)


def recall_at_scale(cache: Path, probes: int = 500) -> None:
    """Recall@10 of the service's large index kind on real vectors, against exact search, as the store grows."""
    vectors = cached_vectors(every_real_sentence(), cache)
    fresh, pool = vectors[:probes], vectors[probes:]
    sizes = [25_000 * 2**n for n in range(8) if 25_000 * 2**n < len(pool)] + [len(pool)]
    for size in sizes:
        stored, ids = pool[:size], np.arange(size)
        flat = Backend(384)
        flat.add(ids, stored)
        inside = stored[np.random.default_rng(2).permutation(size)[:probes]]
        exact = {name: flat.search(queries, 10)[1] for name, queries in (("stored", inside), ("fresh", fresh))}
        approximate = flat.trained_copy("ivf-sq8", ids, stored)
        for nprobe in (32, 64, 96, 128):
            for name, queries in (("stored", inside), ("fresh", fresh)):
                _, approx = approximate.search(queries, 10, nprobe=nprobe)
                recall = overlap_at_10(exact[name], approx)
                report("index-recall", kind="ivf-sq8", real_vectors=size, queries=name, nprobe=nprobe,
                       recall_at_10=round(recall, 4), nlist=approximate.index.nlist)


def main(smoke: bool, recall_only: bool = False) -> None:
    sizes = [] if recall_only else [2_000] if smoke else [100_000, 1_000_000]
    queries = random_unit(20 if smoke else 200, 384, seed=9)
    for size in sizes:
        ids, vectors = np.arange(size), random_unit(size, 384)
        flat = Backend(384)
        flat.add(ids, vectors)
        sq8 = flat.trained_copy("ivf-sq8", ids, vectors)
        report("index-latency", vectors=size, flat=summary(latency(flat, queries)),
               ivf_sq8_nprobe32=summary(latency(sq8, queries)),
               ivf_sq8_nprobe96=summary(latency(sq8, queries, 96)),  # the service's default
               flat_mb_per_million=round(flat.memory_bytes() / size * 1_000_000 / 2**20, 1),
               ivf_sq8_mb_per_million=round(sq8.memory_bytes() / size * 1_000_000 / 2**20, 1))
        del flat, sq8
    real = real_vectors(2_000 if smoke else 30_000)
    ids = np.arange(len(real))
    flat = Backend(384)
    flat.add(ids, real)
    probe = real[np.random.default_rng(2).permutation(len(real))[:200]]
    _, exact = flat.search(probe, 10)
    for kind in ("ivf", "ivf-sq8"):
        approximate = flat.trained_copy(kind, ids, real)
        for nprobe in (8, 16, 32, 64, 96):
            _, approx = approximate.search(probe, 10, nprobe=nprobe)
            recall = overlap_at_10(exact, approx)
            report("index-recall", kind=kind, real_vectors=len(real), nprobe=nprobe, recall_at_10=round(recall, 4),
                   latency=summary(latency(approximate, probe[:100], nprobe)))

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--recall-only", action="store_true", help="skip the latency runs")
    parser.add_argument("--real-scale", action="store_true",
                        help="only measure recall on every real sentence, at growing sizes (needs --vector-cache)")
    parser.add_argument("--vector-cache", type=Path, help="where --real-scale keeps its embedded chunks")
    arguments = parser.parse_args()
    if arguments.real_scale:
        if arguments.vector_cache is None:
            parser.error("--real-scale needs --vector-cache")
        recall_at_scale(arguments.vector_cache)
    else:
        main(arguments.smoke, arguments.recall_only)
