"""Helpers shared by the benchmarks: timing, percentiles, fixture text."""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

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
