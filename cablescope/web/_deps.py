"""What every route needs: the store of the calling thread and the page templates."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates

from cablescope.store import Database, Readers
from cablescope.web._cache import Cache

HERE = Path(__file__).parent


POOL = 8
"""Read connections at most: requests beyond wait for one to be given back."""


def store(request: Request) -> Iterator[Database]:
    """A read-only database for this request alone (a FastAPI dependency), borrowed from
    the app's pool (``cablescope.store.readers``)."""
    readers: Readers = request.app.state.readers
    with readers.borrow() as borrowed:
        yield borrowed


def pool(request: Request) -> Readers:
    """The app's pool of read-only databases (a FastAPI dependency), for work beside the
    request's own (see ``Readers.spare``)."""
    readers: Readers = request.app.state.readers
    return readers


def _query_names(dependant: Dependant) -> set[str]:
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_params(request: Request) -> None:
    """422 for a query parameter the route does not take (a misspelt ``limt=5`` would
    otherwise be ignored without a word); a router dependency of the API."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError(
            [{"loc": ("query", name), "msg": "not a parameter of this route"} for name in unknown]
        )


def cache(request: Request) -> Cache:
    """The app's cache of costly answers (a FastAPI dependency)."""
    found: Cache = request.app.state.cache
    return found


def url(path: str, **params: object) -> str:
    """``path`` with the non-empty ``params`` as its query string."""
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{path}?{urlencode(kept)}" if kept else path


@functools.cache
def templates() -> Jinja2Templates:
    """The Jinja2 templates, autoescaping everything (HTML and SVG)."""
    found = Jinja2Templates(directory=str(HERE / "templates"))
    found.env.autoescape = True
    found.env.globals["url"] = url
    found.env.trim_blocks = True
    found.env.lstrip_blocks = True
    return found
