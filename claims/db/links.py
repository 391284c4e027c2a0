"""Reading and reviewing claim links (contradictions and corroborations)."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, and_, bindparam, or_, select
from sqlalchemy.orm import Session, aliased

from claims.db import repo
from claims.db.models import Article, Claim, ClaimEntity, ClaimLink, EntityAlias, LinkReview, Source
from claims.errors import InvalidInputError, NotFoundError
from claims.schemas import LinkOut, ReviewOut

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LinkFilters:
    relation: str | None = "contradicts"
    source: str | None = None
    entity: str | None = None  # an entity id or any alias ("ISIL" finds Islamic State)
    kind: str | None = None
    status: str | None = None
    min_score: float | None = None
    since: datetime | None = None
    until: datetime | None = None
    article_id: int | None = None
    claim_id: int | None = None
    sort: str = "newest"  # newest | score


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


MAX_CURSOR_CHARS = 200  # the cursors this server issues are about 40 characters


def decode_cursor(cursor: str) -> list[Any]:
    try:
        if len(cursor) > MAX_CURSOR_CHARS:
            raise ValueError("too long")
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if (not isinstance(values, list) or len(values) != 2 or not isinstance(values[1], int)
                or not 0 < values[1] <= MAX_ID or not isinstance(values[0], int | float) or abs(values[0]) > 1e9):
            raise ValueError
        return values
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidInputError("cursor is not one this server issued",
                                field_errors=[{"field": "cursor", "message": "invalid cursor"}]) from exc


MAX_ID = 2_147_483_647  # ids are 32-bit integers in the database


def _entity_ids(session: Session, entity: str) -> list[int]:
    if entity.isascii() and entity.isdigit() and int(entity) <= MAX_ID:  # "²".isdigit() is True
        return [int(entity)]
    found = repo.find_entity(session, entity)
    if found is not None:
        return [found.id]
    key = repo.alias_key(entity)
    return list(session.scalars(select(EntityAlias.entity_id).where(EntityAlias.alias_key.like(f"%{key}%"))
                                .distinct().limit(50)))


def _filtered(session: Session, filters: LinkFilters) -> Select[ClaimLink]:
    claim_a, claim_b = aliased(Claim), aliased(Claim)
    article_a, article_b = aliased(Article), aliased(Article)
    query = select(ClaimLink)
    # Join claims and articles only for a filter that reads them: an unfiltered page then walks the
    # (relation, id) index alone and costs the same at 100 links or 100k.
    by_article = filters.article_id is not None or filters.source or filters.since or filters.until
    if by_article or filters.entity:
        query = (query.join(claim_a, claim_a.id == ClaimLink.claim_a_id)
                 .join(claim_b, claim_b.id == ClaimLink.claim_b_id))
    if by_article:
        query = (query.join(article_a, article_a.id == claim_a.article_id)
                 .join(article_b, article_b.id == claim_b.article_id))
    if filters.relation:
        query = query.where(ClaimLink.relation == filters.relation)
    if filters.kind:
        query = query.where(ClaimLink.kind == filters.kind)
    if filters.status:
        query = query.where(ClaimLink.status == filters.status)
    if filters.min_score is not None:
        # Newest first, the floor is checked while walking the (relation, id) index: "score + 0" keeps
        # the planner off the score index, by which SQLite fetched and sorted every link above the
        # floor (1.7 ms at 10k links, growing with the store; 0.11 ms walking the ids).
        score = ClaimLink.score if filters.sort == "score" else ClaimLink.score + 0
        query = query.where(score >= filters.min_score)
    if filters.article_id is not None:
        query = query.where(or_(article_a.id == filters.article_id, article_b.id == filters.article_id))
    if filters.claim_id is not None:
        query = query.where(or_(ClaimLink.claim_a_id == filters.claim_id, ClaimLink.claim_b_id == filters.claim_id))
    if filters.source:
        sources = select(Source.id).where(Source.name == filters.source).scalar_subquery()
        query = query.where(or_(article_a.source_id == sources, article_b.source_id == sources))
    if filters.since:
        query = query.where(or_(article_a.published_at >= filters.since, article_b.published_at >= filters.since))
    if filters.until:
        query = query.where(or_(article_a.published_at <= filters.until, article_b.published_at <= filters.until))
    if filters.entity:
        ids = _entity_ids(session, filters.entity)
        mentioned = select(ClaimEntity.claim_id).where(ClaimEntity.entity_id.in_(ids))
        query = query.where(or_(ClaimLink.claim_a_id.in_(mentioned), ClaimLink.claim_b_id.in_(mentioned),
                                claim_a.speaker_entity_id.in_(ids), claim_b.speaker_entity_id.in_(ids)))
    return query


def filtered_ids(session: Session, filters: LinkFilters) -> Select[int]:
    """The ids of the links the filters select (for aggregates over the same set as the list)."""
    return _filtered(session, filters).with_only_columns(ClaimLink.id)


def list_links(session: Session, filters: LinkFilters, limit: int, cursor: str | None = None
               ) -> tuple[list[LinkOut], str | None]:
    """One page of links and the cursor of the next page (None on the last)."""
    rows, next_cursor = page_rows(session, filters, limit, cursor)
    return links_to_schema(session, rows), next_cursor


def page_rows(session: Session, filters: LinkFilters, limit: int, cursor: str | None = None
              ) -> tuple[Sequence[Row[Any]], str | None]:
    """One page of ``claim_links`` rows (``links_to_schema`` makes them links) and the next page's cursor."""
    return _page(session, filters, limit, cursor, _LINK_COLUMNS)


def page_ids(session: Session, filters: LinkFilters, limit: int, cursor: str | None = None
             ) -> tuple[list[int], str | None]:
    """One page's link ids and the next page's cursor: a page whose links are cached needs no more
    (the whole rows, their signals' JSON decoded, were 0.45 of the 1.05 ms a page's query took on 100k claims)."""
    rows, next_cursor = _page(session, filters, limit, cursor, (ClaimLink.id, ClaimLink.score))
    return [row.id for row in rows], next_cursor


def link_rows(session: Session, ids: Sequence[int]) -> list[Row[Any]]:
    """The ``claim_links`` rows of these ids that exist, in the order given."""
    if not ids:
        return []
    found = {row.id: row for row in session.execute(_LINKS_BY_IDS, {"ids": list(ids)})}
    return [found[i] for i in ids if i in found]


def _page(session: Session, filters: LinkFilters, limit: int, cursor: str | None, columns: Sequence[Any]
          ) -> tuple[Sequence[Row[Any]], str | None]:
    query = _filtered(session, filters)
    order: tuple[Any, ...]
    if filters.sort == "score":
        order = (ClaimLink.score.desc(), ClaimLink.id.desc())
        if cursor:
            score, last_id = decode_cursor(cursor)
            query = query.where(or_(ClaimLink.score < score, and_(ClaimLink.score == score, ClaimLink.id < last_id)))
    else:
        order = (ClaimLink.id.desc(),)  # ids grow with time: newest first
        if cursor:
            _, last_id = decode_cursor(cursor)
            query = query.where(ClaimLink.id < last_id)
    rows = session.execute(query.with_only_columns(*columns).order_by(*order).limit(limit + 1)).all()
    page, more = rows[:limit], len(rows) > limit
    last = page[-1] if page else None
    next_cursor = encode_cursor([last.score if filters.sort == "score" else 0, last.id]) if more and last else None
    return page, next_cursor


# Links are read as plain rows, as claims are (``repo.get_claims``): no ORM objects on a read.
# ORM attributes, not table columns, so a read inside a writing session still autoflushes first.
_LINK_COLUMNS = tuple(getattr(ClaimLink, column.key) for column in ClaimLink.__table__.columns)
_REVIEW_COLUMNS = tuple(getattr(LinkReview, column.key) for column in LinkReview.__table__.columns)
# Built once, parameters bound per call (see ``repo._CLAIMS_BY_ID``).
_LINK_BY_ID = select(*_LINK_COLUMNS).where(ClaimLink.id == bindparam("id"))
_LINKS_BY_IDS = select(*_LINK_COLUMNS).where(ClaimLink.id.in_(bindparam("ids", expanding=True)))
_REVIEWS_OF = (select(*_REVIEW_COLUMNS).where(LinkReview.link_id.in_(bindparam("ids", expanding=True)))
               .order_by(LinkReview.id))


def links_to_schema(session: Session, links: Sequence[Row[Any]]) -> list[LinkOut]:
    """Rows of ``claim_links`` as readers see them: both claims and the review history, in six queries."""
    claims = repo.get_claims(session, sorted({i for link in links for i in (link.claim_a_id, link.claim_b_id)}))
    history: dict[int, list[ReviewOut]] = {}
    if links:
        for r in session.execute(_REVIEWS_OF, {"ids": [link.id for link in links]}):
            history.setdefault(r.link_id, []).append(ReviewOut(
                action=r.action, status=r.status, score=r.score, reviewer=r.reviewer, note=r.note,
                created_at=r.created_at))
    return [LinkOut(
        id=link.id, relation=link.relation, kind=link.kind, score=link.score,
        status=link.status, explanation=link.explanation, signals=link.signals,
        model_version=link.model_version, reviewer=link.reviewer, reviewer_note=link.reviewer_note,
        reviewed_at=link.reviewed_at, created_at=link.created_at, updated_at=link.updated_at,
        claim_a=claims[link.claim_a_id], claim_b=claims[link.claim_b_id],
        history=history.get(link.id, [])) for link in links]


def get_link(session: Session, link_id: int) -> LinkOut:
    link = session.execute(_LINK_BY_ID, {"id": link_id}).first()
    if link is None:
        raise NotFoundError(f"contradiction {link_id} does not exist")
    return links_to_schema(session, [link])[0]
