"""Links and counts over the PostgreSQL schema: cable lists, references, counts over time,
entity names, facets. Each function runs inside the caller's error handling."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cablescope.model.tagcodes import label
from cablescope.query import Query
from cablescope.store import _rows, _sqlaliases, _sqlsearch
from cablescope.store.base import CableInfo, Facets, period_key, sort_counts
from cablescope.store.postgres import _entities
from cablescope.store.postgres._schema import EVERY_COUNT, PERIODS
from cablescope.store.postgres._search import Counts, indexed, plan, spread, total
from cablescope.store.postgres._write import Conn

_INFO = "c.id, c.date, c.origin, c.marking, c.subject"
_GROUP_COLUMNS = {"origin": "c.origin", "class": "c.marking", "tag": "t.code"}


def _ids(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def infos(conn: Conn, cable_ids: Sequence[str]) -> dict[str, CableInfo]:
    """The CableInfo of each stored cable among ``cable_ids``."""
    rows = conn.execute(f"SELECT {_INFO} FROM cables c WHERE c.id = ANY(%s)", (_ids(cable_ids),))
    return {row[0]: CableInfo(*row) for row in rows}


def citing(conn: Conn, cable_id: str) -> list[CableInfo]:
    """The stored cables that cite ``cable_id``, by date then id, undated last."""
    rows = conn.execute(
        f"SELECT {_INFO} FROM cable_refs r JOIN cables c ON c.id = r.cable_id"
        " WHERE r.ref_id = %s ORDER BY c.date NULLS LAST, c.id",
        (cable_id,),
    )
    return [CableInfo(*row) for row in rows]


def cited(conn: Conn, cable_ids: Sequence[str]) -> list[tuple[str, str]]:
    """(citing, cited) pairs of the references of ``cable_ids``, sorted."""
    rows = conn.execute(
        "SELECT cable_id, ref_id FROM cable_refs WHERE cable_id = ANY(%s)", (_ids(cable_ids),)
    )
    return sorted((str(a), str(b)) for a, b in rows)


def matching(conn: Conn, q: Query) -> list[str]:
    """The ids of the cables ``q`` matches, sorted."""
    found = plan(conn, q)
    rows = conn.execute(f"SELECT c.id FROM cables c WHERE {found.cond} ORDER BY c.id", found.params)
    return [str(cid) for (cid,) in rows]


def count_by(
    conn: Conn, q: Query, period: str, group: str | None
) -> list[tuple[str | None, str | None, int]]:
    """Cables ``q`` matches per (period, group value); see Store.count_by. Every cable's
    counts come from ``cable_periods``, kept as cables are written."""
    if q.root is None:
        rows = conn.execute(
            f"SELECT year, month, missing, value, sum(n) FROM {PERIODS} WHERE grp = %s"
            " GROUP BY 1, 2, 3, 4 HAVING sum(n) > 0",
            (group or "origin",),
        )
        return _rows.periods(rows, period, group)
    found = plan(conn, q)
    source = "cables c"
    month = "c.month" if period == "month" else "NULL::integer"
    column = "NULL::text" if group is None else _GROUP_COLUMNS[group]
    if group == "tag":
        source += " LEFT JOIN cable_tags t ON t.cable_id = c.id"
    rows = conn.execute(
        f"SELECT c.year, {month}, {column}, count(*) FROM {source} WHERE {found.cond}"
        " GROUP BY 1, 2, 3",
        found.params,
    )
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for year, mon, value, n in rows:
        counts[period_key(year, mon, period), value] += int(n)
    return sort_counts((key, value, n) for (key, value), n in counts.items())


def entities(conn: Conn, cable_ids: Sequence[str]) -> dict[str, Counter[tuple[str, str]]]:
    """The ``cable_entities`` rows of ``cable_ids``, as counts per cable."""
    found: dict[str, Counter[tuple[str, str]]] = {}
    rows = conn.execute(
        "SELECT cable_id, type, name, mentions FROM cable_entities WHERE cable_id = ANY(%s)",
        (_ids(cable_ids),),
    )
    for cid, kind, name, n in rows:
        found.setdefault(cid, Counter())[kind, name] = n
    return found


def facets(conn: Conn, q: Query, top: int, counts: Counts | None = None) -> Facets:
    """Counts of the cables ``q`` matches per month, origin, marking, TAGS code and resolved
    entity (entity name as tagged in a database never resolved); runs inside a transaction (the matching rows go to a table dropped at its end)."""
    if q.root is None and _entities.state(conn) != "stale":
        return _every_cable(conn, top)
    found = plan(conn, q)
    matched, _ = total(conn, found, found.matches(conn, counts))
    step = -(-matched // _sqlsearch.FACET_SAMPLE)
    cond, params = found.cond, found.params
    if step > 1:
        ranges, bounds = spread(conn, matched, _sqlsearch.FACET_SAMPLE)
        cond, params = f"{cond} AND {ranges}", [*params, *bounds]
    conn.execute("DROP TABLE IF EXISTS facet_ids")
    with indexed(conn):
        conn.execute(
            "CREATE TEMP TABLE facet_ids ON COMMIT DROP AS SELECT c.id AS id,"
            " substr(c.date, 1, 7) AS month, c.origin AS origin, c.marking AS marking"
            f" FROM cables c WHERE {cond}",
            params,
        )
    conn.execute("ANALYZE facet_ids")
    row = conn.execute("SELECT count(*) FROM facet_ids").fetchone()
    months = conn.execute(
        "SELECT month, count(*) FROM facet_ids WHERE length(month) = 7"
        " GROUP BY month ORDER BY month"
    ).fetchall()

    def ranked(column: str) -> list[tuple[str, int]]:
        return [
            (str(v), int(n))
            for v, n in conn.execute(
                f"SELECT {column}, count(*) AS n FROM facet_ids WHERE {column} IS NOT NULL"
                f" GROUP BY {column} ORDER BY n DESC, {column} LIMIT %s",
                (top,),
            )
        ]

    tags = conn.execute(
        "SELECT t.code, count(*) AS n FROM facet_ids f JOIN cable_tags t ON t.cable_id = f.id"
        " GROUP BY t.code ORDER BY n DESC, t.code LIMIT %s",
        (top,),
    ).fetchall()
    state = _entities.state(conn)
    counted_rows = int(row[0]) if row else 0
    origins, classifications = ranked("origin"), ranked("marking")
    named, few = _sqlaliases.entity_facets(
        conn, "%s", "JOIN", top, counted_rows, state, q.root is None
    )
    conn.execute("DROP TABLE facet_ids")
    counted = Facets(
        total=counted_rows,
        months=tuple((str(m), int(n)) for m, n in months),
        origins=tuple(origins),
        classifications=tuple(classifications),
        tags=tuple((str(code), label(str(code)), int(n)) for code, n in tags),
        entities=named,
        resolved=state != "none",
        entities_sampled=few,
    )
    return counted if step == 1 else counted.scaled(matched)


def _every_cable(conn: Conn, top: int) -> Facets:
    """The facets of every cable, from the counts kept as cables are written, while the
    entities are fresh or were never resolved (stale ones are counted against the cables)."""
    rows = conn.execute(EVERY_COUNT)
    every, months, origins, markings, tags = _rows.every_cable(rows.fetchall(), top)
    state = _entities.state(conn)
    count = _sqlaliases.largest if state == "fresh" else _sqlaliases.every_name
    return Facets(
        total=every,
        months=months,
        origins=origins,
        classifications=markings,
        tags=tuple((code, label(code), n) for code, n in tags),
        entities=count(conn, "%s", "JOIN", top),
        resolved=state != "none",
    )


def most_cited(conn: Conn, top: int) -> list[tuple[str, int]]:
    """The ``top`` cable ids (stored or not) most stored cables cite, with how many."""
    rows = conn.execute(
        "SELECT ref_id, count(*) AS n FROM cable_refs GROUP BY ref_id ORDER BY n DESC, ref_id"
        " LIMIT %s",
        (top,),
    )
    return [(str(ref), int(n)) for ref, n in rows]
