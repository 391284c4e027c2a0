"""The OpenAPI docs page, served with Swagger UI 5 from the installed ``fastapi-offline`` package.

FastAPI's own /docs loads Swagger UI from a CDN and starts it with an inline script: blank
offline, and blocked by the dashboard's Content-Security-Policy (``script-src 'self'``).
Here every file comes from this server, and the initializer is a file of its own.  Only the
package's static files are used (Swagger UI 5 reads OpenAPI 3.1, which FastAPI writes; the older
``swagger-ui-bundle`` ships 4.x and refuses it).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

PAGES = Path(__file__).with_name("docs_ui")
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))


def install(app: FastAPI) -> None:
    app.mount("/docs-assets", StaticFiles(directory=SWAGGER_UI), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(PAGES / "docs.html", media_type="text/html")

    @app.get("/docs-init.js", include_in_schema=False)
    def docs_init() -> FileResponse:
        return FileResponse(PAGES / "docs-init.js", media_type="text/javascript")
