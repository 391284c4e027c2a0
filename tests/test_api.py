"""REST API through the ASGI app (a real server is in test_server.py)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from claims.services import Services

TEXT = ("Russia has refuted media reports that Washington and Moscow have agreed to share intelligence "
        "on Islamic State terrorists. Kerry said the talks in Paris were useful.")


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services.settings, services)) as test_client:
        yield test_client


CONFLICT = [{"text": "Russia and the United States agreed to share intelligence on Islamic State.",
             "source": "Wire", "published_at": "2015-09-29"},
            {"text": "Russia and the United States did not agree to share intelligence on Islamic State.",
             "source": "Daily", "published_at": "2015-09-30"}]


@pytest.fixture(scope="module")
def loaded_client(loaded: Services) -> Iterator[TestClient]:
    with TestClient(create_app(loaded.settings, loaded)) as test_client:
        yield test_client


def test_post_article_then_duplicate(client: TestClient) -> None:
    body = {"text": TEXT, "source": "RT", "published_at": "2014-10-15"}
    first = client.post("/v1/articles", params={"wait": "true"}, json=body)
    assert first.status_code == 201, first.text
    assert first.json()["duplicate"] is False and first.json()["claims_count"] > 0
    again = client.post("/v1/articles", params={"wait": "true"}, json=body)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["id"] == first.json()["id"]
    article = client.get(f"/v1/articles/{first.json()['id']}").json()
    assert article["text"] == TEXT
    for claim in article["claims"]:
        assert TEXT[claim["char_start"]:claim["char_end"]]
        assert client.get(f"/v1/claims/{claim['id']}").json()["text"] == claim["text"]


def test_an_article_without_claims_is_stored_with_a_warning(client: TestClient) -> None:
    nothing = {"text": "Cookies. Accept all. Menu.", "source": "Scraper"}
    stored = client.post("/v1/articles", params={"wait": "true"}, json=nothing)
    assert stored.status_code == 201 and stored.json()["claims_count"] == 0
    assert "no claims were found" in stored.json()["warnings"][0]
    queued = client.post("/v1/articles", json={**nothing, "text": "Log in. Subscribe now."})
    job = client.get(queued.json()["job"]).json()
    for _ in range(300):  # the in-process worker runs the job beside the request
        if job["status"] in ("done", "failed"):
            break
        time.sleep(0.1)
        job = client.get(queued.json()["job"]).json()
    assert job["status"] == "done" and "no claims were found" in job["warnings"][0]
    with_claims = client.post("/v1/articles", params={"wait": "true"}, json=CONFLICT[0])
    assert "warnings" not in with_claims.json()  # the body stays exactly as before


def test_search_drops_nonsense_and_ranks_the_exact_phrase_first(client: TestClient) -> None:
    articles = [{"text": "The council said the harbour bridge would reopen in May after repairs.", "source": "A"},
                {"text": "Repairs to the bridge over the harbour were said to be slow by the council.", "source": "B"},
                {"text": "The mayor opened a new school in the north of the city.", "source": "C"}]
    for item in articles:
        assert client.post("/v1/articles", params={"wait": "true"}, json=item).status_code == 201
    assert client.get("/v1/claims", params={"q": "xyzzy"}).json()["items"] == []
    hits = client.get("/v1/claims", params={"q": "harbour bridge would reopen"}).json()["items"]
    assert hits and "harbour bridge would reopen" in hits[0]["claim"]["text"]
    assert all("school" not in h["claim"]["text"] for h in hits)


def test_an_article_without_a_title_is_named_by_its_headline_or_first_words(client: TestClient) -> None:
    lead = "Talks on the harbour bridge resumed on Monday after a week in which the council and the union"
    headed = {"text": "Harbour talks resume\n\n" + lead + " traded accusations.", "source": "A"}
    plain = {"text": lead + " traded accusations. They met again.", "source": "B"}
    titled = {**plain, "source": "C", "title": "Bridge talks", "text": plain["text"] + " Later."}
    names = []
    for item in (headed, plain, titled):
        stored = client.post("/v1/articles", params={"wait": "true"}, json=item).json()
        names.append(client.get(f"/v1/articles/{stored['id']}").json()["heading"])
    assert names == ["Harbour talks resume", "Talks on the harbour bridge resumed on Monday after a week in…",
                     "Bridge talks"]


def test_batch_reports_per_item(client: TestClient) -> None:
    items = [{"text": TEXT, "source": "A"}, {"text": "", "source": "B"}, {"text": TEXT + " Other.", "source": "C"}]
    response = client.post("/v1/articles/batch", params={"wait": "true"}, json=items)
    assert response.status_code == 200
    body = response.json()
    assert [i["status"] for i in body["items"]] == [201, 422, 201]
    assert body["stored"] == 2 and body["failed"] == 1
    assert body["items"][1]["error"]["detail"] == "text is empty"


@pytest.mark.models
def test_contradictions_list_has_the_reference_pair_with_spans(loaded_client: TestClient, loaded: Services) -> None:
    items = []
    cursor = None
    while True:
        params = {"limit": 20} | ({"cursor": cursor} if cursor else {})
        page = loaded_client.get("/v1/contradictions", params=params).json()
        items += page["items"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len({i["id"] for i in items}) == len(items)
    reference = [i for i in items if i["kind"] == "denial"
                 and {"Russia", "John Kerry"} & {i["claim_a"]["speaker"], i["claim_b"]["speaker"]}
                 and any("intensify" in c["text"] for c in (i["claim_a"], i["claim_b"]))]
    assert reference, [(i["claim_a"]["text"], i["claim_b"]["text"]) for i in items if i["kind"] == "denial"]
    pair = reference[0]
    for side in ("claim_a", "claim_b"):
        claim = pair[side]
        article = loaded_client.get(f"/v1/articles/{claim['article_id']}").json()
        span = article["text"][claim["char_start"]:claim["char_end"]]
        assert span and claim["text"].split()[-1].strip(".,”\"") in span


@pytest.mark.models
def test_contradiction_filters(loaded_client: TestClient) -> None:
    by_alias = loaded_client.get("/v1/contradictions", params={"entity": "ISIL", "limit": 500}).json()["items"]
    by_name = loaded_client.get("/v1/contradictions", params={"entity": "Islamic State", "limit": 500}).json()["items"]
    assert by_alias and {i["id"] for i in by_alias} == {i["id"] for i in by_name}
    denials = loaded_client.get("/v1/contradictions", params={"kind": "denial"}).json()["items"]
    assert denials and all(i["kind"] == "denial" for i in denials)
    strong = loaded_client.get("/v1/contradictions", params={"min_score": 0.8, "sort": "score"}).json()["items"]
    assert all(i["score"] >= 0.8 for i in strong)
    assert [i["score"] for i in strong] == sorted((i["score"] for i in strong), reverse=True)
    rt = loaded_client.get("/v1/contradictions", params={"source": "RT"}).json()["items"]
    assert all("RT" in (i["claim_a"]["source"], i["claim_b"]["source"]) for i in rt)


def test_chart_statistics_follow_the_list_filters(client: TestClient) -> None:
    for item in CONFLICT:
        client.post("/v1/articles", params={"wait": "true"}, json=item)
    everything = client.get("/v1/stats/contradictions").json()
    assert everything["total"] == len(client.get("/v1/contradictions").json()["items"]) > 0
    kind = next(iter(everything["by_kind"]))
    only = client.get("/v1/stats/contradictions", params={"kind": kind}).json()
    assert only["by_kind"] == {kind: everything["by_kind"][kind]}
    none = client.get("/v1/stats/contradictions", params={"min_score": 1.0, "source": "Nobody"}).json()
    assert none["total"] == 0 and none["by_entity"] == [] and none["by_month"] == []
    assert client.get("/v1/stats/contradictions", params={"kind": "nonsense"}).status_code == 422


def test_review_records_history(client: TestClient) -> None:
    for body in CONFLICT:
        assert client.post("/v1/articles", params={"wait": "true"}, json=body).status_code == 201
    items = client.get("/v1/contradictions").json()["items"]
    assert items
    link_id = items[0]["id"]
    confirmed = client.patch(f"/v1/contradictions/{link_id}", json={"status": "confirmed", "note": "checked"})
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == "confirmed" and confirmed.json()["reviewer_note"] == "checked"
    client.patch(f"/v1/contradictions/{link_id}", json={"status": "open", "note": "reopened"})
    detail = client.get(f"/v1/contradictions/{link_id}").json()
    assert detail["status"] == "open"
    assert [h["status"] for h in detail["history"] if h["action"] == "review"] == ["confirmed", "open"]
    assert client.get("/v1/contradictions", params={"status": "confirmed"}).json()["items"] == []


@pytest.mark.models
def test_search_links_entities(loaded_client: TestClient) -> None:
    hits = loaded_client.get("/v1/claims", params={"q": "intelligence sharing on ISIS", "k": 3}).json()["items"]
    assert len(hits) == 3 and hits[0]["score"] >= hits[-1]["score"]
    claim_id = hits[0]["claim"]["id"]
    links = loaded_client.get(f"/v1/claims/{claim_id}/links").json()
    assert set(links) == {"contradicts", "supports"}
    entities = loaded_client.get("/v1/entities", params={"q": "daesh"}).json()
    assert entities[0]["name"] == "Islamic State" and "ISIL" in entities[0]["aliases"]
    one = loaded_client.get(f"/v1/entities/{entities[0]['id']}").json()
    assert one["claims_count"] > 0


@pytest.mark.models
def test_compare_understands_denials(loaded_client: TestClient) -> None:
    result = loaded_client.post("/v1/compare", json={
        "a": "The foreign ministry denied that Russia and the US agreed to share intelligence on ISIS.",
        "b": "Russia and the US agreed to share intelligence on ISIS."}).json()
    assert result["relation"] == "contradiction" and result["kind"] == "denial"
    same = loaded_client.post("/v1/compare", json={
        "a": "Russia and the US agreed to share intelligence on ISIS.",
        "b": "Russia and the United States agreed to share intelligence on Islamic State."}).json()
    assert same["relation"] == "entailment"
    # The conflict probability of a supporting pair, not its support (they were once the same number).
    assert same["contradiction_score"] < 0.5 < same["score"]


@pytest.mark.models
def test_compare_reads_an_antonym_swap_as_a_conflict_not_a_corroboration(loaded_client: TestClient) -> None:
    # The shipped classifier reads "dead"/"alive" as 0.96 entailment: this was a corroboration.
    result = loaded_client.post("/v1/compare", json={"a": "Judd Nelson is dead.", "b": "Judd Nelson is alive."}).json()
    assert result["relation"] == "contradiction" and result["kind"] == "factual"
    assert any(s["name"] == "antonym_swap" and s["value"] == "alive/dead" for s in result["signals"])


@pytest.mark.models
def test_check_finds_stored_contradictions(loaded_client: TestClient) -> None:
    result = loaded_client.post("/v1/claims/check", json={
        "text": "Russia and the United States have agreed to share intelligence on Islamic State.",
        "published_at": "2015-10-01"}).json()
    assert any(i["relation"] == "contradicts" for i in result["items"])


# Thirty outlets repeat the story in near-identical words; one disputes it in words of its own.
OUTLETS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet", "kilo", "lima",
           "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey",
           "xray", "yankee", "zulu", "amber", "bronze", "cobalt", "denim"]


def test_check_reads_past_a_crowd_of_paraphrases_to_the_article_that_disputes(client: TestClient) -> None:
    """The nearest twenty stored claims are all paraphrases of the statement: the check still reads the
    one article that disputes it (with the old twenty candidates it was never classified)."""
    for name in OUTLETS:
        client.post("/v1/articles", params={"wait": "true"}, json={
            "text": f"The mayor of Springfield was arrested on Monday, {name} reported.", "source": name})
    disputing = client.post("/v1/articles", params={"wait": "true"}, json={
        "text": "Police denied claims that the mayor of Springfield was arrested on Monday at dawn by officers.",
        "source": "Gazette"}).json()
    items = client.post("/v1/claims/check", json={"text": "The mayor of Springfield was arrested on Monday."}
                        ).json()["items"]
    assert sum(i["relation"] == "supports" for i in items) >= 20
    assert [i["claim"]["article_id"] for i in items if i["relation"] == "contradicts"] == [disputing["id"]]


def test_check_against_one_article_reads_only_its_claims(client: TestClient) -> None:
    """An editor asks whether one article disputes a statement: only that article's claims answer (a wire
    copy's are its original's), and an article that does not exist is a 404, not an empty answer."""
    articles = [client.post("/v1/articles", params={"wait": "true"}, json={
        "text": f"The mayor of Springfield was arrested on Monday, {name} reported.", "source": name}).json()
        for name in OUTLETS[:3]]
    denial = "Police denied claims that the mayor of Springfield was arrested on Monday at dawn by officers."
    disputing = client.post("/v1/articles", params={"wait": "true"}, json={"text": denial, "source": "Gazette"}).json()
    copy = client.post("/v1/articles", params={"wait": "true"}, json={"text": denial, "source": "Echo"}).json()
    assert copy["copy_of"] == disputing["id"]
    statement = "The mayor of Springfield was arrested on Monday."

    def check(article_id: int) -> list[tuple[int, str]]:
        answer = client.post("/v1/claims/check", json={"text": statement, "article_id": article_id})
        assert answer.status_code == 200, answer.text
        return [(i["claim"]["article_id"], i["relation"]) for i in answer.json()["items"]]

    assert check(disputing["id"]) == [(disputing["id"], "contradicts")]
    assert check(copy["id"]) == [(disputing["id"], "contradicts")]
    assert check(articles[1]["id"]) == [(articles[1]["id"], "supports")]
    missing = client.post("/v1/claims/check", json={"text": statement, "article_id": 999_999})
    assert missing.status_code == 404 and missing.headers["content-type"] == "application/problem+json"
    assert "999999" in missing.json()["detail"]
    assert client.post("/v1/claims/check", json={"text": statement, "article_id": 0}).status_code == 422


def test_health_ready_metrics_docs(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json()["status"] == "ready"
    client.get("/v1/contradictions")
    assert "claimtrack_http_requests_total" in client.get("/metrics").text
    assert client.get("/docs").status_code == 200
    assert "/v1/contradictions" in client.get("/openapi.json").json()["paths"]


def test_delete_article_removes_claims_links_and_vectors(client: TestClient, services: Services) -> None:
    first = client.post("/v1/articles", params={"wait": "true"}, json={"text": TEXT, "source": "RT"}).json()
    other = client.post("/v1/articles", params={"wait": "true"}, json={
        "text": "Washington and Moscow agreed to share intelligence on Islamic State, officials said on Monday.",
        "source": "Wire"}).json()
    claim_ids = [c["id"] for c in client.get(f"/v1/articles/{first['id']}").json()["claims"]]
    assert client.delete(f"/v1/articles/{first['id']}").status_code == 204
    assert client.get(f"/v1/articles/{first['id']}").status_code == 404
    assert all(client.get(f"/v1/claims/{i}").status_code == 404 for i in claim_ids)
    for item in client.get("/v1/contradictions", params={"limit": 500}).json()["items"]:
        assert item["claim_a"]["id"] not in claim_ids and item["claim_b"]["id"] not in claim_ids
    assert services.index.verify()["ok"]
    assert not services.index.vectors_index.contains(claim_ids).any()
    assert client.get(f"/v1/articles/{other['id']}").status_code == 200
    assert client.delete(f"/v1/articles/{first['id']}").status_code == 404
