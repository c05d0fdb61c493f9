"""Resolved entities in PostgreSQL: writing a resolution, and the questions ``entities``,
``entity`` and the entity graph ask. Each function runs inside the caller's error
handling; ``save`` inside its transaction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import orjson

from cablescope.model.entity import Entity, EntityDetail, Judgement, Link, Resolution
from cablescope.store import _rows, _sqlaliases
from cablescope.store.postgres._write import Conn

_COLUMNS = "id, name, type, key, mentions, cables, first_seen, last_seen"


def save(conn: Conn, resolution: Resolution) -> None:
    """Replace the stored entities with ``resolution`` and mark them as of the current
    writes. Judgements stay."""
    conn.execute(
        "TRUNCATE entities, entity_aliases, entity_mentions, entity_cables, entity_co,"
        " entity_alias_links, entity_names"
    )
    rows = _rows.resolution_rows(resolution)
    with conn.cursor() as cur:
        for table, data in (
            (f"entities ({_rows.ENTITY_COLUMNS})", rows.entities),
            ("entity_aliases (entity_id, alias, key, count)", rows.aliases),
            (f"entity_mentions ({_rows.MENTION_COLUMNS})", rows.mentions),
            ("entity_cables (entity_id, cable_id, mentions)", rows.cables),
            ("entity_co (entity_id, other_id, cables)", rows.co),
            (f"entity_alias_links ({_rows.ALIAS_ROWS})", rows.alias_links),
            ("entity_names (n, label, key, name)", iter(rows.names)),
        ):
            with cur.copy(f"COPY {table} FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
    conn.execute("UPDATE entity_cables ec SET date = c.date FROM cables c WHERE c.id = ec.cable_id")
    for key, value in (
        ("basis", int(resolution.basis is not None)),
        ("applied", resolution.applied),
        ("skipped", resolution.skipped),
    ):
        conn.execute(
            "INSERT INTO store_meta (key, value) VALUES (%s, %s)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
    resolved_now(conn)


def resolved_now(conn: Conn) -> None:
    """Mark the entities resolved as of the cables stored now."""
    conn.execute(
        "INSERT INTO store_meta (key, value) SELECT 'resolved', last_value FROM cable_writes"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
    )


def state(conn: Conn) -> str:
    """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
    row = conn.execute(
        "SELECT (SELECT value FROM store_meta WHERE key = 'resolved'), last_value FROM cable_writes"
    ).fetchone()
    if row is None or row[0] is None:
        return "none"
    return "fresh" if int(row[0]) == int(row[1]) else "stale"


def _entities(conn: Conn, rows: list[tuple[Any, ...]]) -> list[Entity]:
    aliases = conn.execute(
        "SELECT entity_id, alias, key, count FROM entity_aliases WHERE entity_id = ANY(%s)",
        ([str(r[0]) for r in rows],),
    )
    return _rows.entities(rows, aliases)


def listing(conn: Conn, kind: str | None, top: int | None) -> list[Entity]:
    """Entities, most mentioned first (ties by id), of one type or all, the first ``top``."""
    where, params = ("WHERE type = %s", [kind]) if kind else ("", [])
    limit = f" LIMIT {int(top)}" if top is not None else ""
    rows = conn.execute(
        f"SELECT {_COLUMNS} FROM entities {where} ORDER BY mentions DESC, id{limit}", params
    ).fetchall()
    return _entities(conn, rows)


def ids_named(conn: Conn, key: str) -> list[str]:
    """Ids of the entities whose canonical key is ``key``, else those with an alias of that
    key, most mentioned first."""
    rows = conn.execute(
        "SELECT id FROM entities WHERE key = %s ORDER BY mentions DESC, id", (key,)
    ).fetchall()
    if not rows:
        rows = conn.execute(
            "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
            " WHERE a.key = %s GROUP BY a.entity_id ORDER BY sum(a.count) DESC, a.entity_id",
            (key,),
        ).fetchall()
    return [str(r[0]) for r in rows]


def detail(
    conn: Conn, entity_id: str, window: tuple[int, int] | None = None
) -> EntityDetail | None:
    """One entity with cables, co-mentions and monthly timeline; None if unknown. With
    ``window`` (start, n), only those cables and no timeline (see EntityIndex)."""
    rows = conn.execute(f"SELECT {_COLUMNS} FROM entities WHERE id = %s", (entity_id,)).fetchall()
    if not rows:
        return None
    month, page = "substr(date, 1, 7)", ""
    params: list[object] = [entity_id]
    if window is not None:
        month, page = "NULL", " LIMIT %s OFFSET %s"
        params += [window[1], window[0]]
    cables = conn.execute(
        f"SELECT cable_id, {month} FROM entity_cables WHERE entity_id = %s"
        f" ORDER BY date NULLS LAST, cable_id{page}",
        params,
    ).fetchall()
    top = (
        conn.execute(
            "SELECT other_id, cables FROM entity_co WHERE entity_id = %s"
            f" ORDER BY cables DESC, other_id LIMIT {_rows.CO_MENTIONS}",
            (entity_id,),
        ).fetchall()
        or conn.execute(
            "SELECT entity_id, count(*) AS n FROM entity_cables WHERE entity_id != %s"
            " AND cable_id IN (SELECT cable_id FROM entity_cables WHERE entity_id = %s)"
            f" GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT {_rows.CO_MENTIONS}",
            (entity_id, entity_id),
        ).fetchall()
    )
    names = conn.execute(
        "SELECT id, name, type FROM entities WHERE id = ANY(%s)", ([i for i, _ in top],)
    ).fetchall()
    links = _sqlaliases.alias_links(conn, "%s", entity_id)
    return _rows.detail(_entities(conn, rows)[0], cables, top, names, links)


def per_cable(conn: Conn, cable_ids: Iterable[str]) -> dict[str, Counter[tuple[str, str, str]]]:
    """(entity id, name, type) mention counts per cable, for the cables among ``cable_ids``."""
    found: dict[str, Counter[tuple[str, str, str]]] = {}
    for cid, eid, name, kind, n in conn.execute(
        "SELECT ec.cable_id, ec.entity_id, e.name, e.type, ec.mentions FROM entity_cables ec"
        " JOIN entities e ON e.id = ec.entity_id WHERE ec.cable_id = ANY(%s)",
        (list(dict.fromkeys(cable_ids)),),
    ):
        found.setdefault(str(cid), Counter())[str(eid), str(name), str(kind)] += int(n)
    return found


def shared(conn: Conn, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
    """For each of ``others``, the cables of ``entity_id`` that mention it too."""
    found: dict[str, set[str]] = {}
    for eid, cid in conn.execute(
        "SELECT entity_id, cable_id FROM entity_cables WHERE entity_id = ANY(%s) AND cable_id IN"
        " (SELECT cable_id FROM entity_cables WHERE entity_id = %s)",
        (list(dict.fromkeys(others)), entity_id),
    ):
        found.setdefault(str(eid), set()).add(str(cid))
    return found


def links(conn: Conn, cable_ids: Iterable[str]) -> list[Link]:
    """The link of every mention in the stored cables among ``cable_ids``, by cable and
    offset."""
    found = [
        Link(str(c), int(s), int(e), str(i), float(p), str(m), str(k))
        for c, s, e, i, p, m, k in conn.execute(
            'SELECT m.cable_id, m.start, m."end", m.entity_id, m.confidence, m.method, m.key'
            " FROM entity_mentions m JOIN cables c ON c.id = m.cable_id"
            " WHERE m.cable_id = ANY(%s)",
            (list(dict.fromkeys(cable_ids)),),
        )
    ]
    return sorted(found, key=lambda k: (k.cable_id, k.start, k.end))


def add_judgement(conn: Conn, judgement: Judgement) -> None:
    """Keep ``judgement``."""
    conn.execute(
        "INSERT INTO entity_judgements (kind, args, created_at) VALUES (%s, %s, %s)",
        (judgement.kind, orjson.dumps(list(judgement.args)).decode(), judgement.created_at),
    )


def judgements(conn: Conn) -> list[Judgement]:
    """Every judgement, oldest first."""
    rows = conn.execute("SELECT kind, args, created_at FROM entity_judgements ORDER BY n")
    return [Judgement(str(k), tuple(orjson.loads(a)), str(t)) for k, a, t in rows]
