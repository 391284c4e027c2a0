from __future__ import annotations

import logging

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Gauge, generate_latest
from sqlalchemy import text

from api.deps import ServicesDep
from api.errors import problem
from claims.db import ingest_jobs

router = APIRouter(tags=["operations"])
log = logging.getLogger(__name__)


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(services: ServicesDep) -> dict[str, object] | Response:
    """Readiness: the database answers and the claim index is loaded."""
    try:
        with services.db.session(readonly=True) as session:
            session.execute(text("SELECT 1"))
        count = services.index.vectors_index.count
    except Exception:  # readiness reports any failure instead of raising; details go to the log only
        log.exception("readiness check failed")
        return problem(503, "Not ready", "the database or the claim index is not available; see the server log")
    return {"status": "ready", "database": "ok", "index_vectors": count}


JOBS = Gauge("claimtrack_ingest_queue", "Ingest jobs by status (queued, running, done, failed)", ["status"])


@router.get("/metrics")
def metrics(services: ServicesDep) -> Response:
    """Prometheus metrics, with the ingest queue's depth read from the database (shared by all workers)."""
    with services.db.session(readonly=True) as session:
        counts = ingest_jobs.counts(session)
    for status in ("queued", "running", "done", "failed"):
        JOBS.labels(status).set(counts.get(status, 0))
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
