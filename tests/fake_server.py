"""`python -m tests.fake_server PORT [WORKERS]`: a real claimtrack server on the deterministic fakes.

For tests about what crosses a process boundary (concurrency, restarts, several server
processes on one store) where the models' judgement does not matter; settings come from the
environment like `claimtrack serve`, and WORKERS > 1 starts that many processes the way
`claimtrack serve --workers N` does (an app factory each process calls, a listening socket each).
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

from api.app import create_app
from api.serving import serve_processes
from claims.settings import load_settings
from tests.fakes import fake_services


def fake_app() -> FastAPI:
    settings = load_settings()
    return create_app(settings, fake_services(settings), serving=True)


if __name__ == "__main__":
    port = int(sys.argv[1])
    workers = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    if workers == 1:
        uvicorn.run(fake_app(), host="127.0.0.1", port=port, log_level="warning")
    else:
        fake_services(load_settings()).close()  # migrate once, as `claimtrack serve` does
        serve_processes("tests.fake_server:fake_app", workers, "127.0.0.1", port, log_level="warning")
