"""The FastAPI application: routers, error mapping, limits, metrics, dashboard."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import Counter, Histogram
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from api import errors
from api.auth import KeyRing
from api.routes import articles, claims, contradictions, entities, health, stats
from claims.errors import SettingsError
from claims.services import Services
from claims.settings import Settings

log = logging.getLogger("claimtrack.api")
STATIC = Path(__file__).with_name("static")
REQUESTS = Counter("claimtrack_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("claimtrack_http_request_seconds", "HTTP request latency", ["method", "route"])


def check_bind(settings: Settings, host: str) -> None:
    """Without API keys the server may only listen on loopback."""
    if settings.api_key_roles():
        return
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise SettingsError(f"refusing to bind to {host} without API keys: set CLAIMTRACK_API_KEYS "
                            "(e.g. 'secret:editor') or bind to 127.0.0.1")
    log.warning("no API keys configured: serving without authentication on loopback only (%s)", host)


class BodyLimit(BaseHTTPMiddleware):
    """413 for bodies over CLAIMTRACK_MAX_REQUEST_BYTES, before anything is parsed."""

    def __init__(self, app, max_bytes: int) -> None:  # type: ignore[no-untyped-def]
        super().__init__(app)
        self.max_bytes = max_bytes

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        declared = request.headers.get("content-length")
        too_big = declared is not None and declared.isdigit() and int(declared) > self.max_bytes
        if not too_big and request.method in {"POST", "PUT", "PATCH"} and declared is None:
            body = await request.body()  # chunked upload: measure what actually arrived
            too_big = len(body) > self.max_bytes
        if too_big:
            return errors.problem(413, "Request too large",
                                  f"the body is over {self.max_bytes:,} bytes (CLAIMTRACK_MAX_REQUEST_BYTES)",
                                  type_="/problems/inputtoolarge")
        return await call_next(request)


class Metrics(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = request.scope.get("route")
        path = getattr(route, "path", "unmatched")
        REQUESTS.labels(request.method, path, str(response.status_code)).inc()
        LATENCY.labels(request.method, path).observe(time.perf_counter() - started)
        return response


def create_app(settings: Settings, services: Services | None = None) -> FastAPI:
    keys = KeyRing(settings.api_key_roles())

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = app.state.services is None
        if owned:
            app.state.services = Services(settings)
        _ = app.state.services.index  # load (and catch up) the index before serving
        yield
        if owned:
            app.state.services.close()

    app = FastAPI(title="claimtrack", version="0.1.0", lifespan=lifespan,
                  description="Claim-contradiction fact tracking for newsrooms. Errors are application/problem+json.")
    app.state.services = services
    app.state.keys = keys
    errors.install(app)
    app.add_middleware(Metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    for module in (articles, claims, contradictions, entities, health, stats):
        app.include_router(module.router)
    if (STATIC / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC, html=True), name="dashboard")
    return app
