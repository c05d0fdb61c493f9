"""The resolution record in the SQL stores (``ResolutionRecord``): the same SQL for SQLite and
PostgreSQL, which differ only in the parameter mark and in how rows are written in bulk.
Each function runs inside the caller's transaction and error handling."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from cablescope.store._sqlaliases import Conn
from cablescope.store._sqlcurate import CHUNK, Insert, _chunks, _in, among, batched, by_cable
from cablescope.store.base import RecordedFact


TABLES = ("resolve_state", "resolve_facts", "resolve_holdings", "resolve_cables")
"""The tables of the record."""

STAGED = 20_000
"""Rows written at a time by ``hold``."""

PAGE = 5_000
"""Facts read at a time by ``every_recorded_fact``."""

_FACT = "digest, question, key, fact, answer"

EVERY = f"SELECT {_FACT} FROM resolve_facts"
"""Every stored fact, in no set order."""

Many = Callable[[str, list[tuple[object, ...]]], None]
"""Run one statement once per row of parameters (executemany)."""


def fact(row: Sequence[Any]) -> RecordedFact:
    """The fact of a row of ``EVERY``."""
    digest, question, key, text, answer = row
    return RecordedFact(bytes(digest), str(question), str(key), str(text), str(answer))


def _row(f: RecordedFact) -> tuple[object, ...]:
    return (f.digest, f.question, f.key, f.fact, f.answer)


def states(conn: Conn, mark: str, names: Iterable[str]) -> dict[str, bytes]:
    """The blobs saved under those of ``names`` that have one."""
    rows = among(conn, mark, "SELECT name, value FROM resolve_state", "name", names)
    return {str(name): bytes(value) for name, value in rows}


def save_states(mark: str, blobs: Mapping[str, bytes], many: Many) -> None:
    """Save each blob under its name, replacing what was there."""
    if blobs:
        many(
            f"INSERT INTO resolve_state (name, value) VALUES ({mark}, {mark})"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            list(blobs.items()),
        )


def unrecorded(conn: Conn) -> list[str]:
    """The ids of the stored cables the record does not hold, sorted."""
    rows = conn.execute(
        "SELECT c.id FROM cables c WHERE NOT EXISTS"
        " (SELECT 1 FROM resolve_cables r WHERE r.cable_id = c.id) ORDER BY c.id",
        [],
    )
    return [str(cid) for (cid,) in rows]


def count(conn: Conn) -> int:
    """How many cables the record holds."""
    ((n,),) = list(conn.execute("SELECT count(*) FROM resolve_cables", []))
    return int(n)


def facts(
    conn: Conn, mark: str, keyed: Iterable[tuple[str, str]], questions: Iterable[str]
) -> list[RecordedFact]:
    """The stored facts asked by (question, key) among ``keyed`` or by a question among
    ``questions``, each once, by digest."""
    found: dict[bytes, RecordedFact] = {}
    pair = f"({mark}, {mark})"
    for chunk in _chunks(keyed):
        rows = conn.execute(
            f"SELECT f.digest, f.question, f.key, f.fact, f.answer FROM (VALUES"
            f" {', '.join([pair] * len(chunk))}) AS k JOIN resolve_facts f"
            " ON f.question = k.column1 AND f.key = k.column2",
            [value for question_key in chunk for value in question_key],
        )
        found.update((f.digest, f) for f in map(fact, rows))
    for asked in _chunks(questions):
        rows = conn.execute(
            f"SELECT {_FACT} FROM resolve_facts WHERE question IN ({_in(mark, asked)})", asked
        )
        found.update((f.digest, f) for f in map(fact, rows))
    return [found[digest] for digest in sorted(found)]


def keys(conn: Conn, mark: str, questions: Iterable[str]) -> set[str]:
    """The keys the stored facts of ``questions`` are found by."""
    rows = among(conn, mark, "SELECT DISTINCT key FROM resolve_facts", "question", questions)
    return {str(k) for (k,) in rows}


def page(conn: Conn, mark: str, after: bytes) -> list[RecordedFact]:
    """The first PAGE stored facts whose digest comes after ``after``, by digest."""
    rows = conn.execute(f"{EVERY} WHERE digest > {mark} ORDER BY digest LIMIT {PAGE}", [after])
    return [fact(row) for row in rows]


def holders(conn: Conn, mark: str, digests: Iterable[bytes]) -> set[str]:
    """The ids of the cables holding any of the facts ``digests``."""
    rows = among(conn, mark, "SELECT DISTINCT cable_id FROM resolve_holdings", "digest", digests)
    return {str(cid) for (cid,) in rows}


def held(conn: Conn, mark: str, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
    """The digests each of ``cable_ids`` holds; cables holding none are left out."""
    return by_cable(conn, mark, "resolve_holdings", "digest", cable_ids, bytes)


def hold(
    conn: Conn,
    mark: str,
    given: Mapping[str, Collection[RecordedFact]],
    insert: Insert,
    known: Mapping[str, Collection[bytes]] | None = None,
) -> None:
    """Make the facts each cable of ``given`` holds exactly those given, storing the facts
    not stored yet, removing those no cable holds any more, and count the cables as
    recorded (see ``ResolutionRecord.hold_facts``; ``known``: what ``held`` gave for them in
    this transaction, read again when None)."""
    ids = list(given)
    if known is None:
        known = held(conn, mark, ids)
    had = {(cid, digest) for cid in ids for digest in known.get(cid, ())}
    for chunk in _chunks(ids):
        conn.execute(f"DELETE FROM resolve_cables WHERE cable_id IN ({_in(mark, chunk)})", chunk)
    before = {digest for _, digest in had}
    new: dict[bytes, RecordedFact] = {}
    wanted: set[bytes] = set()
    for some in given.values():
        for f in some:
            wanted.add(f.digest)
            # A fact one of the cables holds is stored.
            if f.digest not in before:
                new.setdefault(f.digest, f)
    if new and list(conn.execute("SELECT 1 FROM resolve_facts LIMIT 1", [])):
        for digests in _chunks(new):
            rows = conn.execute(
                f"SELECT digest FROM resolve_facts WHERE digest IN ({_in(mark, digests)})",
                digests,
            )
            for (digest,) in rows:
                new.pop(bytes(digest), None)
    for part in batched(sorted(new.values(), key=lambda f: f.digest), STAGED):
        insert(f"resolve_facts ({_FACT})", [_row(f) for f in part])
    for cables in batched(ids, STAGED):
        insert("resolve_cables (cable_id)", [(cid,) for cid in cables])
    # A cable decided again holds most of the facts it held: only the difference is written.
    holdings = {(cid, f.digest) for cid, some in given.items() for f in some}
    pair = f"(cable_id = {mark} AND digest = {mark})"
    for gone in batched(sorted(had - holdings), CHUNK // 2):
        conn.execute(
            f"DELETE FROM resolve_holdings WHERE {' OR '.join([pair] * len(gone))}",
            [value for held in gone for value in held],
        )
    # In key order, the rows go into the indexes' B-trees by appending more than splitting.
    for part_held in batched(sorted(holdings - had), STAGED):
        insert("resolve_holdings (cable_id, digest)", list(part_held))
    for digests in _chunks(before - wanted):
        conn.execute(
            f"DELETE FROM resolve_facts WHERE digest IN ({_in(mark, digests)}) AND NOT EXISTS"
            " (SELECT 1 FROM resolve_holdings h WHERE h.digest = resolve_facts.digest)",
            digests,
        )


def answer(mark: str, changed: Iterable[tuple[bytes, str]], many: Many) -> None:
    """Give stored facts new answers: (digest, answer) pairs."""
    rows: list[tuple[object, ...]] = [(text, digest) for digest, text in changed]
    if rows:
        many(f"UPDATE resolve_facts SET answer = {mark} WHERE digest = {mark}", rows)


def clear(conn: Conn) -> None:
    """Forget the whole record."""
    for table in TABLES:
        conn.execute(f"DELETE FROM {table}", [])


def forget_if_held(conn: Conn, mark: str, cable_ids: Iterable[str]) -> None:
    """Clear the record when it holds any of ``cable_ids`` (cables written or deleted)."""
    for chunk in _chunks(cable_ids):
        rows = conn.execute(
            f"SELECT 1 FROM resolve_cables WHERE cable_id IN ({_in(mark, chunk)}) LIMIT 1", chunk
        )
        if list(rows):
            clear(conn)
            return
