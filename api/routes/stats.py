from __future__ import annotations

from fastapi import APIRouter

from api.deps import LinkFiltersDep, ReaderDep, ServicesDep
from claims.db.stats import contradiction_stats

router = APIRouter(prefix="/v1/stats", tags=["contradictions"])


@router.get("/contradictions")
def stats(services: ServicesDep, _: ReaderDep, filters: LinkFiltersDep) -> dict[str, object]:
    """Contradiction counts per month, kind and entity (the dashboard's charts), under the list's filters."""
    with services.db.session(readonly=True) as session:
        return contradiction_stats(session, filters)
