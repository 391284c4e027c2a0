"""Claim vectors and tombstones in the database: what every process's index catches up from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from claims.db.models import Article, Claim, ClaimTombstone, ClaimVector

EPOCH = date(1970, 1, 1)
UNKNOWN_DAY = np.iinfo(np.int32).min  # a claim with no time passes every time filter


def encode(vector: np.ndarray) -> bytes:
    # float16 halves the storage; cosine scores move by ~1e-3, far below any threshold we use.
    return np.asarray(vector, dtype=np.float16).tobytes()


def decode(blobs: Sequence[bytes], dimension: int) -> np.ndarray:
    if not blobs:
        return np.zeros((0, dimension), dtype=np.float32)
    vectors = np.frombuffer(b"".join(blobs), dtype=np.float16).astype(np.float32).reshape(len(blobs), -1)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def store(session: Session, claim_ids: Sequence[int], vectors: np.ndarray, model: str) -> None:
    """Insert or replace the vectors of these claims (in the caller's transaction)."""
    if not len(claim_ids):
        return
    session.execute(delete(ClaimVector).where(ClaimVector.claim_id.in_(list(claim_ids))))
    session.add_all([ClaimVector(claim_id=int(i), model=model, vector=encode(v))
                     for i, v in zip(claim_ids, vectors, strict=True)])


@dataclass
class VectorRows:
    """Vectors with what the index's filters need: article, source and time of each claim."""

    ids: np.ndarray
    vectors: np.ndarray
    article_ids: np.ndarray
    source_ids: np.ndarray
    time_lo: np.ndarray  # days since 1970, UNKNOWN_DAY when the claim has no time
    time_hi: np.ndarray


def _day(value: date | None, default: int) -> int:
    return (value - EPOCH).days if value is not None else default


def read(session: Session, claim_ids: Sequence[int], model: str, dimension: int) -> VectorRows:
    """Stored vectors of these claims made by ``model`` (claims without one are left out)."""
    rows = session.execute(
        select(ClaimVector.claim_id, ClaimVector.vector, Claim.article_id, Article.source_id, Claim.time_start,
               Claim.time_end)
        .join(Claim, Claim.id == ClaimVector.claim_id).join(Article, Article.id == Claim.article_id)
        .where(ClaimVector.claim_id.in_(list(claim_ids)), ClaimVector.model == model)
        .order_by(ClaimVector.claim_id)).all()
    return VectorRows(
        ids=np.array([r[0] for r in rows], dtype=np.int64), vectors=decode([r[1] for r in rows], dimension),
        article_ids=np.array([r[2] for r in rows], dtype=np.int32),
        source_ids=np.array([r[3] for r in rows], dtype=np.int32),
        time_lo=np.array([_day(r[4], UNKNOWN_DAY) for r in rows], dtype=np.int32),
        time_hi=np.array([_day(r[5] or r[4], np.iinfo(np.int32).max) for r in rows], dtype=np.int32))


def ids_above(session: Session, above: int, model: str) -> np.ndarray:
    """Ids of claims with a ``model`` vector, above an id (ordered)."""
    return np.array(session.scalars(select(ClaimVector.claim_id).where(ClaimVector.claim_id > above,
                                                                       ClaimVector.model == model)
                                    .order_by(ClaimVector.claim_id)).all(), dtype=np.int64)


def all_ids(session: Session, model: str) -> np.ndarray:
    return ids_above(session, 0, model)


def claims_without_vector(session: Session, model: str, limit: int | None = None) -> list[tuple[int, str]]:
    """(id, text) of claims with no vector from ``model`` (new claims, or a model change)."""
    current = select(ClaimVector.claim_id).where(ClaimVector.model == model)
    query = select(Claim.id, Claim.text).where(Claim.id.not_in(current)).order_by(Claim.id)
    return [(i, text) for i, text in session.execute(query.limit(limit) if limit else query).all()]


def tombstones_above(session: Session, above: int) -> list[tuple[int, int]]:
    """(tombstone id, claim id) of deletions after a tombstone id."""
    return [(t, c) for t, c in session.execute(select(ClaimTombstone.id, ClaimTombstone.claim_id)
                                               .where(ClaimTombstone.id > above).order_by(ClaimTombstone.id))]


def bury(session: Session, claim_ids: Sequence[int]) -> None:
    """Record deleted claims, in the deleting transaction."""
    session.add_all([ClaimTombstone(claim_id=int(i)) for i in claim_ids])


def state(session: Session, floor: int) -> tuple[int, int, int, int]:
    """(claims above ``floor``, largest claim id, largest tombstone id, floor): cheap to compare for
    "has anything changed".  Only ids above the floor are counted, so the cost is the same at any
    store size (counting every claim took 56 ms at 1M, several times per ingested article): a
    transaction that commits a lower id after a higher one does so within the ids a catch-up
    re-checks, which the floor is the bottom of."""
    recent = session.scalar(select(func.count(Claim.id)).where(Claim.id > floor))
    top = session.scalar(select(func.max(Claim.id)))
    tomb = session.scalar(select(func.max(ClaimTombstone.id)))
    return int(recent or 0), int(top or 0), int(tomb or 0), floor
