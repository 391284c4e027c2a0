"""Merging what the data shows to be the same: duplicate claims across outlets, entity aliases.

The decisions live here; the writes are ``claims.db.merges``.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.db import merges
from claims.services import Services


def merge_duplicate_claims(services: Services, claim_ids: list[int]) -> int:
    """Point wire copies and syndicated rewrites at one canonical claim (the oldest)."""
    index = services.index
    threshold = services.settings.linking.duplicate_similarity
    changed = 0
    with services.db.session() as session:
        rows = merges.claim_origins(session, claim_ids)
        vectors = index.vectors([row.id for row in rows], [row.text for row in rows]) if rows else []
        for row, vector in zip(rows, vectors, strict=True):
            hits = [h for h in index.search(vector, 6) if h.score >= threshold and h.claim_id != row.id]
            if not hits:
                continue
            others = merges.claim_origins(session, [h.claim_id for h in hits])
            same = [o for o in others if o.source_id != row.source_id and o.stance == row.stance]
            if not same:
                continue
            canonical = min([row.id] + [o.canonical_claim_id or o.id for o in same])
            if canonical != row.id and row.canonical_claim_id != canonical:
                merges.set_canonical(session, row.id, canonical)
                changed += 1
    return changed


def merge_entities(session: Session) -> int:
    """Merge a bare surname ("Cavusoglu") into the one full name that ends with it, and
    names that differ only by a leading article ("the Kremlin" / "Kremlin")."""
    merged = 0
    people = merges.entity_names(session, "PERSON")
    full_names = [p for p in people if len(p.name.split()) > 1]
    for person in people:
        if len(person.name.split()) != 1:
            continue
        matches = [f for f in full_names if f.name.split()[-1].lower() == person.name.lower()]
        if len(matches) == 1:
            merges.fold_entity(session, person.id, matches[0].id)
            merged += 1
    by_name = {e.name.lower(): e for e in merges.entity_names(session)}
    for name, entity in list(by_name.items()):
        if name.startswith("the ") and name[4:] in by_name and by_name[name[4:]].kind == entity.kind:
            merges.fold_entity(session, entity.id, by_name[name[4:]].id)
            merged += 1
    return merged
