"""The nightly reconciliation job: re-embed, repair the index, re-link, re-score, merge, report.

Resumable: every batch ends with a checkpoint in the job-runs table; a run that was
killed is continued by the next one.  Idempotent: a second run finds nothing to do.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select

from claims.db import jobs as locks
from claims.db import linkstore, vectors
from claims.db.models import Claim, ClaimLink
from claims.jobs.merge import merge_duplicate_claims, merge_entities
from claims.jobs.report import build_report, to_markdown
from claims.linking.linker import claim_views
from claims.linking.scoring import explain, kind_of
from claims.linking.signals import compute
from claims.services import Services

log = logging.getLogger(__name__)
JOB = "reconcile"
Progress = Callable[[str, int, int], None]


@dataclass
class ReconcileResult:
    run_id: int
    counts: dict[str, int]
    report: dict[str, Any]
    resumed_from: int | None = None
    seconds: float = 0.0
    files: list[str] = field(default_factory=list)


class Reconciler:
    def __init__(self, services: Services, batch_size: int = 256, progress: Progress | None = None) -> None:
        self.services = services
        self.db = services.db
        self.linking = services.settings.linking
        self.batch_size = batch_size
        self.progress = progress or (lambda phase, done, total: None)

    def run(self, since: datetime | None = None, report_path: str | None = None) -> ReconcileResult:
        started = time.perf_counter()
        with locks.job_lock(self.db, JOB):
            previous = locks.last_run(self.db, JOB)
            resumed_from = None
            checkpoint: dict[str, Any] = {}
            counts: dict[str, int] = {}
            if previous is not None and previous.status in ("running", "failed") and previous.checkpoint:
                # The last run died (we hold the lock, so it is not running): carry on where it stopped.
                resumed_from, checkpoint, counts = previous.id, dict(previous.checkpoint), dict(previous.counts)
                since = datetime.fromisoformat(previous.params["since"]) if previous.params.get("since") else None
                locks.mark(self.db, previous.id, "interrupted")
            elif since is None:
                success = locks.last_run(self.db, JOB, "succeeded")
                since = success.started_at if success is not None else None
            baseline = locks.last_run(self.db, JOB, "succeeded")
            params = {"since": since.isoformat() if since else None, "batch_size": self.batch_size,
                      "resumed_from": resumed_from}
            run_id = locks.start_run(self.db, JOB, params, checkpoint)
            try:
                phases = self.phases()
                names = [name for name, _ in phases]
                for phase, work in phases[names.index(checkpoint.get("phase", names[0])):]:
                    if checkpoint.get("phase") != phase:
                        checkpoint = {"phase": phase, "cursor": 0}
                    work(run_id, checkpoint, counts, since)
                report = build_report(self.db, baseline.finished_at if baseline else None, counts)
                files = report_files(report, report_path, self.services.settings.data_dir, run_id)
                locks.finish_run(self.db, run_id, "succeeded", counts, started)
            except BaseException as exc:
                locks.finish_run(self.db, run_id, "failed", counts, started, f"{type(exc).__name__}: {exc}")
                raise
        return ReconcileResult(run_id, counts, report, resumed_from, time.perf_counter() - started, files)

    def phases(self) -> list[tuple[str, Callable[[int, dict, dict, datetime | None], None]]]:
        """The phases in order; a resumed run starts at its checkpoint's phase."""
        return [("reembed", self._reembed), ("index", self._index), ("link", self._link),
                ("rescore", self._rescore), ("merge_claims", self._merge_claims),
                ("merge_entities", self._merge_entities), ("temporal", self._temporal), ("report", self._report)]

    def _batches(self, run_id: int, checkpoint: dict, counts: dict, ids: list[int],
                 work: Callable[[list[int]], None]) -> None:
        """Process ids above the checkpoint's cursor in batches, checkpointing after each."""
        pending = [i for i in ids if i > checkpoint.get("cursor", 0)]
        total = len(pending)
        for start in range(0, total, self.batch_size):
            batch = pending[start:start + self.batch_size]
            work(batch)
            checkpoint["cursor"] = batch[-1]
            locks.save_progress(self.db, run_id, checkpoint, counts)
            self.progress(checkpoint["phase"], min(start + len(batch), total), total)

    # -- phases -----------------------------------------------------------------------------------

    def _reembed(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        index = self.services.index
        with self.db.session() as session:
            ids = [i for i, _ in vectors.claims_without_vector(session, index.model_version)]

        def work(batch: list[int]) -> None:
            with self.db.session() as session:
                texts = dict(session.execute(select(Claim.id, Claim.text).where(Claim.id.in_(batch))).all())
            present = [i for i in batch if i in texts]
            with self.db.session() as session:
                index.store_vectors(session, present, index.embed([texts[i] for i in present]))
            counts["reembedded"] = counts.get("reembedded", 0) + len(present)

        self._batches(run_id, checkpoint, counts, ids, work)

    def _index(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        repaired = self.services.index.catch_up(full=True)
        counts["index_added"] = counts.get("index_added", 0) + repaired["added"]
        counts["index_removed"] = counts.get("index_removed", 0) + repaired["removed"]
        locks.save_progress(self.db, run_id, checkpoint, counts)

    def _link(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        with self.db.session() as session:
            query = select(Claim.id).order_by(Claim.id)
            if since is not None:
                query = query.where(or_(Claim.created_at >= since, Claim.linked_at.is_(None)))
            ids = list(session.scalars(query))

        def work(batch: list[int]) -> None:
            result = self.services.linker.link(batch)
            counts["linked_claims"] = counts.get("linked_claims", 0) + len(batch)
            counts["links_changed"] = counts.get("links_changed", 0) + result.updated

        self._batches(run_id, checkpoint, counts, ids, work)

    def _rescore(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        linker = self.services.linker
        version = linker.version
        with self.db.session() as session:
            ids = list(session.scalars(select(ClaimLink.id).where(ClaimLink.model_version != version)
                                       .order_by(ClaimLink.id)))

        def work(batch: list[int]) -> None:
            with self.db.session() as session:
                links = list(session.scalars(select(ClaimLink).where(ClaimLink.id.in_(batch))))
                views = claim_views(session, sorted({i for link in links for i in (link.claim_a_id, link.claim_b_id)}))
                pairs = [link for link in links if link.claim_a_id in views and link.claim_b_id in views]
            ids = [i for link in pairs for i in (link.claim_a_id, link.claim_b_id)]
            vectors = linker.index.vectors(ids, [views[i].text for i in ids])
            similarities = [float(vectors[2 * n] @ vectors[2 * n + 1]) for n in range(len(pairs))]
            decisions = linker.classify([(views[link.claim_a_id], views[link.claim_b_id], s)
                                         for link, s in zip(pairs, similarities, strict=True)])
            with self.db.session() as session:
                for link, decision in zip(pairs, decisions, strict=True):
                    if decision.relation is None and linkstore.resolve_if_open(session, link.id):
                        counts["resolved"] = counts.get("resolved", 0) + 1  # archived, with its history
                        continue
                    current = session.get(ClaimLink, link.id)
                    if current is None:
                        continue  # removed meanwhile (its article was deleted)
                    if decision.relation is None:
                        linkstore.rescore_reviewed(session, current, decision.score, version)
                    else:
                        linkstore.store_link(session, link.claim_a_id, link.claim_b_id, decision, version)
                    counts["rescored"] = counts.get("rescored", 0) + 1

        self._batches(run_id, checkpoint, counts, ids, work)

    def _merge_claims(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        # A duplicate pair always has a claim that is new since the last run (older pairs were
        # compared then), so only new claims are searched: nightly cost follows the day's news.
        with self.db.session() as session:
            query = select(Claim.id).order_by(Claim.id)
            ids = list(session.scalars(query.where(Claim.created_at >= since) if since else query))

        def work(batch: list[int]) -> None:
            counts["merged_claims"] = counts.get("merged_claims", 0) + merge_duplicate_claims(self.services, batch)

        self._batches(run_id, checkpoint, counts, ids, work)

    def _merge_entities(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        with self.db.session() as session:
            counts["merged_entities"] = counts.get("merged_entities", 0) + merge_entities(session)
        locks.save_progress(self.db, run_id, checkpoint, counts)

    def _temporal(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        with self.db.session() as session:
            ids = list(session.scalars(select(ClaimLink.id).where(
                ClaimLink.relation == "contradicts", ClaimLink.kind.in_(["factual", "disagreement"]))
                .order_by(ClaimLink.id)))

        def work(batch: list[int]) -> None:
            with self.db.session() as session:
                links = list(session.scalars(select(ClaimLink).where(ClaimLink.id.in_(batch))))
                views = claim_views(session, sorted({i for link in links for i in (link.claim_a_id, link.claim_b_id)}))
                for link in links:
                    a, b = views.get(link.claim_a_id), views.get(link.claim_b_id)
                    if a is None or b is None:
                        continue
                    fired = compute(a, b)
                    # Times learnt since the link was made (a merge, a re-extraction) can show that a
                    # later claim updates an earlier one: supersession, not a plain contradiction.
                    if kind_of(a, b, fired, self.linking) == "temporal":
                        linkstore.mark_temporal(session, link, explain(a, b, "temporal", "contradicts", fired))
                        counts["temporal_marked"] = counts.get("temporal_marked", 0) + 1

        self._batches(run_id, checkpoint, counts, ids, work)

    def _report(self, run_id: int, checkpoint: dict, counts: dict, since: datetime | None) -> None:
        locks.save_progress(self.db, run_id, checkpoint, counts)


def report_files(report: dict[str, Any], path: str | None, data_dir: Path | str, run_id: int) -> list[str]:
    """Write the report as JSON (machines) and Markdown (people).

    ``path`` names a file (``nightly.json`` or ``nightly.md``: both are written, side by side) or
    a folder, made if need be, that receives ``reconcile-<run>.json`` and ``.md``.
    """
    target = Path(path) if path else Path(data_dir) / "reports"
    stem = target.with_suffix("") if target.suffix in (".json", ".md") else target / f"reconcile-{run_id}"
    stem.parent.mkdir(parents=True, exist_ok=True)
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_text(json.dumps(report, indent=2, default=str))
    md_path.write_text(to_markdown(report))
    return [str(json_path), str(md_path)]
