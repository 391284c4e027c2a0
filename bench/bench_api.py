"""API latency p50/p99 of GET /v1/contradictions and POST /v1/articles under 16 concurrent
clients, against a real `claimtrack serve` on loopback (bounded request counts)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import FIXTURES, ROOT, Server, report, summary


def main(smoke: bool) -> None:
    clients, per_client = (4, 3) if smoke else (16, 25)
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "CLAIMTRACK_DATA_DIR": folder, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-m", "claimtrack", "ingest", str(FIXTURES / "manifest.json")], env=env,
                       check=True, capture_output=True)
        server = Server(Path(folder))
        base = server.base
        try:
            server.ready()

            def get_many(_: int) -> list[float]:
                times = []
                with httpx.Client(base_url=base, timeout=60) as client:
                    for _ in range(per_client):
                        started = time.perf_counter()
                        client.get("/v1/contradictions", params={"limit": 50}).raise_for_status()
                        times.append(time.perf_counter() - started)
                return times

            def post_many(worker: int) -> list[float]:
                times = []
                with httpx.Client(base_url=base, timeout=300) as client:
                    for n in range(max(1, per_client // 5)):
                        body = {"text": f"Officials said on Monday that talks number {worker}-{n} between Russia "
                                        f"and the United States on Islamic State had ended without agreement.",
                                "source": f"Wire {worker}", "published_at": "2015-10-01"}
                        started = time.perf_counter()
                        assert client.post("/v1/articles", json=body, params={"wait": "true"}).status_code in (200, 201)
                        times.append(time.perf_counter() - started)
                return times

            for name, work in (("GET /v1/contradictions", get_many), ("POST /v1/articles", post_many)):
                started = time.perf_counter()
                with ThreadPoolExecutor(clients) as pool:
                    times = [t for batch in pool.map(work, range(clients)) for t in batch]
                elapsed = time.perf_counter() - started
                report("api", endpoint=name, clients=clients, requests=len(times), latency=summary(times),
                       requests_per_s=round(len(times) / elapsed, 1))
        finally:
            server.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
