"""The reconciliation report: what changed since the last successful run."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import select

from claims.db import repo
from claims.db.models import ClaimLink, LinkReview
from claims.db.session import Database


def build_report(db: Database, since: datetime | None, counts: dict[str, int], top: int = 10) -> dict[str, Any]:
    with db.session(readonly=True) as session:
        query = select(ClaimLink).where(ClaimLink.relation == "contradicts")
        new = list(session.scalars(query.where(ClaimLink.created_at > since) if since else query))
        history = select(LinkReview).where(LinkReview.created_at > since) if since else select(LinkReview)
        reviews = list(session.scalars(history))
        changed_ids = {r.link_id for r in reviews if r.action == "rescore"} - {link.id for link in new}
        resolved_ids = {r.link_id for r in reviews if r.action == "review" and r.status in ("confirmed", "dismissed")}
        claims = repo.get_claims(session, sorted({i for link in new for i in (link.claim_a_id, link.claim_b_id)}))
        per_entity: Counter[str] = Counter()
        per_outlet: Counter[str] = Counter()
        per_kind: Counter[str] = Counter()
        for link in new:
            a, b = claims[link.claim_a_id], claims[link.claim_b_id]
            per_entity.update({e.name for e in a.entities} | {e.name for e in b.entities})
            per_outlet.update({a.source, b.source})
            per_kind[link.kind or "unknown"] += 1
        strongest = sorted(new, key=lambda link: (-link.score, link.id))[:top]
        return {
            "since": since.isoformat() if since else None,
            "generated_at": datetime.utcnow().isoformat(timespec="seconds"),
            "counts": {"new": len(new), "changed": len(changed_ids),
                       "resolved": len(resolved_ids) + counts.get("resolved", 0), **counts},
            "per_kind": dict(per_kind), "per_entity": dict(per_entity.most_common()),
            "per_outlet": dict(per_outlet.most_common()),
            "top_pairs": [{"id": link.id, "kind": link.kind, "score": round(link.score, 3),
                           "explanation": link.explanation,
                           "a": {"source": claims[link.claim_a_id].source, "speaker": claims[link.claim_a_id].speaker,
                                 "text": claims[link.claim_a_id].text},
                           "b": {"source": claims[link.claim_b_id].source, "speaker": claims[link.claim_b_id].speaker,
                                 "text": claims[link.claim_b_id].text}} for link in strongest],
        }


def to_markdown(report: dict[str, Any]) -> str:
    counts = report["counts"]
    lines = [f"# claimtrack reconciliation — {report['generated_at']} UTC", "",
             f"Since {report['since'] or 'the beginning'}: **{counts['new']} new**, {counts['changed']} changed, "
             f"{counts['resolved']} resolved contradictions.", "", "## Work done", ""]
    lines += [f"- {name.replace('_', ' ')}: {value}" for name, value in counts.items()
              if name not in ("new", "changed", "resolved")]
    for title, key in (("By kind", "per_kind"), ("By entity", "per_entity"), ("By outlet", "per_outlet")):
        if report[key]:
            lines += ["", f"## {title}", "", "| | new |", "| --- | --- |"]
            lines += [f"| {name} | {count} |" for name, count in list(report[key].items())[:15]]
    if report["top_pairs"]:
        lines += ["", "## Strongest new contradictions", ""]
        for pair in report["top_pairs"]:
            lines.append(f"- **{pair['kind']} {pair['score']:.2f}** — {pair['explanation']}  \n"
                         f"  {pair['a']['source']} / {pair['a']['speaker']}: “{pair['a']['text']}”  \n"
                         f"  {pair['b']['source']} / {pair['b']['speaker']}: “{pair['b']['text']}”")
    return "\n".join(lines) + "\n"
