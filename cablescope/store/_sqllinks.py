"""Links between stored cables over the SQLite schema: cable lists, references, counts over
time, entity names. Each function runs inside the caller's error handling."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence

from cablescope.query import Query
from cablescope.store._rows import periods
from cablescope.store._sqlsearch import selection
from cablescope.store._sqlwrite import chunks, marks
from cablescope.store.base import CableInfo, period_key, sort_counts

_INFO = "c.id, c.date, c.origin, c.marking, c.subject"
_GROUP_COLUMNS = {"origin": "c.origin", "class": "c.marking", "tag": "t.code"}


def infos(conn: sqlite3.Connection, cable_ids: Sequence[str]) -> dict[str, CableInfo]:
    """The CableInfo of each stored cable among ``cable_ids``."""
    found: dict[str, CableInfo] = {}
    for chunk in chunks(list(dict.fromkeys(cable_ids))):
        rows = conn.execute(f"SELECT {_INFO} FROM cables c WHERE c.id IN ({marks(chunk)})", chunk)
        found.update((row[0], CableInfo(*row)) for row in rows)
    return found


def citing(conn: sqlite3.Connection, cable_id: str) -> list[CableInfo]:
    """The stored cables that cite ``cable_id``, by date then id, undated last."""
    rows = conn.execute(
        f"SELECT {_INFO} FROM cable_refs r JOIN cables c ON c.id = r.cable_id"
        " WHERE r.ref_id = ? ORDER BY c.date IS NULL, c.date, c.id",
        (cable_id,),
    )
    return [CableInfo(*row) for row in rows]


def cited(conn: sqlite3.Connection, cable_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(citing, cited) pairs of the references of ``cable_ids``, sorted."""
    pairs: list[tuple[str, str]] = []
    for chunk in chunks(list(dict.fromkeys(cable_ids))):
        pairs.extend(
            conn.execute(
                f"SELECT cable_id, ref_id FROM cable_refs WHERE cable_id IN ({marks(chunk)})",
                chunk,
            )
        )
    return sorted(pairs)


def matching(conn: sqlite3.Connection, q: Query) -> list[str]:
    """The ids of the cables ``q`` matches, sorted."""
    source, cond, params = selection(conn, q)
    rows = conn.execute(f"SELECT c.id FROM {source} WHERE {cond} ORDER BY c.id", params)
    return [cid for (cid,) in rows]


def count_by(
    conn: sqlite3.Connection, q: Query, period: str, group: str | None
) -> list[tuple[str | None, str | None, int]]:
    """Cables ``q`` matches per (period, group value); see Store.count_by. Every cable's
    counts come from ``cable_periods``, kept as cables are written."""
    if q.root is None:
        rows = conn.execute(
            "SELECT year, month, missing, value, n FROM cable_periods WHERE grp = ? AND n > 0",
            (group or "origin",),
        )
        return periods(rows, period, group)
    source, cond, params = selection(conn, q)
    month = "c.month" if period == "month" else "NULL"
    column = "NULL" if group is None else _GROUP_COLUMNS[group]
    if group == "tag":
        source += " LEFT JOIN cable_tags t ON t.cable_id = c.id"
    rows = conn.execute(
        f"SELECT c.year, {month}, {column}, count(*) FROM {source} WHERE {cond} GROUP BY 1, 2, 3",
        params,
    )
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for year, mon, value, n in rows:
        counts[period_key(year, mon, period), value] += n
    return sort_counts((key, value, n) for (key, value), n in counts.items())


def entities(
    conn: sqlite3.Connection, cable_ids: Sequence[str]
) -> dict[str, Counter[tuple[str, str]]]:
    """The ``cable_entities`` rows of ``cable_ids``, as counts per cable."""
    found: dict[str, Counter[tuple[str, str]]] = {}
    for chunk in chunks(list(dict.fromkeys(cable_ids))):
        rows = conn.execute(
            "SELECT cable_id, type, name, mentions FROM cable_entities"
            f" WHERE cable_id IN ({marks(chunk)})",
            chunk,
        )
        for cid, kind, name, n in rows:
            found.setdefault(cid, Counter())[kind, name] = n
    return found
