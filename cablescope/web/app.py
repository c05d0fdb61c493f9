"""The app factory: ``create_app(db_url)`` wires routes, errors, docs and static files."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablescope import __version__
from cablescope import store
from cablescope.errors import StoreError
from cablescope.pipeline.entities import Tagging
from cablescope.tagging.load import load_tagger
from cablescope.tagging.load import DEFAULT_TAGGER
from cablescope.web import api, cable_page, entity_api, entity_pages, errors, pages, write
from cablescope.web._cache import Cache
from cablescope.web._deps import HERE, POOL
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

TAGS = [
    {
        "name": "cables",
        "description": "Search the cables, read one, follow its references, count them over "
        "time, and graph their citations or the entities they mention together.",
    },
    {
        "name": "entities",
        "description": "The people, organisations, places and other names that `cablescope "
        "resolve` made of the mentions, and the links still to review.",
    },
    {
        "name": "write",
        "description": "Curation and ingest: only on a server started with `--token`, with "
        "`Authorization: Bearer TOKEN`.",
    },
]
"""The groups of the API document, in its order."""


class HeadAsGet:
    """Answers HEAD as GET is answered, without the body (FastAPI's routes list GET alone):
    the same status and headers, Content-Length included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


def _openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document without FastAPI's stock 422 (its validation-error shape, which
    this API never answers: every route that can answer 422 lists it with the one error
    shape, and the others cannot answer it)."""

    def document() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        made = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        stock = "#/components/schemas/HTTPValidationError"
        for operations in made["paths"].values():
            for operation in operations.values():
                answer = operation["responses"].get("422", {})
                if answer.get("content", {}).get("application/json", {}).get("schema") == {
                    "$ref": stock
                }:
                    del operation["responses"]["422"]
            for parameter in operation.get("parameters", []):
                # A query parameter is absent or a string, never null: None is its absence.
                kinds = parameter["schema"].get("anyOf")
                if kinds and {"type": "null"} in kinds:
                    kinds.remove({"type": "null"})
                    if len(kinds) == 1:
                        del parameter["schema"]["anyOf"]
                        parameter["schema"].update(kinds[0])
        shapes = made.get("components", {}).get("schemas", {})
        for name in ("HTTPValidationError", "ValidationError"):
            shapes.pop(name, None)
        app.openapi_schema = made
        return made

    return document


def _tagging(name: str) -> Callable[[], Tagging]:
    @functools.cache
    def load() -> Tagging:
        return Tagging(load_tagger(name))

    return load


def create_app(
    db_url: str,
    *,
    token: str | None = None,
    max_upload: int = MAX_UPLOAD,
    tagger: str = DEFAULT_TAGGER,
) -> FastAPI:
    """The site over the database at ``db_url`` (a SQLite file or any URL that
    ``cablescope.store.open`` takes), read-only unless ``token`` is given.

    With ``token``, the write routes (``POST /api/entities/merge|split|rename|confirm``,
    ``POST /api/ingest``) answer requests that carry it as a bearer token; uploads are
    limited to ``max_upload`` bytes and tagged with ``tagger``. Raises StoreError when the
    SQLite file ``db_url`` names does not exist or the database cannot be opened.
    """
    path = store.database_file(db_url)
    if path is not None and not os.path.isfile(path):
        raise StoreError(f"no database at {path}; run `cablescope ingest PATH...` first")
    app = FastAPI(
        title="cablescope",
        version=__version__,
        description=(
            "Search, read and connect US diplomatic cables: the records `cablescope` prints "
            "with `--json`. Every error has one shape, "
            '`{"error": {"status", "code", "message"}}`. HEAD is answered wherever GET is. '
            "The write routes need `Authorization: Bearer TOKEN` and a server started "
            "with `--token`."
        ),
        openapi_tags=TAGS,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.openapi = _openapi(app)  # type: ignore[method-assign]
    app.state.url = db_url
    app.state.readers = store.readers(db_url, POOL)
    app.state.token = token
    app.state.cache = Cache()
    app.state.max_upload = max_upload
    app.state.tagging = _tagging(tagger)
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    # The curation routes first: for a method no route takes, Starlette answers 405 with
    # the methods of the first route whose path matches, and /api/entities/merge is
    # /api/entities/{entity_id} too.
    app.include_router(write.router)
    app.include_router(entity_api.router)
    app.include_router(pages.router)
    app.include_router(cable_page.router)
    app.include_router(entity_pages.router)

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        """This document, read by swagger-ui (vendored, served from /static)."""
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

    app.add_middleware(HeadAsGet)
    return app
