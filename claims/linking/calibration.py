"""From classifier output and pair features to a probability that an editor would confirm the conflict.

A logistic model over the pair's features (``claims.linking.features``: the
classifier's probabilities for the statements and for the bare propositions, the
embedding similarity, cue words, stances and structured signals), fitted on held-out
*real* pairs (the dev portions of the human-labelled sets, see ``claims.nli.datasets``)
by ``claimtrack eval contradictions --calibrate``.  Every classifier carries one: a model
without a fitted calibration is refused.

A pair where exactly one claim denies is scored by a second, smaller logistic model over
``DENIAL_FEATURES``, fitted on the held-out denial pairs only: the general model, fitted
mostly on assertions, let the statements' wording decide a denial ("Judd Nelson rebuffs
rumours that he died" against "Judd Nelson is dead": 0.19, with the propositions agreeing
at 0.84), and a denial's conflict depends on what it denies.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from claims.errors import ModelError
from claims.linking.features import DENIAL_FEATURES, FEATURES

CALIBRATION_FILE = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float
    # What the fit saw and how it did there: for the model card and the eval output.
    fitted_on: dict[str, int] = field(default_factory=dict)
    dev_f1_at_half: float | None = None
    # The denial model (``DENIAL_FEATURES``); empty: one-sided denials are scored by the general model.
    denial_weights: tuple[float, ...] = ()
    denial_bias: float = 0.0
    denial_fitted_on: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, weights: dict[str, float], bias: float) -> Calibration:
        """A calibration from named weights (every other feature weighs 0): for fakes and tests."""
        return cls(_named(weights, FEATURES, "calibration"), bias)

    def probability(self, values: Sequence[float]) -> float:
        return _logistic(self.weights, self.bias, values)

    @property
    def has_denial_model(self) -> bool:
        return bool(self.denial_weights)

    def denial_probability(self, values: Sequence[float]) -> float:
        return _logistic(self.denial_weights, self.denial_bias, values)

    def with_denial(self, weights: dict[str, float], bias: float) -> Calibration:
        """This calibration with a denial model from named weights (others weigh 0): for fakes and tests."""
        return replace(self, denial_weights=_named(weights, DENIAL_FEATURES, "denial"), denial_bias=bias)

    @classmethod
    def load(cls, path: Path, *, general_only: bool = False) -> Calibration:
        """``general_only``: the general model alone, also from a file fitted before the denial model
        (to refit only the denial model beside it)."""
        if not path.exists():
            raise ModelError(f"the pair classifier has no calibration ({path}); fit one with "
                             "`claimtrack eval contradictions --calibrate`")
        fitted = json.loads(path.read_text())
        if fitted.get("features") != list(FEATURES):
            raise ModelError(f"{path} was fitted on features {fitted.get('features')}, not {list(FEATURES)}: refit it")
        general = cls(tuple(float(w) for w in fitted["weights"]), float(fitted["bias"]), fitted.get("fitted_on", {}),
                      fitted.get("dev_f1_at_half"))
        if general_only:
            return general
        if fitted.get("denial_features", list(DENIAL_FEATURES)) != list(DENIAL_FEATURES) or "denial_gate" in fitted:
            raise ModelError(f"{path} was fitted before the denial model {list(DENIAL_FEATURES)}: refit it")
        return replace(general, denial_weights=tuple(float(w) for w in fitted.get("denial_weights", ())),
                       denial_bias=float(fitted.get("denial_bias", 0.0)),
                       denial_fitted_on=fitted.get("denial_fitted_on", {}))

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"features": list(FEATURES), "denial_features": list(DENIAL_FEATURES),
                                    **asdict(self)}, indent=2) + "\n")


def _named(weights: dict[str, float], names: tuple[str, ...], what: str) -> tuple[float, ...]:
    unknown = weights.keys() - set(names)
    if unknown:
        raise ModelError(f"unknown {what} features {sorted(unknown)}")
    return tuple(float(weights.get(name, 0.0)) for name in names)


def _logistic(weights: Sequence[float], bias: float, values: Sequence[float]) -> float:
    value = bias + sum(w * x for w, x in zip(weights, values, strict=True))
    return 1.0 / (1.0 + math.exp(-value))


class _Unfitted(Calibration):
    def probability(self, values: Sequence[float]) -> float:
        raise ModelError("this classifier was loaded without a calibration (only for fitting one)")

    def denial_probability(self, values: Sequence[float]) -> float:
        return self.probability(values)


UNFITTED: Calibration = _Unfitted((0.0,) * len(FEATURES), 0.0)


def fit(rows: Sequence[Sequence[float]], target: Sequence[bool], fitted_on: dict[str, int],
        weights: Sequence[float] | None = None) -> Calibration:
    """Logistic regression (scikit-learn) on held-out pairs; ``target``: the pair is a contradiction.

    ``weights`` (per row) let each corpus count the same however many rows it has.
    """
    from sklearn.metrics import f1_score

    model, fitted_weights, bias = _fit_logistic(rows, target, weights)
    predicted = model.predict_proba(np.asarray(rows, dtype=float))[:, 1] >= 0.5
    return Calibration(fitted_weights, bias, fitted_on, round(float(f1_score(np.asarray(target, dtype=int),
                                                                              predicted)), 4))


def fit_denial(rows: Sequence[Sequence[float]], target: Sequence[bool],
               weights: Sequence[float] | None = None) -> tuple[tuple[float, ...], float]:
    """The denial model's weights and bias (over ``DENIAL_FEATURES``), from held-out one-sided denial pairs."""
    _, fitted_weights, bias = _fit_logistic(rows, target, weights)
    return fitted_weights, bias


def _fit_logistic(rows: Sequence[Sequence[float]], target: Sequence[bool], weights: Sequence[float] | None
                  ) -> tuple[Any, tuple[float, ...], float]:
    """scikit-learn's logistic regression; weights and bias rounded as they are saved."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0, max_iter=2000).fit(np.asarray(rows, dtype=float), np.asarray(target, dtype=int),
                                                         sample_weight=weights)
    return model, tuple(round(float(w), 5) for w in model.coef_[0]), round(float(model.intercept_[0]), 5)
