"""How sure the links of each alias are, and the entities among the facets, in the SQL
stores: the same SQL for SQLite and PostgreSQL, which differ only in the parameter mark (and,
for the facets, the join that keeps the written order). Each function runs inside the
caller's error handling."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any, Protocol

from cablescope.model.entity import AliasLinks, Link
from cablescope.store import _rows
from cablescope.store.base import ENTITY_TYPES, FacetEntity


class Conn(Protocol):
    """A connection of either engine: SQL with parameters, rows back."""

    def execute(self, sql: str, params: Sequence[Any], /) -> Iterable[Any]: ...


_SELECT = "SELECT " + ", ".join(f"a.{c.strip()}" for c in _rows.ALIAS_LINKS.split(","))


def alias_links(conn: Conn, mark: str, entity_id: str) -> list[AliasLinks]:
    """How sure the links of each alias of ``entity_id`` are, most mentions first."""
    rows = conn.execute(
        f"{_SELECT} FROM entity_alias_links a WHERE a.entity_id = {mark}"
        " ORDER BY a.mentions DESC, a.key",
        [entity_id],
    )
    return [_rows.alias_link(row) for row in rows]


_ALONE = (
    "(a.key = e.key OR NOT EXISTS (SELECT 1 FROM entity_alias_links o"
    " WHERE o.entity_id = a.entity_id AND o.key != a.key))"
)
"""An alias that cannot be split off: its entity's own key, or the only one it has."""


def uncertain(conn: Conn, mark: str, top: int, kind: str | None, alone: bool) -> list[AliasLinks]:
    """The aliases with a link less than certain, least certain first (see EntityIndex)."""
    where = _ALONE if alone else f"NOT {_ALONE}"
    params: list[object] = [top]
    if kind is not None:
        where += f" AND e.type = {mark}"
        params = [kind, top]
    rows = conn.execute(
        f"{_SELECT} FROM entity_alias_links a JOIN entities e ON e.id = a.entity_id"
        f" WHERE a.min_confidence < 1 AND {where}"
        " ORDER BY a.mean_confidence, a.mentions DESC, a.entity_id, a.key"
        f" LIMIT {mark}",
        params,
    )
    return [_rows.alias_link(row) for row in rows]


def mentions(conn: Conn, mark: str, entity_id: str, key: str, limit: int) -> list[Link]:
    """The links of ``entity_id`` through alias ``key``, least confident first."""
    rows = conn.execute(
        'SELECT cable_id, start, "end", entity_id, confidence, method, key FROM entity_mentions'
        f" WHERE entity_id = {mark} AND key = {mark}"
        f' ORDER BY confidence, cable_id, start, "end" LIMIT {mark}',
        [entity_id, key, limit],
    )
    return [
        Link(str(c), int(s), int(e), str(i), float(p), str(m), str(k))
        for c, s, e, i, p, m, k in rows
    ]


Facet = tuple[tuple[str, tuple[FacetEntity, ...]], ...]
"""(type, entities) per type of ENTITY_TYPES, as ``Facets.entities`` holds them."""

CHUNK = 500
"""Entities whose type and name are asked at once while the largest of each type are picked."""


ENTITY_SAMPLE = 1_000
"""How many of the cables in ``facet_ids`` the entity facets count before they count an even
sample: a cable has about 40 entities, so counting them costs forty times the other facets."""


def entity_facets(
    conn: Conn,
    mark: str,
    join: str,
    top: int,
    rows: int,
    state: str,
    every_cable: bool,
    key: str = "id",
) -> tuple[Facet, int | None]:
    """The entity facets of the ``rows`` cables of ``facet_ids``, by the entities' ``state``:
    the largest entities as saved for a query of ``every_cable`` while they are fresh, else
    ``sampled_entities``; with the size of the sample they were counted on, else None."""
    if state == "fresh" and every_cable:
        return largest(conn, mark, join, top), None
    return sampled_entities(conn, mark, join, top, rows, state != "none", key)


def sampled_entities(
    conn: Conn, mark: str, join: str, top: int, rows: int, resolved: bool, key: str = "id"
) -> tuple[Facet, int | None]:
    """The entity facets of the ``rows`` cables of ``facet_ids`` (``facet_entities``, or
    ``facet_names`` when not ``resolved``), counted on an even sample of ENTITY_SAMPLE when
    there are more and scaled to ``rows``; with the size of that sample, else None. The
    sample is taken by deleting the other rows of ``facet_ids`` (by ``key``, SQLite's
    ``rowid`` or the cable id): the last count made of it."""
    every = -(-rows // ENTITY_SAMPLE)
    count = facet_entities if resolved else facet_names
    if every > 1:
        modulo = "%%" if mark == "%s" else "%"
        numbered = f"SELECT {key} AS key, row_number() OVER () AS k FROM facet_ids"
        conn.execute(
            f"DELETE FROM facet_ids WHERE {key} IN (SELECT key FROM ({numbered}) AS numbered"
            f" WHERE k {modulo} {int(every)} != 0)",
            [],
        )
    found = count(conn, mark, join, top)
    if every <= 1:
        return found, None
    kept = rows // every
    ratio = rows / kept if kept else 0.0

    def up(e: FacetEntity) -> FacetEntity:
        return dataclasses.replace(e, cables=max(1, round(e.cables * ratio)))

    return tuple((kind, tuple(up(e) for e in es)) for kind, es in found), kept


def facet_entities(conn: Conn, mark: str, join: str, top: int) -> Facet:
    """The ``top`` resolved entities of each type with most cables in the temporary table
    ``facet_ids`` (the cables a query matches), most first, ties by id. ``join`` is the join
    that keeps the written order (SQLite's ``CROSS JOIN``: the matching cables drive)."""
    counts = iter(
        conn.execute(
            f"SELECT ec.entity_id, count(*) AS n FROM facet_ids f {join} entity_cables ec"
            " ON ec.cable_id = f.id GROUP BY ec.entity_id ORDER BY n DESC, ec.entity_id",
            [],
        )
    )
    found: dict[str, list[FacetEntity]] = {kind: [] for kind in ENTITY_TYPES}
    while any(len(rows) < top for rows in found.values()):
        chunk = [(str(eid), int(n)) for eid, n in islice(counts, CHUNK)]
        if not chunk:
            break
        named = {
            str(eid): (str(kind), str(name))
            for eid, kind, name in conn.execute(
                f"SELECT id, type, name FROM entities WHERE id IN ({', '.join([mark] * len(chunk))})",
                [eid for eid, _ in chunk],
            )
        }
        for eid, n in chunk:
            kind, name = named.get(eid, ("", ""))
            if kind in found and len(found[kind]) < top:
                found[kind].append(FacetEntity(kind, eid, name, n))
    return tuple((kind, tuple(found[kind])) for kind in ENTITY_TYPES)


def largest(conn: Conn, mark: str, join: str, top: int) -> Facet:
    """The ``top`` resolved entities of each type in most cables, of all cables: what
    ``facet_entities`` counts for a query that matches every cable, read from the entities
    as saved (so only while they are fresh)."""
    found = []
    for kind in ENTITY_TYPES:
        rows = conn.execute(
            f"SELECT id, name, cables FROM entities WHERE type = {mark}"
            f" ORDER BY cables DESC, id LIMIT {mark}",
            [kind, top],
        )
        found.append((kind, tuple(FacetEntity(kind, str(i), str(v), int(n)) for i, v, n in rows)))
    return tuple(found)


def facet_names(conn: Conn, mark: str, join: str, top: int) -> Facet:
    """The ``top`` entity names as tagged (``cable_entities``) of each type with most cables
    in ``facet_ids``, for a database never resolved."""
    found = []
    for kind in ENTITY_TYPES:
        rows = conn.execute(
            f"SELECT e.name, count(*) AS n FROM facet_ids f {join} cable_entities e"
            f" ON e.cable_id = f.id AND e.type = {mark}"
            f" GROUP BY e.name ORDER BY n DESC, e.name LIMIT {mark}",
            [kind, top],
        )
        found.append((kind, tuple(FacetEntity(kind, None, str(v), int(n)) for v, n in rows)))
    return tuple(found)


def every_name(conn: Conn, mark: str, join: str, top: int) -> Facet:
    """What ``facet_names`` counts for a query that matches every cable, without the list
    of the cables matched."""
    found = []
    for kind in ENTITY_TYPES:
        rows = conn.execute(
            f"SELECT name, count(*) AS n FROM cable_entities WHERE type = {mark}"
            f" GROUP BY name ORDER BY n DESC, name LIMIT {mark}",
            [kind, top],
        )
        found.append((kind, tuple(FacetEntity(kind, None, str(v), int(n)) for v, n in rows)))
    return tuple(found)


def keyed_within(
    conn: Conn, mark: str, part: str, kind: str, top: int
) -> list[tuple[str, str, str, int]]:
    """(id, name, key, cables) of the ``top`` entities of type ``kind`` in most cables whose
    key holds ``part`` (see ``EntityIndex.entities_keyed_within``)."""
    pattern = "%" + part.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        f"SELECT id, name, key, cables FROM entities WHERE type = {mark}"
        f" AND key LIKE {mark} ESCAPE '\\' ORDER BY cables DESC, id LIMIT {mark}",
        [kind, pattern, top],
    )
    return [(str(i), str(n), str(k), int(c)) for i, n, k, c in rows]
