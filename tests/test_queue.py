"""Ingestion jobs: accepted at once, processed by workers, retried, recovered after a crash."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from api.app import create_app
from claims.db import ingest_jobs
from claims.db.models import Article, IngestJob, utcnow
from claims.errors import ClaimtrackError
from claims.queue import IngestQueue
from claims.services import Services
from claims.settings import Settings
from tests.fakes import CONFLICTING, fake_services

TEXT = "Russia and the United States agreed to share intelligence on Islamic State."


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services.settings, services)) as test_client:
        yield test_client


def wait_for(client: TestClient, job: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = client.get(job).json()
        if body["status"] in ("done", "failed"):
            return body
        time.sleep(0.05)
    raise AssertionError(f"{job} did not finish")


def test_an_article_is_accepted_at_once_and_processed_by_a_worker(client: TestClient) -> None:
    accepted = client.post("/v1/articles", json={"text": TEXT, "source": "Wire"})
    assert accepted.status_code == 202
    body = accepted.json()
    assert body["duplicate"] is False and body["job"] == f"/v1/jobs/{body['job_id']}"
    job = wait_for(client, body["job"])
    assert job["status"] == "done" and job["claims_count"] == 1 and job["attempts"] == 1
    assert client.get(f"/v1/articles/{body['id']}").json()["claims"]
    again = client.post("/v1/articles", json={"text": TEXT, "source": "Wire"})
    assert again.status_code == 200 and again.json()["duplicate"] is True and again.json()["id"] == body["id"]
    assert 'claimtrack_ingest_queue{status="done"} 1.0' in client.get("/metrics").text


def test_wait_true_keeps_the_old_contract(client: TestClient) -> None:
    created = client.post("/v1/articles", params={"wait": "true"}, json=CONFLICTING[0].model_dump())
    assert created.status_code == 201 and set(created.json()) == {"id", "source", "published_at", "claims_count",
                                                                  "duplicate"}
    assert created.json()["claims_count"] == 1
    duplicate = client.post("/v1/articles", params={"wait": "true"}, json=CONFLICTING[0].model_dump())
    assert duplicate.status_code == 200 and duplicate.json()["duplicate"] is True


def test_a_batch_is_accepted_item_by_item(client: TestClient) -> None:
    items = [{"text": TEXT, "source": "A"}, {"text": "", "source": "B"}, {"text": TEXT + " More.", "source": "C"}]
    body = client.post("/v1/articles/batch", json=items).json()
    assert [i["status"] for i in body["items"]] == [202, 422, 202]
    for item in body["items"]:
        if item["accepted"]:
            assert wait_for(client, item["accepted"]["job"])["status"] == "done"


def test_a_job_left_running_by_a_dead_worker_is_taken_over(services: Services) -> None:
    accepted = services.pipeline.accept(CONFLICTING[0])
    assert accepted.job_id is not None
    with services.db.session() as session:
        assert ingest_jobs.claim(session, accepted.job_id) is not None  # a worker took it, then died
        assert ingest_jobs.claim(session, accepted.job_id) is None  # under its lease, nobody else may
        session.execute(update(IngestJob).values(lease_until=utcnow() - timedelta(seconds=1)))
    queue = services.queue
    queue.start()
    assert queue.recover() == 1
    queue.wait_idle()
    with services.db.session() as session:
        job = ingest_jobs.get(session, accepted.job_id)
        assert job.status == "done" and job.attempts == 2
        assert session.scalar(select(Article.processed_at).where(Article.id == accepted.article_id)) is not None


class Flaky:
    """An extractor that fails the first ``failures`` times, then works."""

    version = "flaky"

    def __init__(self, inner: object, failures: int, error: type[Exception] = RuntimeError) -> None:
        self.inner, self.failures, self.error, self.calls = inner, failures, error, 0

    def extract(self, *args: object) -> object:
        self.calls += 1
        if self.calls <= self.failures:
            raise self.error("extraction blew up")
        return self.inner.extract(*args)  # type: ignore[attr-defined]


def _with_extractor(services: Services, extractor: object) -> None:
    services.pipeline.extractor = extractor  # type: ignore[assignment]


def test_an_unexpected_failure_is_retried_and_then_succeeds(services: Services) -> None:
    _with_extractor(services, Flaky(services.extractor, failures=1))
    accepted = services.pipeline.accept(CONFLICTING[1])
    queue = IngestQueue("", services.db, services.pipeline.run_job, max_attempts=3)
    queue.start()
    queue.enqueue(accepted.job_id)  # type: ignore[arg-type]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with services.db.session() as session:
            job = ingest_jobs.get(session, accepted.job_id)  # type: ignore[arg-type]
        if job.status == "done":
            break
        time.sleep(0.1)
    queue.close()
    assert job.status == "done" and job.attempts == 2 and job.error is None


def test_bad_input_fails_at_once_with_the_error_kept(services: Services) -> None:
    _with_extractor(services, Flaky(services.extractor, failures=5, error=ClaimtrackError))
    accepted = services.pipeline.accept(CONFLICTING[0])
    with pytest.raises(ClaimtrackError):
        services.pipeline.run_job(accepted.job_id, 3)  # type: ignore[arg-type]
    with services.db.session() as session:
        job = ingest_jobs.get(session, accepted.job_id)  # type: ignore[arg-type]
    assert job.status == "failed" and "extraction blew up" in (job.error or "")


def _rabbitmq() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 5672), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _rabbitmq(), reason="no RabbitMQ on 127.0.0.1:5672")
def test_a_separate_worker_on_rabbitmq_processes_what_the_api_accepted(settings: Settings) -> None:
    queue_settings = settings.model_copy(update={"broker_url": "amqp://guest:guest@127.0.0.1:5672/"})
    with fake_services(queue_settings) as api_side, fake_services(queue_settings) as worker_side:
        accepted = api_side.pipeline.accept(CONFLICTING[0])
        api_side.queue.enqueue(accepted.job_id)  # type: ignore[arg-type]
        worker_side.queue.start()
        deadline = time.monotonic() + 60
        status = "queued"
        while time.monotonic() < deadline and status != "done":
            with api_side.db.session() as session:
                status = ingest_jobs.get(session, accepted.job_id).status  # type: ignore[arg-type]
            time.sleep(0.1)
        assert status == "done"
