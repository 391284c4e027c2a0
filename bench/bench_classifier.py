"""Pair classifier throughput (pairs/s, batched) for the shipped int8 ONNX model."""

from __future__ import annotations

import argparse
import random

from common import ROOT, report, timed

from claims.linking.nli import OnnxPairClassifier
from claims.nli.datasets import load


def main(smoke: bool) -> None:
    rows = load("breaking-nli", ROOT.parent / "shared" / "datasets", "test") + load(
        "rte3", ROOT.parent / "shared" / "datasets", "test")
    pairs = [(r.premise, r.hypothesis) for r in random.Random(3).sample(rows, min(len(rows), 64 if smoke else 1500))]
    classifier = OnnxPairClassifier()
    classifier.predict(pairs[:8])  # warm-up
    for batch in (1, 32) if not smoke else (32,):
        classifier.batch_size = batch
        sample = pairs if batch > 1 else pairs[:200]
        seconds, _ = timed(lambda sample=sample: classifier.predict(sample))
        report("classifier", batch_size=batch, pairs=len(sample), seconds=round(seconds, 2),
               pairs_per_s=round(len(sample) / seconds, 1))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    main(parser.parse_args().smoke)
