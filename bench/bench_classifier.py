"""Pair classification throughput: the bare ONNX model and the linker's decision path, on the same pairs.

The decision path is timed twice on the same claim pairs (extracted from the same texts, as
``POST /v1/compare`` does): once as it was before the denial-aware decision model (the classifier on
the attributed statements, both orders) and once as it is (the same, plus the bare propositions of
pairs where a cue such as "denies" carries meaning, plus the decision itself).  The ratio is the cost
of the second reading.

With ``--baseline FOLDER`` (a model folder with model.onnx and its calibration, e.g. a copy of the
previously shipped model) the same pairs also go through that model in the same run, and the
ratio is printed: a model change must not make classification much slower.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from common import ROOT, report, timed

from claims.linking.compare import candidate_triples
from claims.linking.nli import OnnxPairClassifier
from claims.nli.datasets import load
from claims.services import Services
from claims.settings import load_settings

DATASETS = ROOT.parent / "shared" / "datasets"


def sample_pairs(smoke: bool) -> list[tuple[str, str]]:
    rows = load("emergent", DATASETS, "test") + load("rte2-negated", DATASETS) + load("mnli", DATASETS, "test")
    return [(r.premise, r.hypothesis) for r in random.Random(3).sample(rows, min(len(rows), 64 if smoke else 1500))]


def throughput(classifier: OnnxPairClassifier, pairs: list[tuple[str, str]]) -> float:
    classifier.predict(pairs[:8])  # warm-up
    seconds, _ = timed(lambda: classifier.predict(pairs))
    return len(pairs) / seconds


def decision_path(pairs: list[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder, Services(load_settings(data_dir=Path(folder))) as services:
        linker = services.linker
        per_pair = candidate_triples(linker, services.extractor, pairs)
        triples = [t for found, _ in per_pair for t in found]
        linker.classify(triples[:8])  # warm-up
        before, _ = timed(lambda: linker.probabilities([(a.stance_text, b.stance_text) for a, b, _ in triples]))
        now, _ = timed(lambda: linker.classify(triples))
        report("classifier-decision-path", claim_pairs=len(triples),
               statements_only_pairs_per_s=round(len(triples) / before, 1),
               with_propositions_and_decision_pairs_per_s=round(len(triples) / now, 1),
               ratio=round(before / now, 3))


def main(smoke: bool, baseline: Path | None) -> None:
    pairs = sample_pairs(smoke)
    shipped = throughput(OnnxPairClassifier(), pairs)
    report("classifier", model="shipped", pairs=len(pairs), pairs_per_s=round(shipped, 1))
    decision_path(pairs[:64] if smoke else pairs[:400])
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
