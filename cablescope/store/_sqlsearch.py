"""Search over the SQLite schema: filters to SQL, FTS5 ranking, snippets."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from cablescope.analysis.query import Query, class_matches, origin_matches
from cablescope.store.base import Hit, SearchResult

ID_WEIGHT = 10.0
SUBJECT_WEIGHT = 4.0
"""bm25 weights of the id and subject columns; the text column weighs 1.0."""

SNIPPET_TOKENS = 16
EXCERPT_CHARS = 200

_Params = list[object]


def excerpt(text: str, size: int = EXCERPT_CHARS) -> str:
    """The start of ``text`` with whitespace collapsed, cut at a word near ``size`` chars."""
    flat = " ".join(text[: size * 3].split())
    if len(flat) <= size:
        return flat
    cut = flat.rfind(" ", 0, size)
    return flat[: cut if cut > size // 2 else size] + "…"


def _placeholders(n: int) -> str:
    return ",".join("?" * n)


def _in(column: str, values: Sequence[str], negated: bool) -> tuple[str, _Params]:
    if not values:
        return ("1" if negated else "0"), []
    op = "NOT IN" if negated else "IN"
    clause = f"{column} {op} ({_placeholders(len(values))})"
    if negated:
        clause = f"({column} IS NULL OR {clause})"
    return clause, list(values)


def _resolved(
    conn: sqlite3.Connection, column: str, patterns: tuple[str, ...], negated: bool
) -> tuple[str, _Params]:
    """Match the few distinct values of ``column`` in Python, then filter with IN."""
    matches = origin_matches if column == "origin" else class_matches
    values = [
        v
        for (v,) in conn.execute(f"SELECT DISTINCT {column} FROM cables WHERE {column} NOT NULL")
        if any(matches(p, v) for p in patterns)
    ]
    return _in(f"c.{column}", values, negated)


_ENTITY_IN = (
    "c.id IN (SELECT cable_id FROM cable_entities WHERE type = ? AND name LIKE ? ESCAPE '\\')"
)


_REDACTED = "c.id IN (SELECT cable_id FROM cable_redactions)"
_SPANS = "(SELECT spans FROM cable_redactions WHERE cable_id = c.id)"
"""The number of redacted spans of cable ``c``, NULL for none."""


def _contains(name: str) -> str:
    """A LIKE pattern matching names that contain ``name`` literally."""
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def where(conn: sqlite3.Connection, q: Query) -> tuple[list[str], _Params]:
    """SQL conditions on ``cables c`` for the filters and exclusions of ``q``."""
    clauses: list[str] = []
    params: _Params = []

    def add(clause: str, values: _Params) -> None:
        clauses.append(clause)
        params.extend(values)

    if q.date_from is not None:
        add("c.date >= ?", [q.date_from])
    if q.date_before is not None:
        add("c.date < ?", [q.date_before])
    for column, patterns, negated in (
        ("origin", q.origins, False),
        ("origin", q.not_origins, True),
        ("marking", q.classes, False),
        ("marking", q.not_classes, True),
    ):
        if patterns:
            add(*_resolved(conn, column, patterns, negated))
    for tag in q.tags:
        add("c.id IN (SELECT cable_id FROM cable_tags WHERE code = ?)", [tag])
    if q.not_tags:
        codes = _placeholders(len(q.not_tags))
        add(f"c.id NOT IN (SELECT cable_id FROM cable_tags WHERE code IN ({codes}))", [*q.not_tags])
    if q.ids:
        add(*_in("c.id", q.ids, False))
    if q.not_ids:
        add(*_in("c.id", q.not_ids, True))
    for kind, name in q.entities:
        add(_ENTITY_IN, [kind, _contains(name)])
    for kind, name in q.not_entities:
        add("NOT " + _ENTITY_IN, [kind, _contains(name)])
    if q.redacted is not None:
        add(("" if q.redacted else "NOT ") + _REDACTED, [])
    if q.exclude is not None:
        add("c.rid NOT IN (SELECT rowid FROM cables_fts WHERE cables_fts MATCH ?)", [q.exclude])
    return clauses, params


FTS_JOIN = "cables_fts CROSS JOIN cables c ON c.rid = cables_fts.rowid"
"""The FROM clause that joins full-text matches to their cable rows."""


def selection(conn: sqlite3.Connection, q: Query) -> tuple[str, str, _Params]:
    """(FROM clause, WHERE condition, parameters) selecting, as ``c``, every cable that
    ``q`` matches: its words and its filters."""
    clauses, params = where(conn, q)
    if q.match is None:
        return "cables c", " AND ".join(clauses) or "1", params
    return FTS_JOIN, " AND ".join(["cables_fts MATCH ?", *clauses]), [q.match, *params]


def _snippet(conn: sqlite3.Connection, match: str, rid: int, markers: tuple[str, str]) -> str:
    row = conn.execute(
        "SELECT snippet(cables_fts, 2, ?, ?, '…', ?), snippet(cables_fts, 1, ?, ?, '…', ?)"
        " FROM cables_fts WHERE cables_fts MATCH ? AND rowid = ?",
        (*markers, SNIPPET_TOKENS, *markers, SNIPPET_TOKENS, match, rid),
    ).fetchone()
    if row is None:
        return ""
    text, subject = row
    chosen = subject if markers[0] not in text and markers[0] in subject else text
    return " ".join(chosen.split())


def run(
    conn: sqlite3.Connection, q: Query, limit: int, offset: int, markers: tuple[str, str]
) -> SearchResult:
    """Answer ``q``: ranked by bm25 when it has words to match, else newest first."""
    clauses, params = where(conn, q)
    limit, offset = max(limit, 0), max(offset, 0)
    hits: list[Hit] = []
    if q.match is not None:
        cond = " AND ".join(["cables_fts MATCH ?", *clauses])
        cond_params = [q.match, *params]
        if clauses:
            total = conn.execute(
                f"SELECT count(*) FROM {FTS_JOIN} WHERE {cond}", cond_params
            ).fetchone()[0]
        else:
            total = conn.execute(
                "SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ?", (q.match,)
            ).fetchone()[0]
        rows = conn.execute(
            "SELECT c.rid, c.id, c.date, c.origin, c.marking, c.subject,"
            f" bm25(cables_fts, {ID_WEIGHT}, {SUBJECT_WEIGHT}, 1.0) AS rank, {_SPANS}"
            f" FROM {FTS_JOIN} WHERE {cond} ORDER BY rank, c.id LIMIT ? OFFSET ?",
            [*cond_params, limit, offset],
        ).fetchall()
        for rid, cid, date, origin, mark, subject, rank, spans in rows:
            snippet = _snippet(conn, q.match, rid, markers)
            hits.append(Hit(cid, date, origin, mark, subject, snippet, -rank, spans or 0))
    else:
        cond = " AND ".join(clauses) or "1"
        total = conn.execute(f"SELECT count(*) FROM cables c WHERE {cond}", params).fetchone()[0]
        rows = conn.execute(
            "SELECT c.id, c.date, c.origin, c.marking, c.subject,"
            f" substr(c.text, 1, {EXCERPT_CHARS * 3}), {_SPANS} FROM cables c WHERE {cond}"
            " ORDER BY c.date DESC, c.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
        ).fetchall()
        for cid, date, origin, mark, subject, start, spans in rows:
            hits.append(Hit(cid, date, origin, mark, subject, excerpt(start), 0.0, spans or 0))
    return SearchResult(q, total, tuple(hits), limit, offset)
