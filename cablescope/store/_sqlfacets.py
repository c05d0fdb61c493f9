"""Keyset pages of search results and facet counts over the SQLite schema. Each function
runs inside the caller's error handling."""

from __future__ import annotations

import sqlite3

from cablescope.analysis.query import Query
from cablescope.grammar.tags import label
from cablescope.store._sqlsearch import (
    EXCERPT_CHARS,
    FTS_JOIN,
    ID_WEIGHT,
    SUBJECT_WEIGHT,
    _snippet,
    excerpt,
    selection,
    where,
)
from cablescope.store.base import ENTITY_TYPES, Facets, Hit, SearchResult, SortKey

_SPANS = "(SELECT spans FROM cable_redactions WHERE cable_id = c.id)"
_DATE = "coalesce(c.date, '')"


def page(
    conn: sqlite3.Connection,
    q: Query,
    limit: int,
    sort: str,
    after: SortKey | None,
    markers: tuple[str, str],
) -> SearchResult:
    """The ``limit`` hits for ``q`` in ``sort`` order that come after the key ``after``."""
    clauses, params = where(conn, q)
    limit = max(limit, 0)
    if q.match is not None and sort == "relevance":
        cond = " AND ".join(["cables_fts MATCH ?", *clauses])
        total = conn.execute(
            f"SELECT count(*) FROM {FTS_JOIN} WHERE {cond}", [q.match, *params]
        ).fetchone()[0]
        inner = (
            "SELECT c.rid AS rid, c.id AS id, c.date AS date, c.origin AS origin,"
            " c.marking AS marking, c.subject AS subject,"
            f" bm25(cables_fts, {ID_WEIGHT}, {SUBJECT_WEIGHT}, 1.0) AS rank, {_SPANS} AS spans"
            f" FROM {FTS_JOIN} WHERE {cond}"
        )
        outer, outer_params = "1", []
        if after is not None:
            rank, last = -float(after[0]), after[1]
            outer, outer_params = "(rank > ? OR (rank = ? AND id > ?))", [rank, rank, last]
        rows = conn.execute(
            f"SELECT rid, id, date, origin, marking, subject, rank, spans FROM ({inner})"
            f" WHERE {outer} ORDER BY rank, id LIMIT ?",
            [q.match, *params, *outer_params, limit],
        ).fetchall()
        hits = [
            Hit(
                cid,
                date,
                origin,
                mark,
                subject,
                _snippet(conn, q.match, rid, markers),
                -rank,
                n or 0,
            )
            for rid, cid, date, origin, mark, subject, rank, n in rows
        ]
        return SearchResult(q, total, tuple(hits), limit, 0)
    source, cond, params = selection(conn, q)
    total = conn.execute(f"SELECT count(*) FROM {source} WHERE {cond}", params).fetchone()[0]
    newest = sort != "oldest"
    if after is not None:
        op = "<" if newest else ">"
        cond += f" AND ({_DATE} {op} ? OR ({_DATE} = ? AND c.id {op} ?))"
        params = [*params, after[0], after[0], after[1]]
    order = "DESC" if newest else "ASC"
    text = f"substr(c.text, 1, {EXCERPT_CHARS * 3})"
    rows = conn.execute(
        f"SELECT c.rid, c.id, c.date, c.origin, c.marking, c.subject, {text}, {_SPANS}"
        f" FROM {source} WHERE {cond} ORDER BY {_DATE} {order}, c.id {order} LIMIT ?",
        [*params, limit],
    ).fetchall()
    hits = []
    for rid, cid, date, origin, mark, subject, start, n in rows:
        snippet = excerpt(start) if q.match is None else _snippet(conn, q.match, rid, markers)
        hits.append(Hit(cid, date, origin, mark, subject, snippet, 0.0, n or 0))
    return SearchResult(q, total, tuple(hits), limit, 0)


def facets(conn: sqlite3.Connection, q: Query, top: int) -> Facets:
    """Counts of the cables ``q`` matches per month, origin, marking, TAGS code and entity."""
    source, cond, params = selection(conn, q)
    # One pass collects the matching rows into a temporary table that the counts share.
    conn.execute("DROP TABLE IF EXISTS temp.facet_ids")
    conn.execute(
        "CREATE TEMP TABLE facet_ids AS SELECT c.id AS id, substr(c.date, 1, 7) AS month,"
        f" c.origin AS origin, c.marking AS marking FROM {source} WHERE {cond}",
        params,
    )
    try:
        total = conn.execute("SELECT count(*) FROM temp.facet_ids").fetchone()[0]
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
        entities = {}
        for kind in ENTITY_TYPES:
            entities[kind] = tuple(
                conn.execute(
                    "SELECT e.name, count(*) AS n FROM temp.facet_ids f"
                    " CROSS JOIN cable_entities e ON e.cable_id = f.id AND e.type = ?"
                    " GROUP BY e.name ORDER BY n DESC, e.name LIMIT ?",
                    (kind, top),
                ).fetchall()
            )
        return Facets(
            total=total,
            months=tuple(months),
            origins=tuple(ranked("origin")),
            classifications=tuple(ranked("marking")),
            tags=tuple((code, label(code), n) for code, n in tags),
            entities=tuple(entities.items()),
        )
    finally:
        conn.execute("DROP TABLE IF EXISTS temp.facet_ids")


def most_cited(conn: sqlite3.Connection, top: int) -> list[tuple[str, int]]:
    """The ``top`` cable ids (stored or not) most stored cables cite, with how many."""
    rows = conn.execute(
        "SELECT ref_id, count(*) AS n FROM cable_refs GROUP BY ref_id ORDER BY n DESC, ref_id"
        " LIMIT ?",
        (top,),
    )
    return [(ref, n) for ref, n in rows]
