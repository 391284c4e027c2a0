from __future__ import annotations

from fastapi import APIRouter

from api.deps import LinkFiltersDep, ReaderDep, SessionDep
from claims.db.stats import contradiction_stats

router = APIRouter(prefix="/v1/stats", tags=["contradictions"])


@router.get("/contradictions")
def stats(session: SessionDep, _: ReaderDep, filters: LinkFiltersDep) -> dict[str, object]:
    """Contradiction counts per month, kind and entity (the dashboard's charts), under the list's filters."""
    return contradiction_stats(session, filters)
