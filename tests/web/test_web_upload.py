"""Uploads against a real uvicorn server: a refused upload never reaches the disk (no token:
403 before the body is read; a declared size over the cap: 413 before the body is read), a
streamed (chunked) body over the cap is cut off at the cap, and one under it is ingested.

What is on disk is measured in the server's own process (it runs in a thread here): the
files under the temporary folder plus every open file there, since Python's temporary files
are unlinked as soon as they are made and would not show in a listing.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

import cablescope.store
from cablescope.web import create_app
from tests.web.conftest import EXAMPLES, served

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CAP = 1_000_000
BOUNDARY = "cablescope-test-boundary"
MULTIPART = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}


def on_disk(folder: Path) -> int:
    """Bytes in files under ``folder``, listed or open (and unlinked) in this process."""
    total = 0
    # os.walk skips a folder removed while it is listed; Path.rglob raises.
    for parent, _, names in os.walk(folder):
        for name in names:
            try:
                total += os.stat(os.path.join(parent, name)).st_size
            except FileNotFoundError:
                continue
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
            if target.startswith(str(folder)) and "(deleted)" in target:
                total += os.stat(f"/proc/self/fd/{fd}").st_size
        except OSError:
            continue
    return total


@contextmanager
def watching(folder: Path) -> Iterator[list[int]]:
    """Samples of ``on_disk(folder)`` taken every millisecond while the block runs."""
    seen: list[int] = []
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            seen.append(on_disk(folder))
            time.sleep(0.001)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        done.set()
        thread.join()


def multipart(data: Iterator[bytes], name: str = "big.txt") -> Iterator[bytes]:
    """One ``files`` part carrying ``data``, sent at a pace the server keeps up with."""
    yield (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    for chunk in data:
        time.sleep(0.002)
        yield chunk
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def filler(size: int, chunk: int = 64 * 1024) -> Iterator[bytes]:
    for start in range(0, size, chunk):
        yield b"x" * min(chunk, size - start)


@pytest.fixture()
def tmp_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The temporary folder of this process, for the test alone."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture()
def db_copy(web_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(web_db, path)
    return path


def test_no_token_refuses_before_reading(db_copy: Path, tmp_dir: Path) -> None:
    app = create_app(str(db_copy), max_upload=CAP, tagger="imported")
    with served(app) as base, watching(tmp_dir) as seen:
        body = multipart(filler(20 * CAP))
        response = httpx.post(f"{base}/api/ingest", content=body, headers=MULTIPART, timeout=60)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert len(seen) > 100 and max(seen) == 0


def test_wrong_token_refuses_before_reading(db_copy: Path, tmp_dir: Path) -> None:
    app = create_app(str(db_copy), token=TOKEN, max_upload=CAP, tagger="imported")
    with served(app) as base, watching(tmp_dir) as seen:
        body = multipart(filler(CAP // 2))
        headers = {**MULTIPART, "Authorization": "Bearer wrong"}
        response = httpx.post(f"{base}/api/ingest", content=body, headers=headers, timeout=60)
    assert response.status_code == 401
    assert max(seen) == 0


def test_declared_size_over_the_cap_is_refused_unread(db_copy: Path, tmp_dir: Path) -> None:
    app = create_app(str(db_copy), token=TOKEN, max_upload=CAP, tagger="imported")
    with served(app) as base:
        host, port = urlsplit(base).hostname, urlsplit(base).port
        with socket.create_connection((host, port), timeout=10) as sock:
            sock.sendall(
                (
                    "POST /api/ingest HTTP/1.1\r\nHost: test\r\n"
                    f"Authorization: Bearer {TOKEN}\r\n"
                    f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
                    f"Content-Length: {CAP + 1}\r\n\r\n"
                ).encode()
            )
            answer = b""
            while b"\r\n\r\n" not in answer or not answer.endswith(b"}}"):
                part = sock.recv(65536)  # no body was sent: a server that reads it times out
                assert part, answer
                answer += part
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 ")
    assert b'"code":"too_large"' in body
    assert on_disk(tmp_dir) == 0


def test_chunked_body_over_the_cap_stops_at_the_cap(db_copy: Path, tmp_dir: Path) -> None:
    app = create_app(str(db_copy), token=TOKEN, max_upload=CAP, tagger="imported")
    with served(app) as base, watching(tmp_dir) as seen:
        body = multipart(filler(3 * CAP))
        headers = {**MULTIPART, **AUTH}
        response = httpx.post(f"{base}/api/ingest", content=body, headers=headers, timeout=60)
    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert response.json()["error"] == {
        "status": 413,
        "code": "too_large",
        "message": f"uploads are limited to {CAP:,} bytes",
    }
    assert CAP // 2 < max(seen) <= CAP
    assert on_disk(tmp_dir) == 0 and not list(tmp_dir.iterdir())


def test_chunked_upload_under_the_cap_is_ingested(db_copy: Path, tmp_dir: Path) -> None:
    cable = (EXAMPLES / "telegram" / "09PARIS997.txt").read_bytes()
    pieces = iter([cable[i : i + 1000] for i in range(0, len(cable), 1000)])
    app = create_app(str(db_copy), token=TOKEN, max_upload=CAP, tagger="imported")
    with served(app) as base:
        body = multipart(pieces, name="../../09PARIS997.txt")
        headers = {**MULTIPART, **AUTH}
        response = httpx.post(f"{base}/api/ingest", content=body, headers=headers, timeout=60)
    assert response.status_code == 200, response.text
    assert response.json()["files"] == 1 and response.json()["rejected"] == 0
    with cablescope.store.open(str(db_copy)) as store:
        assert store.get_cable("09PARIS997") is not None
    assert not list(tmp_dir.iterdir())


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("text/plain", b"09PARIS997", "send multipart/form-data"),
        (MULTIPART["Content-Type"], b"--" + BOUNDARY.encode() + b"\r\nbroken", "ends before"),
        (
            MULTIPART["Content-Type"],
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="other"\r\n\r\nx\r\n'
            f"--{BOUNDARY}--\r\n".encode(),
            "no part named 'files'",
        ),
    ],
)
def test_a_body_that_is_not_an_upload_is_refused(
    db_copy: Path, tmp_dir: Path, content_type: str, body: bytes, message: str
) -> None:
    app = create_app(str(db_copy), token=TOKEN, max_upload=CAP, tagger="imported")
    with served(app) as base:
        headers = {"Content-Type": content_type, **AUTH}
        response = httpx.post(f"{base}/api/ingest", content=body, headers=headers, timeout=60)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_upload"
    assert message in response.json()["error"]["message"]
    assert not list(tmp_dir.iterdir())
