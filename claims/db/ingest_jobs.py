"""Ingest jobs: an accepted article waiting for (or done with) its processing.

A worker claims a job with a conditional update, so one job runs in one place; a running
job holds a lease that a worker which died cannot renew, and the job is then taken over.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from claims.db.models import Article, IngestJob, utcnow
from claims.errors import NotFoundError
from claims.schemas import JobOut, ingest_warnings

LEASE = timedelta(minutes=10)


def create(session: Session, article_id: int) -> int:
    job = IngestJob(article_id=article_id, status="queued", attempts=0)
    session.add(job)
    session.flush()
    return job.id


def latest_for_article(session: Session, article_id: int) -> int | None:
    return session.scalar(select(IngestJob.id).where(IngestJob.article_id == article_id)
                          .order_by(IngestJob.id.desc()).limit(1))


def original_job(session: Session, article_id: int) -> int | None:
    """For a wire copy, the latest job of the original whose claims it carries; None otherwise."""
    original = session.scalar(select(Article.copy_of_id).where(Article.id == article_id))
    return latest_for_article(session, original) if original is not None else None


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    article_id: int
    attempts: int
    processed: bool  # the article's claims were stored by an earlier attempt


def claim(session: Session, job_id: int, lease: timedelta = LEASE) -> ClaimedJob | None:
    """Take a job to run it; None when it is done, failed for good, or running under a live lease."""
    now = utcnow()
    result: Any = session.execute(
        update(IngestJob).where(IngestJob.id == job_id, or_(
            IngestJob.status == "queued",
            (IngestJob.status == "running") & (IngestJob.lease_until < now)))
        .values(status="running", attempts=IngestJob.attempts + 1, lease_until=now + lease, started_at=now,
                error=None)
        .execution_options(synchronize_session=False))
    if result.rowcount != 1:
        return None
    job = session.get(IngestJob, job_id)
    assert job is not None
    processed = session.scalar(select(Article.processed_at).where(Article.id == job.article_id)) is not None
    return ClaimedJob(job.id, job.article_id, job.attempts, processed)


def finish(session: Session, job_id: int, claims_count: int, links_count: int) -> None:
    session.execute(update(IngestJob).where(IngestJob.id == job_id).values(
        status="done", claims_count=claims_count, links_count=links_count, finished_at=utcnow(), lease_until=None))


def fail(session: Session, job_id: int, error: str, final: bool) -> None:
    """Record a failed attempt: ``final`` ends the job, otherwise it is queued again for a retry."""
    session.execute(update(IngestJob).where(IngestJob.id == job_id).values(
        status="failed" if final else "queued", error=error[:2000], lease_until=None,
        finished_at=utcnow() if final else None))


def attempts(session: Session, job_id: int) -> int:
    return int(session.scalar(select(IngestJob.attempts).where(IngestJob.id == job_id)) or 0)


def unfinished(session: Session, older_than: timedelta) -> list[int]:
    """Jobs nobody is working on: queued a while ago, or running under an expired lease."""
    now = utcnow()
    return list(session.scalars(select(IngestJob.id).where(or_(
        (IngestJob.status == "queued") & (IngestJob.created_at <= now - older_than),
        (IngestJob.status == "running") & (IngestJob.lease_until < now))).order_by(IngestJob.id)))


def counts(session: Session) -> dict[str, int]:
    return {status: int(n) for status, n in session.execute(select(IngestJob.status, func.count())
                                                            .group_by(IngestJob.status))}


def get(session: Session, job_id: int) -> JobOut:
    job = session.get(IngestJob, job_id)
    if job is None:
        raise NotFoundError(f"job {job_id} does not exist")
    return JobOut(id=job.id, article_id=job.article_id, status=job.status, attempts=job.attempts,
                  error=job.error, claims_count=job.claims_count, links_count=job.links_count,
                  warnings=ingest_warnings(job.claims_count),
                  created_at=job.created_at, started_at=job.started_at, finished_at=job.finished_at)
