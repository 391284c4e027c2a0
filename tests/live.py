"""A real `claimtrack serve` process for tests that need one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from claims.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def live_server(settings: Settings, api_keys: str = "", fakes: bool = False, workers: int = 1) -> Iterator[str]:
    """A `claimtrack serve` process (``fakes``: the same server on the deterministic test models;
    ``workers``: that many server processes on the one port)."""
    port = free_port()
    env = {**os.environ, "CLAIMTRACK_DATA_DIR": str(settings.data_dir),
           "CLAIMTRACK_DATABASE_URL": settings.database_url, "CLAIMTRACK_API_KEYS": api_keys,
           "PYTHONPATH": str(ROOT)}
    log = open(settings.data_dir / f"server-{port}.log", "w")  # noqa: SIM115 - closed in finally
    command = (["-m", "tests.fake_server", str(port), str(workers)] if fakes
               else ["-m", "claimtrack", "serve", "--port", str(port), "--workers", str(workers)])
    process = subprocess.Popen([sys.executable, *command], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError((settings.data_dir / f"server-{port}.log").read_text()[-3000:])
            try:
                if httpx.get(base + "/ready", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        else:
            raise RuntimeError("server did not become ready")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
