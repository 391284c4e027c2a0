"""16 ingesting clients, 4 reviewers and a nightly run at once, against a real server process.

Afterwards every review a reviewer was told succeeded is in the history (of the link, or of its
archived copy), no article is stored twice, and the index matches the database.  Runs on
PostgreSQL when CLAIMTRACK_TEST_DATABASE_URL is set (and on SQLite).  The server runs on the
deterministic fakes: this is about data under concurrency, not the models' judgement.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from sqlalchemy import func, select, text, update

from claims.db.models import Article, ClaimLink, IngestJob
from claims.schemas import ArticleIn
from claims.settings import Settings
from tests.conftest import ROOT
from tests.fakes import CONFLICTING, fake_services
from tests.live import live_server

pytestmark = pytest.mark.server
KEY = "concurrency-admin-0123456789"
HEADERS = {"X-API-Key": KEY}
TOPICS = ["the harbour bridge", "the rail strike", "the city budget", "the border crossing", "the power plant",
          "the water tariffs", "the airport runway", "the school closures"]

SEEDS = [ArticleIn(text=f"The council said {topic} would be reviewed next year.", source="Gazette",
                   published_at="2015-09-01") for topic in TOPICS[:5]]
RECONCILE = """
import sys
from pathlib import Path
from claims.jobs.reconcile import Reconciler
from claims.settings import load_settings
from tests.fakes import fake_services
with fake_services(load_settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2])) as services:
    print(Reconciler(services, batch_size=8).run().counts)
"""


def article(client: int, n: int) -> dict:
    topic = TOPICS[(client + n) % len(TOPICS)]
    # Clients 0-7 and 8-15 send the same articles: concurrent duplicates.
    agreed = "agreed" if (client + n) % 2 else "did not agree"
    return {"text": f"Officials {agreed} on Monday to reopen {topic} after talks number {client % 8}-{n}.",
            "source": f"Outlet {client % 8}", "published_at": "2015-09-29"}


def test_ingest_review_and_reconcile_at_once_lose_nothing(settings: Settings) -> None:
    with fake_services(settings) as seeded:
        for item in [*CONFLICTING, *SEEDS]:
            seeded.pipeline.ingest(item)
        # Links the classifier does not back, made by an "older model": the nightly run resolves
        # them (deletes them) while reviewers confirm them.
        with seeded.db.session() as session:
            claims = [c for c, in session.execute(text("SELECT id FROM claims ORDER BY id"))]
            linked = {tuple(row) for row in session.execute(text("SELECT claim_a_id, claim_b_id FROM claim_links"))}
            for a, b in zip(claims[2:], claims[3:], strict=False):
                if (a, b) in linked:
                    continue
                session.add(ClaimLink(claim_a_id=a, claim_b_id=b, relation="contradicts", kind="factual", score=0.6,
                                      signals=[], explanation="", model_version="older-model"))
            session.execute(update(ClaimLink).values(model_version="older-model"))
    tried = errors = 0
    lock = threading.Lock()
    reviews: list[tuple[int, str, str]] = []
    with live_server(settings, api_keys=f"{KEY}:admin", fakes=True) as base:
        stop = threading.Event()

        def ingest(client: int) -> list[int]:
            nonlocal tried, errors
            ids = []
            with httpx.Client(base_url=base, headers=HEADERS, timeout=120) as http:
                for n in range(4):
                    response = http.post("/v1/articles", json=article(client, n), params={"wait": str(n % 2 == 0)})
                    with lock:
                        tried += 1
                        errors += response.status_code >= 500
                    ids.append(response.json()["id"])
            return ids

        def review(reviewer: int) -> None:
            nonlocal tried, errors
            rng = random.Random(reviewer)
            with httpx.Client(base_url=base, headers=HEADERS, timeout=120) as http:
                while not stop.is_set():
                    items = http.get("/v1/contradictions", params={"limit": 50}).json()["items"]
                    if not items:
                        time.sleep(0.05)
                        continue
                    link = rng.choice(items)
                    status = rng.choice(["confirmed", "dismissed", "confirmed"])
                    note = f"reviewer {reviewer} #{rng.randrange(10**9)}"
                    response = http.patch(f"/v1/contradictions/{link['id']}", json={"status": status, "note": note})
                    with lock:
                        tried += 2
                        errors += response.status_code >= 500
                    if response.status_code == 200:
                        reviews.append((link["id"], status, note))

        reviewers = [threading.Thread(target=review, args=(n,)) for n in range(4)]
        for thread in reviewers:
            thread.start()
        nightly = subprocess.Popen([sys.executable, "-c", RECONCILE, str(settings.data_dir), settings.database_url],
                                   cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        with ThreadPoolExecutor(max_workers=16) as pool:
            article_ids = [i for ids in pool.map(ingest, range(16)) for i in ids]
        nightly_out, nightly_err = nightly.communicate(timeout=600)
        stop.set()
        for thread in reviewers:
            thread.join()
        _wait_for_jobs(settings)
    assert nightly.returncode == 0, nightly_err[-2000:]
    with fake_services(settings) as after, after.db.session(readonly=True) as session:
        # No article stored twice: one row per distinct text, whatever the race.
        distinct = {article(c, n)["text"] for c in range(16) for n in range(4)}
        seeded_count = len(CONFLICTING) + len(SEEDS)
        assert session.scalar(select(func.count(Article.id))) == len(distinct) + seeded_count
        assert len(set(article_ids)) == len(distinct)
        history = {(r.link_id, r.note) for r in session.execute(text("SELECT link_id, note FROM link_reviews"))}
        archived = {(json.loads(s) if isinstance(s, str) else s)["id"]: (json.loads(s) if isinstance(s, str) else s)
                    for s, in session.execute(text("SELECT snapshot FROM archived_links"))}
        lost = [r for r in reviews if (r[0], r[2]) not in history
                and not any(h["note"] == r[2] for h in archived.get(r[0], {}).get("history", []))]
        report = after.index.verify()
    print(f"\nconcurrency: {tried} requests, {errors} server errors, {len(reviews)} reviews, {len(lost)} lost")
    assert errors == 0 and not lost and reviews
    assert report["ok"], report


def _wait_for_jobs(settings: Settings, timeout: float = 300.0) -> None:
    deadline = time.monotonic() + timeout
    with fake_services(settings) as services:
        while time.monotonic() < deadline:
            with services.db.session(readonly=True) as session:
                pending = session.scalar(select(func.count(IngestJob.id)).where(IngestJob.status.in_(
                    ["queued", "running"])))
            if not pending:
                return
            time.sleep(0.2)
    raise AssertionError("ingest jobs did not finish")
