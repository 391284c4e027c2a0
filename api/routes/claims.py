from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import IdPath, ReaderDep, ServicesDep, SettingsDep
from api.schemas import CheckHitOut, CheckIn, CheckOut, CompareIn, CompareOut, LinksOut, SearchHit, SearchOut
from claims import search
from claims.db import links as link_store
from claims.db import repo
from claims.ingest.dates import parse_date
from claims.linking.compare import check_statement, compare_texts
from claims.schemas import ClaimOut

router = APIRouter(prefix="/v1", tags=["claims"])


@router.get("/claims", response_model=SearchOut)
def search_claims(q: Annotated[str, Query(min_length=1, max_length=2000)], services: ServicesDep,
                  settings: SettingsDep, _: ReaderDep,
                  k: Annotated[int, Query(ge=1, le=100)] = 10) -> SearchOut:
    """Search over stored claims: meaning first, lifted by the query's words; unrelated claims are left out."""
    with services.db.session(readonly=True) as session:
        found = search.search_claims(services.index, session, q, k, settings.search_min_similarity)
    return SearchOut(items=[SearchHit(claim=f.claim, score=round(f.score, 4)) for f in found])


@router.get("/claims/{claim_id}", response_model=ClaimOut)
def get_claim(claim_id: IdPath, services: ServicesDep, _: ReaderDep) -> ClaimOut:
    with services.db.session(readonly=True) as session:
        return repo.get_claim(session, claim_id)


@router.get("/claims/{claim_id}/links", response_model=LinksOut)
def claim_links(claim_id: IdPath, services: ServicesDep, settings: SettingsDep, _: ReaderDep) -> LinksOut:
    """The claim's contradicting and supporting claims."""
    found = {}
    with services.db.session(readonly=True) as session:
        repo.get_claim(session, claim_id)  # 404 for an unknown claim
        for relation in ("contradicts", "supports"):
            items, _cursor = link_store.list_links(
                session, link_store.LinkFilters(relation=relation, claim_id=claim_id, sort="score"),
                settings.max_page_limit)
            found[relation] = items
    return LinksOut(contradicts=found["contradicts"], supports=found["supports"])


@router.post("/compare", response_model=CompareOut)
def compare(body: CompareIn, services: ServicesDep, _: ReaderDep) -> CompareOut:
    """Classify two free statements (speaker and stance extraction included)."""
    result = compare_texts(services.linker, services.extractor, body.a, body.b)
    limit = services.settings.linking.max_compare_claims
    return CompareOut(relation=result.relation, score=result.score,
                      contradiction_score=result.contradiction_score, kind=result.kind, signals=result.signals,
                      explanation=result.explanation, claim_a=result.claim_a, claim_b=result.claim_b,
                      claims_found=result.claims_found, claims_compared=result.claims_compared,
                      truncated=max(result.claims_found) > limit)


@router.post("/claims/check", response_model=CheckOut)
def check(body: CheckIn, services: ServicesDep, _: ReaderDep) -> CheckOut:
    """Stored claims that contradict or support a new statement; nothing is stored."""
    published = parse_date(body.published_at).date() if body.published_at else None
    hits = check_statement(services.linker, services.extractor, body.text, published, article_id=body.article_id)
    with services.db.session(readonly=True) as session:
        claims = repo.get_claims(session, [h.claim_id for h in hits])
    return CheckOut(items=[CheckHitOut(claim=claims[h.claim_id], relation=h.relation,
                                       kind=h.kind, score=h.score, explanation=h.explanation)
                           for h in hits if h.claim_id in claims])
