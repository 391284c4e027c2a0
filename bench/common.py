"""Helpers shared by the benchmarks: timing, percentiles, fixture text."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
FIXTURES = ROOT / "fixtures"


def timed(function: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(values: list[float]) -> str:
    return (f"p50 {1000 * percentile(values, 50):.2f} ms, p99 {1000 * percentile(values, 99):.2f} ms, "
            f"mean {1000 * statistics.fmean(values):.2f} ms")


def fixture_texts() -> list[tuple[str, dict]]:
    manifest = json.loads((FIXTURES / "manifest.json").read_text())
    return [((FIXTURES / e["path"]).read_text(encoding="utf-8"), e) for e in manifest]


def report(name: str, **numbers: object) -> None:
    print(json.dumps({"bench": name, **numbers}))


def overlap_at_10(exact: np.ndarray, approximate: np.ndarray) -> float:
    """Recall@10: the mean share of each query's exact ten neighbours that the other search also found."""
    return sum(len(set(a) & set(b)) / 10 for a, b in zip(exact, approximate, strict=True)) / len(exact)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`claimtrack serve` on a free loopback port over ``folder``, timed from its start."""

    def __init__(self, folder: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CLAIMTRACK_DATA_DIR": str(folder), "PYTHONPATH": str(ROOT)}
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, "-m", "claimtrack", "serve", "--port", str(self.port),
                                         "--workers", str(workers)],
                                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ready(self, timeout: float = 1800) -> float:
        while time.perf_counter() - self.started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError("claimtrack serve exited")
            try:
                if httpx.get(self.base + "/ready", timeout=5).status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise TimeoutError("claimtrack serve never became ready")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=120)
