from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from api.auth import KeyRing
from api.deps import EditorDep, IdPath, ReaderDep, ServicesDep, SettingsDep
from api.errors import status_for
from api.schemas import BatchItemOut, BatchOut
from claims.db import ingest_jobs, repo
from claims.errors import InputTooLargeError
from claims.pipeline import Accepted
from claims.schemas import ArticleAccepted, ArticleIn, ArticleOut, IngestResult
from claims.services import Services

router = APIRouter(prefix="/v1/articles", tags=["articles"])
WaitQuery = Annotated[bool, Query(description="process in the request and answer with the claims counted (201, or "
                                              "200 for a duplicate), as before jobs existed")]


def _accepted(services: Services, accepted: Accepted) -> ArticleAccepted:
    if not accepted.duplicate and accepted.job_id is not None:
        services.queue.enqueue(accepted.job_id)
    with services.db.session(readonly=True) as session:
        result = repo.ingest_result(session, accepted.article_id, accepted.duplicate)
        job = ingest_jobs.get(session, accepted.job_id) if accepted.job_id is not None else None
    return ArticleAccepted(id=result.id, source=result.source, published_at=result.published_at,
                           duplicate=accepted.duplicate, copy_of=result.copy_of, job_id=accepted.job_id,
                           job=f"/v1/jobs/{accepted.job_id}" if accepted.job_id is not None else None,
                           status=job.status if job is not None else None)


@router.post("", response_model=ArticleAccepted | IngestResult, status_code=202, responses={
    200: {"description": "already stored (duplicate: true)"},
    201: {"description": "with ?wait=true: stored, extracted, indexed and linked", "model": IngestResult}})
def ingest_article(article: ArticleIn, response: Response, services: ServicesDep, _: EditorDep,
                   wait: WaitQuery = False) -> ArticleAccepted | IngestResult:
    """Store an article and queue its processing (202, follow the job); ``?wait=true`` processes it now."""
    if wait:
        result = services.pipeline.ingest(article)
        response.status_code = 200 if result.duplicate else 201
        return result
    accepted = _accepted(services, services.pipeline.accept(article))
    if accepted.duplicate:
        response.status_code = 200
    return accepted


@router.post("/batch", response_model=BatchOut)
def ingest_batch(services: ServicesDep, settings: SettingsDep, _: EditorDep,
                 articles: list[ArticleIn] = Body(..., min_length=1), wait: WaitQuery = False) -> BatchOut:
    """Accept several articles (each queued, or processed with ``?wait=true``); each succeeds or fails alone."""
    if len(articles) > settings.max_batch_items:
        raise InputTooLargeError(f"a batch holds at most {settings.max_batch_items} articles "
                                 f"(CLAIMTRACK_MAX_BATCH_ITEMS); got {len(articles)}")
    items: list[BatchItemOut] = []
    for outcome in services.pipeline.ingest_many(articles, process=wait):
        if outcome.error is not None:
            error = {"title": outcome.error.title, "detail": outcome.error.detail, "errors": outcome.error.field_errors}
            items.append(BatchItemOut(index=outcome.index, status=status_for(outcome.error), error=error))
        elif outcome.accepted is not None:
            accepted = _accepted(services, outcome.accepted)
            items.append(BatchItemOut(index=outcome.index, status=200 if accepted.duplicate else 202,
                                      accepted=accepted))
        elif outcome.result is not None:
            items.append(BatchItemOut(index=outcome.index, status=200 if outcome.result.duplicate else 201,
                                      result=outcome.result))
    return BatchOut(items=items, stored=sum(i.status in (201, 202) for i in items),
                    duplicates=sum(i.status == 200 for i in items), failed=sum(i.error is not None for i in items))


@router.delete("/{article_id}", status_code=204, response_class=Response)
def delete_article(article_id: IdPath, services: ServicesDep, principal: EditorDep) -> Response:
    """Remove an article with its claims and vectors; its links are archived with their history (admin only)."""
    KeyRing.require(principal, "admin")
    deleted = services.pipeline.delete_article(article_id, principal.name)
    if deleted.requeued_job is not None:
        services.queue.enqueue(deleted.requeued_job)  # a wire copy takes the deleted original's place
    return Response(status_code=204)


@router.get("/{article_id}", response_model=ArticleOut)
def get_article(article_id: IdPath, services: ServicesDep, _: ReaderDep) -> ArticleOut:
    """The article with its text as submitted and its claims."""
    with services.db.session(readonly=True) as session:
        return repo.get_article(session, article_id)
