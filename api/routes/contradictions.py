from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request, Response

from api.cache import cached_page, link_key, link_list
from api.deps import EditorDep, IdPath, LinkFiltersDep, ReaderDep, ServicesDep, SettingsDep
from api.schemas import ContradictionsOut, ReviewIn
from claims.db import links as link_store
from claims.db import reviews
from claims.errors import InputTooLargeError
from claims.schemas import LinkOut

router = APIRouter(prefix="/v1/contradictions", tags=["contradictions"])


@router.get("", response_model=ContradictionsOut)
def list_contradictions(
    request: Request, services: ServicesDep, settings: SettingsDep, _: ReaderDep, filters: LinkFiltersDep,
    sort: Literal["newest", "score"] = "newest",
    limit: Annotated[int, Query(ge=1)] = 50,
    cursor: str | None = None,
) -> Response:
    """Contradiction pairs, newest (or strongest) first, with cursor pagination.

    Answered from memory until the store changes; send the ETag back in ``If-None-Match`` for a 304.
    """
    if limit > settings.max_page_limit:
        raise InputTooLargeError(f"limit is at most {settings.max_page_limit}",
                                 field_errors=[{"field": "limit", "message": "too large"}])
    filters = replace(filters, sort=sort)
    with services.db.session(readonly=True) as session:
        caches = request.app.state.caches
        return cached_page(request, session, f"list:{filters!r}:{limit}:{cursor}",
                           lambda at: link_list(caches.links, session, at, filters, limit, cursor), caches.pages)


@router.get("/{link_id}", response_model=LinkOut)
def get_contradiction(request: Request, link_id: IdPath, services: ServicesDep, _: ReaderDep) -> Response:
    with services.db.session(readonly=True) as session:
        return cached_page(request, session, link_key(link_id), lambda _at: link_store.get_link(session, link_id),
                           request.app.state.caches.links)


@router.patch("/{link_id}", response_model=LinkOut)
def review_contradiction(link_id: IdPath, body: ReviewIn, services: ServicesDep, principal: EditorDep) -> LinkOut:
    """Confirm, dismiss or reopen a pair; reviewer, key, time and note go into its history."""
    with services.db.session() as session:
        return reviews.review_link(session, link_id, body.status, body.reviewer or principal.name, principal.name,
                                   body.note)
