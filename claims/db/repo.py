"""Storage operations.  Rows stay in here; callers get ``claims.schemas`` objects."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from claims.db.models import Article, Claim, ClaimEntity, Entity, EntityAlias, Source
from claims.errors import NotFoundError
from claims.schemas import ArticleOut, ClaimOut, EntityOut, EntityRef


def alias_key(alias: str) -> str:
    """Lookup form of an alias: case-folded, dots and extra spaces removed ("U.S." == "us")."""
    return " ".join(alias.casefold().replace(".", "").replace("’", "'").split())


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
    key = alias_key(alias)
    if not key or session.scalar(select(EntityAlias.id).where(EntityAlias.alias_key == key)) is not None:
        return False
    try:
        with session.begin_nested():
            session.add(EntityAlias(entity_id=entity.id, alias=alias, alias_key=key, origin=origin))
    except IntegrityError:
        return False
    return True


def find_duplicate(session: Session, url: str | None, content_hash: str) -> Article | None:
    if url:
        article = session.scalar(select(Article).where(Article.url == url))
        if article is not None:
            return article
    return session.scalar(select(Article).where(Article.content_hash == content_hash))


def sentence_context(text: str, start: int, end: int, reach: int = 300) -> tuple[str, str]:
    """The rest of the sentence (or sentences) around a span, for showing a claim in context."""
    window = text[max(0, start - reach):start]
    cut = max(window.rfind(". "), window.rfind("\n\n"), window.rfind(".\n"))
    before = window[cut + 2:] if cut >= 0 else window
    after = text[end:end + reach]
    stop = min((i for i in (after.find(". "), after.find("\n\n"), after.find(".\n")) if i >= 0), default=-1)
    return before, after[:stop + 1] if stop >= 0 else after


def claim_to_schema(claim: Claim) -> ClaimOut:
    article = claim.article
    before, after = sentence_context(article.text, claim.char_start, claim.char_end)
    return ClaimOut(
        id=claim.id, article_id=claim.article_id, source=article.source.name, published_at=article.published_at,
        text=claim.text, speaker=claim.speaker, stance=claim.stance,  # type: ignore[arg-type]
        negated=claim.negated,
        entities=[EntityRef(id=m.entity.id, name=m.entity.name) for m in claim.mentions],
        time=claim.time_start, time_end=claim.time_end, time_text=claim.time_text,
        char_start=claim.char_start, char_end=claim.char_end, sentence_index=claim.sentence_index,
        checkworthy=claim.checkworthy, span=article.text[claim.char_start:claim.char_end],
        context_before=before, context_after=after)


def claim_options() -> list:
    return [selectinload(Claim.article).selectinload(Article.source),
            selectinload(Claim.mentions).selectinload(ClaimEntity.entity)]


def get_claims(session: Session, claim_ids: Sequence[int]) -> dict[int, ClaimOut]:
    if not claim_ids:
        return {}
    rows = session.scalars(select(Claim).where(Claim.id.in_(list(claim_ids))).options(*claim_options()))
    return {row.id: claim_to_schema(row) for row in rows}


def get_claim(session: Session, claim_id: int) -> ClaimOut:
    found = get_claims(session, [claim_id])
    if claim_id not in found:
        raise NotFoundError(f"claim {claim_id} does not exist")
    return found[claim_id]


def get_article(session: Session, article_id: int) -> ArticleOut:
    article = session.scalar(
        select(Article).where(Article.id == article_id)
        .options(selectinload(Article.source),
                 selectinload(Article.claims).selectinload(Claim.mentions).selectinload(ClaimEntity.entity)))
    if article is None:
        raise NotFoundError(f"article {article_id} does not exist")
    return ArticleOut(
        id=article.id, source=article.source.name, url=article.url, title=article.title,
        external_id=article.external_id, published_at=article.published_at,
        published_at_origin=article.published_at_origin, text=article.text, created_at=article.created_at,
        claims=[claim_to_schema(claim) for claim in article.claims])


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
