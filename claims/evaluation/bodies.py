"""Article level: does a stored article dispute a headline?

The scoreboard's sentence sets go through ``POST /v1/compare``; a newsroom also asks the
store: ingest an article, then check a claim against it (``POST /v1/claims/check``).
Each held-out body is ingested as an article (extraction, indexing and linking, as
``POST /v1/articles`` does) into a store that holds only the set's bodies, and its
headline is checked through the same code as the route (``check_statement``): the
article disputes the headline when one of *its* claims comes back as a contradiction
(another body's claim answering the headline says nothing about this article).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from claims.evaluation.scoreboard import Verdict
from claims.linking.compare import check_statement
from claims.schemas import ArticleIn

if TYPE_CHECKING:
    from claims.services import Services


def check_against_bodies(services: Services, pairs: Sequence[tuple[str, str]]) -> list[Verdict]:
    """A verdict per (headline, body) pair: does the body, stored as an article, dispute the headline?

    ``services`` must hold an empty store: every distinct body is ingested into it, one article each.
    The verdict's score is the article's strongest contradicting claim (0 when none contradicts).
    """
    bodies = sorted({body for _, body in pairs})
    results = services.pipeline.ingest_many([ArticleIn(text=body, source=f"body {number}")
                                             for number, body in enumerate(bodies)])
    article_of = {body: r.result.id for body, r in zip(bodies, results, strict=True) if r.result is not None}
    verdicts = []
    for headline, body in pairs:
        article = article_of.get(body)
        against = [h.score for h in check_statement(services.linker, services.extractor, headline, None)
                   if h.relation == "contradicts" and h.article_id == article]
        verdicts.append(Verdict(bool(against), max(against, default=0.0)))
    return verdicts
