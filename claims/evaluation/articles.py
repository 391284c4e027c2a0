"""Article-level evaluation: the links stored for the fixtures against ``fixtures/gold_links.json``.

The gold file names pairs of claims by article prefix and a phrase of their text or
statement.  ``contradictions`` must be linked with their kind; ``consistent`` must
not be; ``reviewed`` holds an editor's verdict on every other pair the system has
reported, so the share of reported pairs an editor confirms is a real number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from claims.db.models import Article, Claim, ClaimLink
from claims.db.session import Database
from claims.evaluation.baseline import denial_rule
from claims.evaluation.metrics import ratio
from claims.evaluation.scoreboard import Confusion, reliability


@dataclass
class ArticleScores:
    gold_pairs: int
    found: int = 0
    kind_correct: int = 0
    consistent_pairs: int = 0
    false_alarms: int = 0
    links: int = 0
    confirmed: int = 0  # reported links an editor confirmed (gold or reviewed)
    dismissed: int = 0  # reported links an editor dismissed
    system: Confusion = field(default_factory=Confusion)  # over every labelled pair
    baseline: Confusion = field(default_factory=Confusion)
    missed: list[str] = field(default_factory=list)
    wrong_kind: list[str] = field(default_factory=list)
    flagged: list[str] = field(default_factory=list)
    unreviewed: list[str] = field(default_factory=list)
    # score bucket -> (reported links, confirmed among them): the datasets' reliability table says what a
    # score means on dataset pairs; this says what it means for the links a store reports to an editor
    reliability: list[tuple[float, float, int, int]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return ratio(self.found, self.gold_pairs)

    @property
    def precision(self) -> float:
        """Share of reported contradictions an editor confirmed; unreviewed ones count as not confirmed."""
        return ratio(self.confirmed, self.links)


@dataclass(frozen=True)
class _Claim:
    id: int
    article: str
    text: str
    statement: str
    span: str  # the words as submitted: a gold phrase may name "him" where the claim says "Assad"
    stance: str


def _claims(db: Database, fixtures: Path) -> list[_Claim]:
    by_text = {path.read_text(encoding="utf-8"): path.name[:3] for path in (fixtures / "articles").glob("*.txt")}
    with db.session(readonly=True) as session:
        rows = session.execute(select(Claim.id, Claim.text, Claim.statement, Claim.span, Claim.stance, Article.text)
                               .join(Article, Article.id == Claim.article_id)).all()
    return [_Claim(i, by_text[body], text, statement, span, stance) for i, text, statement, span, stance, body in rows
            if body in by_text]


def _matches(claims: list[_Claim], side: dict) -> set[int]:
    phrase = side["contains"].lower()
    return {c.id for c in claims if c.article == side["article"] and side.get("stance") in (None, c.stance)
            and any(phrase in words.lower() for words in (c.text, c.statement, c.span))}


def _label(pair: dict) -> str:
    return pair.get("id") or f"{pair['a']['article']}:{pair['a']['contains'][:30]} / " \
                              f"{pair['b']['article']}:{pair['b']['contains'][:30]}"


def evaluate_links(db: Database, fixtures: Path, gold: dict) -> ArticleScores:
    claims = _claims(db, fixtures)
    by_id = {c.id: c for c in claims}
    with db.session(readonly=True) as session:
        stored = session.execute(select(ClaimLink.claim_a_id, ClaimLink.claim_b_id, ClaimLink.kind, ClaimLink.score)
                                 .where(ClaimLink.relation == "contradicts")).all()
    links = {(a, b): kind for a, b, kind, _ in stored}

    def linked(a: set[int], b: set[int]) -> set[tuple[int, int]]:
        return {key for key in links if (key[0] in a and key[1] in b) or (key[0] in b and key[1] in a)}

    def rule(a: set[int], b: set[int]) -> bool:
        return any(denial_rule(by_id[x].statement, by_id[y].statement) or denial_rule(by_id[y].statement,
                                                                                     by_id[x].statement)
                   for x in a for y in b)

    scores = ArticleScores(len(gold["contradictions"]), consistent_pairs=len(gold["consistent"]), links=len(links))
    confirmed: set[tuple[int, int]] = set()
    dismissed: set[tuple[int, int]] = set()
    for pair in gold["contradictions"]:
        a, b = _matches(claims, pair["a"]), _matches(claims, pair["b"])
        keys = linked(a, b)
        confirmed |= keys
        scores.system.add(bool(keys), True)
        scores.baseline.add(rule(a, b), True)
        if keys:
            scores.found += 1
            kinds = {links[k] for k in keys}
            if pair["kind"] in kinds:
                scores.kind_correct += 1
            else:
                scores.wrong_kind.append(f"{pair['id']}: {sorted(k or '-' for k in kinds)}")
        else:
            scores.missed.append(pair["id"] + ("" if a and b else " (claim not extracted)"))
    for pair in gold["consistent"]:
        a, b = _matches(claims, pair["a"]), _matches(claims, pair["b"])
        keys = linked(a, b)
        dismissed |= keys
        scores.system.add(bool(keys), False)
        scores.baseline.add(rule(a, b), False)
        if keys:
            scores.false_alarms += 1
            scores.flagged.append(pair["id"])
    for pair in gold.get("reviewed", []):
        a, b = _matches(claims, pair["a"]), _matches(claims, pair["b"])
        keys = linked(a, b)
        is_conflict = pair["verdict"] == "confirmed"
        (confirmed if is_conflict else dismissed).update(keys)
        scores.system.add(bool(keys), is_conflict)
        scores.baseline.add(rule(a, b), is_conflict)
    scores.confirmed = len(confirmed & links.keys())
    scores.dismissed = len((dismissed - confirmed) & links.keys())
    # Unreviewed links count as not confirmed, as in ``precision``.
    scores.reliability = reliability([score for *_, score in stored], [(a, b) in confirmed for a, b, _, _ in stored])
    for key in sorted(links.keys() - confirmed - dismissed):
        first, second = by_id.get(key[0]), by_id.get(key[1])
        if first is not None and second is not None:
            scores.unreviewed.append(f"{first.article} “{first.statement[:70]}” / "
                                     f"{second.article} “{second.statement[:70]}”")
    return scores
