"""Fit the decision model on held-out real pairs, through the ``POST /v1/compare`` path.

Rows: at most ``per_set`` from the ``dev`` portion of every human-labelled 3-way set we may
train on, and from the ``train`` portion of such sets the classifier did not train on (its
``training.json`` says which did); never a ``test`` portion, which the scoreboard reports.
Beside them, rows made from the same held-out pairs: re-paired unrelated statements and
pairs of same-side arguments from one debate (a linker's candidates are mostly pairs on
one topic that do not conflict, and the probabilities must hold for those too) and denials
of entailed or neutral hypotheses (a denial conflicts with what it denies, not with its topic).
Each corpus family weighs the same, news ``NEWS_WEIGHT`` times (``row_weights``).

Two models are fitted: the denial model on every text pair's one-sided denial claim pairs
(a claim against a denial), the general model on its other claim pairs; at run time each
claim pair is scored by its own model.

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

from claims.linking.calibration import CALIBRATION_FILE, Calibration, fit, fit_denial
from claims.linking.compare import candidate_triples
from claims.linking.features import denial_features, one_sided_denial, pair_features
from claims.linking.linker import Linker, probs_of
from claims.linking.signals import compute
from claims.nli.corpora import corpora, load
from claims.nli.datasets import CONTRADICTION, LABELS, LabelledPair
from claims.nli.wrappers import cluster_denials, same_side_pairs, stance_wrapped, unrelated_pairs

# Sets whose statements can be re-paired into realistic "same topic, no conflict" candidates.
UNRELATED_SOURCES = {"emergent", "mnli", "taxinli", "snli", "perspectrum", "arc", "ibm-claim-stance"}
# Debates whose arguments on one side pair into "one topic, no conflict" candidates that share a topic
# as closely as a linker's do (wrappers.same_side_pairs).
SAME_SIDE_SOURCES = {"perspectrum", "ibm-claim-stance"}
# Debates with paraphrase clusters: an argument against a denial of its paraphrase (a conflict) or of another
# argument on its side (none), the denial model's pairs in words other than SNLI's (wrappers.cluster_denials).
CLUSTER_DENIAL_SOURCES = {"perspectrum"}
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
            if name in CLUSTER_DENIAL_SOURCES:
                rows += list(cluster_denials(held, rng, len(taken) // 2))
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


def fit_calibration(linker: Linker, extractor: Any, root: Path, per_set: int, folder: Path,
                    keep_general: bool = False) -> Calibration:
    """Fit, save beside the model as ``calibration.json``, and return the calibration.

    ``keep_general``: refit only the denial model, keeping the general model saved beside the model
    (a change to the denial model's features alone then changes nothing else).
    """
    seen = trained_on(folder)
    unseen = {name for name, corpus in corpora().items() if corpus.trainable} - seen if seen is not None else None
    rows = calibration_rows(root, per_set, unseen)
    per_pair = candidate_triples(linker, extractor, [(r.premise, r.hypothesis) for r in rows])
    flat = [t for triples, _ in per_pair for t in triples]
    stated, propositions = linker.pair_probabilities(flat)
    general: list[list[tuple[list[float], float]]] = []  # per text pair: (features, classifier disputes)
    denials: list[list[list[float]]] = []  # per text pair: its one-sided denials' features
    position = 0
    for triples, _ in per_pair:
        options, denied = [], []
        for a, b, similarity in triples:
            p, q = probs_of(stated[position]), probs_of(propositions[position])
            if one_sided_denial(a, b):
                denied.append(denial_features(a, b, q, similarity))
            else:
                options.append((pair_features(a, b, p, q, similarity, compute(a, b)), p[0]))
            position += 1
        general.append(options)
        denials.append(denied)
    if keep_general:
        calibration = Calibration.load(folder / CALIBRATION_FILE, general_only=True)
    else:
        calibration = _fit_general(rows, general)
    calibration = _with_denial_model(calibration, rows, denials)
    calibration.save(folder / CALIBRATION_FILE)
    return calibration


def _fit_general(rows: list[LabelledPair], candidates: list[list[tuple[list[float], float]]]) -> Calibration:
    kept = [i for i, options in enumerate(candidates) if options]
    target = [rows[i].label == CONTRADICTION for i in kept]
    sizes = Counter(rows[i].dataset for i in kept)
    weights = row_weights([rows[i] for i in kept])
    chosen = [max(candidates[i], key=lambda o: o[1])[0] for i in kept]
    calibration = fit(chosen, target, dict(sizes), weights)
    for _ in range(ROUNDS):
        chosen = [max((o[0] for o in candidates[i]), key=calibration.probability) for i in kept]
        calibration = fit(chosen, target, dict(sizes), weights)
    return calibration


def _with_denial_model(calibration: Calibration, rows: list[LabelledPair], denials: list[list[list[float]]]
                       ) -> Calibration:
    """The denial model, fitted like the general one: start from the claim pair whose propositions agree
    most, then re-select with the fitted model.

    Every denial pair counts once.  Weighed by corpus family (``row_weights``), the one Emergent
    neutral among 19 Emergent denial pairs weighed 29 times a wrapped SNLI pair, and a handful of
    news pairs whose propositions the classifier misreads turned the propositions' agreement into
    evidence *against* a conflict (weight -1.96, session 9).
    """
    kept = [i for i, options in enumerate(denials) if options]
    if not kept:
        return calibration
    target = [rows[i].label == CONTRADICTION for i in kept]
    chosen = [max(denials[i], key=lambda values: values[0]) for i in kept]
    weights, bias = fit_denial(chosen, target)
    for _ in range(ROUNDS):
        model = replace(calibration, denial_weights=weights, denial_bias=bias)
        chosen = [max(denials[i], key=model.denial_probability) for i in kept]
        weights, bias = fit_denial(chosen, target)
    return replace(calibration, denial_weights=weights, denial_bias=bias,
                   denial_fitted_on=dict(Counter(rows[i].dataset for i in kept)))
