"""Article-level evaluation: stored links on the fixtures against fixtures/gold_links.json."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from claims.db.models import Article, Claim, ClaimLink
from claims.db.session import Database
from claims.evaluation.metrics import ratio


@dataclass
class ArticleScores:
    gold_pairs: int
    found: int
    kind_correct: int
    consistent_pairs: int
    false_alarms: int
    links: int
    links_matching_gold: int
    missed: list[str] = field(default_factory=list)
    wrong_kind: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return ratio(self.found, self.gold_pairs)

    @property
    def precision(self) -> float:
        """Share of stored contradictions that are gold pairs: a lower bound, the gold list may be short."""
        return ratio(self.links_matching_gold, self.links)


def _claims_by_article(db: Database, fixtures: Path) -> dict[str, list[Claim]]:
    by_text = {path.read_text(encoding="utf-8"): path.name[:3] for path in (fixtures / "articles").glob("*.txt")}
    result: dict[str, list[Claim]] = {}
    with db.session() as session:
        for article in session.scalars(select(Article)):
            if article.text in by_text:
                result[by_text[article.text]] = list(article.claims)
    return result


def _matches(claims: dict[str, list[Claim]], side: dict) -> set[int]:
    phrase = side["contains"].lower()
    return {c.id for c in claims.get(side["article"], [])
            if phrase in c.text.lower() and side.get("stance") in (None, c.stance)}


def evaluate_links(db: Database, fixtures: Path, gold: dict) -> ArticleScores:
    claims = _claims_by_article(db, fixtures)
    with db.session() as session:
        links = {(link.claim_a_id, link.claim_b_id): link.kind
                 for link in session.scalars(select(ClaimLink).where(ClaimLink.relation == "contradicts"))}

    def linked(a: set[int], b: set[int]) -> list[str | None]:
        return [kind for (x, y), kind in links.items() if (x in a and y in b) or (x in b and y in a)]

    scores = ArticleScores(len(gold["contradictions"]), 0, 0, len(gold["consistent"]), 0, len(links), 0)
    gold_link_keys: set[tuple[int, int]] = set()
    for pair in gold["contradictions"]:
        a, b = _matches(claims, pair["a"]), _matches(claims, pair["b"])
        kinds = linked(a, b)
        gold_link_keys |= {(x, y) for (x, y) in links if (x in a and y in b) or (x in b and y in a)}
        if kinds:
            scores.found += 1
            if pair["kind"] in kinds:
                scores.kind_correct += 1
            else:
                scores.wrong_kind.append(f"{pair['id']}: {kinds}")
        else:
            scores.missed.append(pair["id"] + ("" if a and b else " (claim not extracted)"))
    for pair in gold["consistent"]:
        if linked(_matches(claims, pair["a"]), _matches(claims, pair["b"])):
            scores.false_alarms += 1
            scores.flagged.append(pair["id"])
    scores.links_matching_gold = len(gold_link_keys)
    return scores
