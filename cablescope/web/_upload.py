"""Receiving an upload as it arrives: the multipart body is parsed while it streams in, each
``files`` part written straight into one folder, and the whole body counted against a cap.

FastAPI's ``UploadFile`` spools the entire body to a temporary file before the route runs,
so a refused or oversized request would already be on disk; here nothing is read before
the route has checked the token and the declared size, and reading stops (413) at the first
chunk past the cap, so at most ``cap`` bytes of a refused upload are ever written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import BinaryIO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request

from cablescope.web.errors import WebError

FIELD = "files"
"""The multipart field whose parts are saved; other fields are read and dropped."""

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def too_large(cap: int) -> WebError:
    """413 for an upload over ``cap`` bytes."""
    return WebError(413, "too_large", f"uploads are limited to {cap:,} bytes")


def bad_upload(message: str) -> WebError:
    """400 for a body that is not the multipart form the route takes."""
    return WebError(400, "bad_upload", message)


def safe_name(name: str | None, n: int) -> str:
    """A file name made from the client's (never a path it chose), numbered by its part."""
    base = _UNSAFE.sub("_", Path(name or "").name).lstrip(".")
    return f"{n:03d}-{base or 'upload'}"


def boundary(content_type: str) -> bytes:
    """The multipart boundary of ``content_type``; 400 when it is not multipart/form-data."""
    kind, options = parse_options_header(content_type)
    found = options.get(b"boundary", b"")
    if kind != b"multipart/form-data" or not found:
        raise bad_upload("send multipart/form-data with one or more parts named 'files'")
    return found


class _Parts:
    """The callbacks of python-multipart's streaming parser: each ``files`` part goes to
    its own file in ``folder`` as its bytes arrive."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.saved: list[Path] = []
        self.ended = False
        self._field = bytearray()
        self._value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._out: BinaryIO | None = None

    def on_part_begin(self) -> None:
        self._headers = {}
        self._out = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def on_header_end(self) -> None:
        self._headers[bytes(self._field).lower()] = bytes(self._value)
        self._field.clear()
        self._value.clear()

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if options.get(b"name") != FIELD.encode():
            return
        if b"filename" not in options:
            raise bad_upload(f"each part named {FIELD!r} must be a file (with a filename)")
        filename = options[b"filename"].decode("utf-8", "replace")
        target = self.folder / safe_name(filename, len(self.saved))
        self.saved.append(target)
        self._out = target.open("wb")

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._out is not None:
            self._out.write(data[start:end])

    def on_part_end(self) -> None:
        self.close()

    def on_end(self) -> None:
        self.ended = True

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


async def receive(request: Request, folder: Path, cap: int) -> list[Path]:
    """Stream the multipart body of ``request`` into ``folder`` and return the files saved.

    Raises 413 as soon as more than ``cap`` bytes have arrived (nothing past the cap is
    parsed or written), 400 for a body that is not a complete multipart form with at least
    one ``files`` part.
    """
    parts = _Parts(folder)
    callbacks = {name: getattr(parts, name) for name in dir(parts) if name.startswith("on_")}
    parser = MultipartParser(boundary(request.headers.get("content-type", "")), callbacks)  # type: ignore[arg-type]
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > cap:
                raise too_large(cap)
            if chunk:
                await run_in_threadpool(parser.write, chunk)
    except MultipartParseError as error:
        raise bad_upload(f"the multipart body is damaged: {error}") from None
    except ClientDisconnect:
        raise bad_upload("the client went away before the upload ended") from None
    finally:
        parts.close()
    if not parts.ended:
        raise bad_upload("the multipart body ends before its closing boundary")
    if not parts.saved:
        raise bad_upload(f"no part named {FIELD!r} in the upload")
    return parts.saved
