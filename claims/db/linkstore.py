"""Machine writes to claim links: the linker's decisions, re-scores, and resolved links archived.

Every write a job or the linker makes to ``claim_links`` is one of these functions; reviews
(editors' writes) are in ``claims.db.reviews``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from claims.db.models import ArchivedLink, Claim, ClaimLink, LinkReview, utcnow
from claims.db.session import Database

log = logging.getLogger(__name__)


class LinkDecision(Protocol):
    """What the linker decided about a pair (``claims.linking.scoring.Decision``)."""

    relation: Any
    kind: Any
    score: float
    explanation: str
    signals: list[dict[str, object]]


def store_link(session: Session, a: int, b: int, decision: LinkDecision, version: str) -> int:
    """Insert or re-score the link of a pair (a < b); reviewer decisions are kept. Returns 1 if changed."""
    link = session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
    new_score = round(decision.score, 6)
    if link is None:
        try:
            with session.begin_nested():
                session.add(ClaimLink(claim_a_id=a, claim_b_id=b, relation=decision.relation, kind=decision.kind,
                                      score=new_score, signals=decision.signals, explanation=decision.explanation,
                                      model_version=version))
            return 1
        except IntegrityError:
            link = session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
            assert link is not None
    if (link.relation, link.kind, link.score, link.model_version) == (decision.relation, decision.kind, new_score,
                                                                       version):
        return 0
    link.relation, link.kind, link.score = decision.relation, decision.kind, new_score
    link.signals, link.explanation, link.model_version = decision.signals, decision.explanation, version
    session.add(LinkReview(link_id=link.id, action="rescore", status=link.status, score=new_score))
    return 1


def upsert_links(db: Database, decided: Sequence[tuple[int, int, LinkDecision]], version: str,
                 linked_claim_ids: Sequence[int]) -> int:
    """Store the linker's decisions and mark the claims linked, in one transaction; returns links changed."""
    # Sorted pairs take row locks in one order in every process: concurrent linkers then wait for
    # each other instead of deadlocking; a deadlock that still happens is retried.
    ordered = sorted(decided, key=lambda item: (item[0], item[1]))
    for attempt in range(4):
        try:
            with db.session() as session:
                changed = sum(store_link(session, a, b, decision, version) for a, b, decision in ordered)
                session.execute(update(Claim).where(Claim.id.in_(list(linked_claim_ids))).values(linked_at=utcnow()))
            return changed
        except OperationalError as exc:
            if "deadlock" not in str(exc).lower() or attempt == 3:
                raise
            log.info("link storage deadlocked; retrying (%d)", attempt + 1)
            time.sleep(0.05 * (attempt + 1))
    return 0


def rescore_reviewed(session: Session, link: ClaimLink, score: float, version: str) -> None:
    """A reviewed link the classifier no longer calls a conflict keeps its status; the score goes to history."""
    link.score, link.model_version = round(score, 6), version
    session.add(LinkReview(link_id=link.id, action="rescore", status=link.status, score=link.score))


def mark_temporal(session: Session, link: ClaimLink, explanation: str) -> None:
    link.kind, link.explanation = "temporal", explanation
    session.add(LinkReview(link_id=link.id, action="rescore", status=link.status, score=link.score,
                           note="marked temporal supersession"))


def snapshot(link: ClaimLink, claims: dict[int, Claim]) -> dict[str, Any]:
    def claim(claim_id: int) -> dict[str, Any] | None:
        row = claims.get(claim_id)
        return None if row is None else {"id": row.id, "article_id": row.article_id, "text": row.text,
                                         "statement": row.statement, "speaker": row.speaker, "stance": row.stance}

    return {"id": link.id, "relation": link.relation, "kind": link.kind, "score": link.score, "status": link.status,
            "explanation": link.explanation, "model_version": link.model_version, "reviewer": link.reviewer,
            "reviewed_by": link.reviewed_by, "reviewer_note": link.reviewer_note,
            "created_at": link.created_at.isoformat(), "claim_a": claim(link.claim_a_id),
            "claim_b": claim(link.claim_b_id),
            "history": [{"action": r.action, "status": r.status, "score": r.score, "reviewer": r.reviewer,
                         "principal": r.principal, "note": r.note, "created_at": r.created_at.isoformat()}
                        for r in link.reviews]}


def archive(session: Session, links: Sequence[ClaimLink], reason: str) -> None:
    """Keep a removed link, its claims and its whole history (before the rows go)."""
    ids = {i for link in links for i in (link.claim_a_id, link.claim_b_id)}
    claims = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))} if ids else {}
    session.add_all([ArchivedLink(link_id=link.id, reason=reason, snapshot=snapshot(link, claims)) for link in links])


def resolve_if_open(session: Session, link_id: int) -> bool:
    """Remove a link nobody reviewed, now the classifier no longer calls it a conflict.

    The delete is conditional (``status = 'open'``): an editor's confirmation that lands first
    wins, and the link, its review and its history stay.
    """
    link = session.scalar(select(ClaimLink).where(ClaimLink.id == link_id, ClaimLink.status == "open")
                          .options(selectinload(ClaimLink.reviews)))
    if link is None:
        return False
    result: Any = session.execute(delete(ClaimLink).where(ClaimLink.id == link_id, ClaimLink.status == "open")
                                  .execution_options(synchronize_session=False))
    removed = result.rowcount
    if removed:
        archive(session, [link], "resolved")
    session.expunge(link)
    return bool(removed)
