"""The nightly reconciliation job: idempotent, resumable, keeps reviews, reports."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select

from claims.db import jobs as locks
from claims.db.models import Claim, ClaimLink, JobRun
from claims.db.reviews import review_link
from claims.errors import JobLockedError
from claims.jobs.reconcile import Reconciler, report_files
from claims.services import Services
from claims.settings import Settings
from tests.conftest import ROOT, fixture_articles
from tests.fakes import CONFLICTING, fake_services


@pytest.fixture
def store(settings: Settings) -> Iterator[Services]:
    services = fake_services(settings)
    services.pipeline.ingest_many(fixture_articles() + CONFLICTING)
    yield services
    services.close()


def snapshot(services: Services) -> list[tuple]:
    with services.db.session() as session:
        return sorted((link.claim_a_id, link.claim_b_id, link.relation, link.kind, link.score, link.status)
                      for link in session.scalars(select(ClaimLink)))


def test_second_run_changes_nothing(store: Services, tmp_path) -> None:
    first = Reconciler(store, batch_size=40).run(report_path=str(tmp_path / "first"))
    after_first = snapshot(store)
    second = Reconciler(store, batch_size=40).run(report_path=str(tmp_path / "second"))
    assert snapshot(store) == after_first
    counts = second.report["counts"]
    assert counts["new"] == 0 and counts["changed"] == 0
    for key in ("reembedded", "linked_claims", "rescored", "merged_claims", "merged_entities", "temporal_marked",
                "index_added", "index_removed", "links_changed"):
        assert counts.get(key, 0) == 0, (key, counts)
    assert first.run_id != second.run_id
    with store.db.session() as session:
        runs = list(session.scalars(select(JobRun).where(JobRun.job == "reconcile")))
        assert [r.status for r in runs] == ["succeeded", "succeeded"]
        assert all(r.duration_s is not None and r.finished_at is not None for r in runs)


def test_report_on_the_fixtures(store: Services, tmp_path) -> None:
    result = Reconciler(store).run(report_path=str(tmp_path / "nightly.json"))
    report = json.loads((tmp_path / "nightly.json").read_text())
    with store.db.session() as session:
        contradictions = len(list(session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts"))))
    assert report["counts"]["new"] == contradictions > 0
    assert "Islamic State" in report["per_entity"] and "RT" in report["per_outlet"]
    assert report["top_pairs"] and report["top_pairs"][0]["score"] >= report["top_pairs"][-1]["score"]
    assert sum(report["per_kind"].values()) == contradictions
    markdown = (tmp_path / "nightly.md").read_text()
    assert "Strongest new contradictions" in markdown and "denial" in markdown
    assert result.files == [str(tmp_path / "nightly.json"), str(tmp_path / "nightly.md")]


def test_reviewer_status_survives_rescoring(store: Services) -> None:
    Reconciler(store).run()  # links are current; the next run re-scores only what changed since
    with store.db.session() as session:
        link = session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")).first()
        assert link is not None
        link_id = link.id
        review_link(session, link_id, "confirmed", "editor-7", "key-test", "verified")
        session.get(ClaimLink, link_id).model_version = "older-classifier"  # type: ignore[union-attr]
    result = Reconciler(store).run()
    assert result.counts["rescored"] >= 1
    with store.db.session() as session:
        link = session.get(ClaimLink, link_id)
        assert link is not None
        assert link.status == "confirmed" and link.reviewer == "editor-7" and link.reviewer_note == "verified"
        assert link.model_version == store.linker.version
        assert link.reviews[-1].action == "rescore" and link.reviews[-1].score == link.score


def test_lock_prevents_overlapping_runs(store: Services) -> None:
    with locks.job_lock(store.db, "reconcile"), pytest.raises(JobLockedError, match="already running"):
        Reconciler(store).run()


def test_an_expired_lease_is_taken_over_from_any_host_and_a_live_one_is_not(store: Services) -> None:
    from claims.db.models import JobLock, utcnow

    with store.db.session() as session:
        session.add(JobLock(name="reconcile", holder="another-host:4242:abcd", expires_at=utcnow()
                            + timedelta(minutes=5)))
    with pytest.raises(JobLockedError, match="another-host:4242"):
        Reconciler(store).run()
    with store.db.session() as session:
        session.get(JobLock, "reconcile").expires_at = utcnow() - timedelta(seconds=1)  # type: ignore[union-attr]
    assert Reconciler(store).run().run_id
    with store.db.session() as session:
        assert session.get(JobLock, "reconcile") is None  # released after the run


def test_a_live_lease_of_a_dead_process_on_this_host_is_taken_over_at_once(store: Services) -> None:
    import socket

    from claims.db.models import JobLock, utcnow

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with store.db.session() as session:
        session.add(JobLock(name="reconcile", holder=f"{socket.gethostname()}:{gone.stdout.strip()}:dead",
                            expires_at=utcnow() + timedelta(minutes=5)))
    assert Reconciler(store).run().run_id
    with store.db.session() as session:
        session.add(JobLock(name="reconcile", holder=f"{socket.gethostname()}:{os.getpid()}:alive",
                            expires_at=utcnow() + timedelta(minutes=5)))
    with pytest.raises(JobLockedError, match="already running"):
        Reconciler(store).run()


def test_a_lease_is_renewed_while_held_and_released_only_by_its_holder(store: Services) -> None:
    from claims.db.models import JobLock

    with locks.job_lock(store.db, "demo", lease=timedelta(seconds=2), heartbeat=0.2) as holder:
        with store.db.session() as session:
            first = session.get(JobLock, "demo").expires_at  # type: ignore[union-attr]
        time.sleep(1.0)
        with store.db.session() as session:
            lock = session.get(JobLock, "demo")
            assert lock is not None and lock.holder == holder and lock.expires_at > first
            lock.holder = "someone-else"  # as if the lease had been taken over
    with store.db.session() as session:
        assert session.get(JobLock, "demo") is not None  # not ours any more: left alone


RECONCILE = """
import sys
from pathlib import Path
from claims.jobs.reconcile import Reconciler, report_files
from claims.settings import load_settings
from tests.fakes import fake_services
services = fake_services(load_settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2]))
Reconciler(services, batch_size=4).run(since=__import__("datetime").datetime(2000, 1, 1))
"""


def test_killed_run_resumes_without_redoing_or_duplicating(store: Services) -> None:
    settings = store.settings
    process = subprocess.Popen([sys.executable, "-c", RECONCILE, str(settings.data_dir), settings.database_url],
                               cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    killed_at = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and process.poll() is None:
        with store.db.session() as session:
            run = session.scalar(select(JobRun).where(JobRun.job == "reconcile").order_by(JobRun.id.desc()))
            if run is not None and run.checkpoint.get("phase") == "link" and run.checkpoint.get("cursor", 0) > 0:
                killed_at = dict(run.checkpoint)
                process.send_signal(signal.SIGKILL)
                break
        time.sleep(0.02)
    process.communicate(timeout=60)  # reaps the process and closes its stderr pipe
    assert killed_at is not None, "the run finished before it could be killed"
    resumed = Reconciler(store, batch_size=4).run()
    assert resumed.resumed_from is not None
    with store.db.session() as session:
        runs = list(session.scalars(select(JobRun).where(JobRun.job == "reconcile").order_by(JobRun.id)))
        assert [r.status for r in runs] == ["interrupted", "succeeded"]
        assert runs[1].params["since"].startswith("2000-01-01")
        total_claims = len(list(session.scalars(select(Claim.id))))
    # Every claim linked exactly once across the two runs: nothing redone, nothing skipped.
    assert resumed.counts["linked_claims"] == total_claims
    pairs = [(a, b) for a, b, *_ in snapshot(store)]
    assert len(pairs) == len(set(pairs))
    again = Reconciler(store).run()
    assert again.report["counts"]["new"] == 0


@pytest.mark.models
def test_cli_reports_failure_clearly(settings: Settings) -> None:
    env = {**os.environ, "CLAIMTRACK_DATA_DIR": str(settings.data_dir),
           "CLAIMTRACK_DATABASE_URL": settings.database_url}
    bad = subprocess.run([sys.executable, "-m", "claimtrack", "reconcile", "--since", "not a date"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert bad.returncode == 2 and "--since" in bad.stderr
    ok = subprocess.run([sys.executable, "-m", "claimtrack", "reconcile"], env=env, capture_output=True, text=True,
                        timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout.splitlines()[-1])["counts"]["new"] == 0


def test_report_goes_into_a_folder_or_to_the_file_named(tmp_path) -> None:
    report = {"generated_at": "2026-12-01 02:15", "since": None, "counts": {"new": 0, "changed": 0, "resolved": 0},
              "per_kind": {}, "per_entity": {}, "per_outlet": {}, "top_pairs": []}
    in_folder = report_files(report, str(tmp_path / "reports" / "2026-12-01"), tmp_path, 7)
    assert in_folder == [str(tmp_path / "reports" / "2026-12-01" / f"reconcile-7.{ext}") for ext in ("json", "md")]
    named = report_files(report, str(tmp_path / "nightly.md"), tmp_path, 8)
    assert named == [str(tmp_path / "nightly.json"), str(tmp_path / "nightly.md")]
    assert all(os.path.getsize(path) > 0 for path in in_folder + named)
