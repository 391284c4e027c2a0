"""The FastAPI application: routers, error mapping, limits, metrics, dashboard."""

from __future__ import annotations

import ipaddress
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import docs, errors
from api.auth import KeyRing
from api.cache import ReadCaches
from api.routes import articles, claims, contradictions, entities, health, jobs, stats
from api.security import BodyLimit, KeylessGuard, SecurityHeaders
from claims.errors import SettingsError
from claims.services import Services, settle_heap
from claims.settings import Settings, load_settings

log = logging.getLogger("claimtrack.api")
STATIC = Path(__file__).with_name("static")
REQUESTS = Counter("claimtrack_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram("claimtrack_http_request_seconds", "HTTP request latency", ["method", "route"])
FROZEN = Gauge("claimtrack_heap_frozen_objects", "Objects exempted from full garbage collections once loaded")


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


class Metrics:
    """Requests and latency per route.  Pure ASGI: ``BaseHTTPMiddleware`` runs every request through
    an extra task and a response stream, which cost more than the cheapest reads themselves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # an exception that escapes every handler is answered as a 500

        async def recorded(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recorded)
        finally:
            path = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], path, str(status)).inc()
            LATENCY.labels(scope["method"], path).observe(time.perf_counter() - started)


def create_app(settings: Settings, services: Services | None = None, *, serving: bool = False) -> FastAPI:
    """``serving``: this app is what its process is for (`claimtrack serve`): once loaded, the process's
    heap is exempted from full garbage collections (``settle_heap``).  Tests that build many apps in
    one process leave it off: each settle would pin what the others left alive."""
    roles = settings.api_key_roles()
    keys = KeyRing(roles, settings.key_secret() if roles else b"")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = app.state.services is None
        if owned:
            app.state.services = Services(settings)
        services: Services = app.state.services
        _ = services.index  # load (and catch up) the index before serving
        if services.queue.embedded:
            # No broker: this process works its own queue, and first re-sends what a crash left.
            services.queue.start(settings.worker_threads)
            services.queue.recover()
        if serving:
            FROZEN.set(settle_heap())
        yield
        if owned:
            services.close()
        elif services.queue.embedded:
            services.queue.stop()

    app = FastAPI(title="claimtrack", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Claim-contradiction fact tracking for newsrooms. Errors are application/problem+json.")
    app.state.services = services
    app.state.keys = keys
    app.state.caches = ReadCaches.sized(settings.page_cache_entries, settings.page_cache_mb)
    errors.install(app)
    # Added innermost first: a request meets the headers, the keyless guard, the body cap, metrics.
    app.add_middleware(Metrics)
    app.add_middleware(BodyLimit, max_bytes=settings.max_request_bytes)
    if not keys.enabled:
        app.add_middleware(KeylessGuard)
    app.add_middleware(SecurityHeaders)
    for module in (articles, claims, contradictions, entities, health, jobs, stats):
        app.include_router(module.router)
    docs.install(app)
    if (STATIC / "index.html").exists():
        app.mount("/", StaticFiles(directory=STATIC, html=True), name="dashboard")
    return app


def app_from_environment() -> FastAPI:
    """The app of one process of `claimtrack serve --workers N`: its settings come from the
    environment (the command passes its own overrides on through it), its services are its own."""
    return create_app(load_settings(), serving=True)
