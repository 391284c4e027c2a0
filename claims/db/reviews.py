"""Editors' decisions on links: every review is kept, with who made it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from claims.db.links import get_link
from claims.db.models import ClaimLink, LinkReview, utcnow
from claims.errors import NotFoundError
from claims.schemas import LinkOut, Status


def review_link(session: Session, link_id: int, status: Status, reviewer: str, principal: str,
                note: str | None) -> LinkOut:
    """Record a reviewer's decision; every review is kept in the link's history.

    ``reviewer`` is the name shown to editors (the caller may choose it); ``principal`` is who
    authenticated, and is recorded beside it so a chosen name can never hide who acted.
    """
    link = session.get(ClaimLink, link_id, with_for_update=True)
    if link is None:
        raise NotFoundError(f"contradiction {link_id} does not exist")
    link.status, link.reviewer, link.reviewer_note, link.reviewed_at = status, reviewer, note, utcnow()
    link.reviewed_by = principal
    session.add(LinkReview(link_id=link.id, action="review", status=status, score=link.score, reviewer=reviewer,
                           principal=principal, note=note))
    session.flush()
    session.expire(link, ["reviews"])
    return get_link(session, link_id)
