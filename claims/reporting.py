"""Human-readable summaries of what is stored."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claims.db.models import Article, Claim, ClaimLink


def contradiction_summary(session: Session, top: int | None = 5) -> str:
    """Counts, then the strongest contradictions (all of them when ``top`` is None)."""
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    claims = session.scalar(select(func.count()).select_from(Claim)) or 0
    by_kind = dict(session.execute(select(ClaimLink.kind, func.count()).where(ClaimLink.relation == "contradicts")
                                   .group_by(ClaimLink.kind)).all())
    supports = session.scalar(select(func.count()).select_from(ClaimLink).where(ClaimLink.relation == "supports"))
    lines = [f"{articles} articles, {claims} claims, {sum(by_kind.values())} contradictions "
             f"({', '.join(f'{k}: {v}' for k, v in sorted(by_kind.items())) or 'none'}), {supports or 0} supports"]
    strongest = session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts")
                                .order_by(ClaimLink.score.desc(), ClaimLink.id).limit(top))
    for link in strongest:
        lines.append(f"  [{link.kind} {link.score:.2f}] {link.explanation}")
    return "\n".join(lines)
