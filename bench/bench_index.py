"""FAISS search latency (p50/p99) at 100k and 1M vectors, IVF recall@10 on real claim-like
vectors, and memory per million vectors."""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time

import numpy as np
from common import ROOT, report, summary

from claims.nli.datasets import load
from index.backend import VectorBackend
from index.embedder import load_embedder


def random_unit(n: int, dim: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def latency(backend: VectorBackend, queries: np.ndarray) -> list[float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        backend.search(query[None, :], 10)
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
        flat = VectorBackend(384)
        flat.add(np.arange(size), random_unit(size, 384))
        with tempfile.TemporaryDirectory() as folder:
            flat.save(os.path.join(folder, "i"))
            bytes_per_million = os.path.getsize(os.path.join(folder, "i")) / size * 1_000_000
        flat_times = latency(flat, queries)
        ivf = flat.to_ivf(nprobe=32)
        ivf_times = latency(ivf, queries)
        report("index-latency", vectors=size, flat=summary(flat_times), ivf_nprobe32=summary(ivf_times),
               flat_mb_per_million=round(bytes_per_million / 2**20, 1))
        del flat, ivf
    real = real_vectors(2_000 if smoke else 30_000)
    flat = VectorBackend(384)
    flat.add(np.arange(len(real)), real)
    ivf = flat.to_ivf(nprobe=32)
    probe = real[np.random.default_rng(2).permutation(len(real))[:200]]
    _, exact = flat.search(probe, 10)
    for nprobe in (8, 16, 32, 64):
        ivf.set_nprobe(nprobe)
        _, approx = ivf.search(probe, 10)
        recall = float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)]))
        report("index-recall", real_vectors=len(real), nlist=ivf.index.nlist, nprobe=nprobe,
               recall_at_10=round(recall, 4), latency=summary(latency(ivf, probe[:100])))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--recall-only", action="store_true", help="skip the latency runs")
    arguments = parser.parse_args()
    main(arguments.smoke, arguments.recall_only)
