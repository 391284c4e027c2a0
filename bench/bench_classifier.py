"""Pair classification throughput: the bare ONNX model and the linker's decision path, on the same pairs.

The decision path is timed twice on the same claim pairs (extracted from the same texts, as
``POST /v1/compare`` does): once as it was before the denial-aware decision model (the classifier on
the attributed statements, both orders) and once as it is (the same, plus the bare propositions of
pairs where a cue such as "denies" carries meaning, plus the decision itself).  The ratio is the cost
of the second reading.

With ``--baseline FOLDER`` (a model folder with model.onnx and its calibration, e.g. a copy of the
previously shipped model) the same pairs also go through that model in the same run, and the
ratio is printed: a model change must not make classification much slower.

The shipped classifier runs one pair at a time (its int8 activations are quantised per input
tensor, so batching made a pair's answer depend on its neighbours); ``batched`` times the same
model on the same pairs in length-sorted batches of 32, as it ran before, for the cost of that.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import numpy as np
from common import ROOT, report, timed

from claims.linking.compare import candidate_triples
from claims.linking.nli import OnnxPairClassifier
from claims.nli.corpora import load
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


def batched_throughput(classifier: OnnxPairClassifier, pairs: list[tuple[str, str]], size: int = 32) -> float:
    """The same model in length-sorted, padded batches: faster, but not deterministic per pair."""
    from tokenizers import Tokenizer

    # The classifier's tokenizer as configured (truncation included), plus the padding a batch needs.
    tokenizer = Tokenizer.from_str(classifier.tokenizer.to_str())
    tokenizer.enable_padding()

    def run() -> None:
        ordered = sorted(pairs, key=lambda p: len(p[0]) + len(p[1]))
        for start in range(0, len(ordered), size):
            encoded = tokenizer.encode_batch(ordered[start:start + size])
            classifier.session.run(["logits"], {
                "input_ids": np.array([e.ids for e in encoded], dtype=np.int64),
                "attention_mask": np.array([e.attention_mask for e in encoded], dtype=np.int64),
                "token_type_ids": np.array([e.type_ids for e in encoded], dtype=np.int64)})

    run()  # warm-up
    seconds, _ = timed(run)
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
    batched = batched_throughput(OnnxPairClassifier(calibrated=False), pairs)
    report("classifier", model="shipped, batches of 32 (before)", pairs=len(pairs), pairs_per_s=round(batched, 1),
           one_at_a_time_over_batched=round(shipped / batched, 3))
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
