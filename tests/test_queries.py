"""How the reads the dashboard makes most often reach the database: through an index, never a scan
and sort of every link (their cost must not grow with the store)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from claims.db.links import LinkFilters, _filtered
from claims.db.models import ClaimLink
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


@pytest.mark.parametrize("filters", [LinkFilters(), LinkFilters(status="open"), LinkFilters(kind="denial")])
def test_a_page_of_newest_links_walks_an_index_instead_of_sorting_every_link(sqlite_services: Services,
                                                                             filters: LinkFilters) -> None:
    plan = _plan(sqlite_services, filters)
    assert "TEMP B-TREE" not in plan and "ix_links_relation_id" in plan, plan


@pytest.mark.parametrize("filters", [LinkFilters(), LinkFilters(status="open"), LinkFilters(kind="denial")])
def test_a_page_joins_no_table_its_filters_do_not_read(services: Services, filters: LinkFilters) -> None:
    assert " JOIN " not in _sql(services, filters)


def test_a_filter_on_articles_still_joins_them(services: Services) -> None:
    assert "JOIN articles" in _sql(services, LinkFilters(source="RT"))
