"""Pair classification throughput: the bare ONNX model and the linker's decision path, on the same pairs.

With ``--baseline FOLDER`` (a model folder with model.onnx and its calibration, e.g. a copy of the
previously shipped model) the same pairs also go through that model in the same run, and the
ratio is printed: a model change must not make classification much slower.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from common import ROOT, report, timed

from claims.linking.nli import OnnxPairClassifier
from claims.nli.datasets import load

DATASETS = ROOT.parent / "shared" / "datasets"


def sample_pairs(smoke: bool) -> list[tuple[str, str]]:
    rows = load("emergent", DATASETS, "test") + load("rte2-negated", DATASETS) + load("mnli", DATASETS, "test")
    return [(r.premise, r.hypothesis) for r in random.Random(3).sample(rows, min(len(rows), 64 if smoke else 1500))]


def throughput(classifier: OnnxPairClassifier, pairs: list[tuple[str, str]]) -> float:
    classifier.predict(pairs[:8])  # warm-up
    seconds, _ = timed(lambda: classifier.predict(pairs))
    return len(pairs) / seconds


def main(smoke: bool, baseline: Path | None) -> None:
    pairs = sample_pairs(smoke)
    shipped = throughput(OnnxPairClassifier(), pairs)
    report("classifier", model="shipped", pairs=len(pairs), pairs_per_s=round(shipped, 1))
    if baseline is not None:
        before = throughput(OnnxPairClassifier(baseline, calibrated=False), pairs)
        report("classifier", model=str(baseline), pairs=len(pairs), pairs_per_s=round(before, 1),
               shipped_over_baseline=round(shipped / before, 3))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--baseline", type=Path, default=None)
    arguments = parser.parse_args()
    main(arguments.smoke, arguments.baseline)
