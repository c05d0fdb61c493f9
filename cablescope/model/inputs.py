"""Input: bytes waiting to be read, from a file, an archive member or a stream."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import BinaryIO

HEAD_SIZE = 65536


@dataclass(frozen=True, slots=True)
class Input:
    """One thing to read. ``path`` is for people: ``dir/a.html``, ``dump.tar.gz!cable/x.html``.

    ``head`` holds the first bytes for format detection; ``open`` gives the whole
    content as a stream so that a 1.7 GB dump is never held in memory.
    """

    path: str
    head: bytes
    size: int
    open: Callable[[], BinaryIO] = field(repr=False, compare=False)
    sha256: str | None = field(default=None, repr=False, compare=False)
    """The sha256 of the content, when whoever made the input has hashed it already."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", readable_path(self.path))

    def read(self) -> bytes:
        with self.open() as stream:
            return stream.read()

    @classmethod
    def from_bytes(cls, path: str, data: bytes, sha256: str | None = None) -> Input:
        return cls(path, data[:HEAD_SIZE], len(data), lambda: io.BytesIO(data), sha256)


def readable_path(path: str) -> str:
    """``path`` as valid Unicode for people and databases: bytes of a file name that are not
    UTF-8 (kept by Python as lone surrogates) are shown escaped, as ``\\xe9``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
