"""`python -m tests.fake_server PORT`: a real claimtrack server process on the deterministic fakes.

For tests about what crosses a process boundary (concurrency, restarts) where the models'
judgement does not matter; settings come from the environment like `claimtrack serve`.
"""

from __future__ import annotations

import sys

import uvicorn

from api.app import create_app
from claims.settings import load_settings
from tests.fakes import fake_services

if __name__ == "__main__":
    settings = load_settings()
    uvicorn.run(create_app(settings, fake_services(settings)), host="127.0.0.1", port=int(sys.argv[1]),
                log_level="warning")
