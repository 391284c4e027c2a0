"""Critical paths against a real server process, including parallel clients."""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from claims.db.models import Article, Claim
from claims.settings import Settings, load_settings
from tests.fakes import fake_services
from tests.live import ROOT, live_server

# What crosses a process boundary (restarts, parallel clients) does not depend on the models'
# judgement: these servers run on the deterministic fakes (``tests.fake_server``).
pytestmark = pytest.mark.server
EDITOR = {"X-API-Key": "editor-key-0123456789"}


def test_parallel_ingest_and_read_never_lose_or_duplicate(settings: Settings) -> None:
    fake_services(settings).close()  # migrate once before the server starts
    texts = [f"Officials said on Monday that round {n} of talks between Russia and the United States on "
             f"Islamic State ended without agreement." for n in range(10)]
    with live_server(settings, api_keys="editor-key-0123456789:editor", fakes=True) as base:

        def post(n: int) -> tuple[int, int]:
            # Requests 0-19: each text twice from its own outlet (duplicates); 20-29: every text once
            # more from another outlet (wire copies, kept as that outlet's articles).
            source = f"Wire {n % 10 % 3}" if n < 20 else "Reprints"
            with httpx.Client(base_url=base, headers=EDITOR, timeout=300) as client:
                response = client.post("/v1/articles", params={"wait": "true"},
                                       json={"text": texts[n % 10], "source": source})
                client.get("/v1/contradictions", params={"limit": 10}).raise_for_status()
                return response.status_code, response.json()["id"]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(post, range(30)))
        assert sorted(code for code, _ in results).count(201) == 20
        ids_by_text: dict[int, set[int]] = {}
        for n, (_, article_id) in enumerate(results[:20]):
            ids_by_text.setdefault(n % 10, set()).add(article_id)
        assert all(len(ids) == 1 for ids in ids_by_text.values())
        copies = {n: article_id for n, (_, article_id) in enumerate(results[20:])}
        assert all(copies[n] not in ids_by_text[n] for n in range(10))
        unauthorised = httpx.post(base + "/v1/articles", json={"text": texts[0], "source": "x"})
        assert unauthorised.status_code == 401
        assert unauthorised.headers["content-type"].startswith("application/problem+json")
    services = fake_services(settings)
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 20
        assert session.scalar(select(func.count()).select_from(Article).where(Article.copy_of_id.is_not(None))) == 10
        # Claims were extracted once per text, not once per outlet.
        assert session.scalar(select(func.count(func.distinct(Claim.article_id))).select_from(Claim)) == 10
    assert services.index.verify()["ok"]
    services.close()


def test_restart_keeps_everything(settings: Settings) -> None:
    fake_services(settings).close()
    body = {"text": "The ministry said on Friday that Russia will not join any coalition without the UN.",
            "source": "Wire"}
    with live_server(settings, api_keys="editor-key-0123456789:editor", fakes=True) as base:
        created = httpx.post(base + "/v1/articles", params={"wait": "true"}, json=body, headers=EDITOR,
                             timeout=300).json()
    with live_server(settings, api_keys="editor-key-0123456789:editor", fakes=True) as base:
        article = httpx.get(f"{base}/v1/articles/{created['id']}", headers=EDITOR).json()
        assert article["text"] == body["text"] and len(article["claims"]) == created["claims_count"]
        hits = httpx.get(base + "/v1/claims", params={"q": "Russia joining a coalition"}, headers=EDITOR).json()
        assert hits["items"] and hits["items"][0]["claim"]["article_id"] == created["id"]


def test_two_server_processes_share_one_store_without_duplicates(settings: Settings) -> None:
    """`serve --workers 2`: the kernel hands each new connection to either process.  Writers racing in
    two processes store each text once, and either process finds every stored claim (each catches its
    own index up from the database, whichever process stored the claim)."""
    settings.data_dir.mkdir(parents=True, exist_ok=True)  # the servers migrate it themselves
    texts = [f"The ministry said on Friday that Russia will not discuss {topic} without the United Nations."
             for topic in ("the coalition", "a ceasefire", "sanctions relief", "airstrikes in Syria", "the pipeline")]
    with live_server(settings, api_keys="editor-key-0123456789:editor", fakes=True, workers=2) as base:

        def post(n: int) -> tuple[int, int]:
            response = httpx.post(base + "/v1/articles", params={"wait": "true"}, headers=EDITOR, timeout=300,
                                  json={"text": texts[n % 5], "source": "Wire"})
            return response.status_code, response.json()["id"]

        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(post, range(10)))
        assert sorted(code for code, _ in results) == [200] * 5 + [201] * 5
        ids = {n % 5: article_id for n, (_, article_id) in enumerate(results)}
        assert len(set(ids.values())) == 5
        time.sleep(Settings().index_catch_up_seconds + 0.1)  # searches look for new claims at most this often
        for n in range(20):  # a new connection each time: both processes answer some of these
            hits = httpx.get(base + "/v1/claims", params={"q": texts[n % 5], "k": 10}, headers=EDITOR).json()
            assert {hit["claim"]["article_id"] for hit in hits["items"]} == set(ids.values()), n
    services = fake_services(settings)
    with services.db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == 5
    services.close()


def test_serve_with_workers_migrates_once_and_hands_its_options_to_each_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import api.serving
    from claimtrack.cli import app

    calls: list[tuple[tuple, dict]] = []
    monkeypatch.setattr(api.serving, "serve_processes", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setenv("CLAIMTRACK_DATA_DIR", str(tmp_path / "elsewhere"))  # restored after the test
    monkeypatch.delenv("CLAIMTRACK_DATABASE_URL", raising=False)
    monkeypatch.delenv("CLAIMTRACK_WEB_WORKERS", raising=False)  # restored after the test
    store = tmp_path / "store"
    result = CliRunner().invoke(app, ["--data-dir", str(store), "serve", "--workers", "2", "--port", "8123"])
    assert result.exit_code == 0, result.output
    (target, workers, _, port), _ = calls[0]
    # Worker processes build their app from a factory and their settings from the environment.
    assert target == "api.app:app_from_environment" and workers == 2
    assert os.environ["CLAIMTRACK_DATA_DIR"] == str(store) and port == 8123
    # ... and know they are not alone on the cores (their embedders' idle threads must not spin).
    assert load_settings().web_workers == 2
    assert (store / "claimtrack.sqlite3").exists()  # migrated here, before the processes could race to


def _tcp_sockets(port: int) -> list[tuple[str, int]]:
    """(state, inode) of each IPv4 TCP socket on local ``port`` (``/proc/net/tcp``: 0A is LISTEN)."""
    rows = [line.split() for line in Path("/proc/net/tcp").read_text().splitlines()[1:]]
    return [(row[3], int(row[9])) for row in rows if int(row[1].split(":")[1], 16) == port]


def _owners(inodes: set[int]) -> dict[int, int]:
    """The process holding each socket inode."""
    owners = {}
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            target = os.readlink(fd)
        except OSError:  # a process or descriptor gone since the glob, or not ours
            continue
        if target.startswith("socket:[") and int(target[8:-1]) in inodes:
            owners[int(target[8:-1])] = int(fd.parts[2])
    return owners


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the sockets from Linux's /proc")
def test_each_server_process_accepts_its_own_share_of_a_burst_of_connections(settings: Settings) -> None:
    # With one listening socket shared by the processes, whichever woke first accepted most of a burst:
    # 14 of wrk's 16 kept-alive connections on one process, answered on one core (issue 14).
    fake_services(settings).close()
    with live_server(settings, fakes=True, workers=2) as base:
        port = int(base.rsplit(":", 1)[1])

        def listeners() -> int:
            listening = {inode for state, inode in _tcp_sockets(port) if state == "0A"}
            return len(set(_owners(listening).values()))

        deadline = time.monotonic() + 120  # one process answered /ready; the other may still be starting
        while listeners() < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert listeners() == 2  # a listening socket in each process
        clients = [httpx.Client(base_url=base) for _ in range(24)]
        try:
            with ThreadPoolExecutor(max_workers=24) as pool:  # connect all at once
                assert set(pool.map(lambda client: client.get("/health").status_code, clients)) == {200}
            server_ends = {inode for state, inode in _tcp_sockets(port) if state == "01"}  # ESTABLISHED
            per_process = collections.Counter(_owners(server_ends).values())
        finally:
            for client in clients:
                client.close()
        # A second server on the same port does not join the first (SO_REUSEPORT would let it): it stops.
        env = {**os.environ, "CLAIMTRACK_DATA_DIR": str(settings.data_dir),
               "CLAIMTRACK_DATABASE_URL": settings.database_url, "PYTHONPATH": str(ROOT)}
        second = subprocess.run([sys.executable, "-m", "tests.fake_server", str(port), "2"], capture_output=True,
                                text=True, timeout=120, env=env, cwd=ROOT)
        assert second.returncode != 0 and "in use" in second.stderr, second.stderr[-2000:]
    # The kernel spreads connections by a hash of the client's port: each process gets at least
    # 3 of 24 unless the hash is lopsided (under 1 in 25,000 for a fair coin).
    assert sum(per_process.values()) == 24 and len(per_process) == 2 and min(per_process.values()) >= 3, per_process


def test_a_served_process_exempts_what_it_loaded_from_full_garbage_collections(settings: Settings) -> None:
    # Full collections walked every loaded object (models, index bookkeeping): 250-590 ms pauses under
    # load, which were the reads' p99 (issue 14).
    fake_services(settings).close()
    with live_server(settings, fakes=True) as base:
        metrics = httpx.get(base + "/metrics").text
    frozen = [float(line.split()[-1]) for line in metrics.splitlines()
              if line.startswith("claimtrack_heap_frozen_objects ")]
    assert frozen and frozen[0] > 10_000, frozen
