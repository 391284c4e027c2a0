"""ASGI middleware that guards the whole app: body size while streaming, headers, the keyless mode.

Pure ASGI (no ``BaseHTTPMiddleware``): the body cap must see each chunk as it arrives,
before anything buffers it, and before authentication runs.
"""

from __future__ import annotations

import ipaddress
import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from claims.errors import InputTooLargeError

PROBLEM = b"application/problem+json"
# The dashboard loads only its own files; nothing may frame it (its one-key review shortcuts
# would make clickjacking practical).  Swagger UI and ReDoc are served from the package too.
CONTENT_SECURITY_POLICY = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                           "script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [(b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin")]
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]", "testserver"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


async def _problem(send: Send, status: int, title: str, detail: str) -> None:
    body = json.dumps({"type": f"/problems/{title.lower().replace(' ', '-')}", "title": title, "status": status,
                       "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", PROBLEM), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class BodyLimit:
    """413 for a body over the limit: by its Content-Length, or while it streams in without one."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await _problem(send, 413, "Request too large", f"the body is over {self.max_bytes:,} bytes "
                                                           "(CLAIMTRACK_MAX_REQUEST_BYTES)")
            return
        received = 0
        too_large = started = False
        detail = f"the body is over {self.max_bytes:,} bytes (CLAIMTRACK_MAX_REQUEST_BYTES)"

        async def capped() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Reading stops here.  FastAPI turns any error while it reads a body into a
                    # 400, so the answer is made below, not by the app's error handlers.
                    too_large = True
                    raise InputTooLargeError(detail)
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if too_large:
                return  # the app's answer to a body it could not finish reading is replaced
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, capped, guarded)
        except InputTooLargeError:
            if not too_large:
                raise
        if too_large and not started:
            await _problem(send, 413, "Request too large", detail)


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


def _loopback(host: str | None) -> bool:
    if host is None:
        return False
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in LOOPBACK_HOSTS


class KeylessGuard:
    """Without API keys every caller is an admin, so the app itself keeps the keyless server local.

    The bind check (``check_bind``) is not enough: DNS rebinding reaches a loopback server from
    a web page under another host name, and a local proxy forwards outside callers.  So: only
    loopback Host names are served, and writes come from loopback clients only.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host_header = _header(scope, b"host") or ""
        host = host_header.rsplit(":", 1)[0] if not host_header.startswith("[") else host_header.split("]")[0] + "]"
        if host.lower() not in LOOPBACK_HOSTS and not _loopback(host):
            await _problem(send, 400, "Host not allowed", "without API keys this server answers only to "
                                                          "localhost; set CLAIMTRACK_API_KEYS to serve other hosts")
            return
        client: Any = scope.get("client")
        if scope["method"] not in READ_METHODS and not (client and (_loopback(client[0]) or client[0] == "testclient")):
            await _problem(send, 403, "Forbidden", "without API keys only local clients may change data")
            return
        await self.app(scope, receive, send)
