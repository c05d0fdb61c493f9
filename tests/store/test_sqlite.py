"""What only the SQLite store promises: clear errors, durability, schema and FTS in sync."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cablescope.query import parse_query
from cablescope.errors import StoreError
from cablescope.model import Cable, Problem, Reference
from cablescope.store import SqliteStore, _schema
from cablescope.store.base import marking

ROOT = Path(__file__).resolve().parents[2]


def filled(path: Path, cables: list[Cable]) -> SqliteStore:
    store = SqliteStore.open(str(path))
    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    return store


def one_line(error: pytest.ExceptionInfo[StoreError]) -> str:
    message = str(error.value)
    assert "\n" not in message
    return message


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("These are my notes, not a database.\n" * 200)
    with pytest.raises(StoreError) as error:
        SqliteStore.open(str(path))
    assert one_line(error) == f"{path} is not a SQLite database"
    assert path.read_text().startswith("These are my notes")


def test_a_folder_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as error:
        SqliteStore.open(str(tmp_path / "missing" / "c.db"))
    assert "cannot open" in one_line(error)


def test_another_application_database(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA application_id = 1234")
        conn.execute("CREATE TABLE t (x)")
    with pytest.raises(StoreError) as error:
        SqliteStore.open(str(path))
    assert "another application" in one_line(error)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    SqliteStore.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {_schema.LATEST + 1}")
    with pytest.raises(StoreError) as error:
        SqliteStore.open(str(path))
    assert f"schema version {_schema.LATEST + 1}" in one_line(error)


def test_a_locked_database(tmp_path: Path, cables: list[Cable]) -> None:
    path = tmp_path / "c.db"
    SqliteStore.open(str(path)).close()
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        store = SqliteStore.open(str(path), timeout=0.05)
        with pytest.raises(StoreError) as error:
            store.put(cables[0], [cables[0]])
        assert "locked" in one_line(error)
        store.close()
    finally:
        other.execute("ROLLBACK")
        other.close()


def test_schema_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    SqliteStore.open(str(path)).close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == _schema.LATEST
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"cables", "readings", "cable_tags", "cable_refs", "problems", "cables_fts"} <= tables


def test_reopening_keeps_everything(tmp_path: Path, cables: list[Cable]) -> None:
    path = tmp_path / "c.db"
    store = filled(path, cables)
    problem = Problem("x.html", "read", "no cable table")
    store.add_problem(problem)
    store.close()
    with SqliteStore.open(str(path)) as again:
        assert [again.get_cable(c.id) for c in cables] == cables
        assert [p.problem for p in again.problems()] == [problem]
        assert again.search(parse_query("juarez")).total >= 1


def _temp_store(store: SqliteStore) -> int:
    (value,) = store._conn.execute("PRAGMA temp_store").fetchone()
    return int(value)


def test_a_large_batch_keeps_its_scratch_work_in_a_file(
    tmp_path: Path, cables: list[Cable]
) -> None:
    store = filled(tmp_path / "c.db", cables[:1])
    memory, file = 2, 1
    assert _temp_store(store) == memory
    with store.batch(large=True):
        assert _temp_store(store) == file
        with store.batch():
            store.put(cables[1], [cables[1]])
        assert _temp_store(store) == file
    assert _temp_store(store) == memory
    with pytest.raises(RuntimeError), store.batch(large=True):
        raise RuntimeError("interrupted")
    assert _temp_store(store) == memory
    with store.batch():
        assert _temp_store(store) == memory
    store.close()


def test_an_interrupted_batch_leaves_the_file_as_it_was(
    tmp_path: Path, cables: list[Cable]
) -> None:
    path = tmp_path / "c.db"
    store = filled(path, cables[:2])
    changed = dataclasses.replace(cables[0], subject="CHANGED")
    with pytest.raises(KeyboardInterrupt), store.batch():
        store.put(changed, [changed])
        for cable in cables[2:]:
            store.put(cable, [cable])
        store._flush()
        raise KeyboardInterrupt
    store.close()
    with SqliteStore.open(str(path)) as again:
        assert again.count() == 2
        assert again.get_cable(cables[0].id) == cables[0]
        assert again.search(parse_query("subject:changed")).total == 0


def test_a_killed_process_leaves_all_or_none_of_a_batch(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    script = textwrap.dedent(
        f"""
        import os, signal
        from cablescope.model import Cable, SourceRef
        from cablescope.store import sqlite
        sqlite.FLUSH_EVERY = 10
        store = sqlite.SqliteStore.open({str(path)!r})
        def cable(i):
            return Cable(id=f"09TEST{{i}}", date="2009-01-01", text="word " * 2000,
                         sources=(SourceRef("body", str(i), f"{{i:064}}"),))
        with store.batch():
            for i in range(50):
                store.put(cable(i), [cable(i)])
        with store.batch():
            for i in range(50, 400):
                store.put(cable(i), [cable(i)])
                if i == 300:
                    os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, check=False, timeout=120)
    assert done.returncode != 0
    with SqliteStore.open(str(path)) as store:
        assert store.count() == 50
        assert store.search(parse_query("word")).total == 50
        with store._conn:
            assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def fts_ok(store: SqliteStore) -> None:
    store._conn.execute("INSERT INTO cables_fts (cables_fts, rank) VALUES ('integrity-check', 1)")


def test_fts_follows_replacements_and_deletes(tmp_path: Path, cables: list[Cable]) -> None:
    store = filled(tmp_path / "c.db", cables)
    cable = cables[2]
    assert store.search(parse_query("scenesetter")).total == 1
    replaced = dataclasses.replace(
        cable, subject="ZEPPELIN VISIT", text="The zeppelin landed.", paragraphs=()
    )
    store.put(replaced, [replaced])
    assert store.search(parse_query("scenesetter")).total == 0
    assert store.search(parse_query("zeppelin")).total == 1
    assert store.search(parse_query("subject:zeppelin")).hits[0].id == cable.id
    fts_ok(store)
    store.delete(cable.id)
    assert store.search(parse_query("zeppelin")).total == 0
    fts_ok(store)
    store.close()


def test_columns_agree_with_the_record(tmp_path: Path, cables: list[Cable]) -> None:
    store = filled(tmp_path / "c.db", cables)
    rows = store._conn.execute(
        "SELECT id, date, year, origin, classification, marking, subject, n_sources, text"
        " FROM cables"
    ).fetchall()
    for cid, date, year, origin, classification, mark, subject, n, text in rows:
        cable = store.get_cable(cid)
        assert cable is not None
        assert (date, origin, classification, subject, text) == (
            cable.date,
            cable.origin,
            cable.classification,
            cable.subject,
            cable.text,
        )
        assert year == int(cable.date[:4]) if cable.date else year is None
        assert mark == marking(cable) and n == len(cable.sources)
    tags = store._conn.execute("SELECT code FROM cable_tags WHERE cable_id = '10MEXICO83'")
    assert {t for (t,) in tags} == {"PGOV", "PREL", "PHUM", "SNAR", "KCRM", "MX"}
    store.close()


def test_identical_readings_are_not_stored_twice(tmp_path: Path, cables: list[Cable]) -> None:
    store = filled(tmp_path / "c.db", cables)
    blobs = store._conn.execute("SELECT record FROM readings").fetchall()
    assert blobs and all(b is None for (b,) in blobs)
    size = store._conn.execute("SELECT sum(length(record)) FROM cables").fetchone()[0]
    assert size < sum(len(c.raw) + len(c.text) for c in cables)
    store.close()


def test_refs_table(tmp_path: Path, cables: list[Cable]) -> None:
    cited = dataclasses.replace(
        cables[0],
        references=(
            *cables[0].references,
            Reference("REF: B. STATE 17143", "10STATE17143"),
        ),
    )
    store = SqliteStore.open(str(tmp_path / "c.db"))
    store.put(cited, [cited])
    rows = store._conn.execute("SELECT cable_id, ref_id FROM cable_refs").fetchall()
    assert rows == [(cited.id, "10STATE17143")]
    store.close()
