"""Run every benchmark; --smoke runs each on tiny inputs (CI), without it they take minutes."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BENCHES = ["bench_extraction.py", "bench_classifier.py", "bench_embedding.py", "bench_index.py",
           "bench_pipeline.py", "bench_api.py", "bench_reconcile.py", "bench_scale.py"]

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    here = Path(__file__).resolve().parent
    failed = 0
    for name in BENCHES:
        if not (here / name).exists():
            continue
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(here / name), *(["--smoke"] if args.smoke else [])], cwd=here)
        failed += result.returncode != 0
    sys.exit(1 if failed else 0)
