"""From classifier output and pair features to a probability that an editor would confirm the conflict.

A logistic model over the pair's features (``claims.linking.features``: the
classifier's probabilities for the statements and for the bare propositions, the
embedding similarity, cue words, stances and structured signals), fitted on held-out
*real* pairs (the dev portions of the human-labelled sets, see ``claims.nli.datasets``)
by ``claimtrack eval contradictions --calibrate``.  Every classifier carries one: a model
without a fitted calibration is refused.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from claims.errors import ModelError
from claims.linking.features import FEATURES

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float
    # What the fit saw and how it did there: for the model card and the eval output.
    fitted_on: dict[str, int] = field(default_factory=dict)
    dev_f1_at_half: float | None = None
    # A one-sided denial conflicts with a claim only when the bare propositions agree: below this
    # p(supports) of the propositions it is not a conflict, whatever the other features say.
    # Fitted on held-out denials of entailed and of neutral claims (``fit_denial_gate``).
    denial_gate: float = 0.0

    @classmethod
    def of(cls, weights: dict[str, float], bias: float) -> Calibration:
        """A calibration from named weights (every other feature weighs 0): for fakes and tests."""
        unknown = weights.keys() - set(FEATURES)
        if unknown:
            raise ModelError(f"unknown calibration features {sorted(unknown)}")
        return cls(tuple(float(weights.get(name, 0.0)) for name in FEATURES), bias)

    def probability(self, values: Sequence[float]) -> float:
        value = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        return 1.0 / (1.0 + math.exp(-value))

    @classmethod
    def load(cls, path: Path) -> Calibration:
        if not path.exists():
            raise ModelError(f"the pair classifier has no calibration ({path}); fit one with "
                             "`claimtrack eval contradictions --calibrate`")
        fitted = json.loads(path.read_text())
        if fitted.get("features") != list(FEATURES):
            raise ModelError(f"{path} was fitted on features {fitted.get('features')}, not {list(FEATURES)}: refit it")
        return cls(tuple(float(w) for w in fitted["weights"]), float(fitted["bias"]), fitted.get("fitted_on", {}),
                   fitted.get("dev_f1_at_half"), float(fitted.get("denial_gate", 0.0)))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"features": list(FEATURES), **asdict(self)}, indent=2) + "\n")


class _Unfitted(Calibration):
    def probability(self, values: Sequence[float]) -> float:
        raise ModelError("this classifier was loaded without a calibration (only for fitting one)")


UNFITTED: Calibration = _Unfitted((0.0,) * len(FEATURES), 0.0)


def fit(rows: Sequence[Sequence[float]], target: Sequence[bool], fitted_on: dict[str, int],
        weights: Sequence[float] | None = None) -> Calibration:
    """Logistic regression (scikit-learn) on held-out pairs; ``target``: the pair is a contradiction.

    ``weights`` (per row) let each corpus count the same however many rows it has.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score

    x, y = np.asarray(rows, dtype=float), np.asarray(target, dtype=int)
    model = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=weights)
    predicted = model.predict_proba(x)[:, 1] >= 0.5
    return Calibration(tuple(round(float(w), 5) for w in model.coef_[0]), round(float(model.intercept_[0]), 5),
                       fitted_on, round(float(f1_score(y, predicted)), 4))


def fit_denial_gate(agreement: Sequence[float], target: Sequence[bool]) -> float:
    """The p(supports)-of-propositions threshold that best separates denials of what the other side
    said (conflicts) from denials of something else (F1 over held-out denial pairs)."""
    from sklearn.metrics import f1_score

    y = np.asarray(target, dtype=int)
    values = np.asarray(agreement, dtype=float)
    grid = np.round(np.arange(0.05, 0.95, 0.01), 2)
    return float(max(grid, key=lambda t: f1_score(y, values >= t, zero_division=0)))
