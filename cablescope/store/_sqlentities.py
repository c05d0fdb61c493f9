"""Resolved entities in SQLite: writing a resolution, and the questions ``entities``,
``entity`` and the entity graph ask."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson

from cablescope.model.entity import Entity, EntityDetail, Judgement, Link, Resolution
from cablescope.store import _rows, _sqlaliases
from cablescope.store._sqlwrite import chunks, marks

_COLUMNS = "id, name, type, key, mentions, cables, first_seen, last_seen"


def save(conn: sqlite3.Connection, resolution: Resolution) -> None:
    """Replace the stored entities with ``resolution`` and mark them as of the current
    writes; runs inside the caller's transaction. Judgements stay."""
    for table in (
        "entities",
        "entity_aliases",
        "entity_mentions",
        "entity_cables",
        "entity_co",
        "entity_alias_links",
        "entity_names",
    ):
        conn.execute(f"DELETE FROM {table}")
    rows = _rows.resolution_rows(resolution)
    conn.executemany(
        f"INSERT INTO entities ({_rows.ENTITY_COLUMNS}) VALUES ({marks(range(10))})", rows.entities
    )
    conn.executemany(
        "INSERT INTO entity_aliases (entity_id, alias, key, count) VALUES (?,?,?,?)", rows.aliases
    )
    conn.executemany(
        f"INSERT INTO entity_mentions ({_rows.MENTION_COLUMNS}) VALUES ({marks(range(11))})",
        rows.mentions,
    )
    conn.executemany(
        "INSERT INTO entity_cables (entity_id, cable_id, mentions, date)"
        " VALUES (?1, ?2, ?3, (SELECT date FROM cables WHERE id = ?2))",
        rows.cables,
    )
    conn.executemany("INSERT INTO entity_co (entity_id, other_id, cables) VALUES (?,?,?)", rows.co)
    conn.executemany(
        f"INSERT INTO entity_alias_links ({_rows.ALIAS_ROWS}) VALUES (?,?,?,?,?,?,?,?)",
        rows.alias_links,
    )
    conn.executemany("INSERT INTO entity_names (n, label, key, name) VALUES (?,?,?,?)", rows.names)
    meta = (
        ("basis", int(resolution.basis is not None)),
        ("applied", resolution.applied),
        ("skipped", resolution.skipped),
    )
    conn.executemany("INSERT OR REPLACE INTO store_meta (key, value) VALUES (?, ?)", meta)
    resolved_now(conn)


def resolved_now(conn: sqlite3.Connection) -> None:
    """Mark the entities resolved as of the cables stored now."""
    conn.execute(
        "INSERT OR REPLACE INTO store_meta (key, value)"
        " SELECT 'resolved', value FROM store_meta WHERE key = 'writes'"
    )


def state(conn: sqlite3.Connection) -> str:
    """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
    values = dict(conn.execute("SELECT key, value FROM store_meta").fetchall())
    if "resolved" not in values:
        return "none"
    return "fresh" if values["resolved"] == values.get("writes") else "stale"


def _entities(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> list[Entity]:
    ids = [str(r[0]) for r in rows]
    aliases: list[tuple[Any, ...]] = []
    for chunk in chunks(ids):
        aliases.extend(
            conn.execute(
                f"SELECT entity_id, alias, key, count FROM entity_aliases"
                f" WHERE entity_id IN ({marks(chunk)})",
                chunk,
            )
        )
    return _rows.entities(rows, aliases)


def listing(conn: sqlite3.Connection, kind: str | None, top: int | None) -> list[Entity]:
    """Entities, most mentioned first (ties by id), of one type or all, the first ``top``."""
    where, params = ("WHERE type = ?", [kind]) if kind else ("", [])
    limit = f" LIMIT {int(top)}" if top is not None else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM entities {where} ORDER BY mentions DESC, id{limit}", params
    ).fetchall()
    return _entities(conn, rows)


def ids_named(conn: sqlite3.Connection, key: str) -> list[str]:
    """Ids of the entities whose canonical key is ``key``, else those with an alias of that
    key, most mentioned first."""
    rows = conn.execute(
        "SELECT id FROM entities WHERE key = ? ORDER BY mentions DESC, id", (key,)
    ).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.key = ? GROUP BY a.entity_id ORDER BY sum(a.count) DESC, a.entity_id",
            (key,),
        ).fetchall()
    return [str(r[0]) for r in rows]


def detail(
    conn: sqlite3.Connection, entity_id: str, window: tuple[int, int] | None = None
) -> EntityDetail | None:
    """One entity with cables, co-mentions and monthly timeline; None if unknown. With
    ``window`` (start, n), only those cables and no timeline (see EntityIndex)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM entities WHERE id = ?", (entity_id,)).fetchall()
    if not rows:
        return None
    month, page = "substr(date, 1, 7)", ""
    params: list[object] = [entity_id]
    if window is not None:
        month, page = "NULL", " LIMIT ? OFFSET ?"
        params += [window[1], window[0]]
    cables = conn.execute(
        f"SELECT cable_id, {month} FROM entity_cables WHERE entity_id = ?"
        f" ORDER BY date IS NULL, date, cable_id{page}",
        params,
    ).fetchall()
    top = (
        conn.execute(
            "SELECT other_id, cables FROM entity_co WHERE entity_id = ?"
            f" ORDER BY cables DESC, other_id LIMIT {_rows.CO_MENTIONS}",
            (entity_id,),
        ).fetchall()
        or conn.execute(
            "SELECT entity_id, count(*) AS n FROM entity_cables WHERE entity_id != ?1 AND cable_id IN"
            " (SELECT cable_id FROM entity_cables WHERE entity_id = ?1)"
            f" GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT {_rows.CO_MENTIONS}",
            (entity_id,),
        ).fetchall()
    )
    names = conn.execute(
        f"SELECT id, name, type FROM entities WHERE id IN ({marks(top)})", [i for i, _ in top]
    ).fetchall()
    links = _sqlaliases.alias_links(conn, "?", entity_id)
    return _rows.detail(_entities(conn, rows)[0], cables, top, names, links)


def per_cable(
    conn: sqlite3.Connection, cable_ids: Iterable[str]
) -> dict[str, Counter[tuple[str, str, str]]]:
    """(entity id, name, type) mention counts per cable, for the cables among ``cable_ids``."""
    found: dict[str, Counter[tuple[str, str, str]]] = {}
    for chunk in chunks(list(dict.fromkeys(cable_ids))):
        for cid, eid, name, kind, n in conn.execute(
            "SELECT ec.cable_id, ec.entity_id, e.name, e.type, ec.mentions FROM entity_cables ec"
            f" JOIN entities e ON e.id = ec.entity_id WHERE ec.cable_id IN ({marks(chunk)})",
            chunk,
        ):
            found.setdefault(str(cid), Counter())[str(eid), str(name), str(kind)] += int(n)
    return found


def shared(conn: sqlite3.Connection, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
    """For each of ``others``, the cables of ``entity_id`` that mention it too."""
    found: dict[str, set[str]] = {}
    for chunk in chunks(list(dict.fromkeys(others))):
        for eid, cid in conn.execute(
            "SELECT entity_id, cable_id FROM entity_cables"
            f" WHERE entity_id IN ({marks(chunk)}) AND cable_id IN"
            " (SELECT cable_id FROM entity_cables WHERE entity_id = ?)",
            [*chunk, entity_id],
        ):
            found.setdefault(str(eid), set()).add(str(cid))
    return found


def links(conn: sqlite3.Connection, cable_ids: Iterable[str]) -> list[Link]:
    """The link of every mention in the stored cables among ``cable_ids``, by cable and
    offset."""
    found: list[Link] = []
    for chunk in chunks(list(dict.fromkeys(cable_ids))):
        found.extend(
            Link(str(c), int(s), int(e), str(i), float(p), str(m), str(k))
            for c, s, e, i, p, m, k in conn.execute(
                "SELECT m.cable_id, m.start, m.end, m.entity_id, m.confidence, m.method, m.key"
                " FROM entity_mentions m JOIN cables c ON c.id = m.cable_id"
                f" WHERE m.cable_id IN ({marks(chunk)})",
                chunk,
            )
        )
    return sorted(found, key=lambda k: (k.cable_id, k.start, k.end))


def add_judgement(conn: sqlite3.Connection, judgement: Judgement) -> None:
    """Keep ``judgement``."""
    conn.execute(
        "INSERT INTO entity_judgements (kind, args, created_at) VALUES (?,?,?)",
        (judgement.kind, orjson.dumps(list(judgement.args)).decode(), judgement.created_at),
    )


def judgements(conn: sqlite3.Connection) -> list[Judgement]:
    """Every judgement, oldest first."""
    rows = conn.execute("SELECT kind, args, created_at FROM entity_judgements ORDER BY n")
    return [Judgement(str(k), tuple(orjson.loads(a)), str(t)) for k, a, t in rows]
