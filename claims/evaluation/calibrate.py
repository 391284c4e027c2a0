"""Fit the classifier's calibration on held-out real pairs, through the ``POST /v1/compare`` path.

Rows: the ``dev`` portions of the human-labelled 3-way sets we may train on (never
their ``test`` portions, which the scoreboard reports, and no generated pairs),
the same number from each set so no one corpus decides the probabilities.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path
from typing import Any

from claims.linking.calibration import CALIBRATION_FILE, Calibration, features, fit
from claims.linking.compare import candidate_triples
from claims.linking.linker import Linker
from claims.nli.datasets import CONTRADICTION, LABELS, LabelledPair, corpora, load
from claims.nli.wrappers import unrelated_pairs

# Sets whose statements can be re-paired into realistic "same topic, no conflict" candidates.
UNRELATED_SOURCES = {"emergent", "mnli", "taxinli", "snli", "perspectrum", "arc", "ibm-claim-stance"}


def calibration_rows(root: Path, per_set: int, seed: int = 11) -> list[LabelledPair]:
    """Dev rows of every trainable 3-way set, plus as many re-paired unrelated statements as a set
    has rows of its own: a linker's candidates are mostly pairs on one topic that do not conflict,
    and the probabilities must hold for those too."""
    rows: list[LabelledPair] = []
    for name, corpus in sorted(corpora().items()):
        if not corpus.trainable:
            continue
        dev = [r for r in load(name, root, "dev") if r.label in LABELS and r.label_space == "3way"]
        rng = random.Random(f"{seed}:{name}")
        rows += rng.sample(dev, min(per_set, len(dev)))
        if name in UNRELATED_SOURCES:
            rows += list(unrelated_pairs(dev, rng, min(per_set, len(dev)) // 2))
    return rows


def fit_calibration(linker: Linker, extractor: Any, root: Path, per_set: int, folder: Path) -> Calibration:
    """Fit, save beside the model as ``calibration.json``, and return the calibration."""
    rows = calibration_rows(root, per_set)
    per_pair = candidate_triples(linker, extractor, [(r.premise, r.hypothesis) for r in rows])
    flat = [t for triples, _ in per_pair for t in triples]
    probs = iter(linker.probabilities([(x.stance_text, y.stance_text) for x, y, _ in flat]))
    examples: list[list[float]] = []
    for triples, _ in per_pair:
        # zip takes from ``triples`` first, so it stops without consuming the next pair's probabilities.
        scored = [((float(p[0]), float(p[1]), float(p[2])), similarity)
                  for (_, _, similarity), p in zip(triples, probs, strict=False)]
        # The texts' relation is their most disputed pair of claims, as in compare_many.
        best, similarity = max(scored, key=lambda item: item[0][0])
        examples.append(features(best, similarity))
    calibration = fit(examples, [r.label == CONTRADICTION for r in rows], dict(Counter(r.dataset for r in rows)))
    calibration.save(folder / CALIBRATION_FILE)
    return calibration
