"""How the reads the dashboard makes most often reach the database: through an index, never a scan
and sort of every link (their cost must not grow with the store)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from claims.db.links import LinkFilters, _filtered
from claims.db.models import ClaimLink
from claims.services import Services


def _plan(services: Services, filters: LinkFilters, order: tuple) -> str:
    with services.db.session(readonly=True) as session:
        query = _filtered(session, filters).order_by(*order).limit(51)
        sql = str(query.compile(services.db.engine, compile_kwargs={"literal_binds": True}))
        prefix = "EXPLAIN QUERY PLAN " if services.db.is_sqlite else "EXPLAIN "
        return "\n".join(str(row) for row in session.execute(text(prefix + sql)))


@pytest.mark.parametrize("filters", [LinkFilters(), LinkFilters(status="open"), LinkFilters(kind="denial")])
def test_a_page_of_newest_links_walks_an_index_instead_of_sorting_every_link(services: Services,
                                                                             filters: LinkFilters) -> None:
    if not services.db.is_sqlite:
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN; PostgreSQL plans by table statistics")
    plan = _plan(services, filters, (ClaimLink.id.desc(),))
    assert "TEMP B-TREE" not in plan and "ix_links_relation_id" in plan, plan
    assert "claims" not in plan and "articles" not in plan, plan  # no join a filter does not need


def test_a_filter_on_articles_still_joins_them(services: Services) -> None:
    if not services.db.is_sqlite:
        pytest.skip("the plan is read from SQLite's EXPLAIN QUERY PLAN")
    plan = _plan(services, LinkFilters(source="RT"), (ClaimLink.id.desc(),))
    assert "articles" in plan, plan
