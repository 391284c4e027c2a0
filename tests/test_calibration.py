"""Calibration: fitted, saved, loaded, required."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from claims.errors import ModelError
from claims.linking.calibration import UNFITTED, Calibration, fit, fit_denial
from claims.linking.features import DENIAL_FEATURES, FEATURES


def test_fit_orders_scores_and_round_trips(tmp_path: Path) -> None:
    rng = random.Random(3)
    rows, target = [], []
    for _ in range(400):
        conflict = rng.random() < 0.4
        disputes = min(1.0, max(0.0, rng.gauss(0.8 if conflict else 0.2, 0.15)))
        values = dict.fromkeys(FEATURES, 0.0) | {"disputes": disputes, "supports": 1 - disputes,
                                                 "similarity": rng.random()}
        rows.append([values[name] for name in FEATURES])
        target.append(conflict)
    calibration = fit(rows, target, {"synthetic-test": 400})
    disputed = [{"disputes": 0.9, "supports": 0.05}.get(name, 0.0) for name in FEATURES]
    supported = [{"disputes": 0.1, "supports": 0.8}.get(name, 0.0) for name in FEATURES]
    assert calibration.probability(disputed) > 0.8 > 0.2 > calibration.probability(supported)
    calibration.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json") == calibration


def test_a_model_without_calibration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no calibration"):
        Calibration.load(tmp_path / "calibration.json")
    with pytest.raises(ModelError, match="without a calibration"):
        UNFITTED.probability([0.5] * len(FEATURES))


def test_a_calibration_fitted_on_other_features_is_refused(tmp_path: Path) -> None:
    (tmp_path / "calibration.json").write_text('{"features": ["disputes", "supports", "similarity"], '
                                               '"weights": [1, 1, 1], "bias": 0}')
    with pytest.raises(ModelError, match="refit it"):
        Calibration.load(tmp_path / "calibration.json")


def test_the_denial_model_is_fitted_on_denial_pairs_and_survives_a_round_trip(tmp_path: Path) -> None:
    """A denial conflicts when the propositions agree and the other claim states the denied content."""
    rng = random.Random(5)
    rows, target = [], []
    for _ in range(300):
        conflict = rng.random() < 0.5
        agreement = min(1.0, max(0.0, rng.gauss(0.7 if conflict else 0.3, 0.2)))
        covered = min(1.0, max(0.0, rng.gauss(0.6 if conflict else 0.2, 0.2)))
        values = dict.fromkeys(DENIAL_FEATURES, 0.0) | {"proposition_supports": agreement, "coverage": covered,
                                                        "similarity": rng.random()}
        rows.append([values[name] for name in DENIAL_FEATURES])
        target.append(conflict)
    weights, bias = fit_denial(rows, target)
    calibration = replace(Calibration.of({"disputes": 1.0}, 0.0), denial_weights=weights, denial_bias=bias,
                          denial_fitted_on={"synthetic-test": 300})

    def pair(agreement: float, covered: float) -> list[float]:
        named = {"proposition_supports": agreement, "coverage": covered, "similarity": 0.5}
        return [named.get(name, 0.0) for name in DENIAL_FEATURES]

    assert calibration.denial_probability(pair(0.9, 0.8)) > 0.8
    assert calibration.denial_probability(pair(0.9, 0.1)) < calibration.denial_probability(pair(0.9, 0.8))
    assert calibration.denial_probability(pair(0.1, 0.1)) < 0.2
    calibration.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json") == calibration


def test_the_general_model_alone_loads_from_a_file_fitted_before_the_denial_model(tmp_path: Path) -> None:
    """``--calibrate --keep-general`` refits only the denial model beside an older general model."""
    old = json.loads(json.dumps({"features": list(FEATURES), "weights": [0.5] * len(FEATURES), "bias": -1.0,
                                 "fitted_on": {"snli": 400}, "dev_f1_at_half": 0.6, "denial_gate": 0.33}))
    (tmp_path / "calibration.json").write_text(json.dumps(old))
    with pytest.raises(ModelError, match="before the denial model"):
        Calibration.load(tmp_path / "calibration.json")
    general = Calibration.load(tmp_path / "calibration.json", general_only=True)
    assert general.weights == (0.5,) * len(FEATURES) and general.bias == -1.0 and not general.has_denial_model
