"""FAISS search latency (p50/p99) at 100k and 1M vectors, IVF and IVF-SQ8 recall@10 on real
claim-like vectors (against the exact flat search), and memory per million vectors."""

from __future__ import annotations

import argparse
import random
import time

import numpy as np
from common import ROOT, report, summary

from claims.nli.corpora import load
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
        for nprobe in (8, 16, 32, 64):
            _, approx = approximate.search(probe, 10, nprobe=nprobe)
            recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)]))
            report("index-recall", kind=kind, real_vectors=len(real), nprobe=nprobe, recall_at_10=round(recall, 4),
                   latency=summary(latency(approximate, probe[:100], nprobe)))

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--recall-only", action="store_true", help="skip the latency runs")
    arguments = parser.parse_args()
    main(arguments.smoke, arguments.recall_only)
