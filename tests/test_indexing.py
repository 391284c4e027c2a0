"""The claim index against the database: one catch-up path, snapshots, filters, growth, deletions.

Runs on the deterministic fakes (``tests.fakes``): these tests are about consistency, not
about what the embedding model thinks.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import faiss
import numpy as np
import pytest
from sqlalchemy import select

from claims.db import vectors as stored
from claims.db.models import Claim, ClaimVector
from claims.db.session import Database
from claims.indexing import ClaimIndex, SearchFilters, embedder_for
from claims.schemas import ArticleIn
from claims.services import Services
from claims.settings import Settings
from index.ann import INDEX_FILE, META_FILE, IndexConfig, VectorIndex
from index.backend import Backend
from index.embedder import BUNDLED, BatchingEncoder, OnnxEmbedder, load_embedder
from tests.conftest import ROOT, fixture_articles
from tests.fakes import FakeEmbedder, fake_services


def article(n: int, source: str = "Wire", published: str = "2015-09-29") -> ArticleIn:
    return ArticleIn(text=f"Officials in town {n} said the bridge number {n} will open soon. "
                          f"The mayor of town {n} welcomed the plan for bridge {n}.",
                     source=source, published_at=published)


class CountingEmbedder(FakeEmbedder):
    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls += len(texts)
        return super().encode(texts)


def test_ingest_fills_the_index_and_search_finds_the_claim(services: Services) -> None:
    services.pipeline.ingest(article(1))
    report = services.index.verify()
    assert report["ok"] and report["index"] == report["database"] > 0
    hit = services.index.search("the bridge number 1 will open soon", 1)[0]
    with services.db.session() as session:
        assert "bridge number 1" in session.get(Claim, hit.claim_id).text  # type: ignore[union-attr]


def test_restart_loads_the_snapshot_and_catches_up_without_re_embedding(settings: Settings) -> None:
    with fake_services(settings) as first:
        first.pipeline.ingest(article(1))
        first.index.save()
        first.pipeline.ingest(article(2))  # after the snapshot: only in the database
    embedder = CountingEmbedder()
    with database(settings) as db:
        reopened = ClaimIndex.open(settings, db, embedder)
        assert embedder.calls == 0  # vectors come from the database, never from the model again
        assert reopened.verify()["ok"]
        assert any("bridge number 2" in t for t in _texts(db, reopened.search("bridge number 2 will open", 2)))
        reopened.close()


@contextmanager
def database(settings: Settings) -> Iterator[Database]:
    """The store alone, its connections closed on exit (left to the garbage collector, psycopg warns)."""
    db = Database(settings)
    try:
        yield db
    finally:
        db.dispose()


def _texts(db: Database, hits: list) -> list[str]:
    with db.session() as session:
        return [session.get(Claim, h.claim_id).text for h in hits]  # type: ignore[union-attr]


def test_another_process_sees_new_claims_and_deletions_through_the_database(settings: Settings) -> None:
    with fake_services(settings) as writer, fake_services(settings) as reader:
        stored_article = writer.pipeline.ingest(article(3))
        reader.index.catch_up(force=True)
        assert reader.index.verify()["ok"] and reader.index.vectors_index.count > 0
        writer.pipeline.delete_article(stored_article.id)  # tombstones, written with the deletion
        reader.index.catch_up(force=True)
        assert reader.index.vectors_index.count == 0


def _insert_claim(services: Services, claim_id: int, text: str) -> None:
    """A claim row with its vector, under a chosen id (as a transaction that commits late would leave it)."""
    with services.db.session() as session:
        template = session.scalar(select(Claim).order_by(Claim.id))
        assert template is not None
        session.add(Claim(id=claim_id, article_id=template.article_id, sentence_index=0, char_start=0, char_end=1,
                          proposition_start=0, proposition_end=1, text=text, statement=text, speaker="x",
                          stance="asserts"))
        session.flush()
        services.index.store_vectors(session, [claim_id], services.index.embed([text]))


def test_a_late_commit_below_the_watermark_is_still_caught(services: Services) -> None:
    services.pipeline.ingest(article(4))
    with services.db.session() as session:
        top = session.scalar(select(Claim.id).order_by(Claim.id.desc()))
    assert top is not None
    _insert_claim(services, top + 100, "a claim committed first")
    services.index.catch_up(force=True)
    _insert_claim(services, top + 50, "a claim with a lower id committed later")
    services.index.catch_up(force=True)
    assert services.index.vectors_index.contains([top + 50, top + 100]).all()
    assert services.index.verify()["ok"]


def test_filters_are_applied_inside_the_search(services: Services) -> None:
    services.pipeline.ingest(article(6, "Reuters", "2015-01-10"))
    services.pipeline.ingest(article(7, "RT", "2015-09-29"))
    everything = services.index.search("bridge will open", 10)
    assert len(everything) == 4
    no_rt = services.index.search("bridge will open", 10, SearchFilters(exclude_sources=frozenset({"RT"})))
    assert len(no_rt) == 2 and all(h.claim_id not in _rt_ids(services) for h in no_rt)
    recent = services.index.search("bridge will open", 10, SearchFilters(since=date(2015, 6, 1)))
    assert {h.claim_id for h in recent} == _rt_ids(services)
    # k results whenever k pass the filter, however far down the unfiltered ranking they are
    assert len(services.index.search("town 6 mayor", 2, SearchFilters(exclude_sources=frozenset({"Reuters"})))) == 2


def _rt_ids(services: Services) -> set[int]:
    from claims.db.models import Article, Source

    with services.db.session() as session:
        return set(session.scalars(select(Claim.id).join(Article).join(Source).where(Source.name == "RT")))


def test_snapshot_of_another_model_or_a_corrupt_file_is_rebuilt_from_the_database(settings: Settings) -> None:
    with fake_services(settings) as built:
        built.pipeline.ingest(article(8))
        built.index.save()
    folder = settings.data_dir / "index"
    assert VectorIndex.load(folder, "some-other-model", 64) is None
    (folder / INDEX_FILE).write_bytes(b"not an index")
    embedder = CountingEmbedder()
    with database(settings) as db:
        reopened = ClaimIndex.open(settings, db, embedder)
        assert reopened.verify()["ok"] and embedder.calls == 0
        reopened.close()
    assert (folder / META_FILE).exists()


def test_claims_stored_before_vectors_were_kept_are_embedded_once(settings: Settings) -> None:
    with fake_services(settings) as built:
        built.pipeline.ingest(article(9))
        with built.db.session() as session:
            session.query(ClaimVector).delete()
    embedder = CountingEmbedder()
    with database(settings) as db:
        reopened = ClaimIndex.open(settings, db, embedder)
        assert embedder.calls == 2 and reopened.verify()["ok"]
        reopened.close()


def test_claim_ids_are_never_reused_after_the_newest_article_is_deleted(services: Services) -> None:
    first = services.pipeline.ingest(article(10))
    with services.db.session() as session:
        top = session.scalar(select(Claim.id).order_by(Claim.id.desc()))
    services.pipeline.delete_article(first.id)
    services.pipeline.ingest(article(11))
    with services.db.session() as session:
        assert min(session.scalars(select(Claim.id))) > top  # type: ignore[operator]


def test_growing_past_the_exact_limit_trains_in_the_background_and_keeps_every_vector(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(600, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    grown = VectorIndex(16, "m", IndexConfig(exact_max=300, large_kind="ivf-sq8", nprobe=64))
    grown.append(np.arange(1, 401), vectors[:400])
    grown.append(np.arange(401, 601), vectors[400:])  # arrives while (or after) the IVF trains
    grown.wait_until_trained()
    assert grown.kind == "ivf-sq8" and grown.count == 600
    _, ids = grown.search(vectors[:50], 1)
    assert (ids[:, 0] == np.arange(1, 51)).mean() >= 0.95


def test_one_query_searches_on_one_thread_and_a_batch_on_every_thread() -> None:
    """FAISS's threads cost a single query more than they save (index/backend.py); a batch keeps them."""
    seen: list[int] = []

    class Recording:
        def __init__(self, inner: object) -> None:
            self.inner = inner

        def __getattr__(self, name: str) -> object:
            return getattr(self.inner, name)

        def search(self, *args: object, **kwargs: object) -> object:
            seen.append(faiss.omp_get_max_threads())
            return self.inner.search(*args, **kwargs)  # type: ignore[attr-defined]

    vectors = np.random.default_rng(0).normal(size=(50, 8)).astype(np.float32)
    backend = Backend(8)
    backend.add(np.arange(50), vectors / np.linalg.norm(vectors, axis=1, keepdims=True))
    backend.index = Recording(backend.index)
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(3)
    try:
        _, one = backend.search(vectors[:1], 5)
        _, many = backend.search(vectors[:4], 5)
        _, filtered = backend.search(vectors[:1], 5, allowed=np.arange(50) % 2 == 0)
        assert seen == [1, 3, 1] and faiss.omp_get_max_threads() == 3  # the caller's count is given back
    finally:
        faiss.omp_set_num_threads(before)
    assert one[0][0] == 0 and list(many[:, 0]) == [0, 1, 2, 3] and filtered[0][0] == 0


def test_a_snapshot_saved_before_training_finished_grows_when_loaded(tmp_path: Path) -> None:
    # A service stopped while its inverted lists trained saved a flat snapshot above the exact limit;
    # restarted with no new article, it searched every vector until the next ingest.
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(500, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    flat = VectorIndex(16, "m", IndexConfig(kind="flat"))
    flat.append(np.arange(1, 501), vectors)
    flat.save(tmp_path)
    loaded = VectorIndex.load(tmp_path, "m", 16, IndexConfig(exact_max=300, large_kind="ivf-sq8", nprobe=64))
    assert loaded is not None
    index, _ = loaded
    index.wait_until_trained()
    assert index.kind == "ivf-sq8" and index.count == 500
    _, ids = index.search(vectors[:50], 1)
    assert (ids[:, 0] == np.arange(1, 51)).mean() >= 0.95


def test_concurrent_readers_and_one_writer(services: Services) -> None:
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                services.index.search("bridge will open", 5, SearchFilters(since=date(2015, 1, 1)))
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for n in range(12, 16):
        services.pipeline.ingest(article(n))
    stop.set()
    for reader in readers:
        reader.join()
    assert not errors and services.index.verify()["ok"]


KILLER = """
import os, sys
from pathlib import Path
from claims.settings import load_settings
from tests.fakes import fake_services
from tests.test_indexing import article
services = fake_services(load_settings(data_dir=Path(sys.argv[1]), database_url=sys.argv[2]))
services.pipeline.ingest(article(20))
os.kill(os.getpid(), 9)  # killed after the commit, before any snapshot
"""


def test_kill_after_the_commit_loses_nothing(settings: Settings) -> None:
    with fake_services(settings) as built:
        built.pipeline.ingest(article(19))
        built.index.save()
    result = subprocess.run([sys.executable, "-c", KILLER, str(settings.data_dir), settings.database_url],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True)
    assert result.returncode == -signal.SIGKILL, result.stderr.decode()[-2000:]
    with fake_services(settings) as restarted:
        assert restarted.index.verify()["ok"] and restarted.index.vectors_index.count == 4


def test_vectors_round_trip_through_the_database(services: Services) -> None:
    services.pipeline.ingest(fixture_articles()[4])
    with services.db.session() as session:
        ids = list(session.scalars(select(Claim.id)))[:3]
        rows = stored.read(session, ids, services.index.model_version, 64)
    assert np.allclose(np.linalg.norm(rows.vectors, axis=1), 1.0, atol=1e-3)


def test_concurrent_callers_are_encoded_together_and_each_gets_its_own_rows() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        time.sleep(0.05)  # a model pass: callers arriving meanwhile queue up behind it
        return np.array([[float(len(t)), float(t.count("a"))] for t in texts], dtype=np.float32)

    batched = BatchingEncoder(encode, max_batch=64)
    texts = [["a" * n, "b" * n] for n in range(1, 17)]
    results: dict[int, np.ndarray] = {}
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, batched(texts[n]))) for n in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for n in range(16):
        assert results[n].tolist() == [[n + 1.0, n + 1.0], [n + 1.0, 0.0]]
    assert sum(len(c) for c in calls) == 32 and len(calls) < 16  # fewer passes than callers


def test_a_failed_pass_fails_every_caller_in_it_and_the_next_pass_works() -> None:
    def encode(texts: list[str]) -> np.ndarray:
        if "boom" in texts:
            raise RuntimeError("model failed")
        return np.ones((len(texts), 2), dtype=np.float32)

    batched = BatchingEncoder(encode)
    with pytest.raises(RuntimeError, match="model failed"):
        batched(["boom"])
    assert batched(["fine", "also fine"]).shape == (2, 2)


@pytest.mark.models
def test_the_onnx_backend_gives_the_torch_vectors_and_exports_once(tmp_path: Path) -> None:
    """The same weights through onnxruntime: the same vectors (issue 14 asks recall@10 >= 0.98 of
    them; cosine 0.9999 to each torch vector implies it), exported into the cache once."""
    texts = ["Russia denied that it had agreed to share intelligence.", "The bridge will open soon.",
             "Kerry said the two countries agreed to intensify intelligence cooperation on ISIL."]
    onnx = OnnxEmbedder(BUNDLED, 2, tmp_path / "models")  # batches of two: padding inside a batch
    again = OnnxEmbedder(BUNDLED, 64, tmp_path / "models")
    reference = load_embedder(BUNDLED, "torch").encode(texts)
    vectors = onnx.encode(texts)
    assert vectors.shape == reference.shape and vectors.dtype == np.float32
    assert np.min(np.sum(vectors * reference, axis=1)) > 0.9999
    assert np.allclose(again.encode(texts[::-1])[::-1], vectors, atol=1e-5)  # order and batch size do not matter
    assert [p.name.startswith("onnx-") for p in (tmp_path / "models").iterdir()] == [True]
    assert onnx.model_version == load_embedder(BUNDLED, "torch").model_version == "all-MiniLM-L6-v2:384"


@pytest.mark.models
def test_server_processes_that_share_the_cores_embed_without_spinning_threads(settings: Settings) -> None:
    # Spinning pool threads took the cores the other server processes needed (2 processes, 16 clients
    # searching: 61-71 -> 95-107 requests/s without them), while a lone process is faster with them.
    onnx = settings.model_copy(update={"embedding_backend": "onnx"})
    alone = embedder_for(onnx)
    shared = embedder_for(onnx.model_copy(update={"web_workers": 2}))
    assert isinstance(alone, OnnxEmbedder) and isinstance(shared, OnnxEmbedder)
    assert shared.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning") == "0"
    with pytest.raises(RuntimeError, match="does not have configuration"):  # onnxruntime's default: spinning
        alone.session.get_session_options().get_session_config_entry("session.intra_op.allow_spinning")


@pytest.mark.models
def test_a_store_on_the_onnx_backend_ingests_and_searches(settings: Settings) -> None:
    with Services(settings.model_copy(update={"embedding_backend": "onnx",
                                              "model_cache": settings.data_dir / "models"})) as services:
        services.pipeline.ingest(article(7))
        assert services.index.verify()["ok"]
        hit = services.index.search("when will the bridge in town 7 open", 1)[0]
        with services.db.session() as session:
            assert "bridge number 7" in session.get(Claim, hit.claim_id).text  # type: ignore[union-attr]
    assert list((settings.data_dir / "models").glob("onnx-*"))  # the export went where the settings said
