"""The ratios every evaluation reports, with 0 (not a ZeroDivisionError) for empty sets, and how
far sampling alone could move an F1 (a percentile bootstrap over the scored pairs)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

RESAMPLES = 2000


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)


def _f1s(predicted: np.ndarray, gold: np.ndarray, picks: np.ndarray) -> np.ndarray:
    """F1 of every resample (one row of ``picks`` each); 2tp / (2tp + fp + fn) is the same F1."""
    p, g = predicted[picks], gold[picks]
    tp = (p & g).sum(axis=1)
    wrong = (p ^ g).sum(axis=1)
    return np.divide(2 * tp, 2 * tp + wrong, out=np.zeros(len(picks)), where=(2 * tp + wrong) > 0)


def f1_of(predicted: Sequence[bool], gold: Sequence[bool]) -> float:
    whole = np.arange(len(gold))[None, :]
    return float(_f1s(np.asarray(predicted, bool), np.asarray(gold, bool), whole)[0]) if gold else 0.0


def _picks(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, n, size=(RESAMPLES, n))


def f1_interval(predicted: Sequence[bool], gold: Sequence[bool], seed: int = 7) -> tuple[float, float]:
    """95 % interval of F1 over resamples of the pairs: a figure inside it could be this set's luck."""
    if not gold:
        return 0.0, 0.0
    f1s = _f1s(np.asarray(predicted, bool), np.asarray(gold, bool), _picks(len(gold), seed))
    low, high = np.percentile(f1s, [2.5, 97.5])
    return float(low), float(high)


def f1_difference(before: Sequence[bool], after: Sequence[bool], gold: Sequence[bool], seed: int = 7
                  ) -> tuple[float, float, float]:
    """F1(after) − F1(before) on the same pairs, with its 95 % paired-bootstrap interval.

    Paired: each resample scores both systems on the same pairs, so what the two share (the pairs
    both find hard) cancels, and the interval is narrower than two separate intervals suggest."""
    if not gold:
        return 0.0, 0.0, 0.0
    g, picks = np.asarray(gold, bool), _picks(len(gold), seed)
    a, b = np.asarray(before, bool), np.asarray(after, bool)
    point = f1_of(after, gold) - f1_of(before, gold)
    deltas = _f1s(b, g, picks) - _f1s(a, g, picks)
    low, high = np.percentile(deltas, [2.5, 97.5])
    return point, float(low), float(high)
