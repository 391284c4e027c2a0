"""Candidate linking: for new claims, find, classify and store related claims."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import numpy as np
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, selectinload

from claims.db.models import Article, Claim, ClaimLink, LinkReview, utcnow
from claims.db.session import Database
from claims.linking.nli import PairClassifier, load_classifier
from claims.linking.scoring import Calibration, Decision, decide
from claims.linking.signals import ClaimView
from claims.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class LinkCounts:
    pairs: int = 0
    contradictions: int = 0
    supports: int = 0
    updated: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def claim_views(session: Session, claim_ids: Sequence[int]) -> dict[int, ClaimView]:
    rows = session.scalars(select(Claim).where(Claim.id.in_(list(claim_ids)))
                           .options(selectinload(Claim.article).selectinload(Article.source),
                                    selectinload(Claim.mentions)))
    return {row.id: view_of(row) for row in rows}


def view_of(row: Claim) -> ClaimView:
    published = row.article.published_at.date() if row.article.published_at else None
    return ClaimView(id=row.id, article_id=row.article_id, text=row.text, speaker=row.speaker,
                     speaker_entity_id=row.speaker_entity_id, stance=row.stance, negated=row.negated,
                     time_start=row.time_start, time_end=row.time_end, time_text=row.time_text,
                     published=published, source=row.article.source.name,
                     entity_ids=frozenset(m.entity_id for m in row.mentions))


def is_candidate(a: ClaimView, b: ClaimView, similarity: float) -> bool:
    """Pairs worth classifying: other articles, or one article's different speakers; same topic."""
    if a.id == b.id:
        return False
    if a.article_id == b.article_id and a.speaker.lower() == b.speaker.lower():
        return False
    return bool(a.entity_ids & b.entity_ids) or similarity >= 0.8


class Linker:
    def __init__(self, settings: Settings, db: Database, claim_index: Any, classifier: PairClassifier) -> None:
        self.settings = settings
        self.db = db
        self.index = claim_index
        self.classifier = classifier

    @classmethod
    def create(cls, settings: Settings, db: Database, claim_index: Any) -> Linker:
        return cls(settings, db, claim_index, load_classifier(settings.nli_model))

    def claims_added(self, claim_ids: Sequence[int]) -> None:
        self.link(claim_ids)

    def candidates(self, views: dict[int, ClaimView]) -> dict[tuple[int, int], float]:
        """(low id, high id) -> cosine similarity, for every candidate pair of these claims."""
        from index.store import SearchFilters

        ids = np.array(sorted(views), dtype=np.int64)
        vectors = self.index.vectors(ids.tolist(), [views[i].text for i in ids])
        window = timedelta(days=self.settings.candidate_window_days)
        pairs: dict[tuple[int, int], float] = {}
        for claim_id, vector in zip(ids.tolist(), vectors, strict=True):
            view = views[claim_id]
            anchor = view.time_start or view.published
            filters = SearchFilters(exclude_claim_ids=frozenset({claim_id}),
                                    since=anchor - window if anchor else None,
                                    until=anchor + window if anchor else None)
            for hit in self.index.search(vector, self.settings.candidates_per_claim, filters):
                pairs[(min(claim_id, hit.claim_id), max(claim_id, hit.claim_id))] = hit.score
        return pairs

    def link(self, claim_ids: Sequence[int]) -> LinkCounts:
        counts = LinkCounts()
        if not claim_ids:
            return counts
        started = time.perf_counter()
        with self.db.session() as session:
            new_views = claim_views(session, claim_ids)
        pairs = self.candidates(new_views)
        counts.seconds["search"] = time.perf_counter() - started
        with self.db.session() as session:
            views = claim_views(session, sorted({i for pair in pairs for i in pair}))
        kept = [(a, b, s) for (a, b), s in pairs.items() if a in views and b in views
                and is_candidate(views[a], views[b], s)]
        started = time.perf_counter()
        decisions = self.classify([(views[a], views[b], s) for a, b, s in kept])
        counts.seconds["classification"] = time.perf_counter() - started
        counts.pairs = len(kept)
        # Sorted pairs take row locks in one order in every process: concurrent linkers then
        # wait for each other instead of deadlocking; a deadlock that still happens is retried.
        decided = sorted(((a, b, d) for (a, b, _), d in zip(kept, decisions, strict=True) if d.relation),
                         key=lambda item: (item[0], item[1]))
        for attempt in range(4):
            try:
                counts.updated = counts.contradictions = counts.supports = 0
                with self.db.session() as session:
                    for a, b, decision in decided:
                        counts.updated += self.store(session, a, b, decision)
                        counts.contradictions += decision.relation == "contradicts"
                        counts.supports += decision.relation == "supports"
                    session.execute(update(Claim).where(Claim.id.in_(list(claim_ids))).values(linked_at=utcnow()))
                break
            except OperationalError as exc:
                if "deadlock" not in str(exc).lower() or attempt == 3:
                    raise
                log.info("link storage deadlocked; retrying (%d)", attempt + 1)
                time.sleep(0.05 * (attempt + 1))
        return counts

    def classify(self, triples: Sequence[tuple[ClaimView, ClaimView, float]]) -> list[Decision]:
        """Both directions through the classifier, averaged: contradiction is symmetric."""
        if not triples:
            return []
        forward = self.classifier.predict([(a.text, b.text) for a, b, _ in triples])
        backward = self.classifier.predict([(b.text, a.text) for a, b, _ in triples])
        probs = (forward + backward) / 2.0
        calibration = getattr(self.classifier, "calibration", Calibration())
        return [decide(a, b, (float(p[0]), float(p[1]), float(p[2])), similarity,
                       self.settings.contradiction_threshold, self.settings.support_threshold, calibration)
                for (a, b, similarity), p in zip(triples, probs, strict=True)]

    def store(self, session: Session, a: int, b: int, decision: Decision) -> int:
        """Insert or re-score the link of a pair; reviewer decisions are kept. Returns 1 if changed."""
        link = session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
        version = self.classifier.version
        if link is None:
            try:
                with session.begin_nested():
                    session.add(ClaimLink(claim_a_id=a, claim_b_id=b, relation=decision.relation, kind=decision.kind,
                                          score=round(decision.score, 6), signals=decision.signals,
                                          explanation=decision.explanation, model_version=version))
                return 1
            except IntegrityError:
                link = session.scalar(select(ClaimLink).where(ClaimLink.claim_a_id == a, ClaimLink.claim_b_id == b))
                assert link is not None
        new_score = round(decision.score, 6)
        if (link.relation, link.kind, link.score, link.model_version) == (decision.relation, decision.kind, new_score,
                                                                           version):
            return 0
        link.relation, link.kind, link.score = decision.relation, decision.kind, new_score  # type: ignore[assignment]
        link.signals, link.explanation, link.model_version = decision.signals, decision.explanation, version
        session.add(LinkReview(link_id=link.id, action="rescore", status=link.status, score=new_score))
        return 1
