"""Classify free statements with the pipeline's own machinery (extraction included).

Each text becomes its extracted claims (speaker, stance, proposition) plus, for a
short text, the text itself: a headline such as "Did Banksy post this? Probably
not" carries its stance in words no single clause holds (unless one attributed statement is the
whole text: "Isis claims P" is Isis's claim, not the outlet's).  The relation of two
texts is the strongest relation between any of their claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np

from claims.db import repo
from claims.extract.lexicon import HEADLINE_LABELS, HEDGE_LABELS
from claims.extract.types import ExtractedClaim
from claims.indexing import SearchFilters
from claims.linking.features import UNCERTAIN_STANCES
from claims.linking.linker import Linker, claim_views, is_candidate
from claims.linking.scoring import Decision
from claims.linking.signals import ClaimView

# Texts up to this long are also compared whole (a headline, a one-paragraph statement).
WHOLE_TEXT_CHARS = 400
# A free text's own voice: the extractor's outlet for it, and the speaker of its unattributed claims.
VOICE = "statement"
RELATION_NAMES = {"contradicts": "contradiction", "supports": "entailment", None: "neutral"}


@dataclass
class Comparison:
    relation: str  # contradiction | entailment | neutral
    score: float  # the probability of the relation given (for neutral: that the texts do not conflict)
    contradiction_score: float  # the calibrated probability that the texts conflict
    kind: str | None
    signals: list[dict[str, Any]] = field(default_factory=list)
    explanation: str = ""
    claim_a: str | None = None
    claim_b: str | None = None
    claims_compared: tuple[int, int] = (0, 0)
    claims_found: tuple[int, int] = (0, 0)


def whole_stance(stances: Sequence[str]) -> str:
    """The stance of a text read whole: its claims' one stance where that stance is a hedge, a question or
    an expectation ("Predator Drone Reportedly Sighted Circling Raqqa" is a report, not an assertion),
    else "asserts".  Never "denies": the whole text holds the cue words themselves, while a denial's
    text must be the bare proposition it denies (``features.denial_features``)."""
    kinds = set(stances)
    return kinds.pop() if len(kinds) == 1 and kinds <= UNCERTAIN_STANCES else "asserts"


def _whole(text: str, number: int, published: date | None, stance: str) -> ClaimView:
    body = " ".join(text.split())
    return ClaimView(id=-number, article_id=number, text=body, statement=body, speaker=VOICE,
                     speaker_entity_id=None, stance=stance, negated=False, time_start=published,
                     time_end=published, time_text=None, published=published, source=VOICE,
                     entity_ids=frozenset())


def statement_views(extracted: Sequence[ExtractedClaim], text: str, number: int, published: date | None,
                    limit: int) -> list[ClaimView]:
    """The claims of a free text as the linker sees them (at most ``limit``, checkworthy first).

    ``extracted`` must come from ``extractor.extract(text, published, VOICE)``: an unattributed claim
    is then the text's own voice, as an outlet's is in an article, so two unattributed texts that
    conflict "cannot both be right" (factual); they are no disagreement between two named actors.
    """
    ranked = sorted(extracted, key=lambda c: not c.checkworthy)[:limit]
    views = [ClaimView(id=-(number * 1000 + n + 1), article_id=number, text=c.text, statement=c.statement or c.text,
                       speaker=c.speaker, speaker_entity_id=None, stance=c.stance, negated=c.negated,
                       time_start=c.time.start if c.time else None, time_end=c.time.end if c.time else None,
                       time_text=c.time.text if c.time else None, published=published, source=VOICE,
                       entity_ids=frozenset()) for n, c in enumerate(ranked)]
    whole_forms = _whole_forms(text)
    if (len(text) <= WHOLE_TEXT_CHARS and not any(_covers(c, whole_forms) for c in ranked)) or not views:
        whole = _whole(text, number, published, whole_stance([c.stance for c in extracted]))
        # A one-claim text in its own voice is often read exactly as its whole: the same reading twice
        # is the same decision at twice the classifier's cost (and four times for a pair of them).
        if not any(replace(whole, id=view.id, article_id=view.article_id) == view for view in views):
            views.append(whole)
    return views


def _words(value: str) -> str:
    return " ".join(value.split()).strip(" .!?;:'\"“”‘’")


def _whole_forms(text: str) -> set[str]:
    """The text as a statement covering it is compared: whole, and without a label before a colon, which
    is the story's kind and no part of anyone's statement ("Unconfirmed: ISIS Claims Kayla Mueller ... Is
    Dead" is ISIS's claim whole)."""
    label, colon, rest = text.partition(":")
    unlabelled = rest if colon and label.strip().lower() in HEADLINE_LABELS | HEDGE_LABELS else text
    return {_words(text), _words(unlabelled)}


def _covers(claim: ExtractedClaim, whole_forms: set[str]) -> bool:
    """The claim is attributed to someone and its statement is the whole text (``_whole_forms``): reading
    the text whole again would only lose who said it ("Isis claims US hostage Kayla Mueller killed" as the
    outlet's own assertion).  A denial is the exception: its own reading weighs the bare denied proposition
    ("Banksy arrest"), and the whole reading is where the classifier sees the denial's words ("Met
    police denies reports of ...")."""
    return (claim.speaker != VOICE and claim.stance != "denies"
            and _words(claim.statement or claim.text) in whole_forms)


def is_whole(view: ClaimView) -> bool:
    """The text compared whole (``_whole``), not one of its extracted claims."""
    return view.id == -view.article_id


def _rank(decision: Decision, x: ClaimView, y: ClaimView) -> tuple[int, int, float]:
    """Relation first; among conflicts, the reading of extracted claims before the whole texts' (it
    knows who said what: "the ministry denied it" rather than two texts that cannot both be right),
    then the score.  The pair's conflict score is the highest of all readings either way."""
    relation = {"contradicts": 2, "supports": 1}.get(decision.relation or "", 0)
    extracted = (not is_whole(x)) + (not is_whole(y)) if decision.relation == "contradicts" else 0
    return relation, extracted, decision.score


Triple = tuple[ClaimView, ClaimView, float]


def candidate_triples(linker: Linker, extractor: Any, pairs: Sequence[tuple[str, str]]
                      ) -> list[tuple[list[Triple], tuple[int, int]]]:
    """For each (a, b): every pair of their claims with its similarity, and how many claims each had."""
    limit = linker.linking.max_compare_claims
    sides: list[tuple[list[ClaimView], list[ClaimView], tuple[int, int]]] = []
    for a, b in pairs:
        found_a, found_b = extractor.extract(a, None, VOICE), extractor.extract(b, None, VOICE)
        sides.append((statement_views(found_a, a, 1, None, limit), statement_views(found_b, b, 2, None, limit),
                      (len(found_a), len(found_b))))
    texts = sorted({v.text for views_a, views_b, _ in sides for v in views_a + views_b})
    vectors = dict(zip(texts, linker.index.embed(texts), strict=True)) if texts else {}
    return [([(x, y, float(vectors[x.text] @ vectors[y.text])) for x in views_a for y in views_b], found)
            for views_a, views_b, found in sides]


def compare_many(linker: Linker, extractor: Any, pairs: Sequence[tuple[str, str]]) -> list[Comparison]:
    """The relation of each (a, b) text pair; classification is batched across all pairs."""
    per_pair = candidate_triples(linker, extractor, pairs)
    decisions = iter(linker.classify([t for triples, _ in per_pair for t in triples]))
    results: list[Comparison] = []
    for triples, found in per_pair:
        options = [(next(decisions), x, y) for x, y, _ in triples]
        decision, x, y = max(options, key=lambda item: _rank(*item))
        conflict = max(d.conflict for d, _, _ in options)
        score = decision.score if decision.relation else 1.0 - conflict
        compared = (len({id(x) for x, _, _ in triples}), len({id(y) for _, y, _ in triples}))
        results.append(Comparison(
            relation=RELATION_NAMES[decision.relation], score=round(score, 4), contradiction_score=round(conflict, 4),
            kind=decision.kind, signals=decision.signals, explanation=decision.explanation, claim_a=x.text,
            claim_b=y.text, claims_compared=compared, claims_found=found))
    return results


def compare_texts(linker: Linker, extractor: Any, a: str, b: str) -> Comparison:
    return compare_many(linker, extractor, [(a, b)])[0]


@dataclass
class CheckHit:
    claim_id: int
    article_id: int  # the article holding the claim (a wire copy's claims are its original's)
    relation: str
    kind: str | None
    score: float
    explanation: str


def check_statement(linker: Linker, extractor: Any, text: str, published: date | None, k: int | None = None,
                    article_id: int | None = None) -> list[CheckHit]:
    """Stored claims that contradict or support a new statement (nothing is stored); ``k`` nearest stored
    claims per reading of the statement (default: the ``check_candidates`` setting).  ``article_id``: the
    claims of that stored article only (a wire copy's are its original's); NotFoundError if there is none."""
    k = k or linker.linking.check_candidates
    filters = None
    if article_id is not None:
        with linker.db.session(readonly=True) as session:
            filters = SearchFilters(article_ids=frozenset({repo.claims_holder(session, article_id)}))
    views = statement_views(extractor.extract(text, published, VOICE), text, 0, published,
                            linker.linking.max_compare_claims)
    vectors = linker.index.embed([v.text for v in views])
    candidates: dict[int, tuple[ClaimView, float]] = {}
    for view, vector in zip(views, vectors, strict=True):
        for hit in linker.index.search(np.asarray(vector), k, filters):
            if hit.claim_id not in candidates or candidates[hit.claim_id][1] < hit.score:
                candidates[hit.claim_id] = (view, hit.score)
    with linker.db.session(readonly=True) as session:
        stored = claim_views(session, list(candidates))
    # A free statement shares no stored entity ids, so topical similarity alone makes a candidate.
    settings = linker.linking
    triples = [(view, stored[cid], score) for cid, (view, score) in candidates.items() if cid in stored
               and (is_candidate(view, stored[cid], score, settings.candidate_similarity)
                    or score >= settings.check_similarity)]
    hits = []
    for (_, other, _), decision in zip(triples, linker.classify(triples), strict=True):
        if decision.relation is not None:
            hits.append(CheckHit(other.id, other.article_id, decision.relation, decision.kind, round(decision.score, 4),
                                 decision.explanation))
    return sorted(hits, key=lambda h: (h.relation != "contradicts", -h.score))
