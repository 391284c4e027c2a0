"""Claim search for editors: vector relevance with a floor, lifted by the words they typed.

Embeddings alone rank a nonsense query's nearest neighbours at about 0.2 and put an exact
quotation below a looser paraphrase.  So: hits under a similarity floor go unless they share
the query's words, and the share of query words a claim contains (an exact phrase most of all)
adds to its score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy.orm import Session

from claims.db import repo
from claims.indexing import ClaimIndex
from claims.schemas import ClaimOut

_WORD = re.compile(r"\w+")
# Words that carry no topic: sharing them says nothing about relevance.
_STOP = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it", "of",
    "on", "or", "said", "says", "that", "the", "to", "was", "were", "will", "with",
})
LEXICAL_WEIGHT = 0.3
PHRASE_BONUS = 0.2


@dataclass(frozen=True)
class Found:
    claim: ClaimOut
    score: float


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def lexical(query: str, text: str) -> float:
    """Share of the query's topic words in the text, plus a bonus for the query as an exact phrase."""
    wanted = _words(query)
    if not wanted:
        return 0.0
    share = len(wanted & _words(text)) / len(wanted)
    phrase = " ".join(query.lower().split())
    return share + (PHRASE_BONUS if len(phrase) > 3 and phrase in " ".join(text.lower().split()) else 0.0)


def search_claims(index: ClaimIndex, session: Session, query: str, k: int, floor: float) -> list[Found]:
    # Over-fetch so the lexical lift can reorder beyond the first k vector hits; rank on the texts
    # alone and build only the k claims returned (building all 3k, entities and reach included, took
    # 2.4 ms of database CPU per search against 1.9 ms on 100k claims, session 24).
    hits = index.search(query, k * 3)
    texts = repo.claim_texts(session, [h.claim_id for h in hits])
    ranked: list[tuple[int, float]] = []
    for hit in hits:
        if hit.claim_id not in texts:
            continue  # deleted since the index last caught up
        text, statement = texts[hit.claim_id]
        words = lexical(query, f"{text} {statement}")
        if hit.score < floor and words == 0.0:
            continue
        ranked.append((hit.claim_id, hit.score + LEXICAL_WEIGHT * words))
    ranked = sorted(ranked, key=lambda r: -r[1])[:k]
    claims = repo.get_claims(session, [claim_id for claim_id, _ in ranked])
    return [Found(claims[claim_id], score) for claim_id, score in ranked if claim_id in claims]
