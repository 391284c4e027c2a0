"""Ingestion pipeline: validate -> deduplicate -> extract -> store -> index -> link.

The article and its claims are stored in one transaction.  Indexing and linking
run after the commit; the index catches up from the database on start, so a crash
between the two loses nothing (see ``index.store``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from claims import entities
from claims.db import repo
from claims.db.models import Article, Claim, ClaimEntity
from claims.db.session import Database
from claims.errors import ClaimtrackError, NotFoundError
from claims.extract.extractor import ExtractedClaim
from claims.ingest.prepare import PreparedArticle, prepare
from claims.schemas import ArticleIn, IngestResult
from claims.settings import Settings

log = logging.getLogger(__name__)


class Extractor(Protocol):
    version: str

    def extract(self, text: str, published, outlet: str) -> list[ExtractedClaim]: ...


class ClaimSink(Protocol):
    """Something that wants to know about newly stored claims (the index, the linker)."""

    def claims_added(self, claim_ids: Sequence[int]) -> None: ...


@dataclass
class Timings:
    """Seconds spent per stage, summed over every article this pipeline ingested."""

    stages: dict[str, float] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


@dataclass
class BatchItemResult:
    index: int
    result: IngestResult | None = None
    error: ClaimtrackError | None = None


class Pipeline:
    def __init__(self, settings: Settings, db: Database, extractor: Extractor,
                 sinks: Sequence[ClaimSink] = ()) -> None:
        self.settings = settings
        self.db = db
        self.extractor = extractor
        self.sinks = list(sinks)
        self.timings = Timings()

    def ingest(self, item: ArticleIn) -> IngestResult:
        prepared = prepare(item, self.settings.max_article_chars)
        with self.db.session() as session:
            existing = repo.find_duplicate(session, prepared.url, prepared.content_hash)
            if existing is not None:
                return _result(existing, duplicate=True)
        started = time.perf_counter()
        published = prepared.published_at.date() if prepared.published_at else None
        extracted = self.extractor.extract(prepared.text, published, prepared.source)
        self.timings.add("extraction", time.perf_counter() - started)
        try:
            with self.db.session() as session:
                article = self._store(session, prepared, extracted)
                result = _result(article, duplicate=False)
                claim_ids = [claim.id for claim in article.claims]
        except IntegrityError:
            # A concurrent writer stored the same article first: report theirs as the duplicate.
            with self.db.session() as session:
                existing = repo.find_duplicate(session, prepared.url, prepared.content_hash)
                if existing is None:
                    raise
                return _result(existing, duplicate=True)
        self.notify(claim_ids)
        return result

    def ingest_many(self, items: Sequence[ArticleIn],
                    progress: Callable[[int], None] | None = None) -> list[BatchItemResult]:
        """Ingest each item on its own: one bad item does not sink the others."""
        results: list[BatchItemResult] = []
        for index, item in enumerate(items):
            try:
                results.append(BatchItemResult(index, result=self.ingest(item)))
            except ClaimtrackError as exc:
                results.append(BatchItemResult(index, error=exc))
            if progress is not None:
                progress(index + 1)
        return results

    def delete_article(self, article_id: int) -> int:
        """Delete an article (a retraction, a mistaken ingest): its claims, links and vectors go too."""
        with self.db.session() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"article {article_id} does not exist")
            claim_ids = [claim.id for claim in article.claims]
            session.delete(article)
        for sink in self.sinks:
            remove = getattr(sink, "remove", None)
            if remove is not None and claim_ids:
                remove(claim_ids)
        return len(claim_ids)

    def notify(self, claim_ids: Sequence[int]) -> None:
        for sink in self.sinks:
            started = time.perf_counter()
            sink.claims_added(claim_ids)
            self.timings.add(type(sink).__name__, time.perf_counter() - started)

    def _store(self, session: Session, prepared: PreparedArticle, extracted: list[ExtractedClaim]) -> Article:
        source = repo.get_or_create_source(session, prepared.source)
        article = Article(
            source_id=source.id, url=prepared.url, external_id=prepared.external_id, title=prepared.title,
            text=prepared.text, raw_html=prepared.raw_html, content_hash=prepared.content_hash,
            published_at=prepared.published_at, published_at_origin=prepared.published_at_origin,
            extraction_version=self.extractor.version)
        article.source = source
        session.add(article)
        session.flush()
        for item in extracted:
            article.claims.append(self._claim(session, item))
        session.flush()
        return article

    def _claim(self, session: Session, item: ExtractedClaim) -> Claim:
        claim = Claim(
            sentence_index=item.sentence_index, char_start=item.char_start, char_end=item.char_end, text=item.text,
            speaker=item.speaker, stance=item.stance, negated=item.negated, checkworthy=item.checkworthy,
            time_start=item.time.start if item.time else None, time_end=item.time.end if item.time else None,
            time_text=item.time.text if item.time else None)
        speaker = entities.resolve_speaker(session, item.speaker)
        claim.speaker_entity_id = speaker.id if speaker is not None else None
        seen: set[int] = set()
        for mention in item.mentions:
            entity = entities.resolve(session, mention)
            if entity is not None and entity.id not in seen:
                seen.add(entity.id)
                claim.mentions.append(ClaimEntity(entity_id=entity.id, mention=mention.text[:300]))
        return claim


def _result(article: Article, duplicate: bool) -> IngestResult:
    return IngestResult(id=article.id, source=article.source.name, published_at=article.published_at,
                        claims_count=len(article.claims), duplicate=duplicate)
