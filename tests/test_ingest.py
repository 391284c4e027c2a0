"""Ingestion: storage as submitted, idempotence, bad input, concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from claims.db.models import Article, Claim, Source
from claims.errors import InputTooLargeError, InvalidInputError
from claims.schemas import ArticleIn
from claims.services import Services
from tests.conftest import fixture_articles
from tests.fakes import fake_services

TEXT = ("Russia has refuted media reports that Washington and Moscow have agreed to share intelligence "
        "on Islamic State terrorists. Kerry said the talks in Paris were useful.")


def counts(services: Services) -> tuple[int, int, int]:
    with services.db.session() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) or 0  # type: ignore[return-value]
                     for m in (Article, Claim, Source))


def test_fixtures_twice_store_five_articles(services: Services) -> None:
    first = services.pipeline.ingest_many(fixture_articles())
    second = services.pipeline.ingest_many(fixture_articles())
    assert [r.result.duplicate for r in first if r.result] == [False] * 5
    assert [r.result.duplicate for r in second if r.result] == [True] * 5
    assert [r.result.id for r in first if r.result] == [r.result.id for r in second if r.result]
    assert counts(services)[0] == 5


def test_text_is_stored_exactly_as_submitted(services: Services) -> None:
    raw = "  Headline\r\n\r\nRussia and the US agreed to talk.\nThey met  on Monday.  \n"
    result = services.pipeline.ingest(ArticleIn(text=raw, source="Test Wire"))
    with services.db.session() as session:
        article = session.get(Article, result.id)
        assert article is not None and article.text == raw
        for claim in article.claims:
            assert raw[claim.char_start:claim.char_end].strip()


def test_same_content_with_other_whitespace_is_a_duplicate(services: Services) -> None:
    first = services.pipeline.ingest(ArticleIn(text=TEXT, source="A"))
    second = services.pipeline.ingest(ArticleIn(text="  " + TEXT.replace(" ", "  ") + "\n", source="B"))
    assert second.duplicate and second.id == first.id


def test_same_url_is_a_duplicate(services: Services) -> None:
    first = services.pipeline.ingest(ArticleIn(text=TEXT, source="A", url="https://example.org/a"))
    second = services.pipeline.ingest(ArticleIn(text=TEXT + " Updated.", source="A", url="https://example.org/a"))
    assert second.duplicate and second.id == first.id


def test_publication_date_from_request_then_dateline_then_unknown(services: Services) -> None:
    given = services.pipeline.ingest(ArticleIn(text=TEXT, source="A", published_at="2015-09-29"))
    dated = services.pipeline.ingest(ArticleIn(text="AFP , Tuesday 29 Sep 2015\n\n" + TEXT + " More.", source="A"))
    unknown = services.pipeline.ingest(ArticleIn(text=TEXT + " Unknown date.", source="A"))
    assert given.published_at is not None and given.published_at.date().isoformat() == "2015-09-29"
    assert dated.published_at is not None and dated.published_at.date().isoformat() == "2015-09-29"
    assert unknown.published_at is None


def test_html_is_extracted(services: Services) -> None:
    html = ("<html><head><title>Talks</title></head><body><nav>Subscribe Login</nav><article><h1>Talks</h1>"
            f"<p>{TEXT}</p><p>The ministry said the meeting was constructive and useful for both sides.</p>"
            "</article><footer>© 2015 Example</footer></body></html>")
    result = services.pipeline.ingest(ArticleIn(html=html, source="Example"))
    with services.db.session() as session:
        article = session.get(Article, result.id)
        assert article is not None
        assert "refuted media reports" in article.text and "Subscribe" not in article.text
        assert article.raw_html == html


@pytest.mark.parametrize(("item", "error"), [
    (dict(text="", source="A"), InvalidInputError),
    (dict(text="   \n\t ", source="A"), InvalidInputError),
    (dict(text="binary\x00data here", source="A"), InvalidInputError),
    (dict(text="bell \x07 control", source="A"), InvalidInputError),
    (dict(text=TEXT, source="A", published_at="the day after tomorrow's yesterday"), InvalidInputError),
    (dict(text="x" * 5001, source="A"), InputTooLargeError),
    (dict(text="bad \ufffd\ufffd\ufffd\ufffd decoding", source="A"), InvalidInputError),
    (dict(text=TEXT, source="   "), InvalidInputError),
    (dict(html="<html><body></body></html>", source="A"), InvalidInputError),
])
def test_bad_input_is_refused_and_stores_nothing(settings, item: dict, error: type) -> None:
    services = fake_services(settings.model_copy(update={"max_article_chars": 5000}))
    services.pipeline.ingest(ArticleIn(text=TEXT, source="Kept"))
    before = counts(services)
    with pytest.raises(error):
        services.pipeline.ingest(ArticleIn(**item))
    assert counts(services) == before
    services.close()


def test_concurrent_ingestion_of_one_article_creates_one_row(services: Services) -> None:
    items = [ArticleIn(text=TEXT, source=f"Outlet {n % 3}") for n in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(services.pipeline.ingest, items))
    assert len({r.id for r in results}) == 1
    assert sum(not r.duplicate for r in results) == 1
    articles, claims, _ = counts(services)
    assert articles == 1
    assert claims == results[0].claims_count


def test_concurrent_ingestion_of_different_articles_loses_nothing(services: Services) -> None:
    items = [ArticleIn(text=f"{TEXT} Report number {n} said the ministry met on day {n}.", source=f"S{n % 4}")
             for n in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(services.pipeline.ingest, items))
    assert len({r.id for r in results}) == 12
    assert counts(services)[0] == 12
    assert counts(services)[2] == 4
