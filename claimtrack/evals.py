"""`claimtrack eval ...`: the project's own quality measurements, printed as tables."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from claims.settings import Settings, load_settings
from claimtrack.resources import open_services

if TYPE_CHECKING:
    from claims.services import Services


eval_app = typer.Typer(help="Measure extraction and contradiction quality.", no_args_is_help=True)
out = Console(width=150)  # tables stay readable when piped to a file or CI log
err = Console(stderr=True)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


@eval_app.command("extraction")
def extraction(fixtures: Annotated[Path, typer.Option(metavar="FOLDER",
                                                      help="folder with manifest.json and gold_claims.json")]
               = FIXTURES,
               json_out: Annotated[Path | None, typer.Option("--json", metavar="FILE",
                                                             help="also write every figure as JSON")] = None) -> None:
    """Precision/recall of claims, speaker and stance accuracy, span overlap vs. the gold annotation.

    Example:

        claimtrack eval extraction
    """
    from claims.evaluation.extraction import evaluate
    from claims.services import default_extractor

    gold = json.loads((fixtures / "gold_claims.json").read_text())
    manifest = json.loads((fixtures / "manifest.json").read_text())
    results = evaluate(default_extractor(load_settings()), fixtures, gold, manifest)
    table = Table("article", "gold", "pred", "precision", "recall", "speaker acc", "stance acc", "span IoU",
                  title="claim extraction vs fixtures/gold_claims.json")
    for name, s in results.items():
        table.add_row(name, str(s.gold), str(s.predicted), _pct(s.precision), _pct(s.recall),
                      _pct(s.speaker_accuracy), _pct(s.stance_accuracy), f"{s.span_iou:.2f}")
    out.print(table)
    if json_out:
        json_out.write_text(json.dumps({k: {**vars(v), "precision": v.precision, "recall": v.recall,
                                            "speaker_accuracy": v.speaker_accuracy,
                                            "stance_accuracy": v.stance_accuracy} for k, v in results.items()},
                                       indent=2))


@eval_app.command("contradictions")
def contradictions(
    datasets: Annotated[Path, typer.Option(metavar="FOLDER", help="the shared datasets folder")] = DATASETS,
    limit: Annotated[int, typer.Option(metavar="N", help="pairs sampled per dev set (seeded)")] = 1000,
    model: Annotated[str | None, typer.Option(metavar="MODEL",
                                              help="pair classifier: a folder with model.onnx or a CrossEncoder "
                                                   "(default: CLAIMTRACK_NLI_MODEL)")] = None,
    calibrate: Annotated[bool, typer.Option(metavar="",
                                            help="first fit the model's calibration on the dev portions and "
                                                 "save it beside the model")] = False,
    keep_general: Annotated[bool, typer.Option("--keep-general", metavar="",
                                               help="with --calibrate: refit only the denial model and keep "
                                                    "the general model saved beside the classifier")] = False,
    skip_datasets: Annotated[bool, typer.Option("--skip-datasets", metavar="",
                                                help="only the fixture articles")] = False,
    json_out: Annotated[Path | None, typer.Option("--json", metavar="FILE",
                                                  help="also write every figure as JSON")] = None,
) -> None:
    """The scoreboard: contradiction P/R/F1 per held-out dev set beside a denial-word baseline,
    the reliability of the scores, and the fixtures' gold pairs and reported-pair precision.

    Example:

        claimtrack eval contradictions --limit 500
    """
    from claims.linking import nli

    if keep_general and not calibrate:
        err.print("--keep-general needs --calibrate (it refits the denial model only)")
        raise typer.Exit(2)
    if (calibrate or not skip_datasets) and not (datasets / "emergent-dev").is_dir():
        # Without this the scoreboard would print empty tables, which reads as "nothing to report".
        err.print(f"no datasets in {datasets}: pass --datasets with the shared datasets folder, or --skip-datasets")
        raise typer.Exit(2)
    overrides: dict[str, object] = {"data_dir": None, "database_url": ""}
    if model is not None:
        overrides["nli_model"] = model
    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        overrides["data_dir"] = Path(folder)
        config = load_settings(**overrides)
        if calibrate:
            report["calibration"] = _calibrate(config, datasets, keep_general)
            nli.clear_cache()
        with open_services(config) as services:
            out.print(f"classifier {services.linker.version}, threshold "
                      f"{config.linking.contradiction_threshold}")
            if not skip_datasets:
                report["datasets"] = _scoreboard(services, datasets, limit)
            report["fixtures"] = _fixtures(services)
    if json_out:
        json_out.write_text(json.dumps(report, indent=2, default=str))


@eval_app.command("diff")
def diff(
    before: Annotated[Path, typer.Argument(metavar="BEFORE.json", help="`eval contradictions --json` of one model")],
    after: Annotated[Path, typer.Argument(metavar="AFTER.json", help="the same of another model")],
) -> None:
    """F1 after − before on every dev set both runs scored, pair by pair, with a 95 % paired-bootstrap
    interval: a change whose interval holds 0 is within what the draw of pairs alone produces.

    Example:

        claimtrack eval contradictions --json shipped.json
        claimtrack eval contradictions --model runs/candidate --json candidate.json
        claimtrack eval diff shipped.json candidate.json
    """
    from claims.evaluation.metrics import f1_difference, f1_of

    runs = []
    for path in (before, after):
        try:
            runs.append({s["name"]: s for s in json.loads(path.read_text())["datasets"]["sets"]})
        except (OSError, ValueError) as exc:
            err.print(f"cannot read {path}: {exc}")
            raise typer.Exit(2) from exc
        except (KeyError, TypeError) as exc:
            err.print(f"{path}: not the --json of `claimtrack eval contradictions` (without --skip-datasets)")
            raise typer.Exit(2) from exc
    table = Table("dev set", "pairs", "F1 before", "F1 after", "after − before", "95 % interval", "verdict",
                  title=f"{after.name} against {before.name}, on the pairs both scored")
    for name, first in runs[0].items():
        second = runs[1].get(name)
        if second is None or "outcomes" not in first or "outcomes" not in second:
            continue
        waiting: dict[str, list[dict[str, object]]] = {}
        for o in second["outcomes"]:
            waiting.setdefault(o["key"], []).append(o)
        paired = [(o, waiting[o["key"]].pop()) for o in first["outcomes"] if waiting.get(o["key"])]
        if not paired:
            continue
        gold = [bool(a["gold"]) for a, _ in paired]
        was, now = [bool(a["system"]) for a, _ in paired], [bool(b["system"]) for _, b in paired]
        point, low, high = f1_difference(was, now, gold)
        verdict = "better" if low > 0 else "worse" if high < 0 else "within noise"
        table.add_row(name, str(len(paired)), _pct(f1_of(was, gold)), _pct(f1_of(now, gold)), f"{100 * point:+.1f}",
                      f"{100 * low:+.1f} to {100 * high:+.1f}", verdict)
    out.print(table)


def _calibrate(config: Settings, datasets: Path, keep_general: bool) -> dict[str, object]:
    from claims.evaluation.calibrate import fit_calibration
    from claims.linking.features import DENIAL_FEATURES
    from claims.linking.nli import model_folder

    folder = model_folder(config.nli_model)
    with open_services(config, classifier_calibrated=False) as services:
        calibration = fit_calibration(services.linker, services.extractor, datasets, 400, folder, keep_general)
    out.print(("general model kept as saved, " if keep_general else "") +
              f"calibration fitted on {sum(calibration.fitted_on.values())} dev pairs "
              f"({', '.join(f'{k} {v}' for k, v in calibration.fitted_on.items())}): weights {calibration.weights}, "
              f"bias {calibration.bias}; dev F1 at 0.5: {calibration.dev_f1_at_half}")
    out.print(f"denial model fitted on {sum(calibration.denial_fitted_on.values())} dev pairs with a one-sided "
              f"denial: weights {dict(zip(DENIAL_FEATURES, calibration.denial_weights, strict=False))}, "
              f"bias {calibration.denial_bias}; saved in {folder}")
    return {"weights": calibration.weights, "bias": calibration.bias, "fitted_on": calibration.fitted_on,
            "denial_weights": calibration.denial_weights, "denial_bias": calibration.denial_bias,
            "denial_fitted_on": calibration.denial_fitted_on}


def _scoreboard(services: Services, datasets: Path, limit: int) -> dict[str, object]:
    from claims.evaluation.bodies import check_against_bodies
    from claims.evaluation.scoreboard import Verdict, score_sets
    from claims.linking.compare import compare_many

    def compare(pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
        verdicts: list[Verdict] = []
        for start in range(0, len(pairs), 64):
            for result in compare_many(services.linker, services.extractor, pairs[start:start + 64]):
                verdicts.append(Verdict(result.relation == "contradiction", result.contradiction_score))
        return verdicts

    def check(pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
        # A store of the set's bodies alone (the fixtures go into the scoreboard's own store afterwards).
        with tempfile.TemporaryDirectory() as folder, \
                open_services(services.settings.model_copy(update={"data_dir": Path(folder)})) as bodies:
            return check_against_bodies(bodies, pairs)

    board = score_sets(compare, datasets, limit, progress=lambda name: err.print(f"… {name}"), check=check)
    table = Table("dev set (held out)", "pairs", "P", "R", "F1", "F1 95 % interval", "rule P", "rule R", "rule F1",
                  "F1 − rule", title="contradiction, through POST /v1/compare (article level: POST /v1/claims/check), "
                        "beside the denial-word rule")
    intervals = {s.name: s.f1_interval() for s in board.sets}  # 2,000 resamples each: once, for table and JSON
    for s in board.sets:
        low, high = intervals[s.name]
        table.add_row(s.name, str(s.pairs), _pct(s.system.precision), _pct(s.system.recall), _pct(s.system.f1),
                      f"{_pct(low)}–{_pct(high)}", _pct(s.baseline.precision), _pct(s.baseline.recall),
                      _pct(s.baseline.f1), f"{100 * (s.system.f1 - s.baseline.f1):+.1f}")
    out.print(table)
    out.print("The interval is where this set's F1 could land by the luck of which pairs were drawn: a change "
              "smaller than its width needs `claimtrack eval diff` (paired) before it means anything.")
    for s in board.sets:
        if s.supports:
            out.print(f"{s.name}: {s.supports_flagged} of {s.supports} “for” pairs (paraphrases, corroborations) "
                      f"called contradictions ({_pct(s.supports_flagged / s.supports)} %)")
    out.print(_reliability_table(board.reliability, "pairs", "contradictions",
                                 "reliability: calibrated score against the share that are contradictions"))
    return {"sets": [{"name": s.name, "pairs": s.pairs, "system": vars(s.system), "baseline": vars(s.baseline),
                      "f1": s.system.f1, "f1_interval": intervals[s.name], "baseline_f1": s.baseline.f1,
                      "supports_flagged": s.supports_flagged, "supports": s.supports,
                      "outcomes": [vars(o) for o in s.outcomes]} for s in board.sets],
            "reliability": board.reliability}


def _reliability_table(rows: Sequence[tuple[float, float, int, int]], counted: str, positive: str, title: str,
                       skip_empty: bool = False) -> Table:
    table = Table("score", counted, positive, "observed precision", title=title)
    for low, high, pairs, positives in rows:
        if pairs or not skip_empty:
            table.add_row(f"{low:.1f}–{high:.1f}", str(pairs), str(positives),
                          _pct(positives / pairs) if pairs else "-")
    return table


def _fixtures(services: Services) -> dict[str, object]:
    from claims.evaluation.articles import evaluate_links
    from claims.ingest.files import articles_from_paths

    services.pipeline.ingest_many(list(articles_from_paths([FIXTURES / "manifest.json"], {})))
    scores = evaluate_links(services.db, FIXTURES, json.loads((FIXTURES / "gold_links.json").read_text()))
    out.print(f"fixtures: {scores.found}/{scores.gold_pairs} gold contradictions found, right kind "
              f"{scores.kind_correct}/{scores.found}; consistent pairs flagged {scores.false_alarms}/"
              f"{scores.consistent_pairs}; {scores.links} contradictions reported, {scores.confirmed} confirmed by "
              f"review ({_pct(scores.precision)} %), {scores.dismissed} dismissed, {len(scores.unreviewed)} unreviewed")
    out.print(f"fixtures, every labelled pair: P {_pct(scores.system.precision)} R {_pct(scores.system.recall)} "
              f"F1 {_pct(scores.system.f1)}; denial-word rule P {_pct(scores.baseline.precision)} "
              f"R {_pct(scores.baseline.recall)} F1 {_pct(scores.baseline.f1)}")
    for label, items in (("missed", scores.missed), ("wrong kind", scores.wrong_kind), ("flagged", scores.flagged),
                         ("unreviewed", scores.unreviewed)):
        if items:
            out.print(f"  {label}: " + "; ".join(items), highlight=False)
    # Below the threshold nothing is reported, so only the buckets that hold links are shown.
    out.print(_reliability_table(scores.reliability, "links reported", "confirmed",
                                 "fixtures: the links a store reports, by score, against the share an editor "
                                 "confirmed", skip_empty=True))
    return {**{k: v for k, v in vars(scores).items() if k not in ("system", "baseline")},
            "system": vars(scores.system), "baseline": vars(scores.baseline), "precision": scores.precision,
            "recall": scores.recall}
