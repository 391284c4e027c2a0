"""Request and response bodies that only the API has (the rest live in claims.schemas)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from claims.schemas import ClaimOut, IngestResult, LinkOut, Status


class BatchItemOut(BaseModel):
    index: int
    status: int
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
    note: str | None = Field(None, max_length=4000)
    reviewer: str | None = Field(None, max_length=200, description="who reviewed; defaults to the API key's name")


class CompareIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    a: str = Field(min_length=1, max_length=5000)
    b: str = Field(min_length=1, max_length=5000)


class CompareOut(BaseModel):
    relation: Literal["contradiction", "entailment", "neutral"]
    score: float
    kind: str | None
    signals: list[dict[str, Any]]
    explanation: str
    claim_a: str | None
    claim_b: str | None


class CheckIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)
    published_at: str | None = None


class CheckHitOut(BaseModel):
    claim: ClaimOut
    relation: Literal["contradicts", "supports"]
    kind: str | None
    score: float
    explanation: str


class CheckOut(BaseModel):
    items: list[CheckHitOut]
