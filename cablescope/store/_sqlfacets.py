"""Keyset pages of search results and facet counts over the SQLite schema. Each function
runs inside the caller's error handling."""

from __future__ import annotations

import bisect
import math
import sqlite3

from cablescope.query import Query
from cablescope.model.tagcodes import label
from cablescope.store import _rows, _sqlaliases, _sqlentities, _sqlsearch
from cablescope.store._compile import by_date
from cablescope.store._sqlsearch import COLUMNS, START, every_ranked, hits, plan, rows_of, total
from cablescope.store.base import Facets, SearchResult, SortKey

WALK = 2_000
"""Above this many full-text matches, a page in date order walks the date index, keeping the
rows that match, instead of sorting every match."""


def page(
    conn: sqlite3.Connection,
    q: Query,
    limit: int,
    sort: str,
    after: SortKey | None,
    markers: tuple[str, str],
) -> SearchResult:
    """The ``limit`` hits for ``q`` in ``sort`` order that come after the key ``after``."""
    found = plan(conn, q)
    limit = max(limit, 0)
    matches = found.fts_matches(conn)
    every = every_ranked(conn, found, matches) if sort == "relevance" else None
    if every is not None:
        start = 0
        if after is not None:
            start = bisect.bisect_right(every, (-float(after[0]), after[1], math.inf))
        rows = rows_of(conn, every[start : start + limit])
        return SearchResult(q, len(every), hits(conn, found, rows, markers), limit, 0)
    count = total(conn, found, matches)
    if found.rank is not None and sort == "relevance":
        cond, params = found.candidates(matches)
        inner = (
            f"SELECT {COLUMNS}, {found.rank} AS rank, NULL AS start FROM {found.ranked_source}"
            f" WHERE {cond}"
        )
        outer, outer_params = "1", []
        if after is not None:
            rank, last = -float(after[0]), after[1]
            outer, outer_params = "(rank > ? OR (rank = ? AND id > ?))", [rank, rank, last]
        rows = conn.execute(
            f"SELECT * FROM ({inner}) WHERE {outer} ORDER BY rank, id LIMIT ?",
            [*(found.ranked_params or []), *params, *outer_params, limit],
        ).fetchall()
    else:
        walked = plan(conn, q, walk=True) if (matches or 0) > WALK else found
        cond, params, order = by_date(walked.cond, walked.params, sort, after)
        rows = conn.execute(
            f"SELECT {COLUMNS}, 0.0, {START if found.highlight is None else 'NULL'}"
            f" FROM {walked.source} WHERE {cond} ORDER BY {order} LIMIT ?",
            [*params, limit],
        ).fetchall()
    return SearchResult(q, count, hits(conn, found, rows, markers), limit, 0)


def facets(conn: sqlite3.Connection, q: Query, top: int) -> Facets:
    """Counts of the cables ``q`` matches per month, origin, marking, TAGS code and resolved
    entity (entity name as tagged in a database never resolved); for every cable, from the
    counts kept as cables are written."""
    if q.root is None and _sqlentities.state(conn) != "stale":
        return _every_cable(conn, top)
    found = plan(conn, q)
    matches = found.fts_matches(conn)
    # Where counting the matches would read their rows, the pass that collects them counts
    # them; else the count comes first and the pass collects a sample.
    whole = not found.words_only and matches is not None and matches <= _sqlsearch.FILTERED
    matched = 0 if whole else total(conn, found, matches)
    step = -(-matched // _sqlsearch.FACET_SAMPLE)
    cond, params = found.cond, found.params
    if step > 1:
        rid = "c.rid" if found.words is None else "cables_fts.rowid"
        cond, params = f"{cond} AND {rid} % ? = 0", [*params, step]
    # One pass collects the matching rows into a temporary table that the counts share.
    conn.execute("DROP TABLE IF EXISTS temp.facet_ids")
    conn.execute(
        "CREATE TEMP TABLE facet_ids AS SELECT c.id AS id, substr(c.date, 1, 7) AS month,"
        f" c.origin AS origin, c.marking AS marking FROM {found.source} WHERE {cond}",
        params,
    )
    try:
        if whole:
            matched = conn.execute("SELECT count(*) FROM temp.facet_ids").fetchone()[0]
            step = -(-matched // _sqlsearch.FACET_SAMPLE)
            if step > 1:
                conn.execute("DELETE FROM temp.facet_ids WHERE rowid % ? != 0", (step,))
        sampled = conn.execute("SELECT count(*) FROM temp.facet_ids").fetchone()[0]
        months = conn.execute(
            "SELECT month, count(*) FROM temp.facet_ids WHERE month IS NOT NULL"
            " AND length(month) = 7 GROUP BY month ORDER BY month"
        ).fetchall()

        def ranked(column: str) -> list[tuple[str, int]]:
            return conn.execute(
                f"SELECT {column}, count(*) AS n FROM temp.facet_ids WHERE {column} IS NOT NULL"
                f" GROUP BY {column} ORDER BY n DESC, {column} LIMIT ?",
                (top,),
            ).fetchall()

        tags = conn.execute(
            "SELECT t.code, count(*) AS n FROM temp.facet_ids f"
            " CROSS JOIN cable_tags t ON t.cable_id = f.id GROUP BY t.code ORDER BY n DESC, t.code"
            " LIMIT ?",
            (top,),
        ).fetchall()
        origins, markings = ranked("origin"), ranked("marking")
        state = _sqlentities.state(conn)
        named, few = _sqlaliases.entity_facets(
            conn, "?", "CROSS JOIN", top, sampled, state, q.root is None, "rowid"
        )
        counted = Facets(
            total=sampled,
            months=tuple(months),
            origins=tuple(origins),
            classifications=tuple(markings),
            tags=tuple((code, label(code), n) for code, n in tags),
            entities=named,
            resolved=state != "none",
            entities_sampled=few,
        )
        return counted if step == 1 else counted.scaled(matched)
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.facet_ids")


def _every_cable(conn: sqlite3.Connection, top: int) -> Facets:
    """The facets of every cable, from the counts kept as cables are written, while the
    entities are fresh or were never resolved (stale ones are counted against the cables)."""
    rows = conn.execute("SELECT dimension, missing, value, n FROM cable_counts WHERE n > 0")
    total, months, origins, markings, tags = _rows.every_cable(rows, top)
    state = _sqlentities.state(conn)
    count = _sqlaliases.largest if state == "fresh" else _sqlaliases.every_name
    return Facets(
        total=total,
        months=months,
        origins=origins,
        classifications=markings,
        tags=tuple((code, label(code), n) for code, n in tags),
        entities=count(conn, "?", "CROSS JOIN", top),
        resolved=state != "none",
    )


def most_cited(conn: sqlite3.Connection, top: int) -> list[tuple[str, int]]:
    """The ``top`` cable ids (stored or not) most stored cables cite, with how many."""
    rows = conn.execute(
        "SELECT ref_id, count(*) AS n FROM cable_refs GROUP BY ref_id ORDER BY n DESC, ref_id"
        " LIMIT ?",
        (top,),
    )
    return [(ref, n) for ref, n in rows]
