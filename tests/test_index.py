"""The FAISS claim index: filled on ingest, persistent, consistent with the database."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
from sqlalchemy import delete, select

from claims.db.models import Article, Claim
from claims.schemas import ArticleIn
from claims.services import Services
from claims.settings import Settings
from index.backend import VectorBackend
from index.store import ClaimIndex, SearchFilters
from tests.conftest import ROOT, fixture_articles

TEXT = ("The ministry said on Monday that Russia and the United States agreed to share intelligence on "
        "Islamic State. Kerry said the talks in Paris were constructive.")


def test_ingesting_fixtures_fills_the_index(loaded: Services) -> None:
    report = loaded.index.verify()
    assert report["ok"] and report["index"] == report["database"] > 50


def test_search_finds_the_reference_claim(loaded: Services) -> None:
    hits = loaded.index.search("Washington and Moscow agreed to share intelligence about ISIS", k=5)
    with loaded.db.session() as session:
        texts = [session.get(Claim, h.claim_id).text for h in hits]  # type: ignore[union-attr]
    assert any("share intelligence" in t for t in texts)
    assert hits == sorted(hits, key=lambda h: -h.score)


def test_restart_loads_without_re_embedding(loaded: Services) -> None:
    reopened = ClaimIndex(loaded.settings, loaded.db, loaded.index.embedder)
    assert reopened.load()
    assert reopened.sync()["added"] == 0
    assert reopened.backend.count == loaded.index.backend.count
    meta = json.loads((loaded.settings.data_dir / "index" / "claims.faiss.json").read_text())
    assert meta["model"] == loaded.index.embedder.model_version and meta["dimension"] == 384
    assert {"count", "max_claim_id", "faiss_version", "created_at", "kind"} <= set(meta)


def test_filters_never_return_fewer_than_k_when_k_exist(loaded: Services) -> None:
    with loaded.db.session() as session:
        rt = session.scalar(select(Article.id).where(Article.source.has(name="RT")))
        total = session.query(Claim).count()
        rt_claims = session.query(Claim).filter(Claim.article_id == rt).count()
    hits = loaded.index.search("intelligence cooperation against Islamic State", k=total - rt_claims,
                               filters=SearchFilters(exclude_article_ids=frozenset({rt})))
    assert len(hits) == total - rt_claims
    with loaded.db.session() as session:
        assert all(session.get(Claim, h.claim_id).article_id != rt for h in hits)  # type: ignore[union-attr]


def test_source_and_time_filters(loaded: Services) -> None:
    hits = loaded.index.search("agreement on fighting Islamic State", k=50,
                               filters=SearchFilters(exclude_sources=frozenset({"RT", "Sputnik International"})))
    with loaded.db.session() as session:
        sources = {session.get(Claim, h.claim_id).article.source.name for h in hits}  # type: ignore[union-attr]
    assert sources and not sources & {"RT", "Sputnik International"}
    from datetime import date

    windowed = loaded.index.search("agreement", k=200, filters=SearchFilters(since=date(2015, 9, 1)))
    with loaded.db.session() as session:
        for hit in windowed:
            claim = session.get(Claim, hit.claim_id)
            assert claim is not None
            assert claim.time_start is None or (claim.time_end or claim.time_start) >= date(2015, 9, 1)


def test_deleting_an_article_removes_its_vectors(services: Services) -> None:
    result = services.pipeline.ingest(ArticleIn(text=TEXT, source="Wire"))
    with services.db.session() as session:
        ids = [c.id for c in session.scalars(select(Claim).where(Claim.article_id == result.id))]
        session.execute(delete(Claim).where(Claim.article_id == result.id))
        session.execute(delete(Article).where(Article.id == result.id))
    assert ids
    services.index.remove(ids)
    assert services.index.verify()["ok"]
    assert services.index.backend.count == 0


def test_index_built_with_another_model_is_rebuilt(services: Services) -> None:
    services.pipeline.ingest(ArticleIn(text=TEXT, source="Wire"))
    meta_path = services.settings.data_dir / "index" / "claims.faiss.json"
    meta = json.loads(meta_path.read_text())
    meta["model"] = "some-other-model:torch:768"
    meta_path.write_text(json.dumps(meta))
    reopened = ClaimIndex(services.settings, services.db, services.index.embedder)
    assert not reopened.load()
    assert reopened.sync()["added"] == reopened.backend.count > 0


def test_corrupt_index_file_is_rebuilt_from_the_database(services: Services) -> None:
    services.pipeline.ingest(ArticleIn(text=TEXT, source="Wire"))
    (services.settings.data_dir / "index" / "claims.faiss").write_bytes(b"not a faiss index")
    reopened = ClaimIndex.open(services.settings, services.db, services.index.embedder)
    assert reopened.verify()["ok"]


CRASH = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from claims.services import Services
    from claims.settings import load_settings
    from claims.schemas import ArticleIn
    from index.store import ClaimIndex

    class CrashingIndex(ClaimIndex):
        def claims_added(self, claim_ids):
            os.kill(os.getpid(), signal.SIGKILL)  # after the DB commit, before the index save

    def factory(settings, db):
        return CrashingIndex.open(settings, db)

    services = Services(load_settings(data_dir={data_dir!r}, database_url={url!r}), index_factory=factory)
    services.pipeline.ingest(ArticleIn(text={text!r}, source="Wire"))
""")


def test_kill_between_db_commit_and_index_save_loses_nothing(settings: Settings) -> None:
    script = CRASH.format(root=str(ROOT), data_dir=str(settings.data_dir), url=settings.database_url, text=TEXT)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert finished.returncode == -9, finished.stderr[-2000:]
    services = Services(settings)
    with services.db.session() as session:
        stored = session.query(Claim).count()
    assert stored > 0
    assert services.index.verify()["ok"]
    assert services.index.backend.count == stored
    hits = services.index.search("Russia and the US agreed to share intelligence", k=1)
    assert hits and hits[0].score > 0.5
    services.close()


def test_concurrent_readers_and_one_writer(services: Services) -> None:
    services.pipeline.ingest(ArticleIn(text=TEXT, source="Wire"))
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                services.index.search("intelligence sharing", k=3)
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion below
                errors.append(exc)
                return

    readers = [threading.Thread(target=read) for _ in range(3)]
    for thread in readers:
        thread.start()
    for item in fixture_articles()[:3]:
        services.pipeline.ingest(item)
    stop.set()
    for thread in readers:
        thread.join()
    assert not errors
    assert services.index.verify()["ok"]


def test_ivf_backend_keeps_recall(tmp_path: Path) -> None:
    rng = np.random.default_rng(1)
    centres = rng.normal(size=(50, 64)).astype(np.float32)
    vectors = centres[rng.integers(0, 50, 4000)] + 0.3 * rng.normal(size=(4000, 64)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = VectorBackend(64)
    flat.add(np.arange(4000), vectors)
    ivf = flat.to_ivf(nprobe=16)
    queries = vectors[:100]
    _, exact = flat.search(queries, 10)
    _, approx = ivf.search(queries, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx, strict=True)])
    assert recall >= 0.95
    ivf.remove(np.arange(10))
    assert ivf.count == 3990
    ivf.save(str(tmp_path / "ivf.faiss"))
    assert VectorBackend.load(str(tmp_path / "ivf.faiss")).count == 3990
