"""The writes of the nightly merges: a claim pointed at its canonical copy, one entity folded into another."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from claims.db.models import Article, Claim, ClaimEntity, Entity, EntityAlias


@dataclass(frozen=True)
class ClaimOrigin:
    """What deciding a claim's canonical copy needs: its stance, outlet and current canonical claim."""

    id: int
    text: str
    stance: str
    source_id: int
    canonical_claim_id: int | None


def claim_origins(session: Session, claim_ids: Sequence[int]) -> list[ClaimOrigin]:
    rows = session.execute(select(Claim.id, Claim.text, Claim.stance, Article.source_id, Claim.canonical_claim_id)
                           .join(Article).where(Claim.id.in_(list(claim_ids)))).all()
    return [ClaimOrigin(*row) for row in rows]


def set_canonical(session: Session, claim_id: int, canonical_id: int) -> None:
    session.execute(update(Claim).where(Claim.id == claim_id).values(canonical_claim_id=canonical_id))


@dataclass(frozen=True)
class EntityName:
    id: int
    name: str
    kind: str


def entity_names(session: Session, kind: str | None = None) -> list[EntityName]:
    query = select(Entity.id, Entity.name, Entity.kind)
    rows = session.execute(query if kind is None else query.where(Entity.kind == kind)).all()
    return [EntityName(*row) for row in rows]


def fold_entity(session: Session, source_id: int, target_id: int) -> None:
    """Every alias, mention and speaker of ``source_id`` becomes ``target_id``'s; the source is deleted."""
    session.execute(update(EntityAlias).where(EntityAlias.entity_id == source_id).values(entity_id=target_id))
    taken = set(session.scalars(select(ClaimEntity.claim_id).where(ClaimEntity.entity_id == target_id)))
    # A claim that mentions both keeps one mention (the pair is the primary key).
    session.execute(delete(ClaimEntity).where(ClaimEntity.entity_id == source_id, ClaimEntity.claim_id.in_(taken)))
    session.execute(update(ClaimEntity).where(ClaimEntity.entity_id == source_id).values(entity_id=target_id))
    session.execute(update(Claim).where(Claim.speaker_entity_id == source_id).values(speaker_entity_id=target_id))
    session.execute(delete(Entity).where(Entity.id == source_id))
