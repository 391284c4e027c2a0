"""The dashboard in real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.services import Services
from claims.settings import Settings
from tests.conftest import ROOT, fixture_articles, make_settings
from tests.live import live_server

pytestmark = [pytest.mark.browser, pytest.mark.models]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = ROOT / "test-artifacts"
KEY = "dashboard-editor-0123456789"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    settings: Settings = make_settings("sqlite", tmp_path_factory.mktemp("dashboard"))
    services = Services(settings)
    articles = fixture_articles()
    services.pipeline.ingest_many(articles)
    # The reference article reprinted by another outlet: a wire copy, shown as reach, not as new claims.
    reference = next(a for a in articles if "intensify intelligence cooperation" in (a.text or ""))
    WIRE["copy"] = services.pipeline.ingest(reference.model_copy(update={"source": WIRE_OUTLET, "url": None})).id
    _plant_hostile_entity(services)
    services.close()
    with live_server(settings, api_keys=f"{KEY}:editor") as base:
        yield base


WIRE_OUTLET = "Yahoo News"
WIRE: dict[str, int] = {}


HOSTILE = '<img src=x onerror="window.__xss = 1"><svg onload="window.__xss = 2">'


def _plant_hostile_entity(services: Services) -> None:
    """An entity named like markup on every contradiction's first claim: the top of the entity chart."""
    from sqlalchemy import select

    from claims.db.models import ClaimEntity, ClaimLink, Entity

    with services.db.session() as session:
        claims = set(session.scalars(select(ClaimLink.claim_a_id).where(ClaimLink.relation == "contradicts")))
        assert claims
        entity = Entity(name=HOSTILE, kind="ORG")
        session.add(entity)
        session.flush()
        session.add_all([ClaimEntity(claim_id=c, entity_id=entity.id, mention="hostile") for c in claims])


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if CHROMIUM is None:
        pytest.fail("chromium is not installed (apt-get install chromium); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, server: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1300, "height": 1000})
    page = context.new_page()
    page.goto(server + "/")
    page.evaluate(f"localStorage.setItem('claimtrack-key', '{KEY}')")
    page.goto(server + "/")
    yield page
    context.close()


def shot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def test_reference_pair_is_listed_side_by_side(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    card = page.locator(".pair.kind-denial", has_text="intensify intelligence cooperation").first
    card.wait_for()
    assert "Washington and Moscow have agreed to share intelligence" in card.inner_text()
    assert card.locator("mark").count() == 2
    assert page.locator("#chart-time svg rect").count() >= 1
    shot(page, "dashboard-list")


def test_a_dispute_inside_one_sentence_is_shown_once(page, server: str) -> None:  # type: ignore[no-untyped-def]
    # "Russia has refuted media reports that ...": the denial and the reports it names share one sentence.
    page.goto(server + "/?source=RT")
    card = page.locator(".pair", has=page.locator(".badge.within")).first
    card.wait_for()
    assert card.locator(".side").count() == 1
    text = card.inner_text()
    assert "in the same sentence" in text and "refuted media reports" in text
    shot(page, "dashboard-one-sentence")


def test_markup_in_stored_names_is_shown_as_text_and_never_runs(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("#chart-entity svg")
    page.wait_for_function("document.querySelector('#chart-entity').textContent.includes('onerror')")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#chart-entity img, #chart-entity svg svg").count() == 0
    csp = page.evaluate("fetch('/').then(r => r.headers.get('content-security-policy'))")
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp


def test_an_empty_list_says_which_filters_hide_the_pairs(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(server + "/?min_score=0.999&kind=temporal")
    hint = page.locator("#empty-hint")
    hint.wait_for()
    assert "kind" in hint.inner_text() and "min_score" in hint.inner_text() and "Clear" in hint.inner_text()
    page.click("#clear")
    page.wait_for_selector(".pair")
    assert page.locator("#empty-hint").is_hidden()


def test_filter_by_entity_alias_is_kept_in_the_url(page, server: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    everything = page.locator(".pair").count()
    page.fill("input[name=entity]", "ISIL")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**entity=ISIL**")
    page.wait_for_selector(".pair")
    filtered = page.locator(".pair")
    assert 0 < filtered.count() <= everything
    assert page.locator(".pair", has_text="intelligence").count() >= 1
    shared = page.url
    page.goto(shared)
    page.wait_for_selector(".pair")
    assert page.input_value("input[name=entity]") == "ISIL"
    shot(page, "dashboard-filtered")


def test_confirm_persists_after_reload(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    card = page.locator(".pair").first
    pair_id = card.get_attribute("data-id")
    card.locator("input[aria-label='Review note']").fill("checked against both transcripts")
    card.locator("button[data-action=confirmed]").click()
    page.wait_for_selector(f".pair[data-id='{pair_id}'] .status-confirmed")
    page.reload()
    page.wait_for_selector(f".pair[data-id='{pair_id}']")
    again = page.locator(f".pair[data-id='{pair_id}']")
    assert again.locator("[data-role=status]").inner_text() == "confirmed"
    assert "checked against both transcripts" in again.inner_text()
    shot(page, "dashboard-confirmed")


def test_keyboard_dismiss(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    page.keyboard.press("j")
    selected = page.locator(".pair.selected")
    pair_id = selected.get_attribute("data-id")
    page.keyboard.press("d")
    page.wait_for_selector(f".pair[data-id='{pair_id}'] .status-dismissed")
    page.keyboard.press("o")
    page.wait_for_selector(f".pair[data-id='{pair_id}'] .status-open")


def test_article_view_highlights_claims_by_stance(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    page.locator(".pair.kind-denial blockquote").first.click()
    page.wait_for_selector("#article-text mark")
    assert page.locator("#article-text mark.stance-denies").count() >= 1
    page.locator("#article-text mark.stance-denies").first.click()
    page.wait_for_selector("#claim-panel h4")
    assert "Contradicted by" in page.inner_text("#claim-panel")
    shot(page, "dashboard-article")


def test_api_docs_render_their_operations_with_the_network_off(browser, server: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    outside: list[str] = []

    def offline(route) -> None:  # type: ignore[no-untyped-def]
        # Anything not served by claimtrack itself fails, as it would on an offline machine.
        if route.request.url.startswith(server):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/v1/articles" in paths and "/v1/contradictions" in paths
    assert not outside and not errors, (outside, errors)
    shot(page, "api-docs")
    context.close()


def test_keyboard_help_is_reachable_from_the_keyboard(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(".pair")
    page.keyboard.press("?")
    assert page.evaluate("document.activeElement.id") == "keyboard-help"
    page.focus("#api-key")
    page.keyboard.press("Tab")  # Save
    page.keyboard.press("Tab")  # the shortcuts button, next in the header
    assert page.evaluate("document.activeElement.id") == "shortcuts"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "keyboard-help"


def test_a_wire_copy_shows_as_reach_and_points_at_its_original(page, server: str) -> None:  # type: ignore[no-untyped-def]
    card = page.locator(".pair.kind-denial", has_text="intensify intelligence cooperation").first
    card.wait_for()
    assert f"also carried by {WIRE_OUTLET}" in card.inner_text()
    assert "1 independent source" in card.inner_text()  # a reprint is not a second source
    page.goto(server + f"/?article={WIRE['copy']}")
    notice = page.locator("#article-original")
    notice.wait_for()
    assert "wire copy" in notice.inner_text()
    notice.locator("a").click()
    page.wait_for_selector("#article-text mark")
    assert "reprinted in 1 other outlet" in page.inner_text("#article-meta")
