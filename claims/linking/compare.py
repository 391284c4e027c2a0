"""Classify free statements with the pipeline's own machinery (extraction included)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from claims.extract.extractor import ExtractedClaim
from claims.linking.linker import Linker, claim_views, is_candidate
from claims.linking.scoring import Decision
from claims.linking.signals import ClaimView


@dataclass
class Comparison:
    relation: str  # contradiction | entailment | neutral
    score: float
    kind: str | None
    signals: list[dict[str, Any]] = field(default_factory=list)
    explanation: str = ""
    claim_a: str | None = None
    claim_b: str | None = None


RELATION_NAMES = {"contradicts": "contradiction", "supports": "entailment", None: "neutral"}


def _views(extracted: list[ExtractedClaim], text: str, article_id: int, published: date | None) -> list[ClaimView]:
    if not extracted:
        # A fragment with no clause the extractor recognises is still a statement.
        return [ClaimView(id=-article_id, article_id=article_id, text=text.strip(), speaker="statement",
                          speaker_entity_id=None, stance="asserts", negated=False, time_start=published,
                          time_end=published, time_text=None, published=published, source="statement",
                          entity_ids=frozenset())]
    return [ClaimView(id=-(article_id * 1000 + n), article_id=article_id, text=c.text, speaker=c.speaker,
                      speaker_entity_id=None, stance=c.stance, negated=c.negated,
                      time_start=c.time.start if c.time else None, time_end=c.time.end if c.time else None,
                      time_text=c.time.text if c.time else None, published=published, source="statement",
                      entity_ids=frozenset()) for n, c in enumerate(extracted)]


def _strongest(decisions: list[tuple[Decision, ClaimView, ClaimView]]) -> tuple[Decision, ClaimView, ClaimView]:
    def rank(item: tuple[Decision, ClaimView, ClaimView]) -> tuple[int, float]:
        decision = item[0]
        return ({"contradicts": 2, "supports": 1}.get(decision.relation or "", 0), decision.score)

    return max(decisions, key=rank)


def compare_texts(linker: Linker, extractor: Any, a: str, b: str) -> Comparison:
    """The relation between two statements: the strongest over their extracted claims."""
    views_a = _views(extractor.extract(a, None, "statement A"), a, 1, None)
    views_b = _views(extractor.extract(b, None, "statement B"), b, 2, None)
    texts = [v.text for v in views_a + views_b]
    vectors = linker.index.embed(texts)
    similarity = vectors[: len(views_a)] @ vectors[len(views_a):].T
    triples = [(x, y, float(similarity[i, j])) for i, x in enumerate(views_a) for j, y in enumerate(views_b)]
    decisions = linker.classify(triples)
    decision, x, y = _strongest([(d, t[0], t[1]) for d, t in zip(decisions, triples, strict=True)])
    score = decision.score if decision.relation else float(1.0 - decision.score)
    return Comparison(relation=RELATION_NAMES[decision.relation], score=round(score, 4), kind=decision.kind,
                      signals=decision.signals, explanation=decision.explanation, claim_a=x.text, claim_b=y.text)


@dataclass
class CheckHit:
    claim_id: int
    relation: str
    kind: str | None
    score: float
    explanation: str


def check_statement(linker: Linker, extractor: Any, text: str, published: date | None, k: int = 20
                    ) -> list[CheckHit]:
    """Stored claims that contradict or support a new statement (nothing is stored)."""
    views = _views(extractor.extract(text, published, "statement"), text, 0, published)
    vectors = linker.index.embed([v.text for v in views])
    candidates: dict[int, tuple[ClaimView, float]] = {}
    for view, vector in zip(views, vectors, strict=True):
        for hit in linker.index.search(np.asarray(vector), k):
            if hit.claim_id not in candidates or candidates[hit.claim_id][1] < hit.score:
                candidates[hit.claim_id] = (view, hit.score)
    with linker.db.session() as session:
        stored = claim_views(session, list(candidates))
    triples = [(view, stored[cid], score) for cid, (view, score) in candidates.items() if cid in stored
               and (is_candidate(view, stored[cid], score) or score >= 0.5)]
    hits = []
    for (_, other, _), decision in zip(triples, linker.classify(triples), strict=True):
        if decision.relation is not None:
            hits.append(CheckHit(other.id, decision.relation, decision.kind, round(decision.score, 4),
                                 decision.explanation))
    return sorted(hits, key=lambda h: (h.relation != "contradicts", -h.score))
