"""Storage operations.  Rows stay in here; callers get ``claims.schemas`` objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from claims.db import linkstore, vectors
from claims.db.models import Article, AuditEntry, Claim, ClaimEntity, ClaimLink, Entity, EntityAlias, Source, utcnow
from claims.db.reach import Origin, reach_of
from claims.errors import NotFoundError
from claims.schemas import ArticleOut, ClaimOut, EntityOut, EntityRef, IngestResult, heading, ingest_warnings

NAME_CHARS = 300  # entities.name and entity_aliases.alias


def alias_key(alias: str) -> str:
    """Lookup form of an alias: case-folded, dots and extra spaces removed ("U.S." == "us")."""
    return " ".join(alias.casefold().replace(".", "").replace("’", "'").split())[:NAME_CHARS]


def get_or_create_source(session: Session, name: str) -> Source:
    source = session.scalar(select(Source).where(Source.name == name))
    if source is not None:
        return source
    try:
        # A savepoint, so losing the race to a concurrent writer keeps our transaction usable.
        with session.begin_nested():
            source = Source(name=name)
            session.add(source)
    except IntegrityError:
        source = session.scalar(select(Source).where(Source.name == name))
        assert source is not None
    return source


def find_entity(session: Session, alias: str) -> Entity | None:
    row = session.scalar(select(EntityAlias).where(EntityAlias.alias_key == alias_key(alias)))
    return row.entity if row is not None else None


def get_or_create_entity(session: Session, name: str, kind: str, aliases: Iterable[str] = (),
                         origin: str = "extracted") -> Entity:
    """The entity an alias names, created (with its aliases) when the alias is new."""
    name = name[:NAME_CHARS]
    entity = find_entity(session, name)
    if entity is None:
        try:
            with session.begin_nested():
                entity = session.scalar(select(Entity).where(Entity.name == name, Entity.kind == kind))
                if entity is None:
                    entity = Entity(name=name, kind=kind)
                    session.add(entity)
                    session.flush()
                session.add(EntityAlias(entity_id=entity.id, alias=name, alias_key=alias_key(name), origin=origin))
        except IntegrityError:
            entity = find_entity(session, name)
            assert entity is not None
    for alias in aliases:
        add_alias(session, entity, alias, origin)
    return entity


def add_alias(session: Session, entity: Entity, alias: str, origin: str = "extracted") -> bool:
    """Attach an alias to an entity; False when the alias already names some entity."""
    alias = alias[:NAME_CHARS]
    key = alias_key(alias)
    if not key or session.scalar(select(EntityAlias.id).where(EntityAlias.alias_key == key)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(EntityAlias(entity_id=entity.id, alias=alias, alias_key=key, origin=origin))
    except IntegrityError:
        return False
    return True


def article_for_extraction(session: Session, article_id: int) -> tuple[str, date | None, str, int | None]:
    """(text, publication day, outlet, the original it copies if it is a wire copy) of a stored article."""
    row = session.execute(select(Article.text, Article.published_at, Source.name, Article.copy_of_id).join(Source)
                          .where(Article.id == article_id)).one_or_none()
    if row is None:
        raise NotFoundError(f"article {article_id} does not exist")
    text, published, source, copy_of = row
    return text, published.date() if published else None, source, copy_of


def add_claims(session: Session, article_id: int, claims: Sequence[Claim], extraction_version: str) -> None:
    """Store an article's extracted claims and mark it processed (in the caller's transaction)."""
    article = session.get(Article, article_id, with_for_update=True)
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist")
    for claim in claims:
        claim.span = article.text[claim.char_start:claim.char_end]
        claim.context_before, claim.context_after = sentence_context(article.text, claim.char_start, claim.char_end)
    article.claims.extend(claims)
    article.extraction_version, article.processed_at = extraction_version, utcnow()
    session.flush()


def claim_ids_of(session: Session, article_id: int) -> list[int]:
    return list(session.scalars(select(Claim.id).where(Claim.article_id == article_id).order_by(Claim.id)))


def claims_holder(session: Session, article_id: int) -> int:
    """The article whose claims this article carries: itself, or the original of a wire copy."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist")
    return article.copy_of_id or article.id


def ingest_result(session: Session, article_id: int, duplicate: bool) -> IngestResult:
    # A wire copy carries its original's claims: they are counted, not extracted twice.
    holder = claims_holder(session, article_id)
    article = session.get(Article, article_id)  # the one claims_holder loaded (the session's identity map)
    assert article is not None
    count = session.scalar(select(func.count(Claim.id)).where(Claim.article_id == holder)) or 0
    return IngestResult(id=article.id, source=article.source.name, published_at=article.published_at,
                        claims_count=count, duplicate=duplicate, copy_of=article.copy_of_id,
                        warnings=ingest_warnings(count))


def delete_article(session: Session, article_id: int, principal: str) -> list[int]:
    """Delete an article with its claims and links; returns the claim ids.

    Its links are archived with their review history first, the deletion goes into the audit
    log, and tombstones tell every process's index.
    """
    article = session.get(Article, article_id, with_for_update=True)
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist")
    claim_ids = [claim.id for claim in article.claims]
    links = list(session.scalars(select(ClaimLink).where(or_(ClaimLink.claim_a_id.in_(claim_ids),
                                                             ClaimLink.claim_b_id.in_(claim_ids)))
                                 .options(selectinload(ClaimLink.reviews)))) if claim_ids else []
    linkstore.archive(session, links, "article_deleted")
    session.add(AuditEntry(action="delete_article", principal=principal, target=f"article {article_id}",
                           detail={"source": article.source.name, "title": article.title, "url": article.url,
                                   "claims": len(claim_ids), "links_archived": len(links),
                                   "reviewed_links": sum(link.status != "open" for link in links)}))
    vectors.bury(session, claim_ids)
    session.delete(article)
    return claim_ids


def find_duplicate(session: Session, url: str | None, content_hash: str, source: str) -> Article | None:
    """The article this one repeats: the same URL, or the same text from the same outlet."""
    if url:
        article = session.scalar(select(Article).where(Article.url == url))
        if article is not None:
            return article
    return session.scalar(select(Article).join(Source).where(Article.content_hash == content_hash,
                                                             Source.name == source))


def find_original(session: Session, content_hash: str) -> Article | None:
    """The first article of this text from any outlet: a new outlet's article is a copy of it (a wire story)."""
    return session.scalar(select(Article).where(Article.content_hash == content_hash, Article.copy_of_id.is_(None))
                          .order_by(Article.id).limit(1))


def sentence_context(text: str, start: int, end: int, reach: int = 300) -> tuple[str, str]:
    """The rest of the sentence (or sentences) around a span, for showing a claim in context."""
    window = text[max(0, start - reach):start]
    cut = max(window.rfind(". "), window.rfind("\n\n"), window.rfind(".\n"))
    before = window[cut + 2:] if cut >= 0 else window
    after = text[end:end + reach]
    stop = min((i for i in (after.find(". "), after.find("\n\n"), after.find(".\n")) if i >= 0), default=-1)
    return before, after[:stop + 1] if stop >= 0 else after


# A claim as a reader sees it, read as plain rows: building ORM objects (claim, article, source,
# mentions, entity) cost about three quarters of a list page's time (issue 14, profiled).
_CLAIM_COLUMNS = (Claim.id, Claim.article_id, Claim.text, Claim.speaker, Claim.stance, Claim.negated,
                  Claim.time_start, Claim.time_end, Claim.time_text, Claim.char_start, Claim.char_end,
                  Claim.proposition_start, Claim.proposition_end, Claim.statement, Claim.sentence_index,
                  Claim.checkworthy, Claim.span, Claim.context_before, Claim.context_after,
                  Article.source_id, Article.published_at, Source.name.label("source"))
# Reads build their statements once, with the ids as an expanding parameter: building a select and its
# cache key on every call was about half an item read's CPU (2.1-2.4 ms -> 1.1 ms on 100k claims, session 20).
_CLAIMS_BY_ID = (select(*_CLAIM_COLUMNS).join(Article, Claim.article_id == Article.id)
                 .join(Source, Article.source_id == Source.id).where(Claim.id.in_(bindparam("ids", expanding=True))))
_ENTITIES_OF_CLAIMS = (select(ClaimEntity.claim_id, Entity.id, Entity.name)
                       .join(Entity, ClaimEntity.entity_id == Entity.id)
                       .where(ClaimEntity.claim_id.in_(bindparam("ids", expanding=True)))
                       .order_by(ClaimEntity.claim_id, ClaimEntity.entity_id))


_TEXTS_BY_ID = select(Claim.id, Claim.text, Claim.statement).where(Claim.id.in_(bindparam("ids", expanding=True)))


def claim_texts(session: Session, claim_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Each existing claim's proposition and statement, by id, in one query (no entities, no reach)."""
    if not claim_ids:
        return {}
    return {i: (text, statement) for i, text, statement in session.execute(_TEXTS_BY_ID, {"ids": list(claim_ids)})}


def get_claims(session: Session, claim_ids: Sequence[int]) -> dict[int, ClaimOut]:
    """The claims that exist among ``claim_ids``, by id, in at most five queries whatever their number."""
    if not claim_ids:
        return {}
    ids = list(claim_ids)
    rows = session.execute(_CLAIMS_BY_ID, {"ids": ids}).all()
    mentioned: dict[int, list[EntityRef]] = {}
    for claim_id, entity_id, name in session.execute(_ENTITIES_OF_CLAIMS, {"ids": ids}):
        mentioned.setdefault(claim_id, []).append(EntityRef(id=entity_id, name=name))
    travelled = reach_of(session, [Origin(r.id, r.article_id, r.source_id, r.source) for r in rows])
    return {r.id: ClaimOut(
        id=r.id, article_id=r.article_id, source=r.source, published_at=r.published_at,
        text=r.text, speaker=r.speaker, stance=r.stance, negated=r.negated,
        entities=mentioned.get(r.id, []), time=r.time_start, time_end=r.time_end, time_text=r.time_text,
        char_start=r.char_start, char_end=r.char_end, proposition_start=r.proposition_start,
        proposition_end=r.proposition_end, statement=r.statement, sentence_index=r.sentence_index,
        checkworthy=r.checkworthy, span=r.span, context_before=r.context_before, context_after=r.context_after,
        outlets=travelled[r.id].outlets, independent_sources=travelled[r.id].independent_sources) for r in rows}


def get_claim(session: Session, claim_id: int) -> ClaimOut:
    found = get_claims(session, [claim_id])
    if claim_id not in found:
        raise NotFoundError(f"claim {claim_id} does not exist")
    return found[claim_id]


def get_article(session: Session, article_id: int) -> ArticleOut:
    article = session.scalar(select(Article).where(Article.id == article_id).options(selectinload(Article.source)))
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist")
    order = list(session.scalars(select(Claim.id).where(Claim.article_id == article_id)
                                 .order_by(Claim.char_start, Claim.id)))
    claims = get_claims(session, order)
    return ArticleOut(
        id=article.id, source=article.source.name, url=article.url, title=article.title,
        heading=heading(article.title, article.text), external_id=article.external_id,
        published_at=article.published_at,
        published_at_origin=article.published_at_origin, text=article.text, created_at=article.created_at,
        claims=[claims[i] for i in order], copy_of=article.copy_of_id,
        copies=list(session.scalars(select(Article.id).where(Article.copy_of_id == article.id).order_by(Article.id))))


def entity_to_schema(session: Session, entity: Entity) -> EntityOut:
    count = session.scalar(select(func.count()).select_from(ClaimEntity).where(ClaimEntity.entity_id == entity.id))
    return EntityOut(id=entity.id, name=entity.name, kind=entity.kind,
                     aliases=sorted(a.alias for a in entity.aliases), claims_count=count or 0)


def get_entity(session: Session, entity_id: int) -> EntityOut:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFoundError(f"entity {entity_id} does not exist")
    return entity_to_schema(session, entity)


def search_entities(session: Session, query: str, limit: int = 20) -> list[EntityOut]:
    key = alias_key(query)
    ids = session.scalars(
        select(EntityAlias.entity_id).where(EntityAlias.alias_key.like(f"%{key}%")).distinct().limit(limit))
    entities = session.scalars(select(Entity).where(Entity.id.in_(list(ids))).options(selectinload(Entity.aliases)))
    return [entity_to_schema(session, entity) for entity in entities]
