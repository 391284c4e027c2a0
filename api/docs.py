"""The OpenAPI docs page, served with Swagger UI from the installed ``swagger-ui-bundle`` package.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script: blank
offline, and blocked by the dashboard's Content-Security-Policy (``script-src 'self'``).
Here every file comes from this server, and the initializer is a file of its own.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

PAGES = Path(__file__).with_name("docs_ui")


def install(app: FastAPI) -> None:
    app.mount("/docs-assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(PAGES / "docs.html", media_type="text/html")

    @app.get("/docs-init.js", include_in_schema=False)
    def docs_init() -> FileResponse:
        return FileResponse(PAGES / "docs-init.js", media_type="text/javascript")
