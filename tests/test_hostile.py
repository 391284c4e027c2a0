"""Hostile input against every endpoint: never a 5xx, always problem+json, and a refusal changes nothing.

Hypothesis generates bodies and query strings (nested JSON, lone surrogates, control characters,
huge numbers, long strings, odd Unicode digits); hand-written cases add the ones found by reading.
After every refused request, the database (row counts and a checksum) and the index are compared
with their state before it.  Runs on SQLite and, when configured, on PostgreSQL.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from api.app import create_app
from claims.services import Services
from tests.fakes import CONFLICTING, fake_services

ADMIN = {"X-API-Key": "admin-key-0123456789"}


def as_json(body: Any) -> dict[str, Any]:
    """The request body as a client sends it: ASCII JSON, so a lone surrogate travels as ``\\ud800``."""
    return {"content": json.dumps(body).encode(), "headers": {**ADMIN, "content-type": "application/json"}}
TABLES = ["articles", "claims", "claim_vectors", "claim_links", "link_reviews", "entities", "entity_aliases",
          "ingest_jobs", "audit_log", "archived_links"]

SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=300)
           | st.sampled_from(["\ud800", "²", "[" * 1000, "\x00", "9999-12-31T23:00-05:00", "0001-01-01",
                              "x" * 6000, "<img src=x onerror=alert(1)>", "../../etc/passwd"]))
JSON = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                                          max_size=5), max_leaves=12)
ARTICLE_KEYS = ["text", "html", "source", "url", "title", "published_at", "external_id"]
ARTICLE = st.dictionaries(st.sampled_from(ARTICLE_KEYS), SCALARS, max_size=7) | JSON
QUERY = st.dictionaries(st.sampled_from(["q", "k", "entity", "source", "kind", "status", "min_score", "since",
                                         "until", "article_id", "sort", "limit", "cursor", "wait"]),
                        st.text(max_size=60) | st.sampled_from(["²", "-1", "1e400", "[" * 1000, "9" * 40]),
                        max_size=4)


@pytest.fixture
def hostile(services: Services) -> Iterator[tuple[TestClient, Services]]:
    settings_with_keys = services.settings.model_copy(update={"api_keys": "admin-key-0123456789:admin",
                                                              "max_request_bytes": 200_000})
    with fake_services(settings_with_keys) as built:
        for article in CONFLICTING:
            built.pipeline.ingest(article)
        with TestClient(create_app(built.settings, built), raise_server_exceptions=False) as client:
            yield client, built


def state(services: Services) -> tuple[Any, ...]:
    with services.db.session(readonly=True) as session:
        counts = tuple(session.execute(text(f"SELECT count(*) FROM {table}")).scalar() for table in TABLES)
        rows = session.execute(text("SELECT id, status, score FROM claim_links ORDER BY id")).all()
        texts = session.execute(text("SELECT id, content_hash FROM articles ORDER BY id")).all()
    digest = hashlib.sha256(json.dumps([list(map(str, r)) for r in rows + texts]).encode()).hexdigest()
    return counts, digest, services.index.vectors_index.count


def check(response: Any, before: tuple[Any, ...], services: Services) -> None:
    assert response.status_code < 500, (response.status_code, response.text[:500])
    if response.status_code >= 400:
        assert response.headers["content-type"].startswith("application/problem+json"), response.text[:200]
        body = response.json()
        assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == response.status_code
        assert state(services) == before, response.text[:300]


FUZZ = settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def test_hostile_article_bodies(hostile: tuple[TestClient, Services]) -> None:
    client, services = hostile

    @FUZZ
    @given(body=ARTICLE, wait=st.booleans())
    def run(body: Any, wait: bool) -> None:
        before = state(services)
        response = client.post("/v1/articles", **as_json(body), params={"wait": str(wait).lower()})
        check(response, before, services)

    run()


def test_hostile_batches(hostile: tuple[TestClient, Services]) -> None:
    client, services = hostile

    @FUZZ
    @given(body=st.lists(ARTICLE, max_size=3) | JSON)
    def run(body: Any) -> None:
        before = state(services)
        check(client.post("/v1/articles/batch", **as_json(body), params={"wait": "true"}), before,
              services)

    run()


@pytest.mark.parametrize("path", ["/v1/contradictions", "/v1/claims", "/v1/entities", "/v1/stats/contradictions",
                                  "/v1/contradictions/1", "/v1/claims/1/links", "/v1/articles/1", "/v1/jobs/1"])
def test_hostile_queries(hostile: tuple[TestClient, Services], path: str) -> None:
    client, services = hostile

    @FUZZ
    @given(params=QUERY)
    def run(params: dict[str, str]) -> None:
        before = state(services)
        check(client.get(path, params=params, headers=ADMIN), before, services)

    run()


@pytest.mark.parametrize(("method", "path"), [("post", "/v1/compare"), ("post", "/v1/claims/check"),
                                              ("patch", "/v1/contradictions/1")])
def test_hostile_bodies_elsewhere(hostile: tuple[TestClient, Services], method: str, path: str) -> None:
    client, services = hostile
    keys = {"/v1/compare": ["a", "b"], "/v1/claims/check": ["text", "published_at"],
            "/v1/contradictions/1": ["status", "note", "reviewer"]}[path]

    @FUZZ
    @given(body=st.dictionaries(st.sampled_from(keys), SCALARS, max_size=3) | JSON)
    def run(body: Any) -> None:
        before = state(services)
        check(client.request(method.upper(), path, **as_json(body)), before, services)

    run()


HAND_WRITTEN = [
    ("post", "/v1/articles", {"text": "A report.\ud800 More.", "source": "A"}, None, 422),
    ("post", "/v1/articles", {"text": "The talks ended.", "source": "A", "published_at": "0001-01-01"}, None, 422),
    ("post", "/v1/articles", {"text": "The talks ended.", "source": "A",
                              "published_at": "9999-12-31T23:00-05:00"}, None, 422),
    ("post", "/v1/articles", {"text": "The talks ended.", "source": "A", "published_at": "2015-09-29" * 20},
     None, 422),
    ("post", "/v1/articles", {"text": "The talks ended.", "source": "A" * 201}, None, 422),
    ("post", "/v1/articles", {"text": "The talks ended.", "source": "A", "url": "u" * 2001}, None, 422),
    ("get", "/v1/contradictions", None, {"entity": "²"}, 200),
    ("get", "/v1/contradictions", None, {"cursor": "[" * 1000}, 422),
    ("get", "/v1/contradictions", None, {"since": "9999-99-99"}, 422),
    ("post", "/v1/compare", {"a": "x\ud800", "b": "y"}, None, 422),
    ("post", "/v1/claims/check", {"text": "The talks ended.", "published_at": "0001-01-01"}, None, 422),
    ("patch", "/v1/contradictions/1", {"status": "confirmed", "note": "\ud800"}, None, 422),
]


@pytest.mark.parametrize(("method", "path", "body", "params", "status"), HAND_WRITTEN)
def test_hand_written_hostile_cases(hostile: tuple[TestClient, Services], method: str, path: str, body: Any,
                                    params: Any, status: int) -> None:
    client, services = hostile
    before = state(services)
    sent = as_json(body) if body is not None else {"headers": ADMIN}
    response = client.request(method.upper(), path, params=params, **sent)
    assert response.status_code == status, response.text[:300]
    check(response, before, services)


def test_a_body_without_content_length_is_capped_while_it_streams(hostile: tuple[TestClient, Services]) -> None:
    client, services = hostile
    before = state(services)

    def chunks() -> Iterator[bytes]:
        yield b'{"source": "A", "text": "'
        for _ in range(100):
            yield b"x" * 10_000  # 1 MB in all, no Content-Length: over the 200 kB cap
        yield b'"}'

    response = client.post("/v1/articles", content=chunks(), headers={**ADMIN, "content-type": "application/json"})
    assert response.status_code == 413
    check(response, before, services)


def test_one_bad_item_in_a_batch_is_reported_alone(hostile: tuple[TestClient, Services]) -> None:
    client, services = hostile
    from tests.test_queue import Flaky

    services.pipeline.extractor = Flaky(services.extractor, failures=1, error=KeyError)  # type: ignore[assignment]
    items = [{"text": "First new report about the harbour.", "source": "A"},
             {"text": "Second new report about the harbour.", "source": "B"}]
    body = client.post("/v1/articles/batch", json=items, headers=ADMIN, params={"wait": "true"}).json()
    assert [i["status"] for i in body["items"]] == [500, 201]
    assert "has been logged" in body["items"][0]["error"]["detail"]
