"""Storage models.  Rows never leave the storage layer: see ``claims.schemas``."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    # Stored naive in UTC: SQLite keeps no zone, and one convention beats two.
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    external_id: Mapped[str | None] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(Text)
    # The text exactly as submitted (for HTML: as extracted); every offset points into it.
    text: Mapped[str] = mapped_column(Text)
    raw_html: Mapped[str | None] = mapped_column(Text)
    # One outlet's re-post of its own text is a duplicate; another outlet's copy of it (a wire story)
    # is stored as its own article, pointing at the first one, which holds the claims.
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    copy_of_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime, index=True)
    published_at_origin: Mapped[str] = mapped_column(String(16), default="unknown")  # request|dateline|unknown
    extraction_version: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Set when its claims are stored: an article is accepted first, processed by a worker after.
    processed_at: Mapped[datetime | None] = mapped_column(DateTime)

    source: Mapped[Source] = relationship()
    claims: Mapped[list[Claim]] = relationship(back_populates="article", cascade="all, delete-orphan",
                                               order_by="Claim.char_start")
    # One original per text (its copies point at it), so two outlets racing to store one wire story
    # cannot both extract it.
    __table_args__ = (UniqueConstraint("source_id", "content_hash", name="uq_article_source_content"),
                      Index("uq_article_original", "content_hash", unique=True,
                            sqlite_where=sql("copy_of_id IS NULL"), postgresql_where=sql("copy_of_id IS NULL")))


class Entity(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32), default="OTHER")  # PERSON | ORG | GPE | GROUP | OTHER
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    aliases: Mapped[list[EntityAlias]] = relationship(back_populates="entity", cascade="all, delete-orphan")
    __table_args__ = (UniqueConstraint("name", "kind", name="uq_entity_name_kind"),)


class EntityAlias(Base):
    __tablename__ = "entity_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(300))
    # Case- and punctuation-folded form used for lookups; unique so an alias names one entity.
    alias_key: Mapped[str] = mapped_column(String(300), unique=True)
    origin: Mapped[str] = mapped_column(String(16), default="seed")  # seed | extracted | merged
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    entity: Mapped[Entity] = relationship(back_populates="aliases")


class Claim(Base):
    __tablename__ = "claims"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    sentence_index: Mapped[int] = mapped_column(Integer)
    # The attributed statement in the submitted text: speaker, cue and proposition ("Russia has
    # refuted media reports that P"); the proposition alone is [proposition_start, proposition_end).
    char_start: Mapped[int] = mapped_column(Integer)
    char_end: Mapped[int] = mapped_column(Integer)
    proposition_start: Mapped[int] = mapped_column(Integer)
    proposition_end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)  # the self-contained proposition
    statement: Mapped[str] = mapped_column(Text)  # the statement's words, pronouns resolved
    # What a reader sees around the claim, cut from the article once at ingest (reads never load
    # the article's text): the submitted text of the span, and the rest of its sentence.
    span: Mapped[str] = mapped_column(Text, default="")
    context_before: Mapped[str] = mapped_column(Text, default="")
    context_after: Mapped[str] = mapped_column(Text, default="")
    speaker: Mapped[str] = mapped_column(String(300))
    speaker_entity_id: Mapped[int | None] = mapped_column(ForeignKey("entities.id", ondelete="SET NULL"))
    stance: Mapped[str] = mapped_column(String(16))  # asserts|denies|accuses|expects|questions|hedged
    negated: Mapped[bool] = mapped_column(Boolean, default=False)
    time_start: Mapped[date | None] = mapped_column(Date)
    time_end: Mapped[date | None] = mapped_column(Date)
    time_text: Mapped[str | None] = mapped_column(String(200))
    checkworthy: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set by the nightly merge: the claim this one duplicates (wire copies, rewrites).
    canonical_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    linked_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)

    article: Mapped[Article] = relationship(back_populates="claims")
    mentions: Mapped[list[ClaimEntity]] = relationship(cascade="all, delete-orphan")
    # Ids only ever grow, on SQLite too: the index catches up by id and must never meet a reused one.
    __table_args__ = {"sqlite_autoincrement": True}


class ClaimVector(Base):
    """A claim's embedding, stored with the claim: the index is a cache any process rebuilds from these."""

    __tablename__ = "claim_vectors"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(200), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float16, unit length


class ClaimTombstone(Base):
    """A deleted claim, so every process's index drops its vector (written with the deletion)."""

    __tablename__ = "claim_tombstones"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(Integer, index=True)
    deleted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    __table_args__ = {"sqlite_autoincrement": True}


class ClaimEntity(Base):
    __tablename__ = "claim_entities"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id", ondelete="CASCADE"), primary_key=True,
                                           index=True)
    mention: Mapped[str] = mapped_column(String(300))

    entity: Mapped[Entity] = relationship()


class ClaimLink(Base):
    __tablename__ = "claim_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Always stored with claim_a_id < claim_b_id so a pair exists once.
    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), index=True)
    relation: Mapped[str] = mapped_column(String(16))  # contradicts | supports
    kind: Mapped[str | None] = mapped_column(String(16), index=True)  # denial|factual|disagreement|temporal|duplicate
    score: Mapped[float] = mapped_column(Float, index=True)
    signals: Mapped[list[Any]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")
    model_version: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)  # open|confirmed|dismissed
    reviewer: Mapped[str | None] = mapped_column(String(200))
    reviewed_by: Mapped[str | None] = mapped_column(String(64))  # the authenticated principal
    reviewer_note: Mapped[str | None] = mapped_column(Text)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    claim_a: Mapped[Claim] = relationship(foreign_keys=[claim_a_id])
    claim_b: Mapped[Claim] = relationship(foreign_keys=[claim_b_id])
    reviews: Mapped[list[LinkReview]] = relationship(cascade="all, delete-orphan", order_by="LinkReview.id")

    __table_args__ = (UniqueConstraint("claim_a_id", "claim_b_id", name="uq_link_pair"),
                      Index("ix_links_relation_score", "relation", "score"),
                      Index("ix_links_relation_id", "relation", "id"))


class LinkReview(Base):
    """History of a link: every review and every re-score, oldest first."""

    __tablename__ = "link_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("claim_links.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(16))  # review | rescore
    status: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    reviewer: Mapped[str | None] = mapped_column(String(200))  # the name the reviewer gave
    # Who authenticated (a key's fingerprint, "local" without keys): the reviewer name above is the
    # caller's to choose, this one is not.
    principal: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class ArchivedLink(Base):
    """A link that was removed (resolved by a re-score, or its article deleted), with its whole history."""

    __tablename__ = "archived_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    link_id: Mapped[int] = mapped_column(Integer, index=True)
    reason: Mapped[str] = mapped_column(String(32))  # resolved | article_deleted
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)  # the link, both claims and every review
    archived_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEntry(Base):
    """Destructive actions, who took them and on what."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(64))
    principal: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)


class IngestJob(Base):
    """One article's processing (extract, embed, store, link), done by a worker off the request path."""

    __tablename__ = "ingest_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)  # queued|running|done|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    claims_count: Mapped[int | None] = mapped_column(Integer)
    links_count: Mapped[int | None] = mapped_column(Integer)
    # A running job's lease: a worker that dies leaves it to expire, and another takes the job over.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)


class JobRun(Base):
    __tablename__ = "job_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    job: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(16))  # running | succeeded | failed
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    checkpoint: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    duration_s: Mapped[float | None] = mapped_column(Float)


class JobLock(Base):
    """One row per held lock; the primary key makes a second holder fail to insert."""

    __tablename__ = "job_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    acquired_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # A lease: the holder renews it while it runs; one not renewed in time may be taken over,
    # whichever host the holder was on.
    expires_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class StoreState(Base):
    """One row: a counter every committed change to what the API reads moves on (``claims.db.generation``)."""

    __tablename__ = "store_state"

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger, default=0)
