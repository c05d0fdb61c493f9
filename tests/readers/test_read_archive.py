"""Expanding paths: folders, tar and zip archives, and refusing unsafe or absurd archives."""

from __future__ import annotations

import gzip
import io
import signal
import stat
import tarfile
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from cablescope.model import Input, Problem
from cablescope.readers import read
from cablescope.readers.archive import MB, Limits, expand, total_bytes, unsafe_name
from tests.readers.common import CORPUS_TAR, EXAMPLES, needs_shared
from tests.readers.makers import TAR_MEMBERS, ZIP_MEMBERS, tar_gz_bytes, zip_bytes


def _split(items: list[Input | Problem]) -> tuple[list[Input], list[Problem]]:
    inputs = [item for item in items if isinstance(item, Input)]
    problems = [item for item in items if isinstance(item, Problem)]
    return inputs, problems


def _snapshot(folder: Path) -> set[Path]:
    return set(folder.parent.rglob("*"))


def test_example_archives() -> None:
    zipped = EXAMPLES / "archives" / "cables.zip"
    tarred = EXAMPLES / "archives" / "cables.tar.gz"
    inputs, problems = _split(list(expand([str(zipped), str(tarred)])))
    assert problems == []
    expected = [f"{zipped}!{name}" for name in ZIP_MEMBERS]
    expected += [f"{tarred}!{name}" for name in TAR_MEMBERS]
    assert [inp.path for inp in inputs] == expected
    for inp, name in zip(inputs, ZIP_MEMBERS + TAR_MEMBERS):
        assert inp.read() == inp.read() == (EXAMPLES / name).read_bytes()
        assert inp.size == len(inp.read())
    formats = [item[0].format for inp in inputs for item in read(inp) if isinstance(item, tuple)]
    assert formats == [
        "wikileaks-html",
        "telegram",
        "body-text",
        "wikileaks-html",
        "plusd",
        "body-annotated",
    ]


def test_folder_walk_is_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_bytes(b"x")
    (tmp_path / ".hidden.txt").write_bytes(b"x")
    (tmp_path / "b" / "2.txt").write_bytes(b"two")
    (tmp_path / "a.txt").write_bytes(b"one")
    inputs, problems = _split(list(expand([str(tmp_path)])))
    assert problems == []
    assert [Path(inp.path).relative_to(tmp_path).as_posix() for inp in inputs] == [
        "a.txt",
        "b/2.txt",
    ]
    assert inputs[0].head == b"one" and inputs[0].size == 3 and inputs[0].read() == b"one"


def test_missing_path(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.html")
    assert list(expand([missing])) == [Problem(missing, "read", "no such file or directory")]


def test_unsafe_names() -> None:
    assert unsafe_name("cable/2010/01/x.html") is None
    assert unsafe_name("../evil") and unsafe_name("a/../../evil") and unsafe_name("a\\..\\b")
    assert unsafe_name("/etc/passwd") and unsafe_name("C:\\x") and unsafe_name("")


def _evil_tar(path: Path) -> None:
    with tarfile.open(path, "w:gz") as archive:
        for name in ("../evil", "/etc/passwd", "good/ok.txt"):
            info = tarfile.TarInfo(name)
            info.size = 4
            archive.addfile(info, io.BytesIO(b"data"))
        for name, kind, target in (
            ("link", tarfile.SYMTYPE, "/etc/passwd"),
            ("hard", tarfile.LNKTYPE, "good/ok.txt"),
            ("dev", tarfile.CHRTYPE, ""),
            ("fifo", tarfile.FIFOTYPE, ""),
        ):
            info = tarfile.TarInfo(name)
            info.type = kind
            info.linkname = target
            archive.addfile(info)


def test_tar_with_unsafe_members(tmp_path: Path) -> None:
    target = tmp_path / "evil.tar.gz"
    _evil_tar(target)
    before = _snapshot(tmp_path)
    inputs, problems = _split(list(expand([str(target)])))
    assert [inp.path for inp in inputs] == [f"{target}!good/ok.txt"]
    messages = [problem.message for problem in problems]
    assert messages == [
        "path with '..' refused: '../evil'",
        "absolute path refused: '/etc/passwd'",
        "symbolic link refused: 'link'",
        "hard link refused: 'hard'",
        "device refused: 'dev'",
        "FIFO refused: 'fifo'",
    ]
    assert _snapshot(tmp_path) == before
    assert not (tmp_path.parent / "evil").exists()


def test_zip_with_unsafe_members(tmp_path: Path) -> None:
    target = tmp_path / "evil.zip"
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("../evil", b"data")
        archive.writestr("/abs", b"data")
        link = zipfile.ZipInfo("link")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, b"/etc/passwd")
        archive.writestr("ok.txt", b"data")
    before = _snapshot(tmp_path)
    inputs, problems = _split(list(expand([str(target)])))
    assert [inp.path for inp in inputs] == [f"{target}!ok.txt"]
    assert [problem.message.split(":")[0] for problem in problems] == [
        "path with '..' refused",
        "absolute path refused",
        "link refused",
    ]
    assert _snapshot(tmp_path) == before


@pytest.mark.slow
def test_zip_bomb_of_300_mb_zeros(tmp_path: Path) -> None:
    target = tmp_path / "bomb.zip"
    zeros = bytes(MB)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("zeros.bin", "w", force_zip64=True) as member:
            for _ in range(300):
                member.write(zeros)
    assert target.stat().st_size < 2 * MB
    tracemalloc.start()
    try:
        items = list(expand([str(target)]))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(items) == 1 and isinstance(items[0], Problem)
    assert "over 200 MB refused" in items[0].message
    assert peak < 4 * MB


def test_zip_of_many_zero_members_trips_the_ratio(tmp_path: Path) -> None:
    members = [(f"z{n:02d}.bin", bytes(MB)) for n in range(20)]
    target = tmp_path / "ratio.zip"
    target.write_bytes(zip_bytes(members))
    inputs, problems = _split(list(expand([str(target)])))
    assert len(inputs) == 10
    assert len(problems) == 1 and "expands more than 100x" in problems[0].message


def test_tar_gz_of_many_zero_members_trips_the_ratio(tmp_path: Path) -> None:
    target = tmp_path / "ratio.tar.gz"
    target.write_bytes(tar_gz_bytes([(f"z{n:02d}.bin", bytes(MB)) for n in range(20)]))
    inputs, problems = _split(list(expand([str(target)])))
    assert 9 <= len(inputs) <= 11
    assert len(problems) == 1 and "expands more than 100x" in problems[0].message


def test_tar_member_over_the_limit_stops_the_archive(tmp_path: Path) -> None:
    target = tmp_path / "big.tar.gz"
    target.write_bytes(tar_gz_bytes([("a.txt", b"a"), ("big.bin", b"x" * 3000), ("c.txt", b"c")]))
    limits = Limits(max_member=2000)
    inputs, problems = _split(list(expand([str(target)], limits)))
    assert [Path(inp.path).name for inp in inputs] == ["big.tar.gz!a.txt"]
    assert len(problems) == 1 and "over 0 MB refused" in problems[0].message


def test_zip_member_lying_about_its_size(tmp_path: Path) -> None:
    data = bytearray(zip_bytes([("x.txt", b"TEXT " * 400)]))
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")  # declared uncompressed size
    target = tmp_path / "liar.zip"
    target.write_bytes(bytes(data))
    [problem] = list(expand([str(target)]))
    assert isinstance(problem, Problem) and "damaged archive" in problem.message


def test_damaged_archives(tmp_path: Path) -> None:
    whole = tar_gz_bytes([(f"m{n}.txt", bytes([65 + n]) * 50_000) for n in range(5)])
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    inputs, problems = _split(list(expand([str(cut)])))
    assert len(problems) == 1 and "damaged archive" in problems[0].message
    zipped = tmp_path / "cut.zip"
    zipped.write_bytes(zip_bytes([("a.txt", b"a" * 1000)])[:-30])
    [problem] = list(expand([str(zipped)]))
    assert isinstance(problem, Problem) and "damaged archive" in problem.message
    plain_gzip = tmp_path / "notes.gz"
    plain_gzip.write_bytes(__import__("gzip").compress(b"hello"))
    [problem] = list(expand([str(plain_gzip)]))
    assert isinstance(problem, Problem) and "not a tar archive" in problem.message


def test_nested_archives_one_level_deep(tmp_path: Path) -> None:
    page = (EXAMPLES / "html" / "10MEXICO83.html").read_bytes()
    inner = tar_gz_bytes([("cable/10MEXICO83.html", page)])
    innermost = zip_bytes([("deep.zip", zip_bytes([("x.html", page)]))])
    target = tmp_path / "outer.zip"
    target.write_bytes(zip_bytes([("inner.tar.gz", inner), ("two.zip", innermost)]))
    inputs, problems = _split(list(expand([str(target)])))
    assert problems == []
    assert [inp.path for inp in inputs] == [
        f"{target}!inner.tar.gz!cable/10MEXICO83.html",
        f"{target}!two.zip!deep.zip",
    ]
    assert inputs[0].read() == page
    assert isinstance(next(read(inputs[1])), Problem)


def test_large_members_stream_and_reopen(tmp_path: Path) -> None:
    payload = b"".join(b"line %06d\n" % n for n in range(300_000))
    limits = Limits(in_memory=MB)
    zipped = tmp_path / "big.zip"
    zipped.write_bytes(zip_bytes([("big.txt", payload)]))
    tarred = tmp_path / "big.tar.gz"
    tarred.write_bytes(tar_gz_bytes([("big.txt", payload), ("small.txt", b"s")]))
    for path in (zipped, tarred):
        inputs, problems = _split(list(expand([str(path)], limits)))
        assert problems == []
        big = inputs[0]
        assert big.size == len(payload) and big.head == payload[:65536]
        assert big.read() == payload and big.read() == payload
        with big.open() as stream:
            assert stream.read(10) == b"line 00000"


@needs_shared
@pytest.mark.corpus
@pytest.mark.slow
def test_corpus_tarball_streams() -> None:
    start = time.perf_counter()
    count = 0
    for item in expand([str(CORPUS_TAR)]):
        assert isinstance(item, Input), item
        assert "!cable/" in item.path and item.path.endswith(".html")
        count += 1
    elapsed = time.perf_counter() - start
    assert count == 6712
    print(f"expanded {count} members in {elapsed:.2f} s")


def test_progress_adds_up_to_total_bytes(tmp_path: Path) -> None:
    paths = [str(EXAMPLES), str(tmp_path / "missing.txt")]
    reported: list[int] = []
    items = list(expand(paths, on_bytes=reported.append))
    assert len(items) > 15
    assert all(step > 0 for step in reported)
    assert sum(reported) == total_bytes(paths) > 300_000


class _Hung(Exception):
    pass


def _expand_within(seconds: float, paths: list[str]) -> list[Input | Problem]:
    """``expand(paths)`` as a list, or _Hung when it runs past ``seconds``."""

    def fire(signum: int, frame: object) -> None:
        raise _Hung(f"expand still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return list(expand(paths))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _damaged_tar_gz(name: str, type_: bytes, size: bytes) -> bytes:
    """A one-member tar.gz of a real cable whose header declares ``type_`` and ``size``."""
    page = (EXAMPLES / "telegram" / "07KINGSTON382.txt").read_bytes()
    raw = bytearray(gzip.decompress(tar_gz_bytes([(name, page)])))
    base = max(i for i in range(0, len(raw) - 512, 512) if raw[i + 257 : i + 262] == b"ustar")
    raw[base + 156 : base + 157] = type_
    raw[base + 124 : base + 136] = size
    raw[base + 148 : base + 156] = b" " * 8
    raw[base + 148 : base + 156] = b"%06o\0 " % sum(raw[base : base + 512])
    return gzip.compress(bytes(raw), mtime=0)


@pytest.mark.parametrize(
    ("name", "type_"),
    [("x.txt", b"z"), ("x.txt", b"S"), ("x.txt", b"0"), ("../x.txt", b"0"), ("x.txt", b"D")],
)
def test_tar_member_declaring_an_absurd_size_ends_the_archive(
    tmp_path: Path, name: str, type_: bytes
) -> None:
    # base-256 size of about 2**80: tarfile would skip it on the stream 10 KB at a time
    target = tmp_path / "damaged.tar.gz"
    target.write_bytes(_damaged_tar_gz(name, type_, b"\x80" + b"\xff" * 10 + b"\x00"))
    inputs, problems = _split(_expand_within(5, [str(target)]))
    assert inputs == []
    assert problems and "archive not read further" in problems[-1].message
    assert all("\n" not in problem.message for problem in problems)


def test_damaged_zip_inside_a_tar_is_a_problem(tmp_path: Path) -> None:
    page = (EXAMPLES / "html" / "10MEXICO83.html").read_bytes()
    data = bytearray(zip_bytes([("cable/10MEXICO83.html", page)]))
    end = data.rindex(b"PK\x05\x06")
    offset = int.from_bytes(data[end + 16 : end + 20], "little")
    data[end + 16 : end + 20] = (offset + 300).to_bytes(4, "little")  # 300 bytes too far
    on_disk = tmp_path / "damaged.zip"
    on_disk.write_bytes(bytes(data))
    nested = tmp_path / "outer.tar.gz"
    nested.write_bytes(tar_gz_bytes([("inner.zip", bytes(data)), ("a.txt", b"after")]))
    for path, where in ((on_disk, str(on_disk)), (nested, f"{nested}!inner.zip")):
        inputs, problems = _split(list(expand([str(path)])))
        assert [problem.path for problem in problems] == [where]
        assert "damaged archive" in problems[0].message
    assert [inp.path for inp in inputs] == [f"{nested}!a.txt"]
