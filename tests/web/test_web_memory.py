"""Memory stays bounded under concurrent clients: the read-connection pool never holds
more than its size (each connection keeps its own SQLite page cache, so an unbounded pool
grows with the number of worker threads that ever ran at once)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import httpx

from cablescope.web import create_app
from cablescope.web._deps import POOL
from tests.web.conftest import served


def _open_on(path: Path) -> int:
    """File descriptors of this process open on ``path``."""
    return sum(
        1
        for fd in os.listdir("/proc/self/fd")
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve())
    )


def test_read_connections_are_bounded_under_concurrency(web_db: Path) -> None:
    # Apps of earlier tests in this process may still hold their own connections.
    before = _open_on(web_db)
    app = create_app(str(web_db))
    failures: list[str] = []

    def client(n: int) -> None:
        with httpx.Client(timeout=60) as http:
            for q in ("juarez", "mexico OR mugabe", "the", "from:2009", "per:calderon"):
                response = http.get(f"{base}/api/search", params={"q": q, "limit": 5 + n})
                if response.status_code != 200:
                    failures.append(response.text)

    with served(app) as base:
        threads = [threading.Thread(target=client, args=(n,)) for n in range(30)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        held = _open_on(web_db) - before
    assert not failures
    assert 1 <= held <= POOL
