from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import IdPath, ReaderDep, ServicesDep
from claims.db import repo
from claims.schemas import EntityOut

router = APIRouter(prefix="/v1/entities", tags=["entities"])


@router.get("", response_model=list[EntityOut])
def search_entities(services: ServicesDep, _: ReaderDep, q: Annotated[str, Query(max_length=200)] = "",
                    limit: Annotated[int, Query(ge=1, le=200)] = 20) -> list[EntityOut]:
    """Entities whose name or any alias contains q."""
    with services.db.session(readonly=True) as session:
        return repo.search_entities(session, q, limit)


@router.get("/{entity_id}", response_model=EntityOut)
def get_entity(entity_id: IdPath, services: ServicesDep, _: ReaderDep) -> EntityOut:
    with services.db.session(readonly=True) as session:
        return repo.get_entity(session, entity_id)
