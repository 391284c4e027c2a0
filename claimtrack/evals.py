"""`claimtrack eval ...`: the project's own quality measurements, printed as tables."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from claims.settings import load_settings

eval_app = typer.Typer(help="Measure extraction and contradiction quality.", no_args_is_help=True)
out = Console()
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
DATASETS = Path(__file__).resolve().parent.parent.parent / "shared" / "datasets"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


@eval_app.command("extraction")
def extraction(fixtures: Annotated[Path, typer.Option(help="folder with manifest.json and gold_claims.json")]
               = FIXTURES, json_out: Annotated[Path | None, typer.Option("--json")] = None) -> None:
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
    datasets: Annotated[Path, typer.Option(help="the shared datasets folder")] = DATASETS,
    limit: Annotated[int, typer.Option(help="pairs sampled per dataset (seeded)")] = 1000,
    skip_datasets: Annotated[bool, typer.Option("--skip-datasets", help="only the fixture articles")] = False,
    calibrate: Annotated[bool, typer.Option(help="fit the score calibration on the dev splits first")] = False,
    json_out: Annotated[Path | None, typer.Option("--json")] = None,
) -> None:
    """Pair-level scores per dataset (held-out splits) and article-level scores on the fixtures.

    Example:

        claimtrack eval contradictions --limit 500
    """
    from claims.evaluation.articles import evaluate_links
    from claims.evaluation.pairs import evaluate_datasets, fit_calibration
    from claims.ingest.files import articles_from_paths
    from claims.linking.nli import BUNDLED_DIR
    from claims.services import Services

    report: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as folder:
        services = Services(load_settings(data_dir=Path(folder), database_url=""))
        linker = services.linker
        if calibrate:
            report["calibration"] = fit_calibration(linker, datasets, 3000, BUNDLED_DIR)
            out.print("calibration (dev splits):", report["calibration"])
            from claims.linking import nli

            nli._cache.clear()
            services = Services(load_settings(data_dir=Path(folder) / "after", database_url=""))
            linker = services.linker
        threshold = services.settings.contradiction_threshold
        if not skip_datasets:
            table = Table("dataset", "pairs", "labels", "accuracy", "contra P", "contra R", "contra F1",
                          title=f"pair level (held-out, ≤{limit} pairs each, threshold {threshold})")
            rows = evaluate_datasets(linker, datasets, threshold, limit, progress=lambda n: out.print(f"… {n}"))
            for s in rows:
                table.add_row(s.dataset, str(s.rows), s.label_space, _pct(s.accuracy), _pct(s.precision),
                              _pct(s.recall), _pct(s.f1))
            out.print(table)
            report["datasets"] = [vars(s) for s in rows]
        services.pipeline.ingest_many(list(articles_from_paths([FIXTURES / "manifest.json"], {})))
        scores = evaluate_links(services.db, FIXTURES, json.loads((FIXTURES / "gold_links.json").read_text()))
        services.close()
    out.print(f"fixtures: {scores.found}/{scores.gold_pairs} gold contradictions found (recall "
              f"{_pct(scores.recall)}%), right kind {scores.kind_correct}/{scores.found}; "
              f"false alarms on consistent pairs {scores.false_alarms}/{scores.consistent_pairs}; "
              f"{scores.links} contradiction links stored, {scores.links_matching_gold} on gold pairs "
              f"(precision ≥ {_pct(scores.precision)}%)")
    for label, items in (("missed", scores.missed), ("wrong kind", scores.wrong_kind), ("flagged", scores.flagged)):
        if items:
            out.print(f"  {label}: {', '.join(items)}")
    report["fixtures"] = {**vars(scores), "recall": scores.recall, "precision": scores.precision}
    if json_out:
        json_out.write_text(json.dumps(report, indent=2, default=str))
