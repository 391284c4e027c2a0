"""Pair-level evaluation of contradiction detection on the shared datasets' held-out splits."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from claims.evaluation.metrics import f1, ratio
from claims.linking.scoring import CALIBRATION_FILE, Calibration, decide
from claims.linking.signals import ClaimView
from claims.nli.datasets import LOADERS, LabelledPair, load

EVAL_DATASETS = ["breaking-nli", "arc", "wice", "control", "climate-fever", "covid-fact", "scifact", "fever",
                 "rte2-negated", "rte3", "commitmentbank", "sick"]


@dataclass
class PairScores:
    dataset: str
    rows: int
    label_space: str
    accuracy: float
    precision: float | None
    recall: float | None
    f1: float | None


def _view(text: str, number: int) -> ClaimView:
    return ClaimView(id=number, article_id=number, text=text, speaker="text", speaker_entity_id=None,
                     stance="asserts", negated=False, time_start=None, time_end=None, time_text=None,
                     published=None, source=f"text {number}", entity_ids=frozenset())


def sample(rows: list[LabelledPair], limit: int, seed: int = 7) -> list[LabelledPair]:
    return rows if len(rows) <= limit else random.Random(seed).sample(rows, limit)


def predict(linker, rows: list[LabelledPair], threshold: float) -> tuple[np.ndarray, list[str | None]]:
    """Classifier probabilities and the pipeline's relation for each pair."""
    premises, hypotheses = [r.premise for r in rows], [r.hypothesis for r in rows]
    vectors_a, vectors_b = linker.index.embed(premises), linker.index.embed(hypotheses)
    similarity = np.sum(vectors_a * vectors_b, axis=1)
    forward = linker.classifier.predict(list(zip(premises, hypotheses, strict=True)))
    backward = linker.classifier.predict(list(zip(hypotheses, premises, strict=True)))
    # NLI is directional; the pipeline averages both directions for symmetric claims, but a
    # dataset pair is premise -> hypothesis, so entailment is read forward only.
    probs = np.column_stack([(forward[:, 0] + backward[:, 0]) / 2, forward[:, 1], forward[:, 2]])
    calibration = getattr(linker.classifier, "calibration", Calibration())
    relations = [decide(_view(p, 1), _view(h, 2), (float(c), float(e), float(n)), float(s), threshold, 0.5,
                        calibration).relation
                 for p, h, (c, e, n), s in zip(premises, hypotheses, probs, similarity, strict=True)]
    return probs, relations


def score(name: str, rows: list[LabelledPair], probs: np.ndarray, relations: list[str | None]) -> PairScores:
    space = rows[0].label_space
    gold = [r.label for r in rows]
    if space == "2way-entail":
        predicted = ["entailment" if rel == "supports" else "not_entailment" for rel in relations]
    elif space == "2way-contra":
        predicted = ["contradiction" if rel == "contradicts" else "not_contradiction" for rel in relations]
    else:
        predicted = [{"contradicts": "contradiction", "supports": "entailment"}.get(rel or "", "neutral")
                     for rel in relations]
    accuracy = float(np.mean([p == g for p, g in zip(predicted, gold, strict=True)]))
    if space == "2way-entail":
        return PairScores(name, len(rows), space, accuracy, None, None, None)
    tp = sum(p == g == "contradiction" for p, g in zip(predicted, gold, strict=True))
    fp = sum(p == "contradiction" != g for p, g in zip(predicted, gold, strict=True))
    fn = sum(g == "contradiction" != p for p, g in zip(predicted, gold, strict=True))
    precision, recall = ratio(tp, tp + fp), ratio(tp, tp + fn)
    return PairScores(name, len(rows), space, accuracy, precision, recall, f1(precision, recall))


def fit_logistic(features: np.ndarray, target: np.ndarray, steps: int = 4000, rate: float = 1.0
                 ) -> tuple[np.ndarray, float]:
    """Plain gradient descent on the log loss: a handful of parameters needs no library."""
    weights, bias = np.zeros(features.shape[1]), 0.0
    for _ in range(steps):
        predicted = 1 / (1 + np.exp(-(features @ weights + bias)))
        weights -= rate * features.T @ (predicted - target) / len(target)
        bias -= rate * float(np.mean(predicted - target))
    return weights, bias


def fit_calibration(linker, root: Path, limit: int, out: Path) -> dict[str, float]:
    """Fit the score calibration on the training dev splits (never on test data or the fixtures)."""
    from claims.linking.scoring import contradiction_evidence
    from claims.linking.signals import compute
    from claims.nli.synthetic import generate

    rows = [r for name in ("breaking-nli", "arc") for r in load(name, root, "dev")]
    rows += [r for r in generate(root) if r.split == "dev"]
    rows = sample([r for r in rows if r.label_space == "3way"], limit)
    premises, hypotheses = [r.premise for r in rows], [r.hypothesis for r in rows]
    forward = linker.classifier.predict(list(zip(premises, hypotheses, strict=True)))
    backward = linker.classifier.predict(list(zip(hypotheses, premises, strict=True)))
    probs = (forward + backward) / 2  # symmetric, as the linker scores claim pairs
    similarity = np.sum(linker.index.embed(premises) * linker.index.embed(hypotheses), axis=1)
    evidence = np.array([contradiction_evidence((float(p[0]), float(p[1]), float(p[2])), float(s),
                                                compute(_view(r.premise, 1), _view(r.hypothesis, 2)))
                         for r, p, s in zip(rows, probs, similarity, strict=True)])
    contradiction = np.array([r.label == "contradiction" for r in rows], dtype=float)
    (slope,), intercept = fit_logistic(evidence[:, None], contradiction)
    # Denials: "X denies P" conflicts with "P'" exactly when P' states P, i.e. entailment.
    same = np.array([r.label == "entailment" for r in rows], dtype=float)
    (w_entail, w_sim), bias = fit_logistic(np.column_stack([probs[:, 1], similarity]), same)
    calibrated = 1 / (1 + np.exp(-(slope * evidence + intercept)))
    result = {"slope": round(float(slope), 4), "intercept": round(float(intercept), 4),
              "denial_entail": round(float(w_entail), 4), "denial_sim": round(float(w_sim), 4),
              "denial_bias": round(float(bias), 4), "dev_rows": len(rows),
              "dev_contradiction_f1_at_0.5": round(_f1(calibrated >= 0.5, contradiction), 4),
              "dev_best_threshold": round(float(max(np.linspace(0.05, 0.95, 91),
                                                    key=lambda t: _f1(calibrated >= t, contradiction))), 3)}
    (out / CALIBRATION_FILE).write_text(json.dumps(result, indent=2))
    return result


def _f1(predicted: np.ndarray, target: np.ndarray) -> float:
    tp = float(np.sum(predicted & (target == 1)))
    fp = float(np.sum(predicted & (target == 0)))
    fn = float(np.sum(~predicted & (target == 1)))
    return ratio(2 * tp, 2 * tp + fp + fn)


def evaluate_datasets(linker, root: Path, threshold: float, limit: int,
                      progress: Callable[[str], None] | None = None) -> list[PairScores]:
    results = []
    for name in EVAL_DATASETS:
        if name not in LOADERS:
            continue
        try:
            rows = sample(load(name, root, "test"), limit)
        except FileNotFoundError:
            continue
        if not rows:
            continue
        if progress:
            progress(name)
        probs, relations = predict(linker, rows, threshold)
        results.append(score(name, rows, probs, relations))
    return results
