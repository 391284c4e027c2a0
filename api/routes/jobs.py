from __future__ import annotations

from fastapi import APIRouter

from api.deps import IdPath, ReaderDep, ServicesDep
from claims.db import ingest_jobs
from claims.schemas import JobOut

router = APIRouter(prefix="/v1/jobs", tags=["articles"])


@router.get("/{job_id}", response_model=JobOut)
def get_job(job_id: IdPath, services: ServicesDep, _: ReaderDep) -> JobOut:
    """An article's processing: queued, running, done (with its counts) or failed (with the error)."""
    with services.db.session(readonly=True) as session:
        return ingest_jobs.get(session, job_id)
