"""Pydantic schemas: what crosses the storage layer's edge, the API and the CLI."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

Stance = Literal["asserts", "denies", "accuses", "expects", "questions", "hedged"]
Relation = Literal["contradicts", "supports"]
Kind = Literal["denial", "factual", "disagreement", "temporal", "corroboration", "duplicate"]
Status = Literal["open", "confirmed", "dismissed"]


def _encodable(value: str) -> str:
    """JSON may carry a lone surrogate ("\\ud800"): a str Python holds but no database can store."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid Unicode text (a lone surrogate)") from exc
    return value


# Every free-text field of a request body.
Text = Annotated[str, AfterValidator(_encodable)]


class ArticleIn(BaseModel):
    """One article to ingest: plain text or HTML, with its outlet."""

    model_config = ConfigDict(extra="forbid")

    text: Text | None = None
    html: Text | None = None
    source: Text = Field(min_length=1, max_length=200, description="the outlet, e.g. 'Ahram Online'")
    url: Text | None = Field(None, max_length=2000)
    title: Text | None = Field(None, max_length=1000)
    published_at: Text | None = Field(None, max_length=64, description="ISO 8601 date or datetime (1900 to 2100); "
                                                                        "detected from a dateline if absent")
    external_id: Text | None = Field(None, max_length=200)

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("send exactly one of 'text' or 'html'")
        return self


class IngestResult(BaseModel):
    id: int
    source: str
    published_at: datetime | None
    claims_count: int
    duplicate: bool
    copy_of: int | None = Field(None, exclude_if=lambda value: value is None,
                                description="another outlet's article with the same text (a wire copy): it "
                                            "holds the claims, which this article carries too")
    # Left out of the body when empty, so `?wait=true` answers exactly as before for articles with claims.
    warnings: list[str] = Field(default_factory=list, exclude_if=lambda value: not value,
                                description="what an editor should know, e.g. no claims were found")


# An article stored with nothing to check is almost always a scraping slip (a cookie banner, a
# caption): said in the response, not only in the server log.
NO_CLAIMS = ("no claims were found in this article: it may hold no attributed statements, or the text "
             "may not be the article body")


def ingest_warnings(claims_count: int | None) -> list[str]:
    return [NO_CLAIMS] if claims_count == 0 else []


JobStatus = Literal["queued", "running", "done", "failed"]


class ArticleAccepted(BaseModel):
    """An article stored and queued: its claims are extracted, indexed and linked by a worker."""

    id: int
    source: str
    published_at: datetime | None
    duplicate: bool
    copy_of: int | None = Field(None, exclude_if=lambda value: value is None,
                                description="another outlet's article with the same text (a wire copy)")
    job_id: int | None = Field(description="the processing job (for a duplicate: the original's)")
    job: str | None = Field(description="where to follow the job: GET this path")
    status: JobStatus | None


class JobOut(BaseModel):
    id: int
    article_id: int
    status: JobStatus
    attempts: int
    error: str | None
    claims_count: int | None
    links_count: int | None
    warnings: list[str] = Field(default_factory=list)
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class EntityRef(BaseModel):
    id: int
    name: str


class ClaimOut(BaseModel):
    id: int
    article_id: int
    source: str
    published_at: datetime | None
    text: str
    speaker: str
    stance: Stance
    negated: bool
    entities: list[EntityRef]
    time: date | None
    time_end: date | None = None
    time_text: str | None = None
    char_start: int = Field(description="start of the attributed statement (speaker, cue and proposition)")
    char_end: int
    proposition_start: int = Field(description="start of the proposition itself, inside the statement")
    proposition_end: int
    statement: str = Field("", description="the statement's words, pronouns resolved")
    sentence_index: int
    checkworthy: bool
    span: str = Field("", description="the submitted text between char_start and char_end")
    context_before: str = Field("", description="the sentence text before the span")
    context_after: str = Field("", description="the sentence text after the span")
    outlets: list[str] = Field(default_factory=list,
                               description="every outlet carrying this text: the article's own and its wire copies'")
    independent_sources: int = Field(1, description="distinct outlets reporting the claim independently: the "
                                                    "article's and those of separate articles that support it "
                                                    "(wire copies count once)")


def heading(title: str | None, text: str, words: int = 12) -> str:
    """What to call an article: its title, else its first line when that reads as a headline, else its
    first words."""
    if title and title.strip():
        return title.strip()
    first = text.strip().split("\n", 1)[0].strip()
    if first and len(first) <= 150 and not first.endswith("."):
        return first
    opening = first.split()
    return " ".join(opening[:words]) + ("…" if len(opening) > words else "")


class ArticleOut(BaseModel):
    id: int
    source: str
    url: str | None
    title: str | None
    heading: str = Field(description="the title, else the headline or first words of the text (for display)")
    external_id: str | None
    published_at: datetime | None
    published_at_origin: str
    text: str
    created_at: datetime
    claims: list[ClaimOut]
    copy_of: int | None = Field(None, description="the other outlet's article whose text this one carries (a wire "
                                                  "copy): its claims are that article's")
    copies: list[int] = Field(default_factory=list, description="other outlets' articles carrying this text")


class ReviewOut(BaseModel):
    action: str
    status: Status
    score: float | None
    reviewer: str | None
    note: str | None
    created_at: datetime


class LinkOut(BaseModel):
    id: int
    relation: Relation
    kind: Kind | None
    score: float
    status: Status
    explanation: str
    signals: list[Any]
    model_version: str
    reviewer: str | None
    reviewer_note: str | None
    reviewed_at: datetime | None
    created_at: datetime
    updated_at: datetime
    claim_a: ClaimOut
    claim_b: ClaimOut
    history: list[ReviewOut] = []


class EntityOut(BaseModel):
    id: int
    name: str
    kind: str
    aliases: list[str]
    claims_count: int
