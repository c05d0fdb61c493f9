"""The app factory: ``create_app(db_path)`` wires routes, errors, docs and static files."""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from cablescope import __version__
from cablescope.errors import StoreError
from cablescope.web import api, cable_page, errors, pages
from cablescope.web._cache import Cache
from cablescope.web._deps import HERE, Stores

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def create_app(db_path: str, *, token: str | None = None) -> FastAPI:
    """The read-only site over the database at ``db_path``.

    ``token`` is kept for the write routes to come (uploads, curation); no route writes
    yet. Raises StoreError when ``db_path`` does not exist.
    """
    if not os.path.isfile(db_path):
        raise StoreError(f"no database at {db_path}; run `cablescope ingest PATH...` first")
    app = FastAPI(
        title="cablescope",
        version=__version__,
        description="Search, read and connect US diplomatic cables.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.stores = Stores(db_path)
    app.state.token = token
    app.state.cache = Cache()
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(cable_page.router)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="cablescope API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    @app.middleware("http")
    async def headers(request: Request, call_next: object) -> Response:
        response: Response = await call_next(request)  # type: ignore[operator]
        response.headers.update(SECURITY_HEADERS)
        return response

    return app
