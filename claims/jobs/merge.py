"""Merging what the data shows to be the same: duplicate claims across outlets, entity aliases."""

from __future__ import annotations

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from claims.db.models import Article, Claim, ClaimEntity, Entity, EntityAlias
from claims.services import Services

DUPLICATE_SIMILARITY = 0.97


def merge_duplicate_claims(services: Services, claim_ids: list[int]) -> int:
    """Point wire copies and syndicated rewrites at one canonical claim (the oldest)."""
    index = services.index
    changed = 0
    with services.db.session() as session:
        rows = session.execute(select(Claim.id, Claim.text, Claim.stance, Claim.canonical_claim_id, Article.source_id)
                               .join(Article).where(Claim.id.in_(claim_ids))).all()
        vectors = index.vectors([row.id for row in rows], [row.text for row in rows]) if rows else []
        for row, vector in zip(rows, vectors, strict=True):
            hits = [h for h in index.search(vector, 6) if h.score >= DUPLICATE_SIMILARITY and h.claim_id != row.id]
            if not hits:
                continue
            others = session.execute(select(Claim.id, Claim.stance, Claim.canonical_claim_id, Article.source_id)
                                     .join(Article).where(Claim.id.in_([h.claim_id for h in hits]))).all()
            same = [o for o in others if o.source_id != row.source_id and o.stance == row.stance]
            if not same:
                continue
            canonical = min([row.id] + [o.canonical_claim_id or o.id for o in same])
            if canonical != row.id and row.canonical_claim_id != canonical:
                session.execute(update(Claim).where(Claim.id == row.id).values(canonical_claim_id=canonical))
                changed += 1
    return changed


def _merge(session: Session, source: Entity, target: Entity) -> None:
    session.execute(update(EntityAlias).where(EntityAlias.entity_id == source.id).values(entity_id=target.id))
    taken = set(session.scalars(select(ClaimEntity.claim_id).where(ClaimEntity.entity_id == target.id)))
    session.execute(delete(ClaimEntity).where(ClaimEntity.entity_id == source.id, ClaimEntity.claim_id.in_(taken)))
    session.execute(update(ClaimEntity).where(ClaimEntity.entity_id == source.id).values(entity_id=target.id))
    session.execute(update(Claim).where(Claim.speaker_entity_id == source.id).values(speaker_entity_id=target.id))
    session.flush()
    session.expunge(source)
    session.execute(delete(Entity).where(Entity.id == source.id))


def merge_entities(session: Session) -> int:
    """Merge a bare surname ("Cavusoglu") into the one full name that ends with it, and
    names that differ only by a leading article ("the Kremlin" / "Kremlin")."""
    merged = 0
    people = list(session.scalars(select(Entity).where(Entity.kind == "PERSON")))
    full_names = [p for p in people if len(p.name.split()) > 1]
    for person in people:
        if len(person.name.split()) != 1:
            continue
        matches = [f for f in full_names if f.name.split()[-1].lower() == person.name.lower()]
        if len(matches) == 1:
            _merge(session, person, matches[0])
            merged += 1
    by_name = {e.name.lower(): e for e in session.scalars(select(Entity))}
    for name, entity in list(by_name.items()):
        if name.startswith("the ") and name[4:] in by_name and by_name[name[4:]].kind == entity.kind:
            _merge(session, entity, by_name[name[4:]])
            merged += 1
    return merged
