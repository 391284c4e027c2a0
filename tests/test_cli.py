"""The claimtrack command, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from claims.settings import Settings
from tests.conftest import FIXTURES

pytestmark = pytest.mark.models


def run(settings: Settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLAIMTRACK_DATA_DIR": str(settings.data_dir),
           "CLAIMTRACK_DATABASE_URL": settings.database_url}
    return subprocess.run([sys.executable, "-m", "claimtrack", *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=600)


def test_demo_then_the_seeds_again_stores_five_and_the_index_verifies(settings: Settings) -> None:
    # One user session over one store: the README's demo loads the seeds with the real models, the
    # same manifest ingested again is five duplicates, and the index matches the database. (Two
    # separate full ingests of the seeds were the suite's two slowest tests.)
    demo = run(settings, "demo", "--no-serve")
    assert demo.returncode == 0, demo.stderr
    assert demo.stdout.startswith("5 articles")
    assert "denial" in demo.stdout
    again = run(settings, "ingest", str(FIXTURES / "manifest.json"))
    assert again.returncode == 0, again.stderr
    results = [json.loads(line) for line in again.stdout.splitlines()]
    assert len(results) == 5 and all(r["duplicate"] for r in results)
    assert "0 stored, 5 duplicates" in again.stderr
    assert "Loading weights" not in demo.stderr + again.stderr  # quiet unless --verbose
    verify = run(settings, "index", "verify")
    assert verify.returncode == 0 and json.loads(verify.stdout)["ok"]


def test_ingest_directory_needs_a_source(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Russia and the US agreed to cooperate, the ministry said on Monday.")
    missing = run(settings, "ingest", str(folder))
    assert missing.returncode == 2 and "no source given" in missing.stderr
    ok = run(settings, "ingest", str(folder), "--source", "Wire", "--published-at", "2015-09-29")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["published_at"].startswith("2015-09-29")


@pytest.mark.parametrize(("content", "args", "message"), [
    (b"", (), "text is empty"),
    (b"\x00\x01binary", (), "NUL bytes"),
    (b"caf\xe9 latin-1 text", (), "not valid UTF-8"),
    (b"A fine sentence that says something.", ("--published-at", "notadate"), "not a date"),
])
def test_bad_files_give_a_clear_message(settings: Settings, tmp_path: Path, content: bytes, args: tuple,
                                        message: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = run(settings, "ingest", str(path), "--source", "Wire", *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    if not args:
        assert str(path) in result.stderr  # the file is named, not the outlet


def test_missing_path_and_bad_manifest(settings: Settings, tmp_path: Path) -> None:
    assert "does not exist" in run(settings, "ingest", str(tmp_path / "nope.txt"), "--source", "W").stderr
    manifest = tmp_path / "m.json"
    manifest.write_text("{not json")
    result = run(settings, "ingest", str(manifest))
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_extract_prints_claims_as_json_lines(settings: Settings) -> None:
    path = FIXTURES / "articles" / "004_0313f67de69848ff.txt"
    result = run(settings, "extract", str(path), "--source", "RT")
    assert result.returncode == 0, result.stderr
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    text = path.read_text(encoding="utf-8")
    kerry = [c for c in claims if "intensify" in c["text"] and "agreed" in c["text"]]
    assert kerry and "Kerry" in kerry[0]["speaker"] and kerry[0]["stance"] == "asserts"
    denial = [c for c in claims if c["stance"] == "denies" and "share intelligence" in c["text"]]
    assert denial and denial[0]["speaker"] == "Russia"
    for claim in claims:
        assert text[claim["char_start"]:claim["char_end"]] == claim["span"]


def test_help_loads_no_models_or_database_code() -> None:
    probe = ("import sys; from typer.testing import CliRunner; from claimtrack.cli import app; "
             "CliRunner().invoke(app, ['--help']); "
             "print(sorted(m for m in ('claims.services', 'torch', 'sqlalchemy', 'spacy') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert loaded.stdout.strip() == "[]", loaded.stdout + loaded.stderr


def test_data_dir_option_chooses_the_store(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CLAIMTRACK_")}
    result = subprocess.run([sys.executable, "-m", "claimtrack", "--data-dir", str(tmp_path / "store"), "db",
                             "upgrade"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "store").is_dir() and not (tmp_path / "claimtrack-data").exists()


def test_help_has_examples(settings: Settings) -> None:
    for command in (["ingest"], ["extract"], ["serve"], ["demo"]):
        result = run(settings, *command, "--help")
        assert result.returncode == 0 and "Example" in result.stdout


def test_options_are_described_by_what_they_take_not_by_python_types(settings: Settings) -> None:
    for command in (["ingest"], ["extract"], ["serve"], ["demo"], ["worker"], ["reconcile"],
                    ["eval", "contradictions"], ["eval", "extraction"]):
        text = run(settings, *command, "--help").stdout
        options = [line for line in text.splitlines() if line.lstrip("│ ").startswith("--") and "--help" not in line]
        assert options, command
        # typer's own --help flag and positional arguments keep its type labels; our options do not.
        assert not any(label in line for line in options for label in ("<str>", "<bool>", "<int>", "<path>")), \
            (command, options)


def test_eval_without_the_datasets_folder_says_so(settings: Settings, tmp_path: Path) -> None:
    result = run(settings, "eval", "contradictions", "--datasets", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "no datasets in" in result.stderr


def test_keep_general_without_calibrate_says_what_it_needs(settings: Settings) -> None:
    result = run(settings, "eval", "contradictions", "--skip-datasets", "--keep-general")
    assert result.returncode == 2 and "--keep-general needs --calibrate" in result.stderr


def test_fixture_reliability_table_shows_only_buckets_that_hold_links() -> None:
    from rich.console import Console

    from claimtrack.evals import _reliability_table

    rows = [(0.0, 0.1, 0, 0), (0.5, 0.6, 4, 1), (0.9, 1.0, 2, 2)]
    console = Console(record=True, width=120)
    console.print(_reliability_table(rows, "links reported", "confirmed", "fixtures", skip_empty=True))
    shown = console.export_text()
    assert "0.0–0.1" not in shown and "0.5–0.6" in shown and "25.0" in shown and "100.0" in shown
    assert _reliability_table(rows, "pairs", "contradictions", "datasets").row_count == 3
