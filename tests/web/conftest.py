"""A database of examples/ plus a cable carrying markup in its subject, text and a PER mark,
and a TestClient over it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablescope.web import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
XSS_ID = "09MEXICO9999"
PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<img src=x onerror=alert(3)>",
    "<script>alert(4)</script>",
)
"""What the crafted cable carries: in its subject (1, 2), in a PER mark (3), in its text (4)."""


def crafted_cable() -> str:
    """The annotated example under another number, citing 10MEXICO83, with markup (as HTML entities, which the
    reader decodes into text) in its subject, a PER mark and its text."""
    text = (EXAMPLES / "annotated" / "09MEXICO2882.txt").read_text()
    text = text.replace("] 002882", "] 009999", 1)
    text = text.replace(" Classified By: NAS", " REF: A. 10 MEXICO 83 Classified By: NAS", 1)
    text = text.replace(
        "SUBJECT: ELEMENTS",
        "SUBJECT: &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(2)&gt;"
        " ELEMENTS",
        1,
    )
    return text.replace(
        "[PER Keith Mines  ]",
        "[PER Keith &lt;img src=x onerror=alert(3)&gt;Mines  ]"
        " &lt;script&gt;alert(4)&lt;/script&gt;",
        1,
    )


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/ tagged by the default model as `cablescope ingest` does, and the crafted
    cable untagged (its entities come from its marks, markup included), all resolved."""
    from cablescope.pipeline.entities import Tagging
    from cablescope.pipeline.ingest import ingest
    from cablescope.resolve import resolve_store
    import cablescope.store
    from cablescope.tagging.registry import get_tagger

    folder = tmp_path_factory.mktemp("web-inputs")
    (folder / "xss.txt").write_text(crafted_cable())
    path = tmp_path_factory.mktemp("web-db") / "web.db"
    with cablescope.store.open(str(path)) as store:
        tagging = Tagging(get_tagger("cablescope"))
        assert ingest([str(EXAMPLES)], store, workers=1, tagging=tagging).rejected == 0
        assert ingest([str(folder)], store, workers=1).rejected == 0
        assert store.get_cable(XSS_ID) is not None
        assert resolve_store(store).entities > 0
    return path


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    """A TestClient of the app over ``web_db``."""
    with TestClient(create_app(str(web_db))) as test_client:
        yield test_client


@contextmanager
def served(app: object) -> Iterator[str]:
    """uvicorn, configured as `cablescope serve` runs it, serving ``app`` in a thread on a
    free port; yields the base URL."""
    import uvicorn

    from cablescope.web.server import config

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    server = uvicorn.Server(config(app, port=port))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
