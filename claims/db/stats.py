"""Aggregates for the dashboard's charts."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from claims.db.links import LinkFilters, filtered_ids
from claims.db.models import Article, Claim, ClaimEntity, ClaimLink, Entity


def contradiction_stats(session: Session, filters: LinkFilters | None = None, top_entities: int = 12
                        ) -> dict[str, object]:
    """Contradictions per month (of the later claim's publication), per entity and per kind.

    Under ``filters`` the charts count the same pairs the list shows.
    """
    chosen = filtered_ids(session, filters or LinkFilters()).scalar_subquery()
    claim_a, claim_b = aliased(Claim), aliased(Claim)
    article_a, article_b = aliased(Article), aliased(Article)
    rows = session.execute(
        select(ClaimLink.id, ClaimLink.kind, article_a.published_at, article_b.published_at)
        .join(claim_a, claim_a.id == ClaimLink.claim_a_id).join(claim_b, claim_b.id == ClaimLink.claim_b_id)
        .join(article_a, article_a.id == claim_a.article_id).join(article_b, article_b.id == claim_b.article_id)
        .where(ClaimLink.relation == "contradicts", ClaimLink.id.in_(chosen))).all()
    months: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    for _, kind, published_a, published_b in rows:
        known = [d for d in (published_a, published_b) if d is not None]
        months[max(known).strftime("%Y-%m") if known else "unknown"] += 1
        kinds[kind or "unknown"] += 1
    mentioned = (select(ClaimEntity.entity_id, ClaimLink.id.label("link_id"))
                 .join(ClaimLink, (ClaimLink.claim_a_id == ClaimEntity.claim_id)
                       | (ClaimLink.claim_b_id == ClaimEntity.claim_id))
                 .where(ClaimLink.relation == "contradicts", ClaimLink.id.in_(chosen)).distinct().subquery())
    entities = session.execute(
        select(Entity.id, Entity.name, func.count(mentioned.c.link_id).label("n"))
        .join(mentioned, mentioned.c.entity_id == Entity.id).group_by(Entity.id, Entity.name)
        .order_by(func.count(mentioned.c.link_id).desc(), Entity.name).limit(top_entities)).all()
    return {"total": len(rows), "by_month": [{"month": m, "count": n} for m, n in sorted(months.items())],
            "by_kind": dict(kinds), "by_entity": [{"id": i, "name": name, "count": n} for i, name, n in entities]}
