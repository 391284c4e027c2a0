"""Contradiction pages from memory: never stale, in any process, with ETags (api/cache.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from api.app import create_app
from api.cache import PageCache
from api.schemas import ContradictionsOut
from claims.db import generation, jobs, reviews
from claims.db import links as link_store
from claims.db.links import LinkFilters
from claims.db.models import Source
from claims.db.session import Database
from claims.schemas import ArticleIn, LinkOut
from claims.services import Services
from tests.fakes import CONFLICTING

BUILD_LINKS = link_store.links_to_schema  # unpatched
# The conflicting pair on three more topics: pages of several links.
MORE_CONFLICTS = [ArticleIn(text=article.text.replace("Islamic State", topic), source=article.source,
                            published_at=f"2015-10-0{n}")
                  for n, topic in enumerate(("piracy", "drug trafficking", "cyber crime"), 1)
                  for article in CONFLICTING]


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


def test_on_sqlite_the_generation_is_read_again_only_after_a_commit_from_anywhere(services: Services) -> None:
    if services.db.watch is None:
        pytest.skip("PostgreSQL reads the generation each time")
    statements: list[str] = []
    event.listen(services.db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))

    def watched() -> int:
        with services.db.session(readonly=True) as session:
            return generation.current(session, services.db.watch)

    first = watched()
    asked = len(statements)
    assert watched() == first and len(statements) == asked  # nothing committed: no query at all
    other = Database(services.settings)  # another process's engine
    try:
        with other.session() as session:
            session.add(Source(name="Another desk"))
    finally:
        other.dispose()
    assert watched() == first + 1 and len(statements) > asked
    with services.db.session() as session:  # and this process's own writers
        session.add(Source(name="A third desk"))
    assert watched() == first + 2


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids of the links built from the database from now on, one entry per build."""
    ids: list[int] = []

    def recording(session: Session, rows: Sequence[Any]) -> list[LinkOut]:
        ids.extend(row.id for row in rows)
        return BUILD_LINKS(session, rows)

    monkeypatch.setattr(link_store, "links_to_schema", recording)
    return ids


def test_a_list_page_built_from_cached_links_is_the_page_pydantic_writes(
        client: TestClient, services: Services, built: list[int]) -> None:
    def page(limit: int = 50, cursor: str | None = None, sort: str = "newest") -> tuple[list[LinkOut], str | None]:
        """A page's links built here from the database, by the unpatched builder (so not counted as built)."""
        with services.db.session(readonly=True) as session:
            rows, next_cursor = link_store.page_rows(session, LinkFilters(sort=sort), limit, cursor)
            return BUILD_LINKS(session, rows), next_cursor

    def expected(**params: Any) -> bytes:
        """The page as the models write it."""
        items, next_cursor = page(**params)
        return ContradictionsOut(items=items, next_cursor=next_cursor).model_dump_json().encode()

    services.pipeline.ingest_many(MORE_CONFLICTS)
    ids = [item["id"] for item in client.get("/v1/contradictions").json()["items"]]
    assert len(ids) >= 3 and sorted(built) == sorted(ids)  # a cold page builds each of its links once
    first = client.get("/v1/contradictions", params={"limit": 2})
    assert first.content == expected(limit=2) and first.json()["next_cursor"]
    cursor = first.json()["next_cursor"]
    assert client.get("/v1/contradictions", params={"limit": 2, "cursor": cursor}).content == \
        expected(limit=2, cursor=cursor)
    assert client.get("/v1/contradictions", params={"sort": "score"}).content == expected(sort="score")
    item = next(link for link in page()[0] if link.id == ids[0]).model_dump_json().encode()
    assert client.get(f"/v1/contradictions/{ids[0]}").content == item
    # Other pages over the same links, and an item read, built none of them again.
    assert sorted(built) == sorted(ids)


def test_the_cache_keeps_to_its_byte_bound_as_well_as_its_entries() -> None:
    cache = PageCache(entries=100, max_bytes=250)
    for n in range(5):
        cache.put(f"page:{n}", 1, b"x" * 100)
    assert cache.bytes <= 250
    assert cache.get("page:4", 1) and cache.get("page:3", 1) and cache.get("page:0", 1) is None
    cache.put("page:4", 1, b"y" * 50)  # replacing an entry counts its new size only
    assert cache.bytes == 150 and cache.get("page:4", 1) == b"y" * 50
    cache.put("huge", 1, b"z" * 251)  # larger than the whole cache: not kept, nothing evicted for it
    assert cache.get("huge", 1) is None and cache.bytes == 150
    assert cache.get("page:4", 2) is None  # another generation is a miss


def test_pages_asked_for_once_do_not_evict_the_links_pages_are_built_from(services: Services, built: list[int]
                                                                           ) -> None:
    """A page at a cursor anywhere in the list is rarely asked for again; kept in one cache with the links,
    a burst of such pages evicted the links, and every page built its links again."""
    services.pipeline.ingest_many(MORE_CONFLICTS)
    small = services.settings.model_copy(update={"page_cache_mb": 1})
    with TestClient(create_app(small, services)) as client:
        ids = [item["id"] for item in client.get("/v1/contradictions").json()["items"]]
        # Then pages of the newest link alone, each asked for once (another score floor each time), more
        # of them than the whole megabyte holds: the other links are the least recently used entries.
        page_bytes = len(client.get("/v1/contradictions", params={"limit": 1}).content)
        for n in range(1, 2 * 2**20 // page_bytes):
            assert client.get("/v1/contradictions", params={"limit": 1, "min_score": n / 1e7}).status_code == 200
        assert [item["id"] for item in client.get("/v1/contradictions").json()["items"]] == ids
    assert len(ids) >= 3 and sorted(built) == sorted(ids)  # each link built once, however many pages
