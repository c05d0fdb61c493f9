"""``cablescope.store.open``: the database a URL names, and the read-only pool a server uses."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

from cablescope import store
from cablescope.errors import MissingExtra, StoreError
from cablescope.model import Cable
from cablescope.query import parse_query


def _fill(url: str, cables: list[Cable]) -> None:
    with store.open(url) as db, db.batch():
        for cable in cables:
            db.put(cable, [cable])


def test_a_path_and_a_sqlite_url_name_the_same_file(
    tmp_path: Path, cables: list[Cable], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _fill("archive.db", cables)
    for url in ("archive.db", "sqlite:///archive.db", f"sqlite:///{tmp_path}/archive.db"):
        with store.open(url) as db:
            assert db.count() == len(cables), url
            assert db.get_cable(cables[0].id) == cables[0]
    assert store.engine(f"sqlite:///{tmp_path}/archive.db") == ("sqlite", f"{tmp_path}/archive.db")
    assert store.database_file("sqlite:///archive.db") == "archive.db"


def test_memory_is_an_empty_database_of_its_own(cables: list[Cable]) -> None:
    with store.open("memory:") as db:
        assert db.count() == 0
        db.put(cables[0], [cables[0]])
        assert db.matching(parse_query(cables[0].id)) == [cables[0].id]
    with store.open("memory:") as other:
        assert other.count() == 0
    assert store.database_file("memory:") is None


def test_readonly_reads_and_refuses_writes(tmp_path: Path, cables: list[Cable]) -> None:
    url = str(tmp_path / "c.db")
    _fill(url, cables[:2])
    with store.open(url, readonly=True) as db:
        assert db.count() == 2
        with pytest.raises(StoreError):
            db.put(cables[2], [cables[2]])
    with store.open(url) as db:
        assert db.count() == 2


def test_other_schemes_are_refused_in_one_line() -> None:
    with pytest.raises(StoreError, match="not a database; give a file, sqlite:///PATH"):
        store.open("mysql://localhost/cables")
    with pytest.raises(StoreError, match="name the file"):
        store.open("sqlite://")


def test_postgresql_without_its_client_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(sys.modules):
        if name.startswith("cablescope.store.postgres"):
            monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(MissingExtra, match=r"pip install 'cablescope\[postgres\]'"):
        store.open("postgresql://localhost/cables")


def test_a_password_is_not_shown() -> None:
    assert store.shown("postgresql://ana:s3cret@db.example/cables") == (
        "postgresql://ana:***@db.example/cables"
    )
    assert store.shown("postgresql://ana@db/cables") == "postgresql://ana@db/cables"
    assert store.shown("cables.db") == "cables.db"


def test_readers_lend_at_most_their_size(tmp_path: Path, cables: list[Cable]) -> None:
    url = str(tmp_path / "c.db")
    _fill(url, cables)
    readers = store.readers(url, 2)
    seen: list[int] = []
    lent = threading.Semaphore(0)
    go = threading.Event()

    def reader() -> None:
        with readers.borrow() as db:
            seen.append(db.count())
            lent.release()
            go.wait(10)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for thread in threads:
        thread.start()
    assert lent.acquire(timeout=10) and lent.acquire(timeout=10)
    assert not lent.acquire(timeout=0.3)  # the third waits for a connection
    go.set()
    for thread in threads:
        thread.join()
    assert seen == [len(cables)] * 4
    with readers.borrow() as db, pytest.raises(StoreError):
        db.put(cables[0], [cables[0]])
    readers.close()


def test_a_spare_reader_is_lent_only_when_free(tmp_path: Path, cables: list[Cable]) -> None:
    url = str(tmp_path / "c.db")
    _fill(url, cables)
    readers = store.readers(url, 2)
    with readers.borrow() as first:
        with readers.spare() as second:
            assert second is not None and second is not first
            assert second.count() == len(cables)
            with readers.spare() as third:
                assert third is None  # never waits for one
        with readers.spare() as again:
            assert again is second
    readers.close()


def test_readers_of_memory_share_one_database() -> None:
    readers = store.readers("memory:", 4)
    with readers.borrow() as a, readers.borrow() as b:
        assert a is b
    with readers.spare() as spare:
        assert spare is None  # the fake serves one thread at a time
    readers.close()
