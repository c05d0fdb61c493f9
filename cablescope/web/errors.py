"""The one JSON error shape of the API: ``{"error": {"status", "code", "message"}}``.

Pages answer errors with an HTML page that says the same; ``/api`` paths get JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from cablescope.errors import (
    CablescopeError,
    EntitiesNotResolved,
    EntityError,
    EntityNotFound,
    QueryError,
    StoreBusy,
    WebError,
)
from cablescope.web._deps import templates

STATUS: tuple[tuple[type[CablescopeError], int, str], ...] = (
    (QueryError, 400, "bad_query"),
    (EntityNotFound, 404, "not_found"),
    (EntitiesNotResolved, 409, "not_resolved"),
    (EntityError, 400, "bad_entity"),
    (StoreBusy, 503, "busy"),
)
"""The status and code of each error class the routes let through, most specific first."""


def not_found(what: str) -> WebError:
    """404 for an unknown id."""
    return WebError(404, "not_found", what)


def error_body(status: int, code: str, message: str) -> dict[str, dict[str, object]]:
    """The JSON body every API error has."""
    return {"error": {"status": status, "code": code, "message": message}}


def _respond(
    request: Request,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)
    # The query stays in the search box beside the error, to be corrected rather than retyped.
    typed = request.query_params.get("q", "")
    return templates().TemplateResponse(
        request,
        "error.html",
        {"status": status, "code": code, "message": message, "q": typed},
        status_code=status,
        headers=headers,
    )


def _allow(headers: Mapping[str, str] | None) -> dict[str, str] | None:
    """The headers of a 405 with HEAD in ``Allow`` wherever GET is (HEAD is answered as
    GET is, see app.py)."""
    if not headers or "Allow" not in headers:
        return dict(headers) if headers else None
    methods = [m.strip() for m in headers["Allow"].split(",")]
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")
    return {**headers, "Allow": ", ".join(sorted(methods))}


def install(app: FastAPI) -> None:
    """Translate every error the app can raise into the shared shape."""

    @app.exception_handler(WebError)
    async def web_error(request: Request, exc: WebError) -> Response:
        return _respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(CablescopeError)
    async def known_error(request: Request, exc: CablescopeError) -> Response:
        for kind, status, code in STATUS:
            if isinstance(exc, kind):
                return _respond(request, status, code, str(exc))
        return _respond(request, 500, "internal", "internal error; see the server log")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "query")
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return _respond(request, 422, "bad_params", "; ".join(parts) or "invalid parameters")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "error"
        code = phrase.lower().replace(" ", "_")
        message = exc.detail if isinstance(exc.detail, str) else phrase
        return _respond(request, status, code, message, _allow(exc.headers))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception) -> Response:
        return _respond(request, 500, "internal", "internal error; see the server log")


__all__ = ["WebError", "error_body", "install", "not_found"]
