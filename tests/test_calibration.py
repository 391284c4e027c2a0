"""Calibration: fitted, saved, loaded, required."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from claims.errors import ModelError
from claims.linking.calibration import UNFITTED, Calibration, fit


def test_fit_orders_scores_and_round_trips(tmp_path: Path) -> None:
    rng = random.Random(3)
    rows, target = [], []
    for _ in range(400):
        conflict = rng.random() < 0.4
        disputes = min(1.0, max(0.0, rng.gauss(0.8 if conflict else 0.2, 0.15)))
        rows.append([disputes, 1 - disputes, rng.random()])
        target.append(conflict)
    calibration = fit(rows, target, {"synthetic-test": 400})
    assert calibration.probability((0.9, 0.05, 0.05), 0.5) > 0.8 > 0.2 > calibration.probability((0.1, 0.8, 0.1), 0.5)
    calibration.save(tmp_path / "calibration.json")
    assert Calibration.load(tmp_path / "calibration.json") == calibration


def test_a_model_without_calibration_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no calibration"):
        Calibration.load(tmp_path / "calibration.json")
    with pytest.raises(ModelError, match="without a calibration"):
        UNFITTED.probability((0.5, 0.2, 0.3), 0.5)
