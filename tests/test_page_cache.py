"""Contradiction pages from memory: never stale, in any process, with ETags (api/cache.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from api.app import create_app
from claims.db import generation, jobs, reviews
from claims.db.models import Source
from claims.db.session import Database
from claims.services import Services
from tests.fakes import CONFLICTING


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    services.pipeline.ingest_many(CONFLICTING)
    with TestClient(create_app(services.settings, services)) as test_client:
        yield test_client


def _generation(db: Database) -> int:
    with db.session(readonly=True) as session:
        return generation.current(session)


def test_a_change_moves_the_generation_on_and_job_bookkeeping_does_not(services: Services) -> None:
    before = _generation(services.db)
    with jobs.job_lock(services.db, "nightly"):
        run = jobs.start_run(services.db, "nightly", {})
        jobs.save_progress(services.db, run, {"at": 1}, {"links": 0})
    assert _generation(services.db) == before
    services.pipeline.ingest_many(CONFLICTING[:1])
    assert _generation(services.db) > before
    # A failed write moves nothing on.
    after_ingest = _generation(services.db)
    with pytest.raises(RuntimeError), services.db.session() as session:
        session.add(Source(name="Rolled back"))
        session.flush()
        raise RuntimeError("rolled back")
    assert _generation(services.db) == after_ingest


def test_the_generation_moves_on_once_at_the_outer_commit_not_at_a_savepoint(services: Services) -> None:
    """A bump at a savepoint's release held the counter's row lock for the rest of the transaction:
    PostgreSQL found writers deadlocked on it (ingest, reviews and the nightly job at once)."""
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement.split()[0].upper() + (" store_state" if "store_state" in statement else ""))

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        with services.db.session() as session:
            with session.begin_nested():
                session.add(Source(name="Savepoint"))
            session.add(Source(name="After the savepoint"))
            session.flush()
            statements.append("BODY-END")
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    bumps = [i for i, s in enumerate(statements) if s == "UPDATE store_state"]
    assert len(bumps) == 1 and bumps[0] > statements.index("BODY-END")


def test_a_cached_page_answers_304_until_a_review_changes_it(client: TestClient) -> None:
    first = client.get("/v1/contradictions")
    assert first.status_code == 200 and first.json()["items"]
    link_id = first.json()["items"][0]["id"]
    tag = first.headers["etag"]
    again = client.get("/v1/contradictions")
    assert again.content == first.content and again.headers["etag"] == tag
    assert client.get("/v1/contradictions", headers={"If-None-Match": tag}).status_code == 304
    item = client.get(f"/v1/contradictions/{link_id}")
    assert item.json()["status"] == "open"
    # Other parameters are another page, with another tag.
    assert client.get("/v1/contradictions", params={"sort": "score"}).headers["etag"] != tag

    assert client.patch(f"/v1/contradictions/{link_id}", json={"status": "confirmed"}).status_code == 200
    assert client.get("/v1/contradictions", headers={"If-None-Match": tag}).status_code == 200
    listed = client.get("/v1/contradictions").json()["items"]
    assert next(i for i in listed if i["id"] == link_id)["status"] == "confirmed"
    assert client.get(f"/v1/contradictions/{link_id}").json()["status"] == "confirmed"
    assert client.get("/v1/contradictions", params={"status": "confirmed"}).json()["items"]
    metrics = client.get("/metrics").text
    assert all(f'claimtrack_page_cache_total{{result="{r}"}}' in metrics for r in ("hit", "miss", "not-modified"))


def test_a_change_committed_by_another_process_retires_the_cached_pages(client: TestClient,
                                                                        services: Services) -> None:
    link_id = client.get("/v1/contradictions").json()["items"][0]["id"]
    assert client.get(f"/v1/contradictions/{link_id}").json()["status"] == "open"
    other = Database(services.settings)  # its own engine and sessions, as a worker process has
    try:
        with other.session() as session:
            reviews.review_link(session, link_id, "dismissed", "night desk", "night desk", "not a conflict")
    finally:
        other.dispose()
    assert client.get(f"/v1/contradictions/{link_id}").json()["status"] == "dismissed"
    listed = client.get("/v1/contradictions").json()["items"]
    assert next(i for i in listed if i["id"] == link_id)["status"] == "dismissed"
