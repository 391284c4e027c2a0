"""How sure the scoreboard is of a figure: bootstrap intervals, and `claimtrack eval diff` between two runs."""

from __future__ import annotations

import json
import random
from pathlib import Path

from typer.testing import CliRunner

from claims.evaluation.metrics import f1_difference, f1_interval, f1_of
from claims.evaluation.scoreboard import Confusion
from claimtrack.cli import app


def _system(gold: list[bool], right: float, seed: int) -> list[bool]:
    """Predictions that agree with ``gold`` on a share ``right`` of the pairs."""
    rng = random.Random(seed)
    return [g if rng.random() < right else not g for g in gold]


GOLD = [random.Random(1).random() < 0.4 for _ in range(400)]


def test_f1_of_is_the_confusion_tables_f1() -> None:
    predicted = _system(GOLD, 0.8, 2)
    table = Confusion()
    for p, g in zip(predicted, GOLD, strict=True):
        table.add(p, g)
    assert abs(f1_of(predicted, GOLD) - table.f1) < 1e-12


def test_the_interval_holds_the_figure_and_narrows_with_more_pairs() -> None:
    predicted = _system(GOLD, 0.8, 2)
    low, high = f1_interval(predicted, GOLD)
    assert low < f1_of(predicted, GOLD) < high
    small_low, small_high = f1_interval(predicted[:50], GOLD[:50])
    assert small_high - small_low > high - low > 0.02


def test_one_system_against_itself_changes_nothing() -> None:
    predicted = _system(GOLD, 0.8, 2)
    assert f1_difference(predicted, predicted, GOLD) == (0.0, 0.0, 0.0)


def test_a_clear_gain_is_outside_the_noise_and_a_small_one_is_not() -> None:
    weak, strong = _system(GOLD, 0.6, 2), _system(GOLD, 0.9, 3)
    point, low, high = f1_difference(weak, strong, GOLD)
    assert point > 0 and low > 0
    # Two pairs fixed out of 400: a real change, but one any redraw of the pairs could hide.
    fixed = list(weak)
    for i in [i for i, (p, g) in enumerate(zip(weak, GOLD, strict=True)) if p != g][:2]:
        fixed[i] = GOLD[i]
    point, low, high = f1_difference(weak, fixed, GOLD)
    assert point > 0 and low <= 0 < high


def _run_file(path: Path, predicted: list[bool], shuffle: int) -> Path:
    outcomes = [{"key": f"pair-{i}", "system": p, "rule": False, "gold": g, "score": 0.5}
                for i, (p, g) in enumerate(zip(predicted, GOLD, strict=True))]
    random.Random(shuffle).shuffle(outcomes)  # pairs are matched by key, not by position
    path.write_text(json.dumps({"datasets": {"sets": [
        {"name": "nan-nli", "f1": f1_of(predicted, GOLD), "outcomes": outcomes}]}}))
    return path


def test_eval_diff_pairs_two_runs_and_says_which_changes_are_beyond_noise(tmp_path: Path) -> None:
    weak = _run_file(tmp_path / "weak.json", _system(GOLD, 0.6, 2), 1)
    strong = _run_file(tmp_path / "strong.json", _system(GOLD, 0.9, 3), 2)
    result = CliRunner().invoke(app, ["eval", "diff", str(weak), str(strong)])
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "nan-nli" in line)
    assert "400" in row and "better" in row
    again = CliRunner().invoke(app, ["eval", "diff", str(strong), str(weak)])
    assert "worse" in next(line for line in again.output.splitlines() if "nan-nli" in line)


def test_eval_diff_of_a_file_that_is_not_a_scoreboard_says_so(tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"fixtures": {}}))
    result = CliRunner().invoke(app, ["eval", "diff", str(other), str(other)])
    assert result.exit_code == 2
    assert "not the --json of `claimtrack eval contradictions`" in " ".join(result.output.split())
    missing = CliRunner().invoke(app, ["eval", "diff", str(tmp_path / "nowhere.json"), str(other)])
    assert missing.exit_code == 2 and "cannot read" in missing.output
