"""Every error path answers with the same application/problem+json shape and the right status."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import check_bind, create_app
from claims.errors import SettingsError
from claims.services import Services

READER, EDITOR = {"X-API-Key": "reader-key-0123456789"}, {"X-API-Key": "editor-key-0123456789"}
OK_ARTICLE = {"text": "Russia and the US agreed to talk. The ministry said so on Monday.", "source": "A"}


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    settings = services.settings.model_copy(update={
        "api_keys": "reader-key-0123456789:reader,editor-key-0123456789:editor", "max_request_bytes": 20_000,
        "max_article_chars": 5_000, "max_batch_items": 3, "max_page_limit": 100})
    services.settings = settings
    with TestClient(create_app(settings, services), raise_server_exceptions=False) as test_client:
        yield test_client


CASES = [
    # (method, path, headers, body, params, status)
    ("get", "/v1/contradictions", {}, None, None, 401),
    ("get", "/v1/contradictions", {"X-API-Key": "wrong"}, None, None, 401),
    ("post", "/v1/articles", READER, OK_ARTICLE, None, 403),
    ("post", "/v1/articles", EDITOR, {"source": "A"}, None, 422),
    ("post", "/v1/articles", EDITOR, {"text": "x", "html": "<p>x</p>", "source": "A"}, None, 422),
    ("post", "/v1/articles", EDITOR, {**OK_ARTICLE, "colour": "red"}, None, 422),
    ("post", "/v1/articles", EDITOR, {"text": "  ", "source": "A"}, None, 422),
    ("post", "/v1/articles", EDITOR, {"text": "nul\x00byte", "source": "A"}, None, 422),
    ("post", "/v1/articles", EDITOR, {**OK_ARTICLE, "published_at": "someday"}, None, 422),
    ("post", "/v1/articles", EDITOR, {"text": "word " * 1500, "source": "A"}, None, 413),
    ("post", "/v1/articles", EDITOR, {"text": "word " * 5000, "source": "A"}, None, 413),
    ("post", "/v1/articles", EDITOR, "not json", None, 422),
    ("post", "/v1/articles/batch", EDITOR, [OK_ARTICLE] * 4, None, 413),
    ("post", "/v1/articles/batch", EDITOR, [], None, 422),
    ("get", "/v1/articles/999999", READER, None, None, 404),
    ("get", "/v1/articles/abc", READER, None, None, 422),
    ("get", "/v1/articles/99999999999999999999", READER, None, None, 422),
    ("get", "/v1/contradictions", READER, None, {"cursor": "WzAsIDk5OTk5OTk5OTk5OTk5OTk5OTk5XQ"}, 422),
    ("get", "/v1/claims/999999", READER, None, None, 404),
    ("get", "/v1/claims/999999/links", READER, None, None, 404),
    ("get", "/v1/claims", READER, None, {"q": ""}, 422),
    ("get", "/v1/claims", READER, None, {"q": "x", "k": 0}, 422),
    ("get", "/v1/contradictions", READER, None, {"limit": 101}, 413),
    ("get", "/v1/contradictions", READER, None, {"limit": 0}, 422),
    ("get", "/v1/contradictions", READER, None, {"kind": "rumour"}, 422),
    ("get", "/v1/contradictions", READER, None, {"min_score": 2}, 422),
    ("get", "/v1/contradictions", READER, None, {"cursor": "garbage!"}, 422),
    ("get", "/v1/contradictions", READER, None, {"since": "not-a-date"}, 422),
    ("get", "/v1/contradictions/999999", READER, None, None, 404),
    ("patch", "/v1/contradictions/999999", EDITOR, {"status": "confirmed"}, None, 404),
    ("patch", "/v1/contradictions/1", EDITOR, {"status": "maybe"}, None, 422),
    ("patch", "/v1/contradictions/1", READER, {"status": "confirmed"}, None, 403),
    ("post", "/v1/compare", READER, {"a": "x"}, None, 422),
    ("post", "/v1/claims/check", READER, {"text": "x", "published_at": "never"}, None, 422),
    ("get", "/v1/entities/999999", READER, None, None, 404),
    ("get", "/v1/no-such-route", READER, None, None, 404),
    ("put", "/v1/articles/1", EDITOR, None, None, 405),
    ("delete", "/v1/articles/1", EDITOR, None, None, 403),
]


@pytest.mark.parametrize(("method", "path", "headers", "body", "params", "status"), CASES,
                         ids=[f"{c[0]} {c[1]} {c[5]} #{n}" for n, c in enumerate(CASES)])
def test_problem_json_shape(client: TestClient, method: str, path: str, headers: dict, body: object,
                            params: dict | None, status: int) -> None:
    kwargs: dict = {"headers": headers, "params": params}
    if isinstance(body, str):
        kwargs["content"] = body
        kwargs["headers"] = {**headers, "Content-Type": "application/json"}
    elif body is not None:
        kwargs["json"] = body
    response = client.request(method.upper(), path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert set(problem) >= {"type", "title", "status", "detail"}
    assert problem["status"] == status and problem["title"] and problem["detail"]
    if status == 422 and "validation" in problem["type"]:
        assert problem["errors"] and all({"field", "message"} <= set(e) for e in problem["errors"])
    assert "reader-key-0123456789" not in response.text and "editor-key-0123456789" not in response.text


def test_client_errors_store_nothing(client: TestClient) -> None:
    client.post("/v1/articles", headers=EDITOR, json=OK_ARTICLE, params={"wait": "true"})
    before = client.get("/v1/claims", headers=READER, params={"q": "agreed", "k": 100}).json()["items"]
    for method, path, headers, body, params, _ in CASES:
        if method == "post" and body is not None and not isinstance(body, str):
            client.request(method.upper(), path, headers=headers, json=body, params=params)
    after = client.get("/v1/claims", headers=READER, params={"q": "agreed", "k": 100}).json()["items"]
    assert len(after) == len(before)


def test_no_keys_means_loopback_only(services: Services) -> None:
    check_bind(services.settings, "127.0.0.1")
    with pytest.raises(SettingsError, match="CLAIMTRACK_API_KEYS"):
        check_bind(services.settings, "0.0.0.0")
    check_bind(services.settings.model_copy(update={"api_keys": "admin-key-0123456789:admin"}), "0.0.0.0")


def test_huge_numbers_are_not_server_errors(client: TestClient) -> None:
    response = client.get("/v1/contradictions", headers=READER, params={"entity": "9" * 25})
    assert response.status_code == 200 and response.json()["items"] == []
