"""The app factory: ``create_app(db_path)`` wires routes, errors, docs and static files."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from cablescope import __version__
from cablescope.errors import StoreError
from cablescope.pipeline.entities import Tagging
from cablescope.tagging.load import load_tagger
from cablescope.tagging.load import DEFAULT_TAGGER
from cablescope.web import api, cable_page, entity_api, entity_pages, errors, pages, write
from cablescope.web._cache import Cache
from cablescope.web._deps import HERE, Stores
from cablescope.web.write import MAX_UPLOAD

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
PAGE_CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The policy of every HTML page that sets none itself: no script at all (the entity page
allows its own file; /api/docs, swagger-ui's page, is left as it is)."""


def _tagging(name: str) -> Callable[[], Tagging]:
    @functools.cache
    def load() -> Tagging:
        return Tagging(load_tagger(name))

    return load


def create_app(
    db_path: str,
    *,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD,
    tagger: str = DEFAULT_TAGGER,
) -> FastAPI:
    """The site over the database at ``db_path``, read-only unless ``token`` is given.

    With ``token``, the write routes (``POST /api/entities/merge|split|rename``, ``POST
    /api/ingest``) answer requests that carry it as a bearer token; uploads are limited to
    ``max_upload`` bytes and tagged with ``tagger``. Raises StoreError when ``db_path`` does
    not exist.
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
    app.state.max_upload = max_upload
    app.state.tagging = _tagging(tagger)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(entity_api.router)
    app.include_router(write.router)
    app.include_router(pages.router)
    app.include_router(cable_page.router)
    app.include_router(entity_pages.router)

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
        html = response.headers.get("content-type", "").startswith("text/html")
        if html and request.url.path != "/api/docs":
            response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
        return response

    return app
