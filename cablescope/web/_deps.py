"""What every route needs: the store of the calling thread and the page templates."""

from __future__ import annotations

import functools
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates

from cablescope.errors import StoreError
from cablescope.store.sqlite import SqliteStore
from cablescope.web._cache import Cache

HERE = Path(__file__).parent


POOL = 8
"""Read connections at most: requests beyond wait for one to be given back."""

PAGE_CACHE_KIB = 8 * 1024
"""SQLite's page cache per read connection (KiB). Each connection keeps its own and fills
it as it reads, so the pool's memory is bounded by POOL times this."""


class Stores:
    """A bounded pool of read-only connections to one database file.

    FastAPI may run a request's dependencies and its endpoint in different worker
    threads, so a connection is not tied to a thread: each request borrows one for
    itself (``check_same_thread`` off) and gives it back. ``mode=ro`` makes every
    connection unable to write the file (temporary tables still work). At most ``size``
    connections are ever open: a connection's page cache fills as it reads, so an
    unbounded pool grows with the number of worker threads that ever ran at once.
    """

    def __init__(self, path: str, size: int = POOL) -> None:
        SqliteStore.open(path).close()  # creates or migrates the schema, or fails clearly
        self.path = path
        self.size = size
        self.opened = 0
        self._uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._idle: list[SqliteStore] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    def _open(self) -> SqliteStore:
        conn = sqlite3.connect(self._uri, uri=True, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
        return SqliteStore(conn, self.path)

    @contextmanager
    def borrow(self) -> Iterator[SqliteStore]:
        """A connection of the pool for the caller alone, given back on exit; waits while
        all ``size`` are lent."""
        with self._slots:
            with self._lock:
                store = self._idle.pop() if self._idle else None
            if store is None:
                try:
                    store = self._open()
                except sqlite3.Error as error:
                    raise StoreError(f"cannot read {self.path}: {error}") from None
                with self._lock:
                    self.opened += 1
            try:
                yield store
            finally:
                with self._lock:
                    self._idle.append(store)


def store(request: Request) -> Iterator[SqliteStore]:
    """A store for this request alone (a FastAPI dependency)."""
    stores: Stores = request.app.state.stores
    with stores.borrow() as borrowed:
        yield borrowed


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
