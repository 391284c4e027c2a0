"""One application/problem+json shape for every error, mapped once from the domain hierarchy."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from claims import errors

log = logging.getLogger(__name__)
PROBLEM = "application/problem+json"

# Looked up along the exception's class hierarchy: the most specific class wins.
STATUS = {
    errors.InputTooLargeError: 413,
    errors.InvalidInputError: 422,
    errors.NotFoundError: 404,
    errors.JobLockedError: 409,
    errors.ConflictError: 409,
    errors.ForbiddenError: 403,
    errors.AuthError: 401,
    errors.ModelError: 503,
    errors.VectorIndexError: 503,
    errors.SettingsError: 500,
    errors.UnexpectedError: 500,
    errors.ClaimtrackError: 500,
}


def problem(status: int, title: str, detail: str, errors_: list[dict[str, str]] | None = None,
            type_: str = "about:blank", headers: dict[str, str] | None = None) -> JSONResponse:
    body: dict[str, object] = {"type": type_, "title": title, "status": status, "detail": detail}
    if errors_:
        body["errors"] = errors_
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def status_for(exc: errors.ClaimtrackError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 500


async def claimtrack_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, errors.ClaimtrackError)
    status = status_for(exc)
    slug = type(exc).__name__.removesuffix("Error").lower() or "error"
    headers = {"WWW-Authenticate": "ApiKey"} if status == 401 else None
    return problem(status, exc.title, exc.detail, exc.field_errors, f"/problems/{slug}", headers)


async def validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [{"field": ".".join(str(p) for p in err["loc"] if p != "body") or "body", "message": err["msg"]}
              for err in exc.errors()]
    return problem(422, "Invalid request", "the request does not match the schema", fields, "/problems/validation")


async def http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return problem(exc.status_code, str(exc.detail) if exc.status_code < 500 else "Server error", str(exc.detail),
                   headers=getattr(exc, "headers", None))


async def unexpected_error(_: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error", exc_info=exc)
    return problem(500, "Server error", "an unexpected error occurred; it has been logged", type_="/problems/server")


def install(app: FastAPI) -> None:
    app.add_exception_handler(errors.ClaimtrackError, claimtrack_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(Exception, unexpected_error)
