"""claimtrack at newsroom scale: stores of 10k and 100k claims (1M with ``--sizes``), served and loaded.

For each size, a fresh data folder is filled by bulk insert: articles of ten claims made of real
dataset sentences, each claim with its vector (a pool of embedded sentences, perturbed and
renormalised, so a million claims take minutes rather than an embedding hour) and one link per ten
claims.  Then ``claimtrack serve`` runs on it and 16 clients measure:

- ``GET /health``, the floor: the server's and the clients' own cost per request, which bounds
  every read below;
- time to ready on the first start (the index caught up from the database) and on a restart
  (from the saved index snapshot);
- ``GET /v1/contradictions?limit=50`` (the same page: the page cache's case), the list with a
  different score floor each time (``list_varied``: another page each time, over the newest links),
  a page at a random cursor (``list_deep``: other links each time), ``GET /v1/contradictions/{id}``
  (random ids), ``GET /v1/claims?q=…&k=10``: p50/p99 and requests per second;
- ``POST /v1/articles?wait=true`` with fresh articles: articles per minute, and seconds per article,
  whose ratio between the largest and the smallest store is the ingest cost ratio (issue 14's
  target: at most 1.5 from 10k to 1M);
- the saved index's size (a proxy for its memory).

With ``wrk`` installed (Debian's package), every read is measured a second time by it: one C
thread keeping 16 connections busy, where the 16 Python client threads above spend much of the
same two cores on themselves, so their floor is the clients' cost as much as the server's.
``--client python`` skips it.

With ``--workers 2`` each process listens on a socket of its own (``api/serving.py``) and the kernel
hands it connections by a hash of the client's port; before, the processes shared one socket and
whichever woke first accepted most of a burst (14 of wrk's 16 kept-alive connections on one process in
some runs, 9/7 in others: one run's requests/s swung by up to 3x).  A hash still splits 16
connections unevenly at times: compare runs in alternating pairs, or with ``--workers 1``.

Between two writes, list pages and links are answered from memory (``api/cache.py``): a run with
``CLAIMTRACK_PAGE_CACHE_ENTRIES=0`` in the environment measures every read built from the database.

    python bench/bench_scale.py                  # 10k and 100k
    python bench/bench_scale.py --sizes 10000,1000000
    python bench/bench_scale.py --smoke          # 1k and 3k, few requests (CI)
    python bench/bench_scale.py --workers 2      # two server processes
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import random
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
import numpy as np
from common import ROOT, Server, percentile, report
from sqlalchemy import insert

from claims.db import vectors as stored
from claims.db.links import encode_cursor
from claims.db.models import Article, Claim, ClaimLink, ClaimVector, Source
from claims.nli.corpora import load
from claims.services import Services
from claims.settings import load_settings

CLAIMS_PER_ARTICLE, CLAIMS_PER_LINK, CHUNK = 10, 10, 20_000
KINDS = ["denial", "factual", "disagreement", "temporal"]


def sentences(datasets: Path, count: int) -> list[str]:
    """Distinct news-like sentences: MNLI and SNLI training premises."""
    seen: dict[str, None] = {}
    for name in ("mnli", "snli", "taxinli"):
        for row in load(name, datasets, "train"):
            text = " ".join(row.premise.split())
            if 30 <= len(text) <= 220 and text.endswith("."):
                seen.setdefault(text)
    pool = list(seen)
    random.Random(5).shuffle(pool)
    return pool[:count]


def build(folder: Path, claims: int, pool: list[str], vectors: np.ndarray, seed: int = 1) -> float:
    """Fill a fresh store with ``claims`` claims; returns the seconds it took."""
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    settings = load_settings(data_dir=folder)
    with Services(settings) as services:
        model = services.index.model_version
        engine = services.db.engine
        now = datetime.now(UTC).replace(tzinfo=None)
        with engine.begin() as connection:
            connection.execute(insert(Source), [{"name": f"Outlet {n}", "created_at": now} for n in range(40)])
        articles = claims // CLAIMS_PER_ARTICLE
        for first in range(0, articles, CHUNK // CLAIMS_PER_ARTICLE):
            article_rows, claim_rows, vector_rows = [], [], []
            for article_id in range(first + 1, min(articles, first + CHUNK // CLAIMS_PER_ARTICLE) + 1):
                picks = rng.integers(0, len(pool), CLAIMS_PER_ARTICLE)
                text = " ".join(pool[p] for p in picks)
                published = now - timedelta(days=int(rng.integers(0, 365)))
                digest = hashlib.sha256(f"{article_id}:{text}".encode()).hexdigest()
                article_rows.append({
                    "id": article_id, "source_id": int(rng.integers(1, 41)), "url": f"https://bench.example/{article_id}",
                    "title": pool[picks[0]][:80], "text": text, "content_hash": digest,
                    "published_at": published, "published_at_origin": "request",
                    "extraction_version": "bench", "created_at": now, "processed_at": now})
                offset = 0
                for n, p in enumerate(picks):
                    claim_id = (article_id - 1) * CLAIMS_PER_ARTICLE + n + 1
                    end = offset + len(pool[p])
                    claim_rows.append({
                        "id": claim_id, "article_id": article_id, "sentence_index": n, "char_start": offset,
                        "char_end": end, "proposition_start": offset, "proposition_end": end, "text": pool[p],
                        "statement": pool[p], "span": pool[p], "speaker": f"Speaker {int(rng.integers(0, 500))}",
                        "stance": "asserts", "negated": False, "checkworthy": True, "linked_at": now,
                        "created_at": now})
                    noisy = vectors[p] + rng.normal(0, 0.02, vectors.shape[1]).astype(np.float32)
                    vector_rows.append({"claim_id": claim_id, "model": model,
                                        "vector": stored.encode(noisy / np.linalg.norm(noisy))})
                    offset = end + 1
            with engine.begin() as connection:
                connection.execute(insert(Article), article_rows)
                connection.execute(insert(Claim), claim_rows)
                connection.execute(insert(ClaimVector), vector_rows)
        links = []
        for _ in range(claims // CLAIMS_PER_LINK):
            a, b = sorted(int(x) for x in rng.choice(claims, 2, replace=False) + 1)
            links.append((a, b))
        link_rows = [{"claim_a_id": a, "claim_b_id": b, "relation": "contradicts", "kind": KINDS[n % 4],
                      "score": float(rng.uniform(0.5, 1.0)), "signals": [], "model_version": "bench",
                      "explanation": "bench link", "status": "open", "created_at": now, "updated_at": now}
                     for n, (a, b) in enumerate(dict.fromkeys(links))]
        with engine.begin() as connection:
            for start in range(0, len(link_rows), CHUNK):
                connection.execute(insert(ClaimLink), link_rows[start:start + CHUNK])
    return time.perf_counter() - started


def load_test(base: str, clients: int, per_client: int, path_of) -> tuple[list[float], float]:
    def run(worker: int) -> list[float]:
        rng = random.Random(worker)
        times = []
        with httpx.Client(base_url=base, timeout=300) as client:
            for _ in range(per_client):
                method, path, kwargs = path_of(rng)
                started = time.perf_counter()
                response = client.request(method, path, **kwargs)
                response.raise_for_status()
                times.append(time.perf_counter() - started)
        return times

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        times = [t for batch in pool.map(run, range(clients)) for t in batch]
    return times, time.perf_counter() - started


# wrk runs this per request (paths drawn as the Python clients draw them) and prints its figures as JSON.
WRK_SCRIPT = """
local paths = {%s}
request = function() return wrk.format("GET", paths[math.random(#paths)]) end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "seconds": %%f, "p50_us": %%d, "p99_us": %%d, "failed": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk_test(base: str, clients: int, seconds: int, path_of, draws: int = 2000) -> dict[str, float]:
    """The same reads through wrk: p50/p99 in ms and requests per second; any failed request raises."""
    rng = random.Random(0)
    paths = []
    for _ in range(draws):
        _, path, kwargs = path_of(rng)
        paths.append(path + ("?" + urlencode(kwargs["params"]) if kwargs.get("params") else ""))
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p) for p in paths))
        script.flush()
        run = subprocess.run(["wrk", "-t1", f"-c{clients}", f"-d{seconds}s", "--timeout", "30s", "-s", script.name,
                              base], capture_output=True, text=True, check=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    if figures["failed"]:
        raise RuntimeError(f"wrk: {figures['failed']} of {figures['requests']} requests failed")
    return {"p50_ms": round(figures["p50_us"] / 1000, 1), "p99_ms": round(figures["p99_us"] / 1000, 1),
            "requests_per_s": round(figures["requests"] / figures["seconds"], 1)}


def latency(times: list[float]) -> dict[str, float]:
    return {"p50_ms": round(1000 * percentile(times, 50), 1), "p99_ms": round(1000 * percentile(times, 99), 1)}


def measure(size: int, folder: Path, pool: list[str], fresh: list[str], clients: int, reads: int, posts: int,
            workers: int = 1, wrk_seconds: int = 0) -> dict[str, float]:
    """``pool``: the stored sentences (searched for); ``fresh``: sentences no stored claim holds (ingested)."""
    links = size // CLAIMS_PER_LINK
    figures: dict[str, float] = {}
    server = Server(folder, workers)
    try:
        figures["first_start_s"] = round(server.ready(), 1)
        endpoints = {
            # The cheapest route through the same server, middleware and clients: what serving any
            # request costs on this machine (the 16 client threads share its two cores).  No read
            # can be faster than this floor, so each read's figures are reported beside it.
            "floor": lambda rng: ("GET", "/health", {}),
            # The same first page each time: what editors' dashboards poll, answered from the page cache
            # between two changes.  "list_varied" asks for a different page each time (a score floor),
            # so it measures building a page, as every list read did before the cache.
            "list": lambda rng: ("GET", "/v1/contradictions", {"params": {"limit": 50}}),
            "list_varied": lambda rng: ("GET", "/v1/contradictions",
                                        {"params": {"limit": 50, "min_score": round(rng.random() * 0.5, 4)}}),
            # A page anywhere in the list (a cursor at a random link): other links than the first page's.
            "list_deep": lambda rng: ("GET", "/v1/contradictions",
                                      {"params": {"limit": 50, "cursor": encode_cursor([0, rng.randint(51, links)])}}),
            "item": lambda rng: ("GET", f"/v1/contradictions/{rng.randint(1, links)}", {}),
            "search": lambda rng: ("GET", "/v1/claims", {"params": {"q": rng.choice(pool)[:120], "k": 10}}),
        }
        for name, path_of in endpoints.items():
            load_test(server.base, clients, 2, path_of)  # warm-up
            times, elapsed = load_test(server.base, clients, reads, path_of)
            figures |= {f"{name}_{k}": v for k, v in latency(times).items()}
            figures[f"{name}_rps"] = round(len(times) / elapsed, 1)
            report("scale", claims=size, read=name, clients=clients, requests=len(times), **latency(times),
                   requests_per_s=figures[f"{name}_rps"])
            if wrk_seconds:
                measured = wrk_test(server.base, clients, wrk_seconds, path_of)
                figures |= {f"{name}_wrk_{k}": v for k, v in measured.items()}
                report("scale", claims=size, read=name, client="wrk", clients=clients, seconds=wrk_seconds,
                       **measured)

        counter = itertools.count()

        def article(rng: random.Random) -> tuple[str, str, dict]:
            n = next(counter)
            text = " ".join(rng.sample(fresh, 4)) + f" Officials said talks number {size}-{n} had ended."
            return ("POST", "/v1/articles", {"params": {"wait": "true"},
                                             "json": {"text": text, "source": f"Wire {n % 16}",
                                                      "published_at": "2015-10-01"}})

        times, elapsed = load_test(server.base, clients, posts, article)
        figures["ingest_articles_per_min"] = round(60 * len(times) / elapsed, 1)
        figures["ingest_s_per_article"] = round(elapsed / len(times), 3)
        report("scale", claims=size, write="POST /v1/articles?wait=true", clients=clients, articles=len(times),
               **latency(times), articles_per_min=figures["ingest_articles_per_min"])
    finally:
        server.stop()
    index_file = folder / "index" / "vectors.faiss"
    figures["index_mb"] = round(index_file.stat().st_size / 2**20, 1) if index_file.exists() else -1.0
    restart = Server(folder)
    try:
        figures["restart_s"] = round(restart.ready(), 1)
    finally:
        restart.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000", help="store sizes in claims, comma-separated")
    parser.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--reads", type=int, default=25, help="requests per client per read endpoint")
    parser.add_argument("--posts", type=int, default=3, help="articles per client")
    parser.add_argument("--workers", type=int, default=1, help="server processes (claimtrack serve --workers)")
    parser.add_argument("--client", choices=["both", "python"], default="both",
                        help="both: reads also measured by wrk when it is installed")
    parser.add_argument("--wrk-seconds", type=int, default=10, help="how long wrk loads each read")
    parser.add_argument("--smoke", action="store_true", help="1k and 3k claims, 4 clients, few requests")
    args = parser.parse_args()
    if args.smoke:
        args.sizes, args.clients, args.reads, args.posts, args.wrk_seconds = "1000,3000", 4, 3, 1, 1
    wrk_seconds = args.wrk_seconds if args.client == "both" and shutil.which("wrk") else 0
    sizes = [int(s) for s in args.sizes.split(",")]

    pool = sentences(args.datasets, 1000 if args.smoke else 20_000)
    # New articles are made of sentences the store does not hold: the store repeats each of its
    # sentences once per len(pool) claims, so a stored sentence ingested again links to more copies
    # in a larger store, and the ingest cost ratio would measure those links, not the store's size.
    held = len(pool) // 10
    pool, fresh = pool[:-held], pool[-held:]
    settings = load_settings(data_dir=Path(tempfile.mkdtemp(prefix="claimtrack-bench-")))
    with Services(settings) as services:
        vectors = services.index.embed(pool)
    results = {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix=f"claimtrack-scale-{size}-") as folder:
            built = build(Path(folder), size, pool, vectors)
            report("scale", claims=size, built_in_s=round(built, 1))
            results[size] = measure(size, Path(folder), pool, fresh, args.clients, args.reads, args.posts,
                                    args.workers, wrk_seconds)
            report("scale", claims=size, workers=args.workers, **results[size])
    smallest, largest = min(sizes), max(sizes)
    report("scale", ingest_cost_ratio=f"{largest}/{smallest}",
           ratio=round(results[largest]["ingest_s_per_article"] / results[smallest]["ingest_s_per_article"], 2))


if __name__ == "__main__":
    main()
