"""One place that builds claimtrack's long-lived objects for a process.

Models load lazily and once; tests pass fakes through the constructor.  The
CLI, the API and the nightly jobs all get their pipeline from here.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import Any

from claims.db.entities import seed_entities
from claims.db.migrate import upgrade
from claims.db.session import Database
from claims.extract.extractor import ClaimExtractor, load_spacy
from claims.indexing import ClaimIndex
from claims.linking.linker import Linker
from claims.pipeline import Extractor, Pipeline
from claims.queue import IngestQueue
from claims.settings import Settings


def settle_heap() -> int:
    """Exempt everything loaded so far from the garbage collector's full passes.

    A process that has loaded its models holds about half a million Python objects (torch,
    transformers, spaCy, the index's bookkeeping) that live as long as it does.  Every full
    collection walked them all: 250-590 ms pauses in a serving process under load, which were
    its p99 (issue 14).  Collect once, then freeze what is left (``gc.freeze``): later passes
    walk only what was made afterwards.  Call it once a process is loaded, before it serves.
    Returns how many objects are exempted.
    """
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()


def default_extractor(settings: Settings) -> Extractor:
    return ClaimExtractor(load_spacy(settings.spacy_model))


class Services:
    def __init__(self, settings: Settings, *, extractor_factory: Callable[[Settings], Extractor] = default_extractor,
                 index_factory: Callable[[Settings, Database], Any] | None = None,
                 linker_factory: Callable[[Settings, Database, Any], Any] | None = None,
                 migrate: bool = True, classifier_calibrated: bool = True) -> None:
        self.settings = settings
        self.settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(settings)
        if migrate:
            upgrade(self.db.engine)
            with self.db.session() as session:
                seed_entities(session)
        self._extractor_factory = extractor_factory
        self._index_factory = index_factory if index_factory is not None else _default_index
        self._linker_factory = linker_factory if linker_factory is not None else (
            _default_linker if classifier_calibrated else _uncalibrated_linker)
        self._lock = threading.RLock()
        self._extractor: Extractor | None = None
        self._index: Any = None
        self._linker: Any = None
        self._pipeline: Pipeline | None = None
        self._queue: IngestQueue | None = None

    @property
    def extractor(self) -> Extractor:
        with self._lock:
            if self._extractor is None:
                self._extractor = self._extractor_factory(self.settings)
            return self._extractor

    @property
    def index(self) -> Any:
        with self._lock:
            if self._index is None:
                self._index = self._index_factory(self.settings, self.db)
            return self._index

    @property
    def linker(self) -> Any:
        with self._lock:
            if self._linker is None:
                self._linker = self._linker_factory(self.settings, self.db, self.index)
            return self._linker

    @property
    def pipeline(self) -> Pipeline:
        with self._lock:
            if self._pipeline is None:
                self._pipeline = Pipeline(self.settings, self.db, self.extractor, self.index, sinks=[self.linker])
            return self._pipeline

    @property
    def queue(self) -> IngestQueue:
        with self._lock:
            if self._queue is None:
                self._queue = IngestQueue(self.settings.broker_url, self.db, self.pipeline.run_job,
                                          self.settings.ingest_max_attempts)
            return self._queue

    def close(self) -> None:
        if self._queue is not None:
            self._queue.close()
        if self._index is not None:
            self._index.close()
        self.db.dispose()

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _default_index(settings: Settings, db: Database) -> Any:
    return ClaimIndex.open(settings, db)


def _default_linker(settings: Settings, db: Database, claim_index: Any) -> Any:
    return Linker.create(settings, db, claim_index)


def _uncalibrated_linker(settings: Settings, db: Database, claim_index: Any) -> Any:
    return Linker.create(settings, db, claim_index, calibrated=False)
