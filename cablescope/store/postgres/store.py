"""PostgresStore: the Store and SearchIndex on a PostgreSQL database, through a pool of
psycopg connections.

Writes are buffered and written with ``executemany`` at the end of a batch (or every
FLUSH_EVERY cables, or before a read that needs them), inside one transaction on a
connection the batch holds; nested batches are savepoints. Many processes may write at
once: a batch holds an advisory lock on every cable it reads readings of or writes,
until it commits, so that what it read of a cable is still true when it writes it.
Readers see committed batches only. Reads outside a batch take any pooled connection,
so one store serves many threads; a batch belongs to the thread that opened it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from itertools import count
from types import TracebackType

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

from cablescope.errors import StoreBusy, StoreError
from cablescope.model import Cable, Problem
from cablescope.model.basis import Draft, Member, Named, Patch, Placed, Staged, Tally, Totals
from cablescope.query import Query
from cablescope.query.fuzzy import expand
from cablescope.model.entity import (
    AliasLinks,
    Entity,
    EntityDetail,
    Judgement,
    Link,
    Resolution,
)
from cablescope.store import _codec, _rows, _sqlaliases, _sqlcurate, _sqlrecord
from cablescope.store._lexicons import Lexicons
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
from cablescope.store.postgres import _entities, _links, _schema, _search, _write
from cablescope.store.postgres._schema import COUNTS, EVERY_COUNT
from cablescope.store.postgres._vocab import Vocabulary
from cablescope.store.postgres._write import Conn

FLUSH_EVERY = 512
"""Pending puts inside a batch are written once this many have gathered."""

PAGE = 500
"""Cables read per query by ``iter_cables`` (input files by ``iter_inputs``)."""

CURATING = 0x43424C43
"""The advisory lock a batch that applies curation in place holds from reading the names
curation gave on, so that two judgements applied at once do not read the same entities."""


_CURSORS = count()
"""Numbers the server-side cursors that stream facts, so that two at once differ."""


def _copier(conn: Conn) -> _sqlcurate.Insert:
    """Write rows into ``table (columns)`` of ``conn`` with COPY."""

    def insert(table: str, rows: list[tuple[object, ...]]) -> None:
        with conn.cursor() as cur, cur.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    return insert


def _many(conn: Conn) -> _sqlrecord.Many:
    """Run one statement once per row of parameters on ``conn``."""

    def many(sql: str, rows: list[tuple[object, ...]]) -> None:
        with conn.cursor() as cur:
            cur.executemany(sql, rows)

    return many


def _now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def where(url: str) -> str:
    """How messages name the database at ``url``: its name and host, never its password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "the PostgreSQL database"
    name = parts.get("dbname") or parts.get("user") or "postgres"
    return f"PostgreSQL database {name} on {parts.get('host') or 'localhost'}"


class _Local(threading.local):
    """What one thread's open batch holds."""

    def __init__(self) -> None:
        self.conn: Conn | None = None
        self.depth = 0
        self.pending: dict[str, tuple[Cable, tuple[Cable, ...]]] = {}
        self.wrote = False
        self.held = _write.Held()


_RESOLVED = (
    "entities", "entity_aliases", "entity_mentions", "entity_cables", "entity_alias_links",
    "entity_co", "entity_names", "resolve_facts", "resolve_holdings", "resolve_cables",
)  # fmt: skip
"""The tables a full resolution writes anew, the record's included."""


class PostgresStore:
    """A cablescope database on a PostgreSQL server. Open with ``PostgresStore.open(url)``;
    use as a context manager."""

    def __init__(self, pool: ConnectionPool[Conn], url: str) -> None:
        self._pool = pool
        self.url = url
        self.where = where(url)
        self._local = _Local()
        self._lexicons = Lexicons()
        self._counts = _search.Counts()

    @classmethod
    def open(cls, url: str, max_size: int = 8, timeout: float = 30.0) -> PostgresStore:
        """Connect to the database at ``url`` (``postgresql://user@host:port/name``),
        creating or migrating the schema, with a pool of up to ``max_size`` connections.
        Raises StoreError with a one-line message when the server cannot be reached or the
        database is newer than this cablescope."""
        place = where(url)
        try:
            with psycopg.connect(url, autocommit=True, connect_timeout=int(timeout)) as conn:
                _schema.migrate(conn, place)
        except ValueError as error:
            raise StoreError(str(error)) from None
        except psycopg.Error as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            raise StoreError(f"cannot open {place}: {first}") from None
        pool: ConnectionPool[Conn] = ConnectionPool(
            url,
            min_size=1,
            max_size=max_size,
            timeout=timeout,
            kwargs={"autocommit": True},
            open=False,
        )
        pool.open()
        return cls(pool, url)

    def close(self) -> None:
        """Drop pending puts and close every pooled connection."""
        self._local.pending.clear()
        self._pool.close()

    def __enter__(self) -> PostgresStore:
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
        except (psycopg.errors.DeadlockDetected, psycopg.errors.LockNotAvailable):
            raise StoreBusy(f"{self.where} is busy with another writer; try again") from None
        except (psycopg.Error, PoolTimeout) as error:
            text = " ".join(str(error).split()) or type(error).__name__
            raise StoreError(f"{self.where}: {text}") from None

    @contextmanager
    def _use(self, about: Iterable[str] | None = None) -> Iterator[Conn]:
        """A connection to read with: the open batch's (its pending puts written first,
        only those of ``about`` ids when given), else one from the pool."""
        local = self._local
        if local.conn is not None:
            if about is None or any(cid in local.pending for cid in about):
                self._flush()
            with self._errors():
                yield local.conn
            return
        with self._errors(), self._pool.connection() as conn:
            yield conn

    @contextmanager
    def _writing(self) -> Iterator[Conn]:
        """The connection of the open batch, or of a batch just for this write."""
        with self.batch(), self._use() as conn:
            self._local.wrote = True
            yield conn

    @contextmanager
    def batch(self, *, large: bool = False) -> Iterator[None]:
        """One transaction around many writes; see Store.batch. Nested batches use savepoints.
        PostgreSQL bounds each sort by its ``work_mem`` whatever the size (``large``)."""
        local = self._local
        if local.conn is None:
            with self._errors():
                conn = self._pool.getconn()
            local.conn, local.depth, local.wrote = conn, 1, False
            local.held = _write.Held()
            try:
                with self._errors(), conn.transaction():
                    yield
                    self._flush()
                if local.wrote:
                    # Writers only add deltas to the counts, so that two never wait on one
                    # count's row; once committed, they are folded in, by one process at a time.
                    with self._errors():
                        conn.execute("SELECT cablescope_fold_counts()")
            finally:
                local.pending.clear()
                local.conn, local.depth = None, 0
                self._pool.putconn(conn)
            return
        self._flush()
        local.depth += 1
        # Locks taken inside a savepoint that rolls back are released with it.
        held = _write.Held(set(local.held.keys), local.held.whole)
        try:
            with self._errors(), local.conn.transaction():
                yield
                self._flush()
        except BaseException:
            local.pending.clear()
            local.held = held
            raise
        finally:
            local.depth -= 1

    def _flush(self) -> None:
        local = self._local
        if not local.pending or local.conn is None:
            return
        items = list(local.pending.values())
        local.pending.clear()
        local.wrote = True
        with self._errors():
            _write.write(local.conn, items, local.held)
            _sqlrecord.forget_if_held(local.conn, "%s", [merged.id for merged, _ in items])

    def put(self, merged: Cable, readings: Sequence[Cable]) -> None:
        """Replace the merged record and reading set of ``merged.id``; see Store.put."""
        unique = tuple(reading for _, reading in unique_readings(readings))
        local = self._local
        if local.conn is None:
            with self.batch():
                self._local.pending[merged.id] = (merged, unique)
            return
        local.pending.pop(merged.id, None)
        local.pending[merged.id] = (merged, unique)
        if len(local.pending) >= FLUSH_EVERY:
            self._flush()

    def get_cable(self, cable_id: str) -> Cable | None:
        """The merged record, or None."""
        with self._use([cable_id]) as conn:
            row = conn.execute(
                "SELECT record, text FROM cables WHERE id = %s", (cable_id,)
            ).fetchone()
        return _codec.unpack_merged(row[0], row[1]) if row else None

    def readings(self, cable_id: str) -> list[Cable]:
        """The readings of one cable, in the order they were put."""
        return self.readings_for([cable_id]).get(cable_id, [])

    def readings_for(self, cable_ids: Iterable[str]) -> dict[str, list[Cable]]:
        """Readings of many cables; ids without readings are left out."""
        ids = list(dict.fromkeys(cable_ids))
        found: dict[str, list[Cable]] = {}
        with self._use(ids) as conn:
            rows = conn.execute(
                "SELECT r.cable_id, r.record, c.record, c.text FROM readings r"
                " JOIN cables c ON c.id = r.cable_id WHERE r.cable_id = ANY(%s) ORDER BY r.n",
                (ids,),
            ).fetchall()
        merged: dict[str, dict[str, object]] = {}
        for cid, blob, record, text in rows:
            if cid not in merged:
                merged[cid] = _codec.merged_dict(record, text)
            found.setdefault(cid, []).append(_codec.unpack_reading(blob, merged[cid]))
        return found

    def has_reading(self, cable_id: str, sha256: str) -> bool:
        """Whether a reading with this source hash is stored for the cable."""
        return sha256 in self.known_shas([cable_id]).get(cable_id, set())

    def known_shas(self, cable_ids: Iterable[str]) -> dict[str, set[str]]:
        """Stored source hashes per id. Inside a batch, the cables stay locked until it
        ends, so that no other writer changes their readings meanwhile."""
        ids = list(dict.fromkeys(cable_ids))
        known: dict[str, set[str]] = {}
        with self._use(ids) as conn:
            if self._local.conn is not None:
                _write.lock(conn, ids, self._local.held)
            rows = conn.execute(
                "SELECT cable_id, sha256 FROM readings WHERE cable_id = ANY(%s)", (ids,)
            ).fetchall()
        for cid, sha in rows:
            known.setdefault(str(cid), set()).add(str(sha))
        return known

    def stored_shas(self, shas: Iterable[str]) -> set[str]:
        """Which of these source hashes some stored reading has."""
        with self._use() as conn:
            rows = conn.execute(
                "SELECT DISTINCT sha256 FROM readings WHERE sha256 = ANY(%s)",
                (list(dict.fromkeys(shas)),),
            ).fetchall()
        return {str(sha) for (sha,) in rows}

    def known_inputs(self, shas: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The input files among ``shas`` read whole before: sha256 -> their cables' ids."""
        with self._use(()) as conn:
            rows = conn.execute(
                "SELECT sha256, cables FROM inputs WHERE sha256 = ANY(%s)",
                (list(dict.fromkeys(shas)),),
            ).fetchall()
        return {str(sha): tuple(str(ids).split()) for sha, ids in rows}

    def add_inputs(self, inputs: Iterable[SeenInput]) -> None:
        """Remember input files read whole (in the open batch, if any)."""
        rows = [(i.sha256, i.path, " ".join(i.cables), _now()) for i in inputs]
        if not rows:
            return
        with self._writing() as conn, conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO inputs (sha256, path, cables, at) VALUES (%s,%s,%s,%s)"
                " ON CONFLICT (sha256) DO UPDATE SET path = excluded.path,"
                " cables = excluded.cables, at = excluded.at",
                rows,
            )

    def iter_inputs(self) -> Iterator[SeenInput]:
        """Every input file read whole (``add_inputs``), by sha256; pages through by key."""
        last = ""
        while True:
            with self._use(()) as conn:
                rows = conn.execute(
                    "SELECT sha256, path, cables FROM inputs WHERE sha256 > %s"
                    f" ORDER BY sha256 LIMIT {PAGE}",
                    (last,),
                ).fetchall()
            for sha, path, ids in rows:
                yield SeenInput(str(sha), str(path), tuple(str(ids).split()))
            if len(rows) < PAGE:
                return
            last = str(rows[-1][0])

    def delete(self, cable_id: str) -> bool:
        """Remove a cable, its readings, tags, references and words."""
        with self._writing() as conn:
            _write.lock(conn, [cable_id], self._local.held)
            if conn.execute("SELECT 1 FROM cables WHERE id = %s", (cable_id,)).fetchone() is None:
                return False
            # The files it came from must be read again by a later ingest.
            conn.execute(
                "DELETE FROM inputs WHERE sha256 IN"
                " (SELECT sha256 FROM readings WHERE cable_id = %s)"
                " OR path IN (SELECT path FROM readings WHERE cable_id = %s)",
                (cable_id, cable_id),
            )
            for table in ("readings", *_write.INDEX_TABLES):
                conn.execute(f"DELETE FROM {table} WHERE cable_id = %s", (cable_id,))
            conn.execute("DELETE FROM cables WHERE id = %s", (cable_id,))
            conn.execute(_write.BUMP)
            _sqlrecord.forget_if_held(conn, "%s", [cable_id])
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
            ids = list(cable_ids)
            for at in range(0, len(ids), PAGE):
                chunk = ids[at : at + PAGE]
                with self._use(chunk) as conn:
                    rows = conn.execute(
                        "SELECT id, record, text FROM cables WHERE id = ANY(%s)", (chunk,)
                    ).fetchall()
                found = {row[0]: row for row in rows}
                yield from (found[cid] for cid in chunk if cid in found)
            return
        after: tuple[str, str] | None = None
        while True:
            cond, params = "date IS NOT NULL", tuple[str, ...]()
            if after is not None:
                cond, params = "date IS NOT NULL AND (date, id) > (%s, %s)", after
            with self._use() as conn:
                rows = conn.execute(
                    f"SELECT id, record, text, date FROM cables WHERE {cond}"
                    f" ORDER BY date, id LIMIT {PAGE}",
                    params,
                ).fetchall()
            for cid, blob, text, _ in rows:
                yield cid, blob, text
            if len(rows) < PAGE:
                break
            after = (str(rows[-1][3]), str(rows[-1][0]))
        last = ""
        while True:
            with self._use() as conn:
                rows = conn.execute(
                    "SELECT id, record, text FROM cables WHERE date IS NULL AND id > %s"
                    f" ORDER BY id LIMIT {PAGE}",
                    (last,),
                ).fetchall()
            yield from rows
            if len(rows) < PAGE:
                return
            last = str(rows[-1][0])

    def count(self) -> int:
        """How many cables are stored (counted as they are written)."""
        with self._use() as conn:
            row = conn.execute(
                f"SELECT coalesce(sum(n), 0) FROM {COUNTS} WHERE dimension = 'year'"
            ).fetchone()
        return int(row[0]) if row else 0

    def add_problem(self, problem: Problem, at: str | None = None) -> None:
        """Record a problem (in the open batch, if any); the same problem again only
        refreshes its time."""
        with self._writing() as conn:
            conn.execute(
                "DELETE FROM problems WHERE path = %s AND stage = %s AND message = %s",
                (problem.path, problem.stage, problem.message),
            )
            conn.execute(
                "INSERT INTO problems (path, stage, message, sha256, at) VALUES (%s,%s,%s,%s,%s)",
                (problem.path, problem.stage, problem.message, problem.sha256, at or _now()),
            )

    def problems(self) -> list[ProblemRecord]:
        """Every recorded problem, oldest first."""
        with self._use(()) as conn:
            rows = conn.execute(
                "SELECT path, stage, message, sha256, at FROM problems ORDER BY n"
            ).fetchall()
        return [ProblemRecord(p, s, m, h, a) for p, s, m, h, a in rows]

    def checkpoint(self, job: str) -> int | None:
        """How far ``job`` had gone; see RecordStore.checkpoint."""
        with self._use() as conn:
            row = conn.execute(
                "SELECT value FROM store_meta WHERE key = %s", ("job:" + job,)
            ).fetchone()
        return int(row[0]) if row else None

    def set_checkpoint(self, job: str, done: int | None) -> None:
        """Record how far ``job`` has gone (None: forget it); see RecordStore.set_checkpoint."""
        with self._writing() as conn:
            if done is None:
                conn.execute("DELETE FROM store_meta WHERE key = %s", ("job:" + job,))
            else:
                conn.execute(
                    "INSERT INTO store_meta (key, value) VALUES (%s, %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    ("job:" + job, done),
                )

    def clear_problems(self, path: str | None = None) -> int:
        """Forget the problems of ``path``, or all; how many were removed."""
        with self._writing() as conn:
            if path is None:
                cur = conn.execute("DELETE FROM problems")
            else:
                cur = conn.execute("DELETE FROM problems WHERE path = %s", (path,))
            return cur.rowcount

    def stats(self) -> Stats:
        """Counts by year, origin and classification marking (kept as cables are written)."""
        with self._use() as conn:
            rows = conn.execute(EVERY_COUNT).fetchall()
            row = conn.execute("SELECT count(*) FROM problems").fetchone()
        return _rows.stats(rows, int(row[0]) if row is not None else 0)

    def search(
        self,
        query: Query,
        limit: int = 20,
        offset: int = 0,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """Ranked search (ts_rank_cd; id, subject and text weigh 10, 4, 1); newest first
        without words."""
        with self._use() as conn:
            return _search.run(
                conn, self._expanded(conn, query), limit, offset, markers, self._counts
            )

    def search_after(
        self,
        query: Query,
        limit: int = 20,
        sort: str = "relevance",
        after: SortKey | None = None,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """A keyset page of hits in ``sort`` order after ``after``; see SearchIndex."""
        with self._use() as conn:
            query = self._expanded(conn, query)
            return _search.page(conn, query, limit, sort, after, markers, self._counts)

    def _expanded(self, conn: Conn, query: Query) -> Query:
        """``query`` with its fuzzy terms replaced by their spellings in the index."""
        return expand(query, Vocabulary(conn, self._lexicons))

    def facets(self, query: Query, top: int = 10) -> Facets:
        """Counts of the matching cables; see SearchIndex.facets."""
        with self._use() as conn, conn.transaction():
            return _links.facets(conn, self._expanded(conn, query), top, self._counts)

    def most_cited(self, top: int = 10) -> list[tuple[str, int]]:
        """The ``top`` ids (stored or not) that most stored cables cite, with how many."""
        with self._use() as conn:
            return _links.most_cited(conn, top)

    def cable_infos(self, cable_ids: Iterable[str]) -> dict[str, CableInfo]:
        """The display fields of the stored cables among ``cable_ids``."""
        with self._use() as conn:
            return _links.infos(conn, list(cable_ids))

    def citing(self, cable_id: str) -> list[CableInfo]:
        """The stored cables citing ``cable_id``, by date then id, undated last."""
        with self._use() as conn:
            return _links.citing(conn, cable_id)

    def cited(self, cable_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(citing, cited) for the references of the stored cables among ``cable_ids``."""
        with self._use() as conn:
            return _links.cited(conn, list(cable_ids))

    def matching(self, query: Query) -> list[str]:
        """The ids of every cable ``query`` matches, sorted."""
        with self._use() as conn:
            return _links.matching(conn, self._expanded(conn, query))

    def count_by(
        self, query: Query, period: str, group: str | None = None
    ) -> list[tuple[str | None, str | None, int]]:
        """Matching cables per (period, group value); see Store.count_by."""
        with self._use() as conn:
            return _links.count_by(conn, self._expanded(conn, query), period, group)

    def cable_entities(self, cable_ids: Iterable[str]) -> dict[str, Counter[tuple[str, str]]]:
        """The indexed entity names of the stored cables among ``cable_ids``."""
        with self._use() as conn:
            return _links.entities(conn, list(cable_ids))

    def save_resolution(self, resolution: Resolution) -> None:
        """Replace the resolved entities with ``resolution``, as of the cables stored now."""
        with self._writing() as conn:
            _entities.save(conn, resolution)

    def entities_state(self) -> str:
        """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
        with self._use() as conn:
            return _entities.state(conn)

    def entities(self, kind: str | None = None, top: int | None = None) -> list[Entity]:
        """Resolved entities, most mentioned first, of type ``kind`` or all, the first ``top``."""
        with self._use(()) as conn:
            return _entities.listing(conn, kind, top)

    def entity_ids_named(self, key: str) -> list[str]:
        """Ids of the entities named ``key`` (a name key), else going by it as an alias."""
        with self._use(()) as conn:
            return _entities.ids_named(conn, key)

    def entity_detail(
        self, entity_id: str, window: tuple[int, int] | None = None
    ) -> EntityDetail | None:
        """One resolved entity with its cables, co-mentions and timeline; see EntityIndex."""
        with self._use(()) as conn:
            return _entities.detail(conn, entity_id, window)

    def entity_timeline(self, entity_id: str) -> tuple[tuple[str, int], ...]:
        """The entity's cables per month; see EntityIndex."""
        with self._use(()) as conn:
            return _rows.months(conn.execute(_rows.MONTHS, (entity_id,)))

    def entities_keyed_within(
        self, part: str, kind: str, top: int = 200
    ) -> list[tuple[str, str, str, int]]:
        """Entities of type ``kind`` whose key holds ``part``; see EntityIndex."""
        with self._use(()) as conn:
            return _sqlaliases.keyed_within(conn, "%s", part, kind, top)

    def resolved_entities(
        self, cable_ids: Iterable[str]
    ) -> dict[str, Counter[tuple[str, str, str]]]:
        """(entity id, name, type) mention counts of the cables among ``cable_ids``."""
        with self._use(()) as conn:
            return _entities.per_cable(conn, cable_ids)

    def shared_cables(self, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
        """For each of ``others``, the cables of ``entity_id`` that mention it too."""
        with self._use(()) as conn:
            return _entities.shared(conn, entity_id, others)

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]:
        """The link of every mention in the stored cables among ``cable_ids``."""
        with self._use(()) as conn:
            return _entities.links(conn, cable_ids)

    def alias_links(self, entity_id: str) -> list[AliasLinks]:
        """How sure the links of each alias of an entity are; see EntityIndex."""
        with self._use(()) as conn:
            return _sqlaliases.alias_links(conn, "%s", entity_id)

    def uncertain_aliases(
        self, top: int = 20, kind: str | None = None, alone: bool = False
    ) -> list[AliasLinks]:
        """The least certain aliases first; see EntityIndex."""
        with self._use(()) as conn:
            return _sqlaliases.uncertain(conn, "%s", top, kind, alone)

    def alias_mentions(self, entity_id: str, key: str, limit: int = 10) -> list[Link]:
        """The links of an entity through one alias; see EntityIndex."""
        with self._use(()) as conn:
            return _sqlaliases.mentions(conn, "%s", entity_id, key, limit)

    def add_judgement(self, judgement: Judgement) -> None:
        """Keep a curation judgement (never deleted by resolution)."""
        with self._writing() as conn:
            _entities.add_judgement(conn, judgement)

    def judgements(self) -> list[Judgement]:
        """Every curation judgement, oldest first."""
        with self._use(()) as conn:
            return _entities.judgements(conn)

    def entity_names(self) -> tuple[Named, ...] | None:
        """The names curation gave clusters; see EntityCuration. Inside a batch, holds the
        curation lock until the batch ends."""
        with self._use(()) as conn:
            if self._local.conn is not None:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (CURATING,))
            return _sqlcurate.names(conn, "%s")

    def entity_totals(self) -> Totals:
        """How many entities, links and linked cables; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.totals(conn, "%s")

    def entity_drafts(self, labels: Iterable[str] = (), root: str | None = None) -> list[Draft]:
        """Entities by cluster label or base id; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.drafts(conn, "%s", labels, root)

    def keyed_drafts(self, key: str) -> list[tuple[Draft, int]]:
        """Entities named ``key`` or going by it; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.keyed(conn, "%s", key)

    def entity_members(self, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
        """The links of entities with their basis; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.members(conn, "%s", entity_ids)

    def cable_members(self, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
        """The links of cables with their basis and cluster label; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.cable_members(conn, "%s", cable_ids)

    def entity_tallies(self, entity_ids: Iterable[str]) -> dict[str, Tally]:
        """The links of entities summed; see EntityCuration."""
        with self._use(()) as conn:
            return _sqlcurate.tallies(conn, "%s", entity_ids)

    def apply_curation(self, patch: Patch) -> None:
        """Change stored entities in one transaction; see EntityCuration."""
        with self._writing() as conn:
            _sqlcurate.apply(conn, "%s", "JOIN", patch)
            if patch.fresh:
                _entities.resolved_now(conn)

    def save_streamed(
        self, links: Iterable[Staged], placed: Callable[[], Sequence[Placed]]
    ) -> None:
        """Replace the resolved entities with a streamed resolution; see EntityCuration."""
        with self._writing() as conn:

            def fetched(sql: str) -> Iterator[tuple[object, ...]]:
                with conn.cursor(name="cablescope_streamed") as cur:
                    cur.itersize = _sqlcurate.STAGED
                    yield from cur.execute(sql)

            _entities.save(conn, _rows.EMPTY)
            _sqlcurate.save_streamed(conn, "%s", "JOIN", links, placed, _copier(conn), fetched)
            # Every row of these is new, and the planner would take them for what it last
            # counted until autovacuum comes by: the batch of new cables that often follows
            # at once (an ingest's) was planned badly and took far longer on the corpus.
            conn.execute(f"ANALYZE {', '.join(_RESOLVED)}")

    def record_state(self, name: str) -> bytes | None:
        """The blob saved under ``name``, or None; see ResolutionRecord."""
        return self.record_states([name]).get(name)

    def record_states(self, names: Iterable[str]) -> dict[str, bytes]:
        """The blobs saved under those of ``names`` that have one; see ResolutionRecord."""
        with self._use() as conn:
            return _sqlrecord.states(conn, "%s", names)

    def save_record_state(self, name: str, blob: bytes) -> None:
        """Save ``blob`` under ``name``, replacing what was there."""
        self.save_record_states({name: blob})

    def save_record_states(self, blobs: Mapping[str, bytes]) -> None:
        """Save each blob under its name, replacing what was there, in one transaction."""
        with self._writing() as conn:
            _sqlrecord.save_states("%s", blobs, _many(conn))

    def unrecorded_cables(self) -> list[str]:
        """The ids of the stored cables the record does not hold, sorted."""
        with self._use() as conn:
            return _sqlrecord.unrecorded(conn)

    def recorded_count(self) -> int:
        """How many cables the record holds."""
        with self._use() as conn:
            return _sqlrecord.count(conn)

    def recorded_facts(
        self, keyed: Iterable[tuple[str, str]] = (), questions: Iterable[str] = ()
    ) -> list[RecordedFact]:
        """The stored facts asked by these (question, key) pairs or questions, each once."""
        with self._use() as conn:
            return _sqlrecord.facts(conn, "%s", keyed, questions)

    def recorded_keys(self, questions: Iterable[str]) -> set[str]:
        """The keys the stored facts of ``questions`` are found by."""
        with self._use() as conn:
            return _sqlrecord.keys(conn, "%s", questions)

    def every_recorded_fact(self) -> Iterator[RecordedFact]:
        """Every stored fact, through a server-side cursor (in a transaction of its own
        outside a batch), PAGE at a time."""
        name = f"cablescope_facts_{next(_CURSORS)}"
        with self._use() as conn:
            inside = self._local.conn is not None
            with nullcontext() if inside else conn.transaction(), conn.cursor(name=name) as cur:
                cur.itersize = _sqlrecord.PAGE
                for row in cur.execute(_sqlrecord.EVERY):
                    yield _sqlrecord.fact(row)

    def fact_holders(self, digests: Iterable[bytes]) -> set[str]:
        """The ids of the cables holding any of the facts ``digests``."""
        with self._use() as conn:
            return _sqlrecord.holders(conn, "%s", digests)

    def held_facts(self, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
        """The digests each of ``cable_ids`` holds; cables holding none are left out."""
        with self._use() as conn:
            return _sqlrecord.held(conn, "%s", cable_ids)

    def hold_facts(
        self,
        held: Mapping[str, Collection[RecordedFact]],
        known: Mapping[str, Collection[bytes]] | None = None,
    ) -> None:
        """Make the facts each cable holds exactly these, in one transaction (rows written
        with COPY); see ResolutionRecord."""
        with self._writing() as conn:
            _sqlrecord.hold(conn, "%s", held, _copier(conn), known)

    def record_answers(self, changed: Iterable[tuple[bytes, str]]) -> None:
        """Give stored facts new answers: (digest, answer) pairs."""
        with self._writing() as conn:
            _sqlrecord.answer("%s", changed, _many(conn))

    def clear_record(self) -> None:
        """Forget the states, facts, holdings and recorded cables."""
        with self._writing() as conn:
            _sqlrecord.clear(conn)

    def optimize(self) -> None:
        """Merge the pending list of the words index (the rows written since it was last
        merged, which every search reads: about four times slower just after a large
        ingest, until autovacuum merges it) and refresh the planner's statistics."""
        with self._use() as conn:
            conn.execute("SELECT cablescope_fold_counts()")
            conn.execute("SELECT gin_clean_pending_list('cables_words'::regclass)")
            conn.execute("ANALYZE")
