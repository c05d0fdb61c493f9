"""Two ingests into one database at once lose nothing and count nothing twice.

The readings a cable already has are decided inside the transaction that writes it, so a
reading another process stored since the batch was parsed is merged, not overwritten.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest

from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.process import process_input
from cablescope.store.base import Store
from cablescope.store.memory import MemoryStore
from cablescope.store.sqlite import SqliteStore
from tests.conftest import CORPUS_TAR, REVEAL_TAR, corpus_pages

pytestmark = pytest.mark.skipif(
    not (CORPUS_TAR.is_file() and REVEAL_TAR.is_file()), reason="../shared corpus is not present"
)


def _twins(folder: Path, count: int) -> tuple[Path, Path]:
    """``count`` cables twice: their Cablegate pages in ``folder/pages`` and their annotated
    bodies (inline entity marks, another format) in ``folder/bodies``."""
    pages, bodies = folder / "pages", folder / "bodies"
    pages.mkdir()
    bodies.mkdir()
    wanted: dict[str, bytes] = {}
    with tarfile.open(REVEAL_TAR, "r|gz") as tar:
        for member in tar:
            if member.isfile() and member.name.startswith("annotated/"):
                handle = tar.extractfile(member)
                assert handle is not None
                wanted[Path(member.name).stem] = handle.read()
    found = 0
    for name, data in corpus_pages():
        cable_id = Path(name).stem
        if cable_id in wanted and found < count and _reads_as(cable_id, wanted[cable_id]):
            (pages / Path(name).name).write_bytes(data)
            (bodies / f"{cable_id}.txt").write_bytes(wanted[cable_id])
            found += 1
    assert found == count
    return pages, bodies


def _reads_as(cable_id: str, data: bytes) -> bool:
    read = process_input(f"{cable_id}.txt", data)
    return [getattr(c, "id", None) for c in read] == [cable_id]


def _state(store: Store) -> dict[str, tuple[list[str], int, int]]:
    """Per cable: its readings' sha256s, its imported marks and its tagged mentions."""
    out = {}
    for cable in store.iter_cables():
        shas = sorted(r.sources[0].sha256 for r in store.readings(cable.id))
        out[cable.id] = (shas, len(cable.annotations), len(cable.mentions))
    return out


Opener = Callable[[Path], AbstractContextManager[Store]]


def _sqlite(path: Path) -> AbstractContextManager[Store]:
    return SqliteStore.open(str(path / "race.db"))


_MEMORY: dict[Path, MemoryStore] = {}


@contextmanager
def _memory(path: Path) -> Iterator[Store]:
    # One store shared by both "processes", as one server would be.
    yield _MEMORY.setdefault(path, MemoryStore())


@pytest.mark.parametrize("opener", [_sqlite, _memory], ids=["sqlite", "memory"])
def test_a_reading_stored_by_another_ingest_meanwhile_is_kept(
    tmp_path: Path, opener: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages, bodies = _twins(tmp_path, 40)
    raced = []

    with opener(tmp_path) as first:
        real_batch = first.batch

        @contextmanager
        def batch() -> Iterator[None]:
            # The other ingest commits between the parse of this batch and its write.
            if not raced:
                raced.append(True)
                with opener(tmp_path) as second:
                    other = ingest([str(bodies)], second, workers=0)
                assert other.new == 40
            with real_batch():
                yield

        monkeypatch.setattr(first, "batch", batch)
        summary = ingest([str(pages)], first, workers=0)
        monkeypatch.undo()
        assert raced
        assert (summary.new, summary.updated) == (0, 40)
        state = _state(first)

    with SqliteStore.open(str(tmp_path / "serial.db")) as serial:
        ingest([str(bodies)], serial, workers=0)
        ingest([str(pages)], serial, workers=0)
        assert state == _state(serial)
    assert all(len(shas) == 2 and marks > 0 for shas, marks, _ in state.values())


def _cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "cablescope", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
def test_two_ingest_processes_at_once_lose_no_reading(tmp_path: Path) -> None:
    pages, bodies = _twins(tmp_path, 600)
    db = str(tmp_path / "both.db")
    runs = [
        _cli("ingest", "--no-ner", "--db", db, str(CORPUS_TAR)),
        _cli("ingest", "--no-ner", "--workers", "1", "--db", db, str(bodies)),
    ]
    outs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    with SqliteStore.open(str(tmp_path / "serial.db")) as serial:
        ingest([str(CORPUS_TAR)], serial)
        ingest([str(bodies)], serial)
        expected = _state(serial)
    with SqliteStore.open(db) as store:
        assert store.count() == 6712
        assert _state(store) == expected


@pytest.mark.slow
def test_the_same_tarball_twice_at_once_is_new_once(tmp_path: Path) -> None:
    db = str(tmp_path / "twice.db")
    runs = [_cli("ingest", "--no-ner", "--db", db, str(CORPUS_TAR)) for _ in range(2)]
    outs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    news = [int(out.split(" new,")[0]) for out, _ in outs]
    assert sum(news) == 6712, outs
    with SqliteStore.open(db) as store:
        assert store.count() == 6712
        assert all(len(store.readings(c.id)) == 1 for c in store.iter_cables())
