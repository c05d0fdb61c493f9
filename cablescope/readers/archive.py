"""Turning paths into Inputs: files, folders (recursively) and archives (tar, tar.gz, zip).

Nothing is ever written to disk. Members of a streamed tar are read into memory (or, past
``Limits.in_memory``, into a spooled temporary file); zip members are read or streamed from
the zip. Members are named ``archive!member`` and archives inside archives are opened one
level deep. Unsafe members become Problems: absolute paths, ``..`` components, links and
devices (that member only); a member larger than ``Limits.max_member`` or an archive that
expands more than ``Limits.max_ratio`` times after its first ``Limits.ratio_grace`` bytes
(the rest of that archive).
"""

from __future__ import annotations

import io
import lzma
import os
import stat
import struct
import tarfile
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, BinaryIO, cast

from isal import igzip, isal_zlib

from cablescope.model import Input, Problem
from cablescope.model.inputs import HEAD_SIZE
from cablescope.readers import _text
from cablescope.readers._streams import Counting, View, spool_reader

MB = 1024 * 1024
_CHUNK = MB


@dataclass(frozen=True, slots=True)
class Limits:
    """How far an archive may expand before it is refused."""

    max_member: int = 200 * MB
    max_ratio: float = 100.0
    ratio_grace: int = 10 * MB
    in_memory: int = 32 * MB
    max_depth: int = 1


DEFAULT_LIMITS = Limits()


class _Refused(Exception):
    """An archive stops here; the message says why."""


def unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe (absolute, ``..``, empty), or None if it is a plain path."""
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return f"absolute path refused: {name!r}"
    if ".." in parts:
        return f"path with '..' refused: {name!r}"
    if not any(parts):
        return "member without a name refused"
    return None


def _kind(head: bytes) -> str | None:
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00")):
        return "compressed"
    if head[257:262] == b"ustar":
        return "tar"
    return None


_ISAL_ERROR = cast(type[Exception], isal_zlib.error)


def _open_tar(stream: io.BufferedReader) -> tarfile.TarFile:
    """A tar stream; gzip is inflated with ISA-L, which is 2-3 times faster than zlib."""
    if stream.peek(2)[:2] == b"\x1f\x8b":
        inflated: IO[bytes] = igzip.IGzipFile(fileobj=stream, mode="rb")  # type: ignore[no-untyped-call,assignment]
        return tarfile.open(fileobj=inflated, mode="r|")
    return tarfile.open(fileobj=stream, mode="r|*")


def _file_input(path: str) -> Input:
    with open(path, "rb") as stream:
        head = stream.read(HEAD_SIZE)
    size = os.stat(path).st_size
    return Input(path=path, head=head, size=size, open=lambda: open(path, "rb"))


class _Spooled:
    """Opens a member spooled to a temporary file; the file is closed (and deleted) once the
    Input holding this opener is dropped, not left to the garbage collector's warning."""

    def __init__(self, spool: IO[bytes]) -> None:
        self._spool = spool

    def __call__(self) -> BinaryIO:
        return io.BufferedReader(View(spool_reader(self._spool), lambda: None))

    def __del__(self) -> None:
        self._spool.close()


def _spooled_input(where: str, spool: IO[bytes], size: int) -> Input:
    spool.seek(0)
    head = spool.read(HEAD_SIZE)
    return Input(where, head, size, _Spooled(spool))


class _Expander:
    """Expands paths under ``limits``, telling ``on_bytes`` how many on-disk bytes are done."""

    def __init__(self, limits: Limits, on_bytes: Callable[[int], None] | None) -> None:
        self.limits = limits
        self.on_bytes = on_bytes
        self.done = 0

    def report(self, position: int, depth: int = 0) -> None:
        """Tell ``on_bytes`` how far into the current top-level file reading has come."""
        if self.on_bytes is not None and depth == 0 and position > self.done:
            self.on_bytes(position - self.done)
            self.done = position

    def path(self, path: str) -> Iterator[Input | Problem]:
        if not os.path.lexists(path):
            yield _text.problem(path, "no such file or directory")
        elif os.path.isdir(path):
            yield from self.folder(path)
        else:
            yield from self.file(path)

    def folder(self, root: str) -> Iterator[Input | Problem]:
        for name in _files(root):
            yield from self.file(name)

    def file(self, path: str) -> Iterator[Input | Problem]:
        self.done = 0
        try:
            mode = os.stat(path).st_mode
            if not stat.S_ISREG(mode):
                yield _text.problem(path, "not a regular file")
                return
            inp = _file_input(path)
        except OSError as err:
            yield _text.problem(path, err.strerror or str(err))
            return
        kind = _kind(inp.head)
        if kind == "zip":
            yield from self.zip(path, lambda: open(path, "rb"), 0)
        elif kind is not None:
            yield from self.tar(path, lambda: open(path, "rb"), 0)
        else:
            yield inp
        self.report(inp.size)

    def member(self, where: str, data: bytes, depth: int) -> Iterator[Input | Problem]:
        kind = _kind(data[:HEAD_SIZE])
        if kind is None or depth >= self.limits.max_depth:
            yield Input.from_bytes(where, data)
        elif kind == "zip":
            yield from self.zip(where, lambda: io.BytesIO(data), depth + 1)
        else:
            yield from self.tar(where, lambda: io.BytesIO(data), depth + 1)

    def tar(
        self, label: str, opener: Callable[[], BinaryIO], depth: int
    ) -> Iterator[Input | Problem]:
        with opener() as raw:
            counted = Counting(raw)
            try:
                archive = _open_tar(io.BufferedReader(counted))
            except (tarfile.TarError, EOFError, OSError, zlib.error, _ISAL_ERROR):
                yield _text.problem(label, "compressed data that is not a tar archive")
                return
            try:
                yield from self._tar_members(label, archive, counted, depth)
                if not _ended_cleanly(archive):
                    yield _text.problem(label, "damaged archive: it ends early (truncated?)")
            except _Refused as err:
                yield _text.problem(label, str(err))
            except (tarfile.TarError, EOFError, OSError, zlib.error, _ISAL_ERROR) as err:
                yield _text.problem(label, f"damaged archive: {err}")
            finally:
                archive.close()

    def _tar_members(
        self, label: str, archive: tarfile.TarFile, counted: Counting, depth: int
    ) -> Iterator[Input | Problem]:
        total = 0
        while (member := archive.next()) is not None:
            # tarfile keeps the header of every member read, for random access that a
            # stream never has: 248,000 of them weigh 150 MB.
            archive.members.clear()  # type: ignore[attr-defined]
            where = f"{label}!{member.name}"
            # tarfile skips to the next header on the stream whatever the member's type, so
            # a header declaring 2**80 bytes would be read past 10 KB at a time, forever.
            if member.isreg():
                self._check_size(where, member.size)
            self._check_declared(where, archive.offset - member.offset_data)
            if member.isdir():
                continue
            reason = unsafe_name(member.name)
            if reason is None and not member.isreg():
                reason = f"{_tar_type(member)} refused: {member.name!r}"
            if reason is not None:
                yield _text.problem(where, reason)
                continue
            stream = archive.extractfile(member)
            if stream is None:
                continue
            if member.size <= self.limits.in_memory:
                data = stream.read(member.size + 1)
                total += len(data)
                self._check_ratio(label, total, counted.count)
                yield from self.member(where, data, depth)
                self.report(counted.count, depth)
                continue
            spool = tempfile.SpooledTemporaryFile(max_size=self.limits.in_memory)
            size = 0
            try:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    self._check_size(where, size)
                    self._check_ratio(label, total, counted.count)
                    spool.write(chunk)
            except BaseException:
                spool.close()
                raise
            yield _spooled_input(where, spool, size)
            self.report(counted.count, depth)

    def zip(
        self, label: str, opener: Callable[[], BinaryIO], depth: int
    ) -> Iterator[Input | Problem]:
        try:
            with opener() as raw, zipfile.ZipFile(raw) as archive:
                yield from self._zip_members(label, opener, archive, depth)
        except _Refused as err:
            yield _text.problem(label, str(err))
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            OSError,
            EOFError,
            zlib.error,
            lzma.LZMAError,
            struct.error,
            # a seek before the start: OSError on a file, ValueError on a member in memory
            ValueError,
        ) as err:
            yield _text.problem(label, f"damaged archive: {err}")
        except (NotImplementedError, RuntimeError) as err:
            yield _text.problem(label, f"unsupported zip: {err}")

    def _zip_members(
        self, label: str, opener: Callable[[], BinaryIO], archive: zipfile.ZipFile, depth: int
    ) -> Iterator[Input | Problem]:
        declared = 0
        compressed = 0
        for info in archive.infolist():
            where = f"{label}!{info.filename}"
            if info.is_dir():
                continue
            reason = unsafe_name(info.filename)
            file_type = stat.S_IFMT(info.external_attr >> 16)
            if reason is None and file_type not in (0, stat.S_IFREG):
                kind = "link" if file_type == stat.S_IFLNK else "special file"
                reason = f"{kind} refused: {info.filename!r}"
            if reason is not None:
                yield _text.problem(where, reason)
                continue
            self._check_size(where, info.file_size)
            declared += info.file_size
            compressed += info.compress_size
            self._check_ratio(label, declared, compressed)
            if info.file_size <= self.limits.in_memory:
                with archive.open(info) as stream:
                    data = stream.read(info.file_size + 1)
                if len(data) > info.file_size:
                    raise _Refused(f"member larger than it declares: {info.filename!r}")
                yield from self.member(where, data, depth)
            else:
                yield self._zip_stream(where, opener, info)
            self.report(compressed, depth)

    def _zip_stream(
        self, where: str, opener: Callable[[], BinaryIO], info: zipfile.ZipInfo
    ) -> Input:
        def open_member() -> BinaryIO:
            raw = opener()
            archive = zipfile.ZipFile(raw)
            stream = archive.open(info)

            def close() -> None:
                stream.close()
                archive.close()
                raw.close()

            return io.BufferedReader(View(stream.read, close))

        with open_member() as stream:
            head = stream.read(HEAD_SIZE)
        return Input(where, head, info.file_size, open_member)

    def _check_size(self, where: str, size: int) -> None:
        if size > self.limits.max_member:
            limit = self.limits.max_member // MB
            raise _Refused(f"member over {limit} MB refused, archive not read further: {where}")

    def _check_declared(self, where: str, size: int) -> None:
        """Refuse a member whose data, as its header declares it, spans more blocks than
        the largest member allowed (any type: tarfile skips even what it does not return)."""
        blocks = -(-self.limits.max_member // tarfile.BLOCKSIZE)
        if size > blocks * tarfile.BLOCKSIZE:
            limit = self.limits.max_member // MB
            raise _Refused(
                f"member header declares {size:,} bytes, over the {limit} MB limit, "
                f"archive not read further: {where}"
            )

    def _check_ratio(self, label: str, expanded: int, compressed: int) -> None:
        limits = self.limits
        if expanded > limits.ratio_grace and expanded > limits.max_ratio * max(compressed, 1):
            raise _Refused(
                f"archive expands more than {limits.max_ratio:g}x (zip bomb?), not read further"
            )


def _ended_cleanly(archive: tarfile.TarFile) -> bool:
    """True if the stream stopped on the end-of-archive block, not on running out of bytes.

    tarfile ends its member loop quietly in both cases; only after a whole zero block has
    the stream moved a full block past the last header offset.
    """
    tell = getattr(archive.fileobj, "tell", None)
    if tell is None:
        return True
    return int(tell()) - archive.offset >= tarfile.BLOCKSIZE


def _tar_type(member: tarfile.TarInfo) -> str:
    if member.issym():
        return "symbolic link"
    if member.islnk():
        return "hard link"
    if member.ischr() or member.isblk():
        return "device"
    if member.isfifo():
        return "FIFO"
    return "special member"


def _files(path: str) -> Iterator[str]:
    if os.path.isdir(path):
        for folder, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            yield from (os.path.join(folder, f) for f in sorted(files) if not f.startswith("."))
    elif os.path.lexists(path):
        yield path


def expand(
    paths: Iterable[str],
    limits: Limits = DEFAULT_LIMITS,
    on_bytes: Callable[[int], None] | None = None,
) -> Iterator[Input | Problem]:
    """Every input under ``paths``: files, folders walked recursively in sorted order (hidden
    names skipped), and the members of tar (plain, gz, bz2, xz) and zip archives.

    ``on_bytes`` is called with the number of on-disk bytes read since its last call (the
    compressed bytes of an archive), so that the calls add up to ``total_bytes(paths)``.
    """
    expander = _Expander(limits, on_bytes)
    for path in paths:
        yield from expander.path(path)


def total_bytes(paths: Iterable[str]) -> int:
    """The on-disk size of everything ``expand`` would read under ``paths``."""
    total = 0
    for path in paths:
        for name in _files(path):
            try:
                total += os.stat(name).st_size
            except OSError:
                continue
    return total
