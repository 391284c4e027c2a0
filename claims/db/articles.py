"""Storing an article and its extracted claims: the writes of ingestion."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from claims.db import entities, repo
from claims.db.models import Article, Claim, ClaimEntity, utcnow
from claims.extract.types import ExtractedClaim
from claims.ingest.prepare import PreparedArticle

# Column widths (claims.db.models): extraction from hostile text can produce longer strings.
SPEAKER_CHARS, TIME_TEXT_CHARS, MENTION_CHARS = 300, 200, 300


def store_article(session: Session, prepared: PreparedArticle, copy_of: int | None = None) -> int:
    """A validated article, unprocessed (its claims come later, from the queue); returns its id.

    ``copy_of``: the article from another outlet whose text this one carries (a wire copy).
    """
    source = repo.get_or_create_source(session, prepared.source)
    article = Article(
        source_id=source.id, url=prepared.url, external_id=prepared.external_id, title=prepared.title,
        text=prepared.text, raw_html=prepared.raw_html, content_hash=prepared.content_hash,
        published_at=prepared.published_at, published_at_origin=prepared.published_at_origin, copy_of_id=copy_of)
    article.source = source
    session.add(article)
    session.flush()
    return article.id


def store_claims(session: Session, article_id: int, extracted: Sequence[ExtractedClaim],
                 extraction_version: str) -> list[int]:
    """An article's extracted claims, speakers and mentions resolved to entities; ids in extraction order."""
    claims = []
    for item in extracted:
        claim = Claim(
            sentence_index=item.sentence_index, char_start=item.char_start, char_end=item.char_end,
            proposition_start=item.proposition_start, proposition_end=item.proposition_end, text=item.text,
            statement=item.statement or item.text, speaker=item.speaker[:SPEAKER_CHARS], stance=item.stance,
            negated=item.negated, checkworthy=item.checkworthy,
            time_start=item.time.start if item.time else None, time_end=item.time.end if item.time else None,
            time_text=item.time.text[:TIME_TEXT_CHARS] if item.time else None)
        speaker = entities.resolve_speaker(session, item.speaker)
        claim.speaker_entity_id = speaker.id if speaker is not None else None
        seen: set[int] = set()
        for mention in item.mentions:
            entity = entities.resolve(session, mention)
            if entity is not None and entity.id not in seen:
                seen.add(entity.id)
                claim.mentions.append(ClaimEntity(entity_id=entity.id, mention=mention.text[:MENTION_CHARS]))
        claims.append(claim)
    repo.add_claims(session, article_id, claims, extraction_version)
    return [claim.id for claim in claims]


def mark_processed(session: Session, article_id: int) -> None:
    """A wire copy's processing: nothing to extract, its original holds the claims."""
    article = session.get(Article, article_id, with_for_update=True)
    if article is not None:
        article.processed_at = utcnow()


def hand_over_copies(session: Session, article_id: int) -> int | None:
    """Before an original is deleted: its other copies point at its oldest copy, the heir (returned)."""
    copies = list(session.scalars(select(Article).where(Article.copy_of_id == article_id).order_by(Article.id)))
    if not copies:
        return None
    for other in copies[1:]:
        other.copy_of_id = copies[0].id
    session.flush()
    return copies[0].id


def make_original(session: Session, article_id: int) -> None:
    """After its original is deleted, the heir holds the text's claims: unprocessed until its job runs."""
    article = session.get(Article, article_id, with_for_update=True)
    if article is not None:
        article.copy_of_id, article.processed_at = None, None
        session.flush()
