from __future__ import annotations

from fastapi import APIRouter, Body, Response

from api.auth import KeyRing
from api.deps import EditorDep, IdPath, ReaderDep, ServicesDep, SessionDep, SettingsDep
from api.errors import status_for
from api.schemas import BatchItemOut, BatchOut
from claims.db import repo
from claims.errors import InputTooLargeError
from claims.schemas import ArticleIn, ArticleOut, IngestResult

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.post("", response_model=IngestResult, status_code=201,
             responses={200: {"description": "already stored (duplicate: true)", "model": IngestResult}})
def ingest_article(article: ArticleIn, response: Response, services: ServicesDep, _: EditorDep) -> IngestResult:
    """Store an article, extract its claims, index and link them."""
    result = services.pipeline.ingest(article)
    if result.duplicate:
        response.status_code = 200
    return result


@router.post("/batch", response_model=BatchOut)
def ingest_batch(services: ServicesDep, settings: SettingsDep, _: EditorDep,
                 articles: list[ArticleIn] = Body(..., min_length=1)) -> BatchOut:
    """Ingest several articles; each succeeds or fails on its own."""
    if len(articles) > settings.max_batch_items:
        raise InputTooLargeError(f"a batch holds at most {settings.max_batch_items} articles "
                                 f"(CLAIMTRACK_MAX_BATCH_ITEMS); got {len(articles)}")
    items: list[BatchItemOut] = []
    for outcome in services.pipeline.ingest_many(articles):
        if outcome.error is not None:
            error = {"title": outcome.error.title, "detail": outcome.error.detail, "errors": outcome.error.field_errors}
            items.append(BatchItemOut(index=outcome.index, status=status_for(outcome.error), error=error))
        elif outcome.result is not None:
            items.append(BatchItemOut(index=outcome.index, status=200 if outcome.result.duplicate else 201,
                                      result=outcome.result))
    return BatchOut(items=items, stored=sum(i.status == 201 for i in items),
                    duplicates=sum(i.status == 200 for i in items), failed=sum(i.error is not None for i in items))


@router.delete("/{article_id}", status_code=204, response_class=Response)
def delete_article(article_id: IdPath, services: ServicesDep, principal: EditorDep) -> Response:
    """Remove an article with its claims, their links and their vectors (admin only)."""
    KeyRing.require(principal, "admin")
    services.pipeline.delete_article(article_id)
    return Response(status_code=204)


@router.get("/{article_id}", response_model=ArticleOut)
def get_article(article_id: IdPath, session: SessionDep, _: ReaderDep) -> ArticleOut:
    """The article with its text as submitted and its claims."""
    return repo.get_article(session, article_id)
