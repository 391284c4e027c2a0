"""Ingestion pipeline: validate -> deduplicate -> extract -> embed -> store -> index -> link.

The article, its claims and their vectors are stored in one transaction.  The
index and the linker run after the commit; every process's index catches up from
the database (``claims.indexing``), so a crash between the two loses nothing.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claims.db import articles, ingest_jobs, repo
from claims.db.session import Database
from claims.errors import ClaimtrackError, ConflictError, UnexpectedError
from claims.extract.types import ExtractedClaim
from claims.ingest.prepare import prepare
from claims.schemas import ArticleIn, IngestResult
from claims.settings import Settings

log = logging.getLogger(__name__)


class Extractor(Protocol):
    version: str

    def extract(self, text: str, published, outlet: str) -> list[ExtractedClaim]: ...


class ClaimSink(Protocol):
    """Something that wants to know about newly stored claims (the linker); returns links changed."""

    def claims_added(self, claim_ids: Sequence[int]) -> int | None: ...


class VectorStore(Protocol):
    """What the pipeline needs of the claim index (``claims.indexing.ClaimIndex``)."""

    def embed(self, texts: list[str]) -> Any: ...

    def store_vectors(self, session: Session, claim_ids: Sequence[int], vectors: Any) -> None: ...

    def claims_added(self, claim_ids: Sequence[int]) -> None: ...

    def remove(self, claim_ids: Sequence[int]) -> None: ...


@dataclass
class Timings:
    """Seconds spent per stage, summed over every article this pipeline ingested."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


@dataclass(frozen=True)
class Accepted:
    article_id: int
    duplicate: bool
    job_id: int | None


@dataclass(frozen=True)
class Deleted:
    claims: int
    requeued_job: int | None


@dataclass(frozen=True)
class JobResult:
    job_id: int
    article_id: int
    claims_count: int
    links_changed: int


@dataclass
class BatchItemResult:
    index: int
    result: IngestResult | None = None  # processed (``process=True``)
    accepted: Accepted | None = None  # stored and queued (``process=False``)
    error: ClaimtrackError | None = None


class Pipeline:
    def __init__(self, settings: Settings, db: Database, extractor: Extractor, index: VectorStore,
                 sinks: Sequence[ClaimSink] = ()) -> None:
        self.settings = settings
        self.db = db
        self.extractor = extractor
        self.index = index
        self.sinks = list(sinks)
        self.timings = Timings()

    def accept(self, item: ArticleIn) -> Accepted:
        """Validate and store the article durably, with a queued job to process it; nothing slow here.

        The same URL, or the same text from the same outlet, is a duplicate; the same text from
        another outlet is stored as a copy of the first (a wire story reprinted).
        """
        prepared = prepare(item, self.settings.max_article_chars)
        for _ in range(3):
            with self.db.session() as session:
                existing = repo.find_duplicate(session, prepared.url, prepared.content_hash, prepared.source)
                if existing is not None:
                    return Accepted(existing.id, True, ingest_jobs.latest_for_article(session, existing.id))
            try:
                with self.db.session() as session:
                    original = repo.find_original(session, prepared.content_hash)
                    article_id = articles.store_article(session, prepared, original.id if original else None)
                    return Accepted(article_id, False, ingest_jobs.create(session, article_id))
            except IntegrityError:
                # A concurrent writer stored the same article (or the text's original) first: look again.
                continue
        raise ConflictError("the article could not be stored: concurrent writers kept changing it; try again")

    def process(self, job_id: int) -> JobResult | None:
        """Run an accepted article's job: extract, embed, store claims and vectors, index, link.

        Idempotent: claims stored by an earlier attempt are kept (not extracted again), and
        linking upserts.  None when the job is not ours to run (done, or running elsewhere).
        """
        with self.db.session() as session:
            job = ingest_jobs.claim(session, job_id)
        if job is None:
            return None
        if not job.processed:
            claim_ids = self._extract_and_store(job.article_id)
        else:
            with self.db.session() as session:
                claim_ids = repo.claim_ids_of(session, job.article_id)
        links = self.notify(claim_ids)
        with self.db.session() as session:
            ingest_jobs.finish(session, job_id, len(claim_ids), links)
        return JobResult(job_id, job.article_id, len(claim_ids), links)

    def ingest(self, item: ArticleIn, timeout: float = 600.0) -> IngestResult:
        """Accept and process in one call (the CLI, ``?wait=true``): the article is linked on return.

        A duplicate of an article still being processed elsewhere waits for that processing, so
        its answer counts the claims too.
        """
        accepted = self.accept(item)
        self._finish(accepted.job_id, timeout)
        # A wire copy carries its original's claims, which a racing writer may still be extracting:
        # answer once they are stored, or the copy (and a duplicate of it) would report no claims.
        with self.db.session(readonly=True) as session:
            original = ingest_jobs.original_job(session, accepted.article_id)
        self._finish(original, timeout)
        with self.db.session(readonly=True) as session:
            return repo.ingest_result(session, accepted.article_id, accepted.duplicate)

    def _finish(self, job_id: int | None, timeout: float) -> None:
        """Run the job here, or, when another worker holds it (run_job answers None), wait for that worker."""
        if job_id is not None and self.run_job(job_id) is None:
            self._wait_for(job_id, timeout)

    def _wait_for(self, job_id: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.db.session(readonly=True) as session:
                if ingest_jobs.get(session, job_id).status in ("done", "failed"):
                    return
            time.sleep(0.05)

    def run_job(self, job_id: int, max_attempts: int = 1) -> JobResult | None:
        """Process a job, recording a failure on it (final after ``max_attempts``) before re-raising."""
        try:
            return self.process(job_id)
        except Exception as exc:
            with self.db.session() as session:
                attempts = ingest_jobs.attempts(session, job_id)
                final = isinstance(exc, ClaimtrackError) or attempts >= max_attempts
                ingest_jobs.fail(session, job_id, f"{type(exc).__name__}: {exc}", final)
            raise

    def _extract_and_store(self, article_id: int) -> list[int]:
        with self.db.session() as session:
            text, published, source, copy_of = repo.article_for_extraction(session, article_id)
            if copy_of is not None:
                articles.mark_processed(session, article_id)
                return []  # a wire copy: its original's claims are the ones it carries
        started = time.perf_counter()
        extracted = self.extractor.extract(text, published, source)
        self.timings.add("extraction", time.perf_counter() - started)
        if not extracted:
            log.warning("article %d yielded no claims", article_id)
        started = time.perf_counter()
        vectors = self.index.embed([claim.text for claim in extracted])
        self.timings.add("embedding", time.perf_counter() - started)
        with self.db.session() as session:
            claim_ids = articles.store_claims(session, article_id, extracted, self.extractor.version)
            self.index.store_vectors(session, claim_ids, vectors)
        return claim_ids

    def ingest_many(self, items: Sequence[ArticleIn], progress: Callable[[int], None] | None = None,
                    process: bool = True) -> list[BatchItemResult]:
        """Ingest (or with ``process=False`` only accept) each item on its own: one bad item sinks no other."""
        results: list[BatchItemResult] = []
        for index, item in enumerate(items):
            try:
                results.append(BatchItemResult(index, result=self.ingest(item)) if process
                               else BatchItemResult(index, accepted=self.accept(item)))
            except ClaimtrackError as exc:
                results.append(BatchItemResult(index, error=exc))
            except Exception as exc:  # an unexpected failure sinks its item only; it is logged for us
                log.exception("ingesting batch item %d failed", index)
                results.append(BatchItemResult(index, error=UnexpectedError(
                    f"item {index} could not be ingested ({type(exc).__name__}); it has been logged")))
            if progress is not None:
                progress(index + 1)
        return results

    def delete_article(self, article_id: int, principal: str = "local") -> Deleted:
        """Delete an article (a retraction, a mistaken ingest): claims and vectors go, links are archived.

        The original of a wire story hands its place to its first copy, whose job (``requeued_job``,
        for the caller to run or enqueue) extracts the claims again.
        """
        with self.db.session() as session:
            heir = articles.hand_over_copies(session, article_id)
            claim_ids = repo.delete_article(session, article_id, principal)
            session.flush()
            job_id = None
            if heir is not None:
                articles.make_original(session, heir)
                job_id = ingest_jobs.create(session, heir)
        self.index.remove(claim_ids)
        return Deleted(len(claim_ids), job_id)

    def notify(self, claim_ids: Sequence[int]) -> int:
        """Index and link new claims; returns how many links changed."""
        started = time.perf_counter()
        self.index.claims_added(claim_ids)
        self.timings.add("indexing", time.perf_counter() - started)
        changed = 0
        for sink in self.sinks:
            started = time.perf_counter()
            changed += sink.claims_added(claim_ids) or 0
            self.timings.add(type(sink).__name__, time.perf_counter() - started)
        return changed



