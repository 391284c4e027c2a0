"""How the reads the dashboard makes most often reach the database: through an index, never a scan
and sort of every link (their cost must not grow with the store)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text

from claims.db.links import LinkFilters, _filtered, list_links
from claims.db.models import Article, Claim, ClaimEntity, ClaimLink, Entity, LinkReview, Source
from claims.schemas import LinkOut
from claims.services import Services
from tests.conftest import make_settings
from tests.fakes import fake_services


@pytest.fixture
def sqlite_services(tmp_path: Path) -> Iterator[Services]:
    """The plan is read from SQLite's EXPLAIN QUERY PLAN, which names the index it walks (PostgreSQL
    plans a test's handful of rows by table statistics, so its plan says nothing of a large store)."""
    with fake_services(make_settings("sqlite", tmp_path / "data")) as built:
        yield built


def _sql(services: Services, filters: LinkFilters) -> str:
    with services.db.session(readonly=True) as session:
        query = _filtered(session, filters).order_by(ClaimLink.id.desc()).limit(51)
        return str(query.compile(services.db.engine, compile_kwargs={"literal_binds": True}))


def _plan(services: Services, filters: LinkFilters) -> str:
    with services.db.session(readonly=True) as session:
        return "\n".join(str(row) for row in session.execute(text("EXPLAIN QUERY PLAN " + _sql(services, filters))))


@pytest.mark.parametrize("filters", [LinkFilters(), LinkFilters(status="open"), LinkFilters(kind="denial"),
                                     LinkFilters(min_score=0.3)])
def test_a_page_of_newest_links_walks_an_index_instead_of_sorting_every_link(sqlite_services: Services,
                                                                             filters: LinkFilters) -> None:
    plan = _plan(sqlite_services, filters)
    assert "TEMP B-TREE" not in plan and "ix_links_relation_id" in plan, plan


@pytest.mark.parametrize("filters", [LinkFilters(), LinkFilters(status="open"), LinkFilters(kind="denial")])
def test_a_page_joins_no_table_its_filters_do_not_read(services: Services, filters: LinkFilters) -> None:
    assert " JOIN " not in _sql(services, filters)


def test_a_filter_on_articles_still_joins_them(services: Services) -> None:
    assert "JOIN articles" in _sql(services, LinkFilters(source="RT"))


def _store_links(services: Services, count: int) -> None:
    """``count`` links between claims of two outlets, each claim naming an entity, each link reviewed once."""
    with services.db.session() as session:
        outlets = [Source(name="Outlet A"), Source(name="Outlet B")]
        entity = Entity(name="Islamic State", kind="ORG")
        session.add_all([*outlets, entity])
        session.flush()
        claims = []
        for n in range(2 * count):
            article = Article(source_id=outlets[n % 2].id, text=f"Claim {n}.", content_hash=f"{n:064d}")
            session.add(article)
            session.flush()
            claim = Claim(article_id=article.id, sentence_index=0, char_start=0, char_end=len(article.text),
                          proposition_start=0, proposition_end=len(article.text), text=article.text,
                          statement=article.text, speaker=f"Speaker {n}", stance="asserts")
            session.add(claim)
            session.flush()
            session.add(ClaimEntity(claim_id=claim.id, entity_id=entity.id, mention="IS"))
            claims.append(claim)
        for n in range(count):
            link = ClaimLink(claim_a_id=claims[2 * n].id, claim_b_id=claims[2 * n + 1].id, relation="contradicts",
                             kind="factual", score=0.9, model_version="test", status="open")
            session.add(link)
            session.flush()
            session.add(LinkReview(link_id=link.id, action="review", status="open", reviewer=f"Editor {n}"))


def _selects(services: Services, filters: LinkFilters) -> tuple[int, list[LinkOut]]:
    seen: list[str] = []

    def record(*args: object) -> None:
        seen.append(str(args[2]))

    event.listen(services.db.engine, "before_cursor_execute", record)
    try:
        with services.db.session(readonly=True) as session:
            items, _ = list_links(session, filters, 50)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", record)
    return sum(1 for statement in seen if statement.lstrip().upper().startswith("SELECT")), items


@pytest.mark.parametrize("count", [1, 30])
def test_a_page_costs_the_same_queries_for_one_link_or_thirty(services: Services, count: int) -> None:
    """A fixed handful of queries however many links a page holds (seven: links, claims, mentions,
    reviews, three for reach), and the page is still whole."""
    _store_links(services, count)
    queries, items = _selects(services, LinkFilters())
    assert len(items) == count
    assert queries <= 7, queries
    assert {h.reviewer for item in items for h in item.history} == {f"Editor {n}" for n in range(count)}
    for item in items:
        assert [e.name for e in item.claim_a.entities] == ["Islamic State"]
        assert {item.claim_a.source, item.claim_b.source} == {"Outlet A", "Outlet B"}
        assert len(item.history) == 1
        assert item.claim_a.outlets == [item.claim_a.source] and item.claim_a.independent_sources == 1


def test_concurrent_readers_keep_their_connections(sqlite_services: Services) -> None:
    """12 readers holding a connection at once, twice: the second burst opens no SQLite connection (and runs
    no pragmas).  With SQLAlchemy's default pool of five, every reader beyond the fifth opened one and
    closed it again."""
    readers = 12  # within the old pool's limit (five kept, ten more opened and closed), so it fails, not hangs
    opened: list[int] = []
    event.listen(sqlite_services.db.engine, "connect", lambda *_: opened.append(1))
    barrier = threading.Barrier(readers)

    def read() -> None:
        with sqlite_services.db.session(readonly=True) as session:
            session.connection()  # a session takes its connection lazily: take it before the barrier
            barrier.wait(timeout=30)
            session.execute(text("SELECT 1"))

    def burst() -> None:
        threads = [threading.Thread(target=read) for _ in range(readers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    burst()
    first = len(opened)
    burst()
    assert len(opened) == first
