"""Candidate linking: for new claims, find, classify and store related claims."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from claims.db import linkstore
from claims.db.models import Article, Claim
from claims.db.session import Database
from claims.extract.aliases import shared_names
from claims.indexing import SearchFilters
from claims.linking.features import one_sided_denial
from claims.linking.nli import PairClassifier, load_classifier
from claims.linking.scoring import DECISION_RULES, Decision, decide
from claims.linking.signals import ClaimView
from claims.settings import Settings

log = logging.getLogger(__name__)
_TITLE_WORDS = re.compile(r"^(?:(?:foreign|prime|defence|defense|interior|finance|minister|secretary|president|"
                          r"general|spokesman|spokeswoman|mr\.?|mrs\.?|ms\.?|dr\.?|of|state|us|u\.s\.|russian|"
                          r"the)\s+)+", re.IGNORECASE)


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
    return ClaimView(id=row.id, article_id=row.article_id, text=row.text, statement=row.statement,
                     speaker=row.speaker, speaker_entity_id=row.speaker_entity_id, stance=row.stance,
                     negated=row.negated, time_start=row.time_start, time_end=row.time_end, time_text=row.time_text,
                     published=published, source=row.article.source.name,
                     entity_ids=frozenset(m.entity_id for m in row.mentions))


def time_window(anchor: date | None, width: timedelta) -> tuple[date | None, date | None]:
    """The candidate window around a claim's time; open-ended where it would leave the calendar."""
    if anchor is None:
        return None, None
    since = anchor - width if anchor - date.min > width else None
    until = anchor + width if date.max - anchor > width else None
    return since, until


def speaker_key(name: str) -> str:
    """ "Foreign Minister Sergei Lavrov" and "Sergei Lavrov" are one speaker; titles are not names."""
    return " ".join(_TITLE_WORDS.sub("", name.strip()).lower().replace("’s", "'s").split())


def same_speaker(a: ClaimView, b: ClaimView) -> bool:
    if a.speaker_entity_id is not None and a.speaker_entity_id == b.speaker_entity_id:
        return True
    key_a, key_b = speaker_key(a.speaker), speaker_key(b.speaker)
    if not key_a or not key_b:
        return False
    # "Lavrov" in "Sergei Lavrov": a surname names the same person within one article.
    return key_a == key_b or key_a.endswith(" " + key_b) or key_b.endswith(" " + key_a)


def is_candidate(a: ClaimView, b: ClaimView, similarity: float, candidate_similarity: float) -> bool:
    """Pairs worth classifying: other articles, or one article's different speakers; same topic.

    One speaker's remarks in one article are read as consistent: a conflict inside one
    speaker's words is a parsing slip far more often than news.
    """
    if a.id == b.id:
        return False
    if a.article_id == b.article_id and same_speaker(a, b):
        return False
    return bool(a.entity_ids & b.entity_ids) or similarity >= candidate_similarity


class Linker:
    def __init__(self, settings: Settings, db: Database, claim_index: Any, classifier: PairClassifier) -> None:
        self.settings = settings
        self.linking = settings.linking
        self.db = db
        self.index = claim_index
        self.classifier = classifier

    @classmethod
    def create(cls, settings: Settings, db: Database, claim_index: Any, calibrated: bool = True) -> Linker:
        return cls(settings, db, claim_index, load_classifier(settings.nli_model, settings.nli_calibration,
                                                              calibrated))

    @property
    def version(self) -> str:
        """What decided a link: the classifier with its calibration, and the decision rules."""
        return f"{self.classifier.version}+{DECISION_RULES}"

    def claims_added(self, claim_ids: Sequence[int]) -> int:
        return self.link(claim_ids).updated

    def candidates(self, views: dict[int, ClaimView]) -> dict[tuple[int, int], float]:
        """(low id, high id) -> cosine similarity, for every candidate pair of these claims."""
        ids = np.array(sorted(views), dtype=np.int64)
        vectors = self.index.vectors(ids.tolist(), [views[i].text for i in ids])
        window = timedelta(days=self.linking.candidate_window_days)
        pairs: dict[tuple[int, int], float] = {}
        for claim_id, vector in zip(ids.tolist(), vectors, strict=True):
            view = views[claim_id]
            since, until = time_window(view.time_start or view.published, window)
            filters = SearchFilters(exclude_claim_ids=frozenset({claim_id}), since=since, until=until)
            for hit in self.index.search(vector, self.linking.candidates_per_claim, filters):
                pairs[(min(claim_id, hit.claim_id), max(claim_id, hit.claim_id))] = hit.score
        return pairs

    def link(self, claim_ids: Sequence[int]) -> LinkCounts:
        counts = LinkCounts()
        if not claim_ids:
            return counts
        started = time.perf_counter()
        with self.db.session(readonly=True) as session:
            new_views = claim_views(session, claim_ids)
        pairs = self.candidates(new_views)
        counts.seconds["search"] = time.perf_counter() - started
        with self.db.session(readonly=True) as session:
            views = claim_views(session, sorted({i for pair in pairs for i in pair}))
        kept = [(a, b, s) for (a, b), s in pairs.items() if a in views and b in views
                and is_candidate(views[a], views[b], s, self.linking.candidate_similarity)]
        started = time.perf_counter()
        decisions = self.classify([(views[a], views[b], s) for a, b, s in kept])
        counts.seconds["classification"] = time.perf_counter() - started
        counts.pairs = len(kept)
        decided = [(a, b, d) for (a, b, _), d in zip(kept, decisions, strict=True) if d.relation]
        counts.contradictions = sum(d.relation == "contradicts" for _, _, d in decided)
        counts.supports = sum(d.relation == "supports" for _, _, d in decided)
        counts.updated = linkstore.upsert_links(self.db, decided, self.version, claim_ids)
        return counts

    def _both_orders(self, pairs: Sequence[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
        """The classifier on (a, b) and on (b, a); both texts name the entities they share alike."""
        pairs = [shared_names(a, b) for a, b in pairs]
        return self.classifier.predict(pairs), self.classifier.predict([(b, a) for a, b in pairs])

    def probabilities(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Classifier probabilities for both orders, averaged: a conflict is symmetric."""
        forward, backward = self._both_orders(pairs)
        return (forward + backward) / 2.0

    def pair_probabilities(self, triples: Sequence[tuple[ClaimView, ClaimView, float]]
                           ) -> tuple[np.ndarray, np.ndarray]:
        """The classifier on the attributed statements, and on the bare propositions.

        The second reading differs only where a cue ("denies", "is false") carries meaning,
        so only those pairs are classified twice.  For a one-sided denial it is read one way
        only: the other claim as premise, the denied proposition as hypothesis.  A denial of P
        conflicts with Q when Q states P, not when P implies Q: "Washington and Moscow agreed to
        share intelligence on terrorists" entails "Russia fights terrorism", and averaged with
        that order a denial of the first read as a conflict with the second (session 18).
        """
        stated = self.probabilities([(a.stance_text, b.stance_text) for a, b, _ in triples])
        bare = [i for i, (a, b, _) in enumerate(triples) if (a.stance_text, b.stance_text) != (a.text, b.text)]
        propositions = stated.copy()
        if bare:
            forward, backward = self._both_orders([(triples[i][0].text, triples[i][1].text) for i in bare])
            for row, i in enumerate(bare):
                a, b, _ = triples[i]
                if one_sided_denial(a, b):
                    propositions[i] = forward[row] if b.stance == "denies" else backward[row]
                else:
                    propositions[i] = (forward[row] + backward[row]) / 2.0
        return stated, propositions

    def classify(self, triples: Sequence[tuple[ClaimView, ClaimView, float]]) -> list[Decision]:
        if not triples:
            return []
        stated, propositions = self.pair_probabilities(triples)
        return [decide(a, b, probs_of(p), probs_of(q), similarity, self.classifier.calibration, self.linking)
                for (a, b, similarity), p, q in zip(triples, stated, propositions, strict=True)]


def probs_of(row: np.ndarray) -> tuple[float, float, float]:
    return float(row[0]), float(row[1]), float(row[2])
