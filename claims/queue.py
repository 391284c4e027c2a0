"""Ingestion off the request path: Dramatiq actors on RabbitMQ or Redis, or in-process by default.

``CLAIMTRACK_BROKER_URL`` picks the broker: ``amqp://…`` (RabbitMQ) or ``redis://…`` for a
deployment with ``claimtrack worker`` processes; empty (the embedded default) keeps the queue
in memory and runs worker threads inside ``claimtrack serve``, so SQLite needs no extra service.

Durability does not rest on the broker: an accepted article and its job are committed to the
database before the message is sent, a job is claimed under a lease, and ``recover`` re-sends
every job nobody is working on (an in-memory queue lost in a crash, a worker killed mid-job).
Retries: a job that fails with an unexpected error is retried with backoff, at most
``max_attempts`` times; invalid input fails at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import Retries
from prometheus_client import Counter

from claims.db import ingest_jobs
from claims.db.session import Database
from claims.errors import SettingsError

log = logging.getLogger(__name__)
ACTOR = "claimtrack_process_article"
# How long an idle worker or consumer thread blocks before it checks whether to stop. It bounds how
# long stopping takes (each app shutdown, each test's client), not how soon a message is picked up;
# 50 ms costs a few idle wake-ups a second per thread.
WORKER_TIMEOUT_MS = 50
JOBS = Counter("claimtrack_ingest_jobs_total", "Ingest jobs finished by workers in this process", ["status"])


def make_broker(url: str) -> dramatiq.Broker:
    if not url:
        broker: dramatiq.Broker = StubBroker()
    elif url.startswith(("amqp://", "amqps://")):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        broker = RabbitmqBroker(url=url)
    elif url.startswith(("redis://", "rediss://")):
        from dramatiq.brokers.redis import RedisBroker

        broker = RedisBroker(url=url)
    else:
        raise SettingsError("CLAIMTRACK_BROKER_URL must be empty (in-process), amqp://… or redis://…")
    # Our own attempt counting (in the job row) decides when to give up; the broker only re-delivers.
    for middleware in list(broker.middleware):
        if isinstance(middleware, Retries):
            broker.middleware.remove(middleware)
    broker.add_middleware(Retries(max_retries=10, min_backoff=1000, max_backoff=30_000))
    return broker


class IngestQueue:
    def __init__(self, url: str, db: Database, run_job: Callable[[int, int], object], max_attempts: int = 3) -> None:
        self.embedded = not url
        self.db = db
        self.max_attempts = max_attempts
        self.broker = make_broker(url)
        self._run_job = run_job
        self.actor: dramatiq.Actor = dramatiq.actor(broker=self.broker, actor_name=ACTOR)(self._perform)
        self.worker: dramatiq.Worker | None = None
        self._lock = threading.Lock()

    def _perform(self, job_id: int) -> None:
        try:
            result = self._run_job(job_id, self.max_attempts)
        except Exception:
            with self.db.session() as session:
                final = ingest_jobs.get(session, job_id).status == "failed"
            JOBS.labels("failed" if final else "retried").inc()
            if final:
                log.warning("ingest job %d failed for good (see GET /v1/jobs/%d)", job_id, job_id)
                return
            raise  # the broker retries it with backoff
        if result is not None:
            JOBS.labels("done").inc()

    def enqueue(self, job_id: int) -> None:
        self.actor.send(job_id)

    def start(self, threads: int = 1) -> None:
        """Consume in this process (``claimtrack worker``, or the embedded default inside ``serve``)."""
        with self._lock:
            if self.worker is None:
                self.worker = dramatiq.Worker(self.broker, worker_threads=threads, worker_timeout=WORKER_TIMEOUT_MS)
                self.worker.start()

    def recover(self, older_than: timedelta = timedelta(0)) -> int:
        """Send again every job nobody is working on; a job already done or running is skipped by the worker."""
        with self.db.session() as session:
            pending = ingest_jobs.unfinished(session, older_than)
        for job_id in pending:
            self.enqueue(job_id)
        if pending:
            log.info("re-sent %d unfinished ingest jobs", len(pending))
        return len(pending)

    def wait_idle(self, timeout: float = 60.0) -> None:
        """Block until the in-process queue is empty (tests, the CLI's demo)."""
        if isinstance(self.broker, StubBroker):
            self.broker.join(self.actor.queue_name, timeout=int(timeout * 1000))
            if self.worker is not None:
                self.worker.join()

    def stop(self) -> None:
        """Stop consuming in this process (messages stay queued; ``start`` resumes)."""
        with self._lock:
            if self.worker is not None:
                self.worker.stop()
                self.worker = None

    def close(self) -> None:
        self.stop()
        self.broker.close()
