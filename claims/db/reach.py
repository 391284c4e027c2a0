"""How far a claim has travelled: the outlets that carry its text, and how many report it independently.

A wire story reprinted by five outlets is one report seen five times: its copies (articles with
``copy_of_id``) widen ``outlets`` but add no independent source.  Independent sources are the
distinct outlets of the claim's own article and of every original article whose claims an open or
confirmed "supports" link ties to it (a corroboration or a near-duplicate written separately).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from claims.db.models import Article, Claim, ClaimLink, Source


@dataclass(frozen=True)
class Reach:
    outlets: list[str]
    independent_sources: int


@dataclass(frozen=True)
class Origin:
    """Where a claim was published: all ``reach_of`` needs, read with the claim's own row."""

    claim_id: int
    article_id: int
    source_id: int
    source: str


# Built once (see ``repo._CLAIMS_BY_ID``): ids go in as an expanding parameter.
_COPIES = (select(Article.copy_of_id, Source.name).join(Source, Article.source_id == Source.id)
           .where(Article.copy_of_id.in_(bindparam("ids", expanding=True))).order_by(Article.id))
_SUPPORTS = select(ClaimLink.claim_a_id, ClaimLink.claim_b_id).where(
    ClaimLink.relation == "supports", ClaimLink.status != "dismissed",
    or_(ClaimLink.claim_a_id.in_(bindparam("ids", expanding=True)),
        ClaimLink.claim_b_id.in_(bindparam("ids", expanding=True))))
_SOURCES_OF = (select(Claim.id, Article.source_id).join(Article, Claim.article_id == Article.id)
               .where(Claim.id.in_(bindparam("ids", expanding=True))))


def reach_of(session: Session, claims: Sequence[Origin]) -> dict[int, Reach]:
    """For each claim: its outlets and independent sources, in three queries."""
    if not claims:
        return {}
    article_ids = sorted({c.article_id for c in claims})
    copies: dict[int, list[str]] = defaultdict(list)
    for original, name in session.execute(_COPIES, {"ids": article_ids}).all():
        if original is not None:
            copies[original].append(name)
    ids = {c.claim_id for c in claims}
    supporters: dict[int, set[int]] = defaultdict(set)
    links = session.execute(_SUPPORTS, {"ids": sorted(ids)}).all()
    for a, b in links:
        if a in ids:
            supporters[a].add(b)
        if b in ids:
            supporters[b].add(a)
    others = {i for group in supporters.values() for i in group}
    rows = session.execute(_SOURCES_OF, {"ids": sorted(others)}).all() if others else []
    source_of = {claim_id: source_id for claim_id, source_id in rows}
    result = {}
    for claim in claims:
        outlets = list(dict.fromkeys([claim.source, *copies.get(claim.article_id, [])]))
        independent = {claim.source_id} | {source_of[i] for i in supporters.get(claim.claim_id, ()) if i in source_of}
        result[claim.claim_id] = Reach(outlets, len(independent))
    return result
