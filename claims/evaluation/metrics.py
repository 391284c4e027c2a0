"""The ratios every evaluation reports, with 0 (not a ZeroDivisionError) for empty sets."""

from __future__ import annotations


def ratio(part: float, whole: float) -> float:
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    return ratio(2 * precision * recall, precision + recall)
