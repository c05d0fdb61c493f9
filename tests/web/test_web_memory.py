"""Memory stays bounded under concurrent clients: the read-connection pool never holds
more than its size (each connection keeps its own SQLite page cache, so an unbounded pool
grows with the number of worker threads that ever ran at once)."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx

from cablescope.web import create_app
from cablescope.web._deps import POOL
from tests.web.conftest import served


def test_read_connections_are_bounded_under_concurrency(web_db: Path) -> None:
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
        # Counted by the pool itself: file descriptors would also count the connections
        # that apps of earlier tests in this process have not closed yet.
        held = app.state.readers.opened
    assert not failures
    assert 1 <= held <= POOL
