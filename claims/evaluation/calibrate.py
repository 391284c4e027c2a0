"""Fit the decision model on held-out real pairs, through the ``POST /v1/compare`` path.

Rows: at most ``per_set`` from the ``dev`` portion of every human-labelled 3-way set we may
train on, and from the ``train`` portion of such sets the classifier did not train on (its
``training.json`` says which did); never a ``test`` portion, which the scoreboard reports.
Beside them, rows made from the same held-out pairs: re-paired unrelated statements and
pairs of same-side arguments from one debate (a linker's candidates are mostly pairs on
one topic that do not conflict, and the probabilities must hold for those too) and denials
of entailed or neutral hypotheses (a denial conflicts with what it denies, not with its topic).
Each corpus family weighs the same, news ``NEWS_WEIGHT`` times (``row_weights``).

A text pair is judged by its most conflicting pair of claims (as in ``compare_many``),
so which claim pair stands for a text pair depends on the model being fitted: the fit
starts from the pair the classifier finds most disputed and re-selects with the fitted
model for ``ROUNDS`` rounds.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from claims.linking.calibration import CALIBRATION_FILE, Calibration, fit, fit_denial_gate
from claims.linking.compare import Triple, candidate_triples
from claims.linking.features import one_sided_denial, pair_features
from claims.linking.linker import Linker, probs_of
from claims.linking.signals import compute
from claims.nli.corpora import corpora, load
from claims.nli.datasets import CONTRADICTION, LABELS, LabelledPair
from claims.nli.wrappers import same_side_pairs, stance_wrapped, unrelated_pairs

# Sets whose statements can be re-paired into realistic "same topic, no conflict" candidates.
UNRELATED_SOURCES = {"emergent", "mnli", "taxinli", "snli", "perspectrum", "arc", "ibm-claim-stance"}
# Debates whose arguments on one side pair into "one topic, no conflict" candidates that share a topic
# as closely as a linker's do (wrappers.same_side_pairs).
SAME_SIDE_SOURCES = {"perspectrum", "ibm-claim-stance"}
# Sentence-level sets whose dev pairs are restated as denials ("X denies that H"): the only way the
# fit sees a denial of an entailed claim (a conflict) beside a denial of an unrelated one (none).
WRAPPED_SOURCES = {"mnli", "taxinli", "snli", "cad-snli"}
# Claim-vs-headline (Emergent) and headline-vs-body (ARC) pairs: what the linker sees in production.
NEWS_FAMILIES = {"emergent", "arc"}
NEWS_WEIGHT = 3.0
ROUNDS = 3


def trained_on(folder: Path) -> set[str] | None:
    """The datasets that trained the classifier in ``folder`` (its ``training.json``), if it says."""
    record = folder / "training.json"
    if not record.exists():
        return None
    return {name for name in json.loads(record.read_text())["train_by_dataset"]}


def calibration_rows(root: Path, per_set: int, unseen: set[str] | None = None, seed: int = 11
                     ) -> list[LabelledPair]:
    """Dev rows of every trainable 3-way set, plus half as many re-paired unrelated statements (and, for
    debates, half as many pairs of same-side arguments) and, for sentence-level sets, a quarter as many
    denials of entailed and of neutral hypotheses.

    ``unseen``: sets the classifier never trained on; their train portions are held out from it
    too, so they are fitted on as well (never any set's test portion).
    """
    rows: list[LabelledPair] = []
    for name, corpus in sorted(corpora().items()):
        if not corpus.trainable:
            continue
        rng = random.Random(f"{seed}:{name}")
        portions = ["dev", "train"] if unseen and name in unseen else ["dev"]
        for portion in portions:
            held = [r for r in load(name, root, portion) if r.label in LABELS and r.label_space == "3way"]
            taken = rng.sample(held, min(per_set, len(held)))
            rows += taken
            if name in UNRELATED_SOURCES:
                rows += list(unrelated_pairs(held, rng, len(taken) // 2))
            if name in SAME_SIDE_SOURCES:
                rows += list(same_side_pairs(held, rng, len(taken) // 2))
            if name in WRAPPED_SOURCES:
                rows += list(stance_wrapped(held, rng, denials=len(taken) // 4, neutrals=len(taken) // 4,
                                            confirmations=0, identities=0))
    return rows


def family(dataset: str) -> str:
    """ "unrelated-snli" and "wrapped-snli" are SNLI's rows re-paired: one family, one share of the fit."""
    return dataset.removeprefix("unrelated-").removeprefix("wrapped-").removeprefix("same-side-")


def row_weights(rows: list[LabelledPair]) -> list[float]:
    """Each family counts the same, the news families ``NEWS_WEIGHT`` times: the service judges news."""
    sizes = Counter(family(r.dataset) for r in rows)
    share = {name: NEWS_WEIGHT if name in NEWS_FAMILIES else 1.0 for name in sizes}
    total = sum(share.values())
    return [len(rows) * share[family(r.dataset)] / (total * sizes[family(r.dataset)]) for r in rows]


def fit_calibration(linker: Linker, extractor: Any, root: Path, per_set: int, folder: Path) -> Calibration:
    """Fit, save beside the model as ``calibration.json``, and return the calibration."""
    seen = trained_on(folder)
    unseen = {name for name, corpus in corpora().items() if corpus.trainable} - seen if seen is not None else None
    rows = calibration_rows(root, per_set, unseen)
    per_pair = candidate_triples(linker, extractor, [(r.premise, r.hypothesis) for r in rows])
    flat = [t for triples, _ in per_pair for t in triples]
    stated, propositions = linker.pair_probabilities(flat)
    candidates: list[list[tuple[list[float], float]]] = []  # per text pair: (features, classifier disputes)
    position = 0
    for triples, _ in per_pair:
        options = []
        for a, b, similarity in triples:
            p, q = probs_of(stated[position]), probs_of(propositions[position])
            options.append((pair_features(a, b, p, q, similarity, compute(a, b)), p[0]))
            position += 1
        candidates.append(options)
    target = [r.label == CONTRADICTION for r in rows]
    sizes = Counter(r.dataset for r in rows)
    weights = row_weights(rows)
    chosen = [max(options, key=lambda o: o[1])[0] for options in candidates]
    calibration = fit(chosen, target, dict(sizes), weights)
    for _ in range(ROUNDS):
        chosen = [max((o[0] for o in options), key=calibration.probability) for options in candidates]
        calibration = fit(chosen, target, dict(sizes), weights)
    calibration = replace(calibration, denial_gate=denial_gate(rows, per_pair, propositions))
    calibration.save(folder / CALIBRATION_FILE)
    return calibration


def denial_gate(rows: list[LabelledPair], per_pair: list[tuple[list[Triple], tuple[int, int]]],
                propositions: Any) -> float:
    """The gate, fitted on the wrapped rows ("X denies that H", H entailed or neutral): for each,
    the highest p(supports) of the bare propositions over its one-sided denial claim pairs."""
    agreement, target, position = [], [], 0
    for row, (triples, _) in zip(rows, per_pair, strict=True):
        denials = [float(propositions[position + i][1]) for i, (a, b, _) in enumerate(triples)
                   if one_sided_denial(a, b)]
        position += len(triples)
        if row.dataset.startswith("wrapped-") and denials:
            agreement.append(max(denials))
            target.append(row.label == CONTRADICTION)
    return fit_denial_gate(agreement, target) if agreement else 0.0
