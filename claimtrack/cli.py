"""The ``claimtrack`` command.  Each command opens resources, calls one library function
and turns domain errors into a clear message and exit code 2."""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from claims.errors import ClaimtrackError
from claims.settings import Settings, load_settings
from claimtrack.evals import eval_app
from claimtrack.resources import open_services

if TYPE_CHECKING:
    pass


app = typer.Typer(help="claimtrack: claim-contradiction fact tracking for newsrooms.", no_args_is_help=True,
                  pretty_exceptions_enable=False, rich_markup_mode="markdown")
db_app = typer.Typer(help="Database maintenance.", no_args_is_help=True)
index_app = typer.Typer(help="The FAISS claim index.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(index_app, name="index")
app.add_typer(eval_app, name="eval")
err = Console(stderr=True, soft_wrap=True)  # messages stay on one line for scripts and tests
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@app.callback()
def main(data_dir: Annotated[Path | None, typer.Option(metavar="FOLDER",
                                                       help="data directory (CLAIMTRACK_DATA_DIR)")] = None,
         verbose: Annotated[bool, typer.Option("--verbose", "-v", metavar="",
                                               help="show model loading and debug logs")] = False) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:
        # Model loading draws progress bars on stderr: noise for scripts and cron mail.
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    _overrides.clear()
    if data_dir is not None:
        _overrides["data_dir"] = data_dir


# Options of the top-level command that override the environment, for the command that follows.
_overrides: dict[str, object] = {}


def settings() -> Settings:
    return load_settings(**_overrides)


@contextmanager
def handled() -> Iterator[None]:
    """Domain errors become a one-line message and exit code 2, never a traceback."""
    try:
        yield
    except ClaimtrackError as exc:
        err.print(f"[red]error:[/red] {exc.detail}", highlight=False)
        raise typer.Exit(2) from None


def progress_bar() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=err, disable=not err.is_terminal)


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(metavar="PATH",
                                                       help="files, directories or JSON/JSONL manifests")],
           source: Annotated[str | None, typer.Option(metavar="NAME",
                                                      help="outlet name for files without a manifest")] = None,
           published_at: Annotated[str | None, typer.Option(metavar="DATE",
                                                            help="publication date, e.g. 2015-09-29")] = None,
           url: Annotated[str | None, typer.Option(metavar="URL", help="article URL (single file only)")] = None,
           title: Annotated[str | None, typer.Option(metavar="TEXT",
                                                     help="headline (single file only)")] = None) -> None:
    """Ingest articles: extract claims, index them and link contradictions.

    Examples:

        claimtrack ingest article.txt --source "Ahram Online" --published-at 2015-09-29

        claimtrack ingest fixtures/manifest.json
    """
    from claims.ingest.files import labelled_articles

    with handled():
        if published_at is not None:
            from claims.ingest.dates import parse_date

            parse_date(published_at)  # fail before any work
        defaults = {"source": source, "published_at": published_at, "url": url, "title": title}
        labelled = list(labelled_articles(paths, defaults))
        items = [item for _, item in labelled]
        if url and len(items) > 1:
            raise typer.BadParameter("--url names one article; several were given")
        services = open_services(settings())
        stored = duplicates = failed = 0
        with progress_bar() as bar:
            task = bar.add_task("ingesting", total=len(items))
            results = services.pipeline.ingest_many(items, progress=lambda n: bar.update(task, completed=n))
        for (name, _), outcome in zip(labelled, results, strict=True):
            if outcome.error is not None:
                failed += 1
                err.print(f"[red]failed[/red] {name}: {outcome.error.detail}", highlight=False)
            elif outcome.result is not None:
                duplicates += outcome.result.duplicate
                stored += not outcome.result.duplicate
                typer.echo(json.dumps(outcome.result.model_dump(mode="json")))
        services.close()
        err.print(f"{stored} stored, {duplicates} duplicates, {failed} failed")
        if failed:
            raise typer.Exit(2)


@app.command()
def extract(path: Annotated[Path, typer.Argument(metavar="FILE", help="an article file")],
            source: Annotated[str, typer.Option(metavar="NAME",
                                                help="outlet, the speaker of unattributed claims")] = "the outlet",
            published_at: Annotated[str | None, typer.Option(metavar="DATE",
                                                             help="publication date for relative times")] = None
            ) -> None:
    """Print the claims of one article as JSON lines, without storing anything.

    Example:

        claimtrack extract fixtures/articles/004_0313f67de69848ff.txt --source RT
    """
    from claims.ingest.dates import find_dateline, parse_date
    from claims.ingest.files import read_text_file
    from claims.services import default_extractor

    with handled():
        text = read_text_file(path)
        from claims.ingest.validate import check_text

        check_text(text, settings().max_article_chars)
        published = parse_date(published_at) if published_at else find_dateline(text)
        extractor = default_extractor(settings())
        for claim in extractor.extract(text, published.date() if published else None, source):
            typer.echo(json.dumps({
                "text": claim.text, "speaker": claim.speaker, "stance": claim.stance, "negated": claim.negated,
                "entities": [m.text for m in claim.mentions], "time": _iso(claim.time.start if claim.time else None),
                "time_end": _iso(claim.time.end if claim.time else None),
                "time_text": claim.time.text if claim.time else None, "char_start": claim.char_start,
                "char_end": claim.char_end, "span": text[claim.char_start:claim.char_end],
                "sentence_index": claim.sentence_index, "checkworthy": claim.checkworthy}, ensure_ascii=False))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@app.command()
def serve(host: Annotated[str | None, typer.Option(metavar="ADDRESS", help="bind address (CLAIMTRACK_HOST)")] = None,
          port: Annotated[int | None, typer.Option(metavar="PORT", help="port (CLAIMTRACK_PORT)")] = None,
          workers: Annotated[int | None, typer.Option(min=1, metavar="N",
                                                      help="server processes (CLAIMTRACK_WEB_WORKERS, default 1)")
                             ] = None) -> None:
    """Serve the REST API and the dashboard.

    Example:

        CLAIMTRACK_API_KEYS="s3cret:editor" claimtrack serve --host 0.0.0.0 --port 8000 --workers 2
    """
    import uvicorn

    from api.app import check_bind, create_app
    from api.serving import serve_processes

    with handled():
        config = settings()
        host = host or config.host
        port = port or config.port
        workers = workers or config.web_workers
        check_bind(config, host)
        if workers == 1:
            uvicorn.run(create_app(config, serving=True), host=host, port=port, log_level="info")
            return
        # Migrate once here, before the processes start and would race to do it.
        open_services(config).close()
        # Each process builds its settings from the environment: pass on what this command overrode.
        for name, value in {**_overrides, "web_workers": workers}.items():
            os.environ[f"CLAIMTRACK_{name.upper()}"] = str(value)
        serve_processes("api.app:app_from_environment", workers, host, port)


@app.command()
def demo(port: Annotated[int | None, typer.Option(metavar="PORT", help="port (CLAIMTRACK_PORT, default 8000)")] = None,
         serve_after: Annotated[bool, typer.Option("--serve/--no-serve", metavar="",
                                                   help="serve after loading")] = True) -> None:
    """Load the five fixture articles into the data directory and serve them.

    Example:

        claimtrack --data-dir ./demo-data demo --port 8000
    """
    with handled():
        services = open_services(settings())
        from claims.ingest.files import articles_from_paths

        items = list(articles_from_paths([FIXTURES / "manifest.json"], {}))
        with progress_bar() as bar:
            task = bar.add_task("loading fixtures", total=len(items))
            services.pipeline.ingest_many(items, progress=lambda n: bar.update(task, completed=n))
        from claims.reporting import contradiction_summary

        with services.db.session() as session:
            typer.echo(contradiction_summary(session, top=None))
        services.close()
    if serve_after:
        serve(host=None, port=port)


@app.command()
def worker(threads: Annotated[int | None, typer.Option(metavar="N",
                                                       help="worker threads (CLAIMTRACK_WORKER_THREADS)")] = None,
           recover_after: Annotated[int, typer.Option(metavar="SECONDS",
                                                      help="re-send jobs left unfinished this many seconds")] = 300
           ) -> None:
    """Process queued articles (extract, embed, index, link) from the broker in CLAIMTRACK_BROKER_URL.

    Run as many as the machine has cores for; each catches up its own index from the database.

    Example:

        CLAIMTRACK_BROKER_URL=amqp://guest:guest@127.0.0.1:5672 claimtrack worker --threads 1
    """
    import signal
    import threading
    from datetime import timedelta

    with handled():
        config = settings()
        if not config.broker_url:
            raise ClaimtrackError("claimtrack worker needs a broker (CLAIMTRACK_BROKER_URL=amqp://… or redis://…); "
                                  "without one, `claimtrack serve` processes articles itself")
        services = open_services(config)
        _ = services.index  # load and catch up before taking jobs
        services.queue.start(threads or config.worker_threads)
        services.queue.recover(timedelta(seconds=recover_after))
        err.print(f"worker consuming from {config.broker_url.split('@')[-1]}; Ctrl-C to stop")
        stopped = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopped.set())
        stopped.wait()
        services.close()


@app.command()
def reconcile(since: Annotated[str | None, typer.Option(metavar="DATE", help="re-link claims ingested since this date "
                                                           "(default: since the last successful run)")] = None,
              report: Annotated[Path | None, typer.Option(
                  metavar="FOLDER|FILE",
                  help="a folder (reconcile-<run>.json and .md go in it) or a file name ending .json or .md")] = None,
              batch_size: Annotated[int, typer.Option(min=1, metavar="N",
                                                      help="claims per batch and checkpoint")] = 256) -> None:
    """Nightly reconciliation: re-embed, repair the index, re-link, re-score, merge, report.

    Safe to run from cron: a lock prevents overlapping runs, a killed run resumes where it stopped,
    and a second run in a row changes nothing.

    Example:

        claimtrack reconcile --report reports/nightly
    """
    from claims.ingest.dates import parse_date
    from claims.jobs.reconcile import Reconciler

    with handled():
        start = parse_date(since, "--since") if since else None
        services = open_services(settings())
        with progress_bar() as bar:
            tasks: dict[str, object] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=total)
                bar.update(tasks[phase], completed=done, total=total)  # type: ignore[arg-type]

            try:
                result = Reconciler(services, batch_size, progress).run(since=start, report_path=str(report)
                                                                       if report else None)
            except Exception as exc:
                if isinstance(exc, ClaimtrackError):
                    raise
                err.print(f"[red]reconcile failed:[/red] {type(exc).__name__}: {exc} (recorded in job_runs; "
                          "the next run resumes from the last checkpoint)", highlight=False)
                raise typer.Exit(1) from None
            finally:
                services.close()
        typer.echo(json.dumps({"run_id": result.run_id, "resumed_from": result.resumed_from,
                               "seconds": round(result.seconds, 2), "counts": result.report["counts"],
                               "report": result.files}))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Bring the database to the newest schema (also done on every start)."""
    with handled():
        services = open_services(settings())
        from claims.db.migrate import current_revision

        typer.echo(f"database at revision {current_revision(services.db.engine)}")
        services.close()


@index_app.command("rebuild")
def index_rebuild() -> None:
    """Re-embed every claim and rebuild the FAISS index from the database."""
    with handled():
        services = open_services(settings())
        typer.echo(json.dumps(services.index.rebuild()))
        services.close()


@index_app.command("verify")
def index_verify() -> None:
    """Check that the index holds exactly the database's claims (exit 1 if not)."""
    with handled():
        services = open_services(settings())
        from claims.indexing import ClaimIndex

        # The saved snapshot plus the ordinary catch-up path, compared id by id with the database
        # (nothing is embedded or written: verify reports, rebuild repairs).
        index = ClaimIndex(services.settings, services.db, _embedder(services.settings))
        index.load()
        index.catch_up(force=True)
        report = index.verify()
        typer.echo(json.dumps(report))
        if not report["ok"]:
            raise typer.Exit(1)


def _embedder(config: Settings):
    from claims.indexing import embedder_for

    return embedder_for(config)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
