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

from api import docs, errors
from api.auth import KeyRing
from api.routes import articles, claims, contradictions, entities, health, jobs, stats
from api.security import BodyLimit, KeylessGuard, SecurityHeaders
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
        yield
        if owned:
            services.close()
        elif services.queue.embedded:
            services.queue.stop()

    app = FastAPI(title="claimtrack", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Claim-contradiction fact tracking for newsrooms. Errors are application/problem+json.")
    app.state.services = services
    app.state.keys = keys
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
