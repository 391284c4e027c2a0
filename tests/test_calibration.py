"""Calibration: fitted, saved, loaded, required."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claims.errors import ModelError
from claims.linking.calibration import UNFITTED, Calibration, fit
from claims.linking.features import FEATURES


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
