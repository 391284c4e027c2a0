from __future__ import annotations

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from sqlalchemy import text

from api.deps import ServicesDep
from api.errors import problem

router = APIRouter(tags=["operations"])


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process answers."""
    return {"status": "ok"}


@router.get("/ready", response_model=None)
def ready(services: ServicesDep) -> dict[str, object] | Response:
    """Readiness: the database answers and the claim index is loaded."""
    try:
        with services.db.session() as session:
            session.execute(text("SELECT 1"))
        count = services.index.backend.count
    except Exception as exc:  # readiness reports any failure instead of raising
        return problem(503, "Not ready", f"{type(exc).__name__}: {exc}")
    return {"status": "ready", "database": "ok", "index_vectors": count}


@router.get("/metrics")
def metrics() -> Response:
    """Prometheus metrics."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
