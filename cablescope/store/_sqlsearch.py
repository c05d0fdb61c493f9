"""Search over the SQLite schema: the query tree compiled to SQL and FTS5, bm25 ranking,
snippets.

Each maximal subtree of words becomes one FTS5 MATCH expression; filters become
predicates on the ``cables`` columns and the index tables; And, Or and Not become SQL's.
Every predicate is true or false, never NULL, so NOT is the complement within the
stored cables. A query whose top level is a conjunction with words that match (the
common case) joins the full-text matches to their rows directly and ranks them by
bm25; any other query with words that match ranks by the bm25 of those words, 0 for
the cables that only its filters brought in.

A broad query is answered from a bounded set of candidates, as search engines do: when
its words match more than BROAD cables, bm25 ranks those of the matches whose id or
subject holds the words (the strongest, at most BROAD/2 of them) and an even sample of
about BROAD/2 of the rest (every k-th stored row); when a query matches more than FACET_SAMPLE cables, its
facets count an even sample of them and scale the counts. The total stays exact: counting
the full-text matches is cheap, ranking and joining them is not.
Sorted by date, a broad query walks the date index and keeps the rows that match.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from cablescope.query import And, Node, Not, Or, Query, Term, literal, words_only
from cablescope.store._compile import Compiler, Params
from cablescope.store._sqlwrite import chunks, marks
from cablescope.store.base import Hit, SearchResult

ID_WEIGHT = 10.0
SUBJECT_WEIGHT = 4.0
"""bm25 weights of the id and subject columns; the text column weighs 1.0."""

SNIPPET_TOKENS = 16
EXCERPT_CHARS = 200

BM25 = f"bm25(cables_fts, {ID_WEIGHT}, {SUBJECT_WEIGHT}, 1.0)"
FTS_JOIN = "cables_fts CROSS JOIN cables c ON c.rid = cables_fts.rowid"
"""The FROM clause that joins full-text matches to their cable rows."""

BROAD = 4_000
"""How many full-text matches are ranked before a query counts as broad; see the module's
docstring."""
FILTERED = 50_000
"""How many full-text matches a query with other conditions may have for the facets to
collect every cable that passes them in the pass that counts them (above it, the count comes
first and the pass collects a sample)."""
FACET_SAMPLE = 5_000
"""How many matching cables facets count before they count a sample."""

_FTS_IN = "c.rid IN (SELECT rowid FROM cables_fts WHERE cables_fts MATCH ?)"
_SPANS = "(SELECT spans FROM cable_redactions WHERE cable_id = c.id)"
"""The number of redacted spans of cable ``c``, NULL for none."""


def excerpt(text: str, size: int = EXCERPT_CHARS) -> str:
    """The start of ``text`` with whitespace collapsed, cut at a word near ``size`` chars."""
    flat = " ".join(text[: size * 3].split())
    if len(flat) <= size:
        return flat
    cut = flat.rfind(" ", 0, size)
    return flat[: cut if cut > size // 2 else size] + "…"


def _quote(term: Term) -> str:
    body = '"' + literal(term).text.replace('"', '""') + '"'
    if term.prefix:
        body += " *"
    if term.column:
        body = f"{term.column} : {body}"
    return body


def fts_form(node: Node) -> tuple[bool, str]:
    """A subtree of words as an FTS5 expression: (False, e) matches e, (True, e) every row
    but e.

    FTS5 has only a binary ``a NOT b``, so a negation is carried up until it can
    subtract from something: ``x -y`` is ``x NOT y``, ``x OR -y`` is all but
    ``y NOT x``, and one that stays negated is left to SQL.
    """
    if isinstance(node, Term):
        return False, _quote(node)
    if isinstance(node, Not):
        negated, expr = fts_form(node.item)
        return not negated, expr
    if not isinstance(node, And | Or):
        raise TypeError(f"not a subtree of words: {node!r}")
    forms = [fts_form(item) for item in node.items]
    plain = [expr for negated, expr in forms if not negated]
    inverted = [expr for negated, expr in forms if negated]
    if isinstance(node, And):
        if not plain:
            return True, _join(inverted, "OR")
        both = _join(plain, "AND")
        return False, f"({both} NOT {_join(inverted, 'OR')})" if inverted else both
    if not inverted:
        return False, _join(plain, "OR")
    either = _join(inverted, "AND")
    return True, f"({either} NOT {_join(plain, 'OR')})" if plain else either


def _join(parts: list[str], op: str) -> str:
    if len(parts) == 1:
        return parts[0]
    return "(" + f" {op} ".join(parts) + ")"


def highlight(q: Query) -> str | None:
    """The FTS5 expression of the terms that count for a match (for bm25 and snippets)."""
    found = q.positive_terms()
    return _join([_quote(t) for t in found], "OR") if found else None


class _Compiler(Compiler):
    """Words as one FTS5 MATCH, sets of values as IN."""

    def __init__(self, conn: sqlite3.Connection, walk: bool = False) -> None:
        super().__init__(conn)
        self.walk = walk

    def words(self, node: Node) -> str:
        negated, expr = fts_form(node)
        self.params.append(expr)
        # A unary + keeps SQLite from driving the query by the matches' rowids, so that it
        # walks an index in the order asked for instead.
        found = "+" + _FTS_IN if self.walk else _FTS_IN
        return f"NOT {found}" if negated else found

    def among(self, column: str, values: list[str]) -> str:
        self.params.extend(values)
        return f"c.{column} IN ({','.join('?' * len(values))})"


@dataclass(frozen=True, slots=True)
class Plan:
    """How to select and order the cables a query matches, as ``c``.

    ``source``, ``cond`` and ``params`` select them (FROM, WHERE and their parameters).
    ``ranked_source`` (with ``ranked_params`` before ``params``) is the FROM clause that
    makes ``rank`` (bm25, lower is better) available; ``rank`` is None for a query
    without words that match, whose hits come newest first. ``highlight`` is the FTS5
    expression that snippets mark.
    """

    source: str
    cond: str
    params: Params
    rank: str | None = None
    ranked_source: str = "cables c"
    ranked_params: Params | None = None
    highlight: str | None = None
    words_only: bool = False
    words: str | None = None

    def fts_matches(self, conn: sqlite3.Connection) -> int | None:
        """How many rows the plan's full-text expression matches, when it drives the join."""
        return None if self.words is None else fts_count(conn, self.words)

    def candidates(self, matches: int | None) -> tuple[str, Params]:
        """The condition and its parameters that select what is ranked, given the
        ``fts_matches``: bounded (see the module's docstring) above BROAD matches."""
        bound = BROAD
        if self.words is None or matches is None or matches <= bound:
            return self.cond, self.params
        strong = f"{{id subject}} : ({self.words})"
        cond = (
            f"{self.cond} AND (cables_fts.rowid % ? = 0 OR cables_fts.rowid IN"
            " (SELECT rowid FROM cables_fts WHERE cables_fts MATCH ? LIMIT ?))"
        )
        step, strongest = sampled(matches)
        return cond, [*self.params, step, strong, strongest]


def sampled(matches: int) -> tuple[int, int]:
    """(k, n) for a broad query of ``matches`` full-text matches: rank every k-th stored
    row of them and at most n of the strongest, about BROAD candidates in all (bm25 costs
    about 8 µs a row at 37×, most of a broad query's time)."""
    half = max(BROAD // 2, 1)
    return -(-matches // half), half


def fts_count(conn: sqlite3.Connection, expr: str) -> int:
    """How many rows the FTS5 expression ``expr`` matches."""
    sql = "SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ?"
    return int(conn.execute(sql, [expr]).fetchone()[0])


def plan(conn: sqlite3.Connection, q: Query, walk: bool = False) -> Plan:
    """The Plan for ``q``; with ``walk``, one whose words never drive the join, for
    orders an index serves."""
    if q.root is None:
        return Plan("cables c", "1", [])
    mark = highlight(q)
    compiler = _Compiler(conn, walk)
    conjuncts = q.conjuncts()
    words = [item for item in conjuncts if words_only(item)]
    if words and not walk:
        negated, expr = fts_form(words[0] if len(words) == 1 else And(tuple(words)))
        if not negated:
            # The fast path: the full-text matches drive the join, ranked by their bm25.
            rest = [compiler.condition(item) for item in conjuncts if not words_only(item)]
            cond = " AND ".join(["cables_fts MATCH ?", *rest])
            params = [expr, *compiler.params]
            return Plan(FTS_JOIN, cond, params, BM25, FTS_JOIN, [], mark, not rest, expr)
    cond = compiler.condition(q.root)
    if mark is None:
        return Plan("cables c", cond, compiler.params)
    ranked = (
        f"cables c LEFT JOIN (SELECT rowid AS rid, {BM25} AS rank FROM cables_fts"
        " WHERE cables_fts MATCH ?) r ON r.rid = c.rid"
    )
    return Plan("cables c", cond, compiler.params, "coalesce(r.rank, 0.0)", ranked, [mark], mark)


def selection(conn: sqlite3.Connection, q: Query) -> tuple[str, str, Params]:
    """(FROM clause, WHERE condition, parameters) selecting, as ``c``, every cable that
    ``q`` matches."""
    found = plan(conn, q)
    return found.source, found.cond, found.params


def total(conn: sqlite3.Connection, found: Plan, matches: int | None = None) -> int:
    """How many cables the plan selects; ``matches``, its ``fts_matches`` when known."""
    if found.words_only and found.words is not None:
        return matches if matches is not None else fts_count(conn, found.words)
    sql = f"SELECT count(*) FROM {found.source} WHERE {found.cond}"
    return int(conn.execute(sql, found.params).fetchone()[0])


_SNIPPETS = "snippet(cables_fts, 2, ?, ?, '…', ?), snippet(cables_fts, 1, ?, ?, '…', ?)"


def marked(
    conn: sqlite3.Connection, match: str | None, rids: list[int], markers: tuple[str, str]
) -> dict[int, tuple[str, str]]:
    """The best fragments (of the text and of the subject) of the rows ``rids`` that
    ``match`` matches, with its matches marked.

    Each expansion of a prefix term reads every word it covers, so a query with one reads
    the fragments of all rows at once: it walks the matches between the least and the
    greatest of ``rids``. Other queries look each row up."""
    if match is None or not rids:
        return {}
    fragments = (*markers, SNIPPET_TOKENS, *markers, SNIPPET_TOKENS)
    if " *" not in match:
        sql = f"SELECT {_SNIPPETS} FROM cables_fts WHERE cables_fts MATCH ? AND rowid = ?"
        found = {}
        for rid in rids:
            row = conn.execute(sql, (*fragments, match, rid)).fetchone()
            if row is not None:
                found[rid] = (row[0], row[1])
        return found
    rows = conn.execute(
        f"SELECT rowid, {_SNIPPETS} FROM cables_fts WHERE cables_fts MATCH ?"
        f" AND rowid BETWEEN ? AND ? AND +rowid IN ({','.join('?' * len(rids))})",
        (*fragments, match, min(rids), max(rids), *rids),
    )
    return {rid: (text, subject) for rid, text, subject in rows}


def snippet(
    conn: sqlite3.Connection,
    fragments: tuple[str, str] | None,
    rid: int,
    start: str | None,
    markers: tuple[str, str],
) -> str:
    """The best of the ``fragments`` of row ``rid`` (from ``marked``); without them, the
    excerpt of ``start``, the beginning of its text (read here when None)."""
    if fragments is None:
        if start is None:
            row = conn.execute(f"SELECT {START} FROM cables c WHERE rid = ?", (rid,)).fetchone()
            start = row[0] if row else ""
        return excerpt(start or "")
    text, subject = fragments
    chosen = subject if markers[0] not in text and markers[0] in subject else text
    return " ".join(chosen.split())


START = f"substr(c.text, 1, {EXCERPT_CHARS * 3})"
"""The beginning of the text of cable ``c``, enough for an excerpt."""


COLUMNS = f"c.rid, c.id, c.date, c.origin, c.marking, c.subject, {_SPANS}"
"""What a hit is made of, before its rank and the start of its text (see ``hits``)."""


def every_ranked(
    conn: sqlite3.Connection, found: Plan, matches: int | None
) -> list[tuple[float, str, int]] | None:
    """(rank, id, rid) of every cable the plan selects, in the order of its pages, when
    its words drive the join but its other conditions keep only some of their at most
    BROAD matches (all of which are ranked): the one pass that ranks them counts them too,
    where counting alone would read every match's row again. None for other plans."""
    if found.rank is None or found.words_only or matches is None or matches > BROAD:
        return None
    rows: list[tuple[float, str, int]] = conn.execute(
        f"SELECT {found.rank}, c.id, c.rid FROM {found.ranked_source} WHERE {found.cond}",
        [*(found.ranked_params or []), *found.params],
    ).fetchall()
    rows.sort()
    return rows


def rows_of(conn: sqlite3.Connection, ranked: list[tuple[float, str, int]]) -> list[Any]:
    """The rows ``hits`` reads of the (rank, id, rid) ``ranked``, in their order."""
    found: dict[int, tuple[Any, ...]] = {}
    for rids in chunks([rid for _, _, rid in ranked]):
        sql = f"SELECT {COLUMNS} FROM cables c WHERE c.rid IN ({marks(rids)})"
        found.update((row[0], row) for row in conn.execute(sql, rids))
    return [(*found[rid], rank, None) for rank, _, rid in ranked if rid in found]


def run(
    conn: sqlite3.Connection, q: Query, limit: int, offset: int, markers: tuple[str, str]
) -> SearchResult:
    """Answer ``q``: ranked by bm25 when it has words that match, else newest first."""
    found = plan(conn, q)
    limit, offset = max(limit, 0), max(offset, 0)
    matches = found.fts_matches(conn)
    every = every_ranked(conn, found, matches)
    if every is not None:
        rows = rows_of(conn, every[offset : offset + limit])
        return SearchResult(q, len(every), hits(conn, found, rows, markers), limit, offset)
    if found.rank is not None:
        cond, params = found.candidates(matches)
        rows = conn.execute(
            f"SELECT {COLUMNS}, {found.rank} AS rank, NULL FROM {found.ranked_source}"
            f" WHERE {cond} ORDER BY rank, c.id LIMIT ? OFFSET ?",
            [*(found.ranked_params or []), *params, limit, offset],
        ).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {COLUMNS}, 0.0, {START} FROM {found.source} WHERE {found.cond}"
            " ORDER BY c.date DESC, c.id DESC LIMIT ? OFFSET ?",
            [*found.params, limit, offset],
        ).fetchall()
    count = total(conn, found, matches)
    return SearchResult(q, count, hits(conn, found, rows, markers), limit, offset)


def hits(
    conn: sqlite3.Connection, found: Plan, rows: list[Any], markers: tuple[str, str]
) -> tuple[Hit, ...]:
    """The hits of rows (rid, id, date, origin, marking, subject, spans, rank, start)."""
    fragments = marked(conn, found.highlight, [row[0] for row in rows], markers)
    return tuple(
        Hit(
            cid,
            date,
            origin,
            mark,
            subject,
            snippet(conn, fragments.get(rid), rid, start, markers),
            -rank if rank else 0.0,
            spans or 0,
        )
        for rid, cid, date, origin, mark, subject, spans, rank, start in rows
    )
