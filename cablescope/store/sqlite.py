"""SqliteStore: the Store and SearchIndex on one SQLite file (WAL mode, FTS5).

Writes are buffered and flushed with ``executemany`` at the end of a batch (or
every FLUSH_EVERY cables, or before any read), inside one transaction, so a
killed process leaves the database with all of a batch or none of it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from cablescope.query import Query
from cablescope.query.fuzzy import expand
from cablescope.errors import QueryError, StoreBusy, StoreError
from cablescope.model import Cable, Problem
from cablescope.model.basis import Draft, Member, Named, Patch, Placed, Staged, Tally, Totals
from cablescope.model.entity import (
    AliasLinks,
    Entity,
    EntityDetail,
    Judgement,
    Link,
    Resolution,
)
from cablescope.store import (
    _codec,
    _rows,
    _schema,
    _sqlaliases,
    _sqlcurate,
    _sqlentities,
    _sqlfacets,
    _sqllinks,
    _sqlrecord,
    _sqlsearch,
    _sqlwrite,
)
from cablescope.store._lexicons import Lexicons
from cablescope.store._sqlvocab import Vocabulary
from cablescope.store._sqlwrite import CHUNK, chunks, marks
from cablescope.store.base import (
    MARKERS,
    CableInfo,
    EntityText,
    Facets,
    ProblemRecord,
    RecordedFact,
    SearchResult,
    SeenInput,
    SortKey,
    Stats,
    unique_readings,
)

FLUSH_EVERY = 512
"""Pending puts inside a batch are written once this many have gathered."""

INPUTS_PAGE = 1000
"""Input files read per query by ``iter_inputs``."""

MMAP_BYTES = 4 << 30
"""How much of a database file a reading connection maps into memory (SQLite caps it at its
build's limit, 2 GiB in most). Reading a row through the map costs no system call and no
copy, which halves a filtered search of a large archive; the mapped pages are the operating
system's file cache, shared by every connection, but they count in a process's resident
size, so connections that stream every cable (ingest, tagging, resolution) map nothing."""

PAGE_CACHE_KIB = 8 * 1024
"""SQLite's page cache per read-only connection (KiB). Each connection keeps its own and
fills it as it reads, so a pool's memory is bounded by its size times this."""


def _describe(path: str, error: sqlite3.Error) -> StoreError:
    """The StoreError for ``error``: StoreBusy when another process holds the lock."""
    text = str(error)
    if "locked" in text or "busy" in text:
        return StoreBusy(f"{path} is locked by another process; try again when it is done")
    return StoreError(_message(path, error, text))


def _message(path: str, error: sqlite3.Error, text: str) -> str:
    if isinstance(error, sqlite3.DatabaseError) and "not a database" in text:
        return f"{path} is not a SQLite database"
    if "readonly" in text or "read-only" in text:
        return f"{path} cannot be written (read-only file or folder)"
    if "unable to open" in text:
        return f"cannot open {path}: does its folder exist and may this user write there?"
    return f"{path}: {text}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


_COUNTED = "SELECT coalesce(sum(n), 0) FROM cable_counts WHERE dimension = 'year'"


class SqliteStore:
    """A cablescope database file. Open with ``SqliteStore.open(path)``; use as a context manager.

    One writer at a time (SQLite's rule); readers in other processes see each
    committed batch whole. The connection is not shared across threads.
    """

    def __init__(self, conn: sqlite3.Connection, path: str) -> None:
        self._conn = conn
        self.path = path
        self._depth = 0
        self._pending: dict[str, tuple[Cable, tuple[Cable, ...]]] = {}
        self._lexicons = Lexicons()

    @classmethod
    def open(cls, path: str, timeout: float = 60.0, *, mapped: bool = False) -> SqliteStore:
        """Open or create the database at ``path`` (``:memory:`` for a private one); with
        ``mapped``, read through a memory map (see MMAP_BYTES).

        Creates or migrates the schema. Raises StoreError with a one-line message
        when the file is not a database, is locked for ``timeout`` seconds, or
        cannot be written.
        """
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -65536")
            conn.execute("PRAGMA journal_size_limit = 67108864")
            if mapped:
                conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
            _schema.migrate(conn, path)
        except (sqlite3.Error, ValueError) as error:
            if conn is not None:
                conn.close()
            if isinstance(error, ValueError):
                raise StoreError(str(error)) from None
            raise _describe(path, error) from None
        return cls(conn, path)

    @classmethod
    def open_readonly(cls, path: str) -> SqliteStore:
        """Open the existing database at ``path`` for reading only, through a memory map:
        ``mode=ro`` makes the connection unable to write the file (temporary tables still
        work). The connection may move between threads (one at a time), as a pool lends
        it."""
        try:
            conn = sqlite3.connect(
                Path(path).resolve().as_uri() + "?mode=ro",
                uri=True,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KIB}")
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        except sqlite3.Error as error:
            raise StoreError(f"cannot read {path}: {error}") from None
        return cls(conn, path)

    def close(self) -> None:
        """Flush nothing, roll back an open batch, and close the connection."""
        self._pending.clear()
        self._conn.close()

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as error:
            raise _describe(self.path, error) from None

    def _exec(self, sql: str) -> None:
        with self._errors():
            self._conn.execute(sql)

    @contextmanager
    def batch(self, *, large: bool = False) -> Iterator[None]:
        """One transaction around many writes; see Store.batch. Nested batches use savepoints.

        A ``large`` one keeps its temporary storage (sorts, and the statement journals that
        undo a statement within the transaction) in a file: in memory, emptying the record of
        a resolved corpus in one transaction held 313 MB until the commit, and a full
        resolution of it peaked at 1.8 GB instead of 0.6 GB. The setting is made before the
        transaction begins, so that it covers all of it."""
        level = self._depth
        if level > 0:
            self._flush()
        spilled = large and level == 0
        if spilled:
            self._exec("PRAGMA temp_store = FILE")
        try:
            with self._transaction(level):
                yield
        finally:
            if spilled:
                self._exec("PRAGMA temp_store = MEMORY")

    @contextmanager
    def _transaction(self, level: int) -> Iterator[None]:
        self._exec("BEGIN IMMEDIATE" if level == 0 else f"SAVEPOINT batch{level}")
        self._depth += 1
        try:
            yield
            self._flush()
        except BaseException:
            self._pending.clear()
            self._depth = level
            if level == 0:
                self._exec("ROLLBACK")
            else:
                self._exec(f"ROLLBACK TO batch{level}")
                self._exec(f"RELEASE batch{level}")
            raise
        self._depth = level
        self._exec("COMMIT" if level == 0 else f"RELEASE batch{level}")

    def put(self, merged: Cable, readings: Sequence[Cable]) -> None:
        """Replace the merged record and reading set of ``merged.id``; see Store.put."""
        unique = tuple(reading for _, reading in unique_readings(readings))
        self._pending.pop(merged.id, None)
        self._pending[merged.id] = (merged, unique)
        if self._depth == 0:
            with self.batch():
                pass
        elif len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        items = list(self._pending.values())
        self._pending.clear()
        with self._errors():
            _sqlwrite.write(self._conn, items)
            _sqlrecord.forget_if_held(self._conn, "?", [merged.id for merged, _ in items])

    def _rows(
        self, sql: str, params: Sequence[object] = (), about: Iterable[str] | None = None
    ) -> list[tuple[Any, ...]]:
        """Run a read, first writing pending puts (only those of ``about`` ids, when given)."""
        if about is None or any(cid in self._pending for cid in about):
            self._flush()
        with self._errors():
            return self._conn.execute(sql, params).fetchall()

    def get_cable(self, cable_id: str) -> Cable | None:
        """The merged record, or None."""
        rows = self._rows("SELECT record, text FROM cables WHERE id = ?", (cable_id,), (cable_id,))
        return _codec.unpack_merged(*rows[0]) if rows else None

    def readings(self, cable_id: str) -> list[Cable]:
        """The readings of one cable, in the order they were put."""
        return self.readings_for([cable_id]).get(cable_id, [])

    def readings_for(self, cable_ids: Iterable[str]) -> dict[str, list[Cable]]:
        """Readings of many cables; ids without readings are left out."""
        found: dict[str, list[Cable]] = {}
        for chunk in chunks(list(dict.fromkeys(cable_ids))):
            rows = self._rows(
                "SELECT cable_id, record FROM readings"
                f" WHERE cable_id IN ({marks(chunk)}) ORDER BY rowid",
                chunk,
                chunk,
            )
            present = list(dict.fromkeys(cid for cid, _ in rows))
            if not present:
                continue
            merged = {
                cid: _codec.merged_dict(blob, text)
                for cid, blob, text in self._rows(
                    f"SELECT id, record, text FROM cables WHERE id IN ({marks(present)})",
                    present,
                    (),
                )
            }
            for cid, blob in rows:
                found.setdefault(cid, []).append(_codec.unpack_reading(blob, merged[cid]))
        return found

    def has_reading(self, cable_id: str, sha256: str) -> bool:
        """Whether a reading with this source hash is stored for the cable."""
        rows = self._rows(
            "SELECT 1 FROM readings WHERE cable_id = ? AND sha256 = ?",
            (cable_id, sha256),
            (cable_id,),
        )
        return bool(rows)

    def known_shas(self, cable_ids: Iterable[str]) -> dict[str, set[str]]:
        """Stored source hashes per id, for a whole batch in a few queries."""
        known: dict[str, set[str]] = {}
        for chunk in chunks(list(dict.fromkeys(cable_ids))):
            rows = self._rows(
                f"SELECT cable_id, sha256 FROM readings WHERE cable_id IN ({marks(chunk)})",
                chunk,
                chunk,
            )
            for cid, sha in rows:
                known.setdefault(str(cid), set()).add(str(sha))
        return known

    def stored_shas(self, shas: Iterable[str]) -> set[str]:
        """Which of these source hashes some stored reading has."""
        found: set[str] = set()
        for chunk in chunks(list(dict.fromkeys(shas))):
            rows = self._rows(
                f"SELECT DISTINCT sha256 FROM readings WHERE sha256 IN ({marks(chunk)})", chunk
            )
            found.update(str(sha) for (sha,) in rows)
        return found

    def known_inputs(self, shas: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The input files among ``shas`` read whole before: sha256 -> their cables' ids."""
        found: dict[str, tuple[str, ...]] = {}
        for chunk in chunks(list(dict.fromkeys(shas))):
            rows = self._rows(
                f"SELECT sha256, cables FROM inputs WHERE sha256 IN ({marks(chunk)})", chunk, ()
            )
            found.update((str(sha), tuple(str(ids).split())) for sha, ids in rows)
        return found

    def add_inputs(self, inputs: Iterable[SeenInput]) -> None:
        """Remember input files read whole (in the open batch, if any)."""
        rows = [(i.sha256, i.path, " ".join(i.cables), _now()) for i in inputs]
        with self._errors():
            self._conn.executemany(
                "INSERT OR REPLACE INTO inputs (sha256, path, cables, at) VALUES (?,?,?,?)", rows
            )

    def iter_inputs(self) -> Iterator[SeenInput]:
        """Every input file read whole (``add_inputs``), by sha256; pages through by key."""
        last = ""
        while True:
            rows = self._rows(
                "SELECT sha256, path, cables FROM inputs WHERE sha256 > ?"
                f" ORDER BY sha256 LIMIT {INPUTS_PAGE}",
                (last,),
                (),
            )
            for sha, path, ids in rows:
                yield SeenInput(str(sha), str(path), tuple(str(ids).split()))
            if len(rows) < INPUTS_PAGE:
                return
            last = str(rows[-1][0])

    def delete(self, cable_id: str) -> bool:
        """Remove a cable, its readings, tags, references and FTS row."""
        rows = self._rows("SELECT rid FROM cables WHERE id = ?", (cable_id,))
        if not rows:
            return False
        with self.batch(), self._errors():
            conn = self._conn
            conn.execute(_sqlwrite.DELETE_FTS + " = ?", rows[0])
            # The files it came from must be read again by a later ingest.
            conn.execute(
                "DELETE FROM inputs WHERE sha256 IN"
                " (SELECT sha256 FROM readings WHERE cable_id = ?)"
                " OR path IN (SELECT path FROM readings WHERE cable_id = ?)",
                (cable_id, cable_id),
            )
            for table in ("readings", *_sqlwrite.INDEX_TABLES):
                conn.execute(f"DELETE FROM {table} WHERE cable_id = ?", (cable_id,))
            conn.execute("DELETE FROM cables WHERE id = ?", (cable_id,))
            conn.execute(_sqlwrite.BUMP)
            _sqlrecord.forget_if_held(conn, "?", [cable_id])
        return True

    def iter_cables(self) -> Iterator[Cable]:
        """Every merged record by date then id, undated last; pages through by key."""
        return _codec.merged_cables(self._records())

    def entity_texts(
        self, layer: str, cable_ids: Iterable[str] | None = None
    ) -> Iterator[EntityText]:
        """The text and ``layer`` entity spans of the stored cables, records left undecoded;
        see RecordStore.entity_texts."""
        return _codec.entity_texts(self._records(cable_ids), layer)

    def _records(self, cable_ids: Iterable[str] | None = None) -> Iterator[tuple[str, bytes, str]]:
        """(id, record, text) of every cable in ``iter_cables`` order, or of the stored
        ones among ``cable_ids`` in their order."""
        if cable_ids is not None:
            for chunk in chunks(list(cable_ids)):
                rows = self._rows(
                    f"SELECT id, record, text FROM cables WHERE id IN ({marks(chunk)})",
                    chunk,
                    chunk,
                )
                found = {row[0]: row for row in rows}
                yield from (found[cid] for cid in chunk if cid in found)
            return
        after: tuple[str, str] | None = None
        while True:
            params: tuple[str, ...] = ()
            if after is None:
                sql = "WHERE date NOT NULL"
            else:
                sql, params = "WHERE date NOT NULL AND (date, id) > (?, ?)", after
            rows = self._rows(
                f"SELECT id, record, text, date FROM cables {sql} ORDER BY date, id LIMIT {CHUNK}",
                params,
            )
            for cid, blob, text, _ in rows:
                yield cid, blob, text
            if len(rows) < CHUNK:
                break
            after = (str(rows[-1][3]), str(rows[-1][0]))
        last = ""
        while True:
            rows = self._rows(
                "SELECT id, record, text FROM cables WHERE date IS NULL AND id > ?"
                f" ORDER BY id LIMIT {CHUNK}",
                (last,),
            )
            yield from rows
            if len(rows) < CHUNK:
                return
            last = str(rows[-1][0])

    def count(self) -> int:
        """How many cables are stored (counted as they are written)."""
        return int(self._rows(_COUNTED)[0][0])

    def checkpoint(self, job: str) -> int | None:
        """How far ``job`` had gone; see RecordStore.checkpoint."""
        rows = self._rows("SELECT value FROM store_meta WHERE key = ?", ("job:" + job,))
        return int(rows[0][0]) if rows else None

    def set_checkpoint(self, job: str, done: int | None) -> None:
        """Record how far ``job`` has gone (None: forget it); see RecordStore.set_checkpoint."""
        self._flush()
        with self._errors():
            if done is None:
                self._conn.execute("DELETE FROM store_meta WHERE key = ?", ("job:" + job,))
            else:
                self._conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES (?, ?)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    ("job:" + job, done),
                )

    def add_problem(self, problem: Problem, at: str | None = None) -> None:
        """Record a problem (in the open batch, if any); the same problem again only
        refreshes its time."""
        self._flush()
        with self._errors():
            self._conn.execute(
                "DELETE FROM problems WHERE path = ? AND stage = ? AND message = ?",
                (problem.path, problem.stage, problem.message),
            )
            self._conn.execute(
                "INSERT INTO problems (path, stage, message, sha256, at) VALUES (?,?,?,?,?)",
                (problem.path, problem.stage, problem.message, problem.sha256, at or _now()),
            )

    def problems(self) -> list[ProblemRecord]:
        """Every recorded problem, oldest first."""
        rows = self._rows("SELECT path, stage, message, sha256, at FROM problems ORDER BY n")
        return [ProblemRecord(p, s, m, h, a) for p, s, m, h, a in rows]

    def clear_problems(self, path: str | None = None) -> int:
        """Forget the problems of ``path``, or all; how many were removed."""
        self._flush()
        with self._errors():
            if path is None:
                cur = self._conn.execute("DELETE FROM problems")
            else:
                cur = self._conn.execute("DELETE FROM problems WHERE path = ?", (path,))
        return cur.rowcount

    def stats(self) -> Stats:
        """Counts by year, origin and classification marking (kept as cables are written)."""
        rows = self._rows("SELECT dimension, missing, value, n FROM cable_counts WHERE n > 0")
        problems = int(self._rows("SELECT count(*) FROM problems")[0][0])
        return _rows.stats(rows, problems)

    def search(
        self,
        query: Query,
        limit: int = 20,
        offset: int = 0,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """Ranked search (bm25; id, subject and text weigh 10, 4, 1); newest first without words."""
        with self._answering(query) as query:
            return _sqlsearch.run(self._conn, query, limit, offset, markers)

    def search_after(
        self,
        query: Query,
        limit: int = 20,
        sort: str = "relevance",
        after: SortKey | None = None,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """A keyset page of hits in ``sort`` order after ``after``; see SearchIndex."""
        with self._answering(query) as query:
            return _sqlfacets.page(self._conn, query, limit, sort, after, markers)

    def facets(self, query: Query, top: int = 10) -> Facets:
        """Counts of the matching cables; see SearchIndex.facets."""
        with self._answering(query) as query:
            return _sqlfacets.facets(self._conn, query, top)

    def most_cited(self, top: int = 10) -> list[tuple[str, int]]:
        """The ``top`` ids (stored or not) that most stored cables cite, with how many."""
        self._flush()
        with self._errors():
            return _sqlfacets.most_cited(self._conn, top)

    @contextmanager
    def _answering(self, query: Query) -> Iterator[Query]:
        """Around a read that matches ``query``, which it gives with its fuzzy terms
        replaced by their spellings: pending puts written first, a full-text expression
        SQLite refuses as QueryError, other errors as StoreError."""
        self._flush()
        with self._errors():
            try:
                yield expand(query, Vocabulary(self._conn, self._lexicons))
            except sqlite3.OperationalError as error:
                if "fts5" not in str(error):
                    raise
                raise QueryError(f"cannot search for {query.source!r}: {error}") from None

    def cable_infos(self, cable_ids: Iterable[str]) -> dict[str, CableInfo]:
        """The display fields of the stored cables among ``cable_ids``."""
        self._flush()
        with self._errors():
            return _sqllinks.infos(self._conn, list(cable_ids))

    def citing(self, cable_id: str) -> list[CableInfo]:
        """The stored cables citing ``cable_id``, by date then id, undated last."""
        self._flush()
        with self._errors():
            return _sqllinks.citing(self._conn, cable_id)

    def cited(self, cable_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(citing, cited) for the references of the stored cables among ``cable_ids``."""
        self._flush()
        with self._errors():
            return _sqllinks.cited(self._conn, list(cable_ids))

    def matching(self, query: Query) -> list[str]:
        """The ids of every cable ``query`` matches, sorted."""
        with self._answering(query) as query:
            return _sqllinks.matching(self._conn, query)

    def count_by(
        self, query: Query, period: str, group: str | None = None
    ) -> list[tuple[str | None, str | None, int]]:
        """Matching cables per (period, group value); see Store.count_by."""
        with self._answering(query) as query:
            return _sqllinks.count_by(self._conn, query, period, group)

    def cable_entities(self, cable_ids: Iterable[str]) -> dict[str, Counter[tuple[str, str]]]:
        """The indexed entity names of the stored cables among ``cable_ids``."""
        self._flush()
        with self._errors():
            return _sqllinks.entities(self._conn, list(cable_ids))

    def save_resolution(self, resolution: Resolution) -> None:
        """Replace the resolved entities with ``resolution``, as of the cables stored now."""
        with self.batch(), self._errors():
            _sqlentities.save(self._conn, resolution)

    def save_streamed(
        self, links: Iterable[Staged], placed: Callable[[], Sequence[Placed]]
    ) -> None:
        """Replace the resolved entities with a streamed resolution; see EntityCuration."""
        # Relabelling and counting every link sorts and joins more than memory should hold.
        with self.batch(large=True), self._errors():
            _sqlentities.save(self._conn, _rows.EMPTY)
            _sqlcurate.save_streamed(
                self._conn, "?", "CROSS JOIN", links, placed, self._insert, self._conn.execute
            )

    def entities_state(self) -> str:
        """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
        self._flush()
        with self._errors():
            return _sqlentities.state(self._conn)

    def entities(self, kind: str | None = None, top: int | None = None) -> list[Entity]:
        """Resolved entities, most mentioned first, of type ``kind`` or all, the first ``top``."""
        with self._errors():
            return _sqlentities.listing(self._conn, kind, top)

    def entity_ids_named(self, key: str) -> list[str]:
        """Ids of the entities named ``key`` (a name key), else going by it as an alias."""
        with self._errors():
            return _sqlentities.ids_named(self._conn, key)

    def entity_detail(
        self, entity_id: str, window: tuple[int, int] | None = None
    ) -> EntityDetail | None:
        """One resolved entity with its cables, co-mentions and timeline; see EntityIndex."""
        with self._errors():
            return _sqlentities.detail(self._conn, entity_id, window)

    def entity_timeline(self, entity_id: str) -> tuple[tuple[str, int], ...]:
        """The entity's cables per month; see EntityIndex."""
        with self._errors():
            return _rows.months(self._conn.execute(_rows.MONTHS.replace("%s", "?"), (entity_id,)))

    def entities_keyed_within(
        self, part: str, kind: str, top: int = 200
    ) -> list[tuple[str, str, str, int]]:
        """Entities of type ``kind`` whose key holds ``part``; see EntityIndex."""
        with self._errors():
            return _sqlaliases.keyed_within(self._conn, "?", part, kind, top)

    def resolved_entities(
        self, cable_ids: Iterable[str]
    ) -> dict[str, Counter[tuple[str, str, str]]]:
        """(entity id, name, type) mention counts of the cables among ``cable_ids``."""
        with self._errors():
            return _sqlentities.per_cable(self._conn, cable_ids)

    def shared_cables(self, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
        """For each of ``others``, the cables of ``entity_id`` that mention it too."""
        with self._errors():
            return _sqlentities.shared(self._conn, entity_id, others)

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]:
        """The link of every mention in the stored cables among ``cable_ids``."""
        with self._errors():
            return _sqlentities.links(self._conn, cable_ids)

    def alias_links(self, entity_id: str) -> list[AliasLinks]:
        """How sure the links of each alias of an entity are; see EntityIndex."""
        with self._errors():
            return _sqlaliases.alias_links(self._conn, "?", entity_id)

    def uncertain_aliases(
        self, top: int = 20, kind: str | None = None, alone: bool = False
    ) -> list[AliasLinks]:
        """The least certain aliases first; see EntityIndex."""
        with self._errors():
            return _sqlaliases.uncertain(self._conn, "?", top, kind, alone)

    def alias_mentions(self, entity_id: str, key: str, limit: int = 10) -> list[Link]:
        """The links of an entity through one alias; see EntityIndex."""
        with self._errors():
            return _sqlaliases.mentions(self._conn, "?", entity_id, key, limit)

    def add_judgement(self, judgement: Judgement) -> None:
        """Keep a curation judgement (never deleted by resolution)."""
        with self.batch(), self._errors():
            _sqlentities.add_judgement(self._conn, judgement)

    def judgements(self) -> list[Judgement]:
        """Every curation judgement, oldest first."""
        with self._errors():
            return _sqlentities.judgements(self._conn)

    def entity_names(self) -> tuple[Named, ...] | None:
        """The names curation gave clusters; see EntityCuration."""
        with self._errors():
            return _sqlcurate.names(self._conn, "?")

    def entity_totals(self) -> Totals:
        """How many entities, links and linked cables; see EntityCuration."""
        with self._errors():
            return _sqlcurate.totals(self._conn, "?")

    def entity_drafts(self, labels: Iterable[str] = (), root: str | None = None) -> list[Draft]:
        """Entities by cluster label or base id; see EntityCuration."""
        with self._errors():
            return _sqlcurate.drafts(self._conn, "?", labels, root)

    def keyed_drafts(self, key: str) -> list[tuple[Draft, int]]:
        """Entities named ``key`` or going by it; see EntityCuration."""
        with self._errors():
            return _sqlcurate.keyed(self._conn, "?", key)

    def entity_members(self, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
        """The links of entities with their basis; see EntityCuration."""
        with self._errors():
            return _sqlcurate.members(self._conn, "?", entity_ids)

    def cable_members(self, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
        """The links of cables with their basis and cluster label; see EntityCuration."""
        with self._errors():
            return _sqlcurate.cable_members(self._conn, "?", cable_ids)

    def entity_tallies(self, entity_ids: Iterable[str]) -> dict[str, Tally]:
        """The links of entities summed; see EntityCuration."""
        with self._errors():
            return _sqlcurate.tallies(self._conn, "?", entity_ids)

    def apply_curation(self, patch: Patch) -> None:
        """Change stored entities in one transaction; see EntityCuration."""
        with self.batch(), self._errors():
            _sqlcurate.apply(self._conn, "?", "CROSS JOIN", patch)
            if patch.fresh:
                _sqlentities.resolved_now(self._conn)

    def record_state(self, name: str) -> bytes | None:
        """The blob saved under ``name``, or None; see ResolutionRecord."""
        return self.record_states([name]).get(name)

    def record_states(self, names: Iterable[str]) -> dict[str, bytes]:
        """The blobs saved under those of ``names`` that have one; see ResolutionRecord."""
        self._flush()
        with self._errors():
            return _sqlrecord.states(self._conn, "?", names)

    def save_record_state(self, name: str, blob: bytes) -> None:
        """Save ``blob`` under ``name``, replacing what was there."""
        self.save_record_states({name: blob})

    def save_record_states(self, blobs: Mapping[str, bytes]) -> None:
        """Save each blob under its name, replacing what was there, in one transaction."""
        with self.batch(), self._errors():
            _sqlrecord.save_states("?", blobs, self._many)

    def unrecorded_cables(self) -> list[str]:
        """The ids of the stored cables the record does not hold, sorted."""
        self._flush()
        with self._errors():
            return _sqlrecord.unrecorded(self._conn)

    def recorded_count(self) -> int:
        """How many cables the record holds."""
        self._flush()
        with self._errors():
            return _sqlrecord.count(self._conn)

    def recorded_facts(
        self, keyed: Iterable[tuple[str, str]] = (), questions: Iterable[str] = ()
    ) -> list[RecordedFact]:
        """The stored facts asked by these (question, key) pairs or questions, each once."""
        self._flush()
        with self._errors():
            return _sqlrecord.facts(self._conn, "?", keyed, questions)

    def recorded_keys(self, questions: Iterable[str]) -> set[str]:
        """The keys the stored facts of ``questions`` are found by."""
        self._flush()
        with self._errors():
            return _sqlrecord.keys(self._conn, "?", questions)

    def every_recorded_fact(self) -> Iterator[RecordedFact]:
        """Every stored fact, by digest, PAGE at a time; pages through by key."""
        self._flush()
        after = b""
        while True:
            with self._errors():
                found = _sqlrecord.page(self._conn, "?", after)
            yield from found
            if len(found) < _sqlrecord.PAGE:
                return
            after = found[-1].digest

    def fact_holders(self, digests: Iterable[bytes]) -> set[str]:
        """The ids of the cables holding any of the facts ``digests``."""
        self._flush()
        with self._errors():
            return _sqlrecord.holders(self._conn, "?", digests)

    def held_facts(self, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
        """The digests each of ``cable_ids`` holds; cables holding none are left out."""
        self._flush()
        with self._errors():
            return _sqlrecord.held(self._conn, "?", cable_ids)

    def hold_facts(
        self,
        held: Mapping[str, Collection[RecordedFact]],
        known: Mapping[str, Collection[bytes]] | None = None,
    ) -> None:
        """Make the facts each cable holds exactly these, in one transaction; see
        ResolutionRecord."""
        with self.batch(), self._errors():
            _sqlrecord.hold(self._conn, "?", held, self._insert, known)

    def record_answers(self, changed: Iterable[tuple[bytes, str]]) -> None:
        """Give stored facts new answers: (digest, answer) pairs."""
        with self.batch(), self._errors():
            _sqlrecord.answer("?", changed, self._many)

    def clear_record(self) -> None:
        """Forget the states, facts, holdings and recorded cables."""
        with self.batch(), self._errors():
            _sqlrecord.clear(self._conn)

    def _many(self, sql: str, rows: list[tuple[object, ...]]) -> None:
        self._conn.executemany(sql, rows)

    def _insert(self, table: str, rows: list[tuple[object, ...]]) -> None:
        """Write ``rows`` into ``table (columns)`` with one executemany."""
        if rows:
            self._conn.executemany(f"INSERT INTO {table} VALUES ({marks(rows[0])})", rows)

    def optimize(self) -> None:
        """Merge the FTS index into one segment and refresh planner statistics.

        Worth calling after a large ingest; searches work without it.
        """
        self._flush()
        with self._errors():
            self._conn.execute("INSERT INTO cables_fts (cables_fts) VALUES ('optimize')")
            self._conn.execute("PRAGMA optimize")


class SqliteReaders:
    """A bounded pool of read-only connections to one database file (``Readers``).

    A web server may run a request's dependencies and its endpoint in different worker
    threads, so a connection is not tied to a thread: each request borrows one for itself
    and gives it back. At most ``size`` connections are ever open: a connection's page
    cache fills as it reads, so an unbounded pool grows with the number of worker threads
    that ever ran at once.
    """

    def __init__(self, path: str, size: int) -> None:
        SqliteStore.open(path).close()  # creates or migrates the schema, or fails clearly
        self.url = path
        self.size = size
        self.opened = 0
        self._idle: list[SqliteStore] = []
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def borrow(self) -> Iterator[SqliteStore]:
        """A connection of the pool for the caller alone, given back on exit; waits while
        all ``size`` are lent."""
        with self._slots, self._lent() as store:
            yield store

    @contextmanager
    def spare(self) -> Iterator[SqliteStore | None]:
        """A connection of the pool if one is free now, else None; see Readers.spare."""
        if not self._slots.acquire(blocking=False):
            yield None
            return
        try:
            with self._lent() as store:
                yield store
        finally:
            self._slots.release()

    @contextmanager
    def _lent(self) -> Iterator[SqliteStore]:
        """An idle connection, or a new one, taken until exit (the caller holds a slot)."""
        with self._lock:
            store = self._idle.pop() if self._idle else None
        if store is None:
            store = SqliteStore.open_readonly(self.url)
            with self._lock:
                self.opened += 1
        try:
            yield store
        finally:
            with self._lock:
                self._idle.append(store)

    def close(self) -> None:
        """Close the connections not lent now."""
        with self._lock:
            idle, self._idle = self._idle, []
        for store in idle:
            store.close()
