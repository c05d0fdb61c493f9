"""Small read-only stream adapters for archive members."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import IO, BinaryIO


class Counting(io.RawIOBase):
    """A read-only stream that counts the bytes read through it (compressed bytes consumed)."""

    def __init__(self, inner: BinaryIO) -> None:
        self._inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class View(io.RawIOBase):
    """A read-only stream over ``read``; closing it runs ``on_close`` (not the source's close)."""

    def __init__(self, read: Callable[[int], bytes], on_close: Callable[[], None]) -> None:
        self._read = read
        self._on_close = on_close

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._on_close()
        super().close()


def spool_reader(spool: IO[bytes]) -> Callable[[int], bytes]:
    position = 0

    def read(size: int) -> bytes:
        nonlocal position
        spool.seek(position)
        data = spool.read(size)
        position += len(data)
        return data

    return read
