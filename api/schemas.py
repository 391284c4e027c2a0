"""Request and response bodies that only the API has (the rest live in claims.schemas)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.deps import MAX_ID
from claims.schemas import ArticleAccepted, ClaimOut, IngestResult, LinkOut, Status, Text


class BatchItemOut(BaseModel):
    index: int
    status: int
    accepted: ArticleAccepted | None = None
    result: IngestResult | None = None
    error: dict[str, Any] | None = None


class BatchOut(BaseModel):
    items: list[BatchItemOut]
    stored: int
    duplicates: int
    failed: int


class SearchHit(BaseModel):
    claim: ClaimOut
    score: float


class SearchOut(BaseModel):
    items: list[SearchHit]


class LinksOut(BaseModel):
    contradicts: list[LinkOut]
    supports: list[LinkOut]


class ContradictionsOut(BaseModel):
    items: list[LinkOut]
    next_cursor: str | None


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: Status
    note: Text | None = Field(None, max_length=4000)
    reviewer: Text | None = Field(None, max_length=200, description="who reviewed, as shown to editors; the API key "
                                                                   "that made the review is recorded as well")


class CompareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: Text = Field(min_length=1, max_length=5000)
    b: Text = Field(min_length=1, max_length=5000)


class CompareOut(BaseModel):
    relation: Literal["contradiction", "entailment", "neutral"]
    score: float = Field(description="probability of the relation given (for neutral: that the texts do not "
                                     "conflict)")
    contradiction_score: float = Field(description="calibrated probability that an editor would call the texts "
                                                   "contradictory")
    kind: str | None
    signals: list[dict[str, Any]]
    explanation: str
    claim_a: str | None = Field(description="the claim of a that decided the relation")
    claim_b: str | None
    claims_found: tuple[int, int] = Field(description="claims extracted from a and from b")
    claims_compared: tuple[int, int] = Field(description="statements compared per side: at most "
                                                         "CLAIMTRACK_LINKING__MAX_COMPARE_CLAIMS claims, plus a "
                                                         "short text itself")
    truncated: bool = Field(description="true when a side had more claims than were compared")


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Text = Field(min_length=1, max_length=5000)
    published_at: Text | None = Field(None, max_length=64)
    article_id: int | None = Field(None, ge=1, le=MAX_ID,
                                   description="check against this stored article's claims only (404 if none)")


class CheckHitOut(BaseModel):
    claim: ClaimOut
    relation: Literal["contradicts", "supports"]
    kind: str | None
    score: float
    explanation: str


class CheckOut(BaseModel):
    items: list[CheckHitOut]
