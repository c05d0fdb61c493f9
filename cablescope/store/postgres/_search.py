"""Search over the PostgreSQL schema: the query tree compiled to SQL and tsquery,
``ts_rank_cd`` ranking, ``ts_headline`` snippets.

Each maximal subtree of words becomes one tsquery matched against ``cables.words`` (the
GIN index answers it); filters become predicates on the ``cables`` columns and the index
tables; And, Or and Not become SQL's. Every predicate is true or false, never NULL, so NOT
is the complement within the stored cables. Hits of a query with words that match rank by
``ts_rank_cd`` of those words (id, subject and text weigh 10, 4 and 1, as in SQLite's
bm25; 0 for the cables only a filter brought in), ties by id; without such words they
come newest first, ties by id descending.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from cablescope.query import And, Node, Query, words_only
from cablescope.store import _sqlsearch
from cablescope.store._compile import Compiler, Params, by_date
from cablescope.store._sqlsearch import EXCERPT_CHARS, SNIPPET_TOKENS, excerpt
from cablescope.store.base import Hit, SearchResult, SortKey
from cablescope.store.postgres._schema import STRONG
from cablescope.store.postgres._words import WEIGHTS, highlight, tsquery
from cablescope.store.postgres._write import Conn

SPANS = "coalesce((SELECT spans FROM cable_redactions WHERE cable_id = c.id), 0)"
"""The number of redacted spans of cable ``c``."""

START = f"substr(c.text, 1, {EXCERPT_CHARS * 3})"
"""The beginning of the text of cable ``c``, enough for an excerpt."""

HEAD_CHARS = 3000
"""Snippets look for matched words in this much of the start of a text before the rest."""

_COLUMNS = f"c.rid, c.id, c.date, c.origin, c.marking, c.subject, {SPANS}"


class _Compiler(Compiler):
    """Words as one tsquery on ``cables.words``, sets of values as ANY of an array."""

    MARK = "%s"
    NEVER = "FALSE"

    def words(self, node: Node) -> str:
        self.params.append(tsquery(node))
        return "c.words @@ %s::tsquery"

    def among(self, column: str, values: list[str]) -> str:
        self.params.append(values)
        return f"c.{column} = ANY(%s)"


WINDOWS = 16
"""How many stretches of the archive a sample of a broad query's matches is taken from."""


def spread(conn: Conn, matches: int, wanted: int, windows: int = WINDOWS) -> tuple[str, Params]:
    """A condition on ``c.rid`` that keeps about ``wanted`` of ``matches`` cables, evenly:
    ``windows`` ranges of rids at equal intervals, together ``wanted / matches`` of all rids.
    Rids follow the order cables were written, so each range is a stretch of the archive
    the primary key reads directly, where a test of every rid (``rid % k``) visits the
    row of every match: 245,828 rows, 360 MB, for ``the`` at 37x."""
    row = conn.execute("SELECT min(rid), max(rid) FROM cables").fetchone()
    low, high = (int(row[0]), int(row[1])) if row and row[0] is not None else (0, 0)
    span = high - low + 1
    width = max(1, -(-span * wanted // (max(matches, 1) * windows)))
    starts = [low + span * i // windows for i in range(windows)]
    params: Params = [bound for start in starts for bound in (start, start + width - 1)]
    return "(" + " OR ".join(["c.rid BETWEEN %s AND %s"] * windows) + ")", params


Matched = tuple[int, bool]
"""How many cables match, and whether that is exact (else about)."""

EXACT = 50_000
"""How many matches a query of words is counted exactly up to: visiting the row of each
takes about 1.2 ms a thousand at 37x."""

EXACT_CHECKED = 2_000
"""The same for a phrase or a subject-only term, whose every candidate's positions or
weights are read out of its 10 KB tsvector (about 80 µs each at 37x)."""

PROBE = 16
"""A phrase's matches are first counted in 1/PROBE of the archive (see ``estimate``)..."""

PROBE_WINDOWS = 256
"""... in this many stretches, short enough that cables on one subject written together
(a post's run of cables on a case) weigh in the count as they do in the archive."""

_CHECKED = re.compile(r"<\d*-?>|:[A-D*]*[A-D]")
"""What makes PostgreSQL read a candidate's positions or weights: a phrase, a weight."""

_LEXEME = re.compile(r"'(?:[^'\\]|\\.)+'")
"""A tsquery of one word, neither prefix nor phrase nor weighted."""


def _about(n: float) -> int:
    return int(float(f"{n:.3g}"))


def planned(conn: Conn, words: str) -> int:
    """How many cables PostgreSQL's statistics say match ``words``: for one word, the
    share ANALYZE found for it among the most common words of the index (``the``: 245,836
    for 245,828 at 37x, ``nuclear`` 34,172 for 33,966)."""
    row = conn.execute(
        "EXPLAIN (FORMAT JSON) SELECT 1 FROM cables c WHERE c.words @@ %s::tsquery", [words]
    ).fetchone()
    plans = row[0] if row else []
    return int(plans[0]["Plan"]["Plan Rows"]) if plans else 0


def estimate(conn: Conn, words: str) -> Matched:
    """How many cables match the tsquery ``words``, counted exactly up to EXACT (a phrase
    or a weight: EXACT_CHECKED), and above, about how many (three significant figures), as
    search engines count a broad query: for one word, as PostgreSQL's statistics have it
    (``planned``); for a phrase or a weight, from the matches in 1/PROBE of the archive
    (``spread``, PROBE_WINDOWS stretches), whose candidates the words index narrows;
    others (several words, a prefix) are always counted, each match's row read once."""
    if _LEXEME.fullmatch(words):
        planned_rows = planned(conn, words)
        if planned_rows > EXACT:
            return _about(planned_rows), False
    elif _CHECKED.search(words):
        ranges, bounds = spread(conn, PROBE, 1, PROBE_WINDOWS)
        row = conn.execute("SELECT max(rid) - min(rid) + 1 FROM cables").fetchone()
        span = int(row[0]) if row and row[0] is not None else 0
        covered = sum(int(str(b)) - int(str(a)) + 1 for a, b in zip(bounds[::2], bounds[1::2]))
        if 0 < covered < span:
            seen = counted(conn, f"c.words @@ %s::tsquery AND {ranges}", [words, *bounds])
            if seen * span / covered > EXACT_CHECKED:
                return _about(seen * span / covered), False
    return counted(conn, "words @@ %s::tsquery", [words]), True


class Counts:
    """How many cables a tsquery matches, remembered per snapshot of the database: two
    statements that see the same snapshot (no transaction committed or begun to write
    between them) see the same rows, so the search and the facets of one request count a
    broad query's matches once (about 360 ms for ``the`` at 37x) and pages after the
    first count them not at all. A transaction that has written sees its own writes under
    an unchanged snapshot, so its counts are never remembered."""

    SIZE = 256

    def __init__(self) -> None:
        self._known: dict[tuple[str, str], Matched] = {}
        self._lock = threading.Lock()

    def get(self, conn: Conn, words: str) -> Matched:
        """How many cables match ``words`` now (``estimate``)."""
        row = conn.execute(
            "SELECT pg_current_snapshot()::text, pg_current_xact_id_if_assigned()"
        ).fetchone()
        if row is None or row[1] is not None:
            return estimate(conn, words)
        key = (str(row[0]), words)
        with self._lock:
            found = self._known.get(key)
        if found is None:
            found = estimate(conn, words)
        with self._lock:
            self._known.pop(key, None)
            self._known[key] = found
            while len(self._known) > self.SIZE:
                del self._known[next(iter(self._known))]
        return found


@dataclass(frozen=True, slots=True)
class Plan:
    """How to select and rank the cables a query matches, as ``c``: WHERE ``cond`` with
    ``params``; ``rank`` (with ``highlight`` as its one parameter) is the score, None for
    a query without words that match; ``highlight`` is also what snippets mark.
    ``words`` is the tsquery every match must match (the query's words at its top level),
    and ``words_only`` whether the query is nothing else: what bounds a broad query (see
    ``candidates``)."""

    cond: str
    params: Params
    rank: str | None = None
    highlight: str | None = None
    words: str | None = None
    words_only: bool = False

    def matches(self, conn: Conn, counts: Counts | None = None) -> Matched | None:
        """How many cables match ``words`` (None without them), exactly or about
        (``estimate``)."""
        if self.words is None:
            return None
        if counts is not None:
            return counts.get(conn, self.words)
        return estimate(conn, self.words)

    def candidates(self, conn: Conn, matches: int | None) -> tuple[str, Params]:
        """The condition and its parameters that select what is ranked, given the
        ``matches``: above BROAD, the matches whose id or subject holds the words (at most
        BROAD/2, through ``cables_strong``) and about BROAD/2 others spread over the archive
        (``spread``), as SQLite's store bounds them (``_sqlsearch.sampled``)."""
        if self.words is None or matches is None or matches <= _sqlsearch.BROAD:
            return self.cond, self.params
        _, strongest = _sqlsearch.sampled(matches)
        ranges, bounds = spread(conn, matches, strongest)
        pool = (
            f"SELECT c.rid FROM cables c WHERE c.words @@ %s::tsquery AND {ranges} UNION"
            f" (SELECT c.rid FROM cables c WHERE {STRONG} @@ %s::tsquery LIMIT %s)"
        )
        cond = f"c.rid IN ({pool}) AND {self.cond}"
        return cond, [self.words, *bounds, self.words, strongest, *self.params]


def plan(conn: Conn, q: Query) -> Plan:
    """The Plan for ``q``."""
    if q.root is None:
        return Plan("TRUE", [])
    cond = _Compiler(conn)
    where = cond.condition(q.root)
    mark = highlight(q.positive_terms())
    if mark is None:
        return Plan(where, cond.params)
    rank = f"ts_rank_cd('{WEIGHTS}', c.words, %s::tsquery, 1)::float8"
    conjuncts = q.conjuncts()
    top = [item for item in conjuncts if words_only(item)]
    if not top:
        return Plan(where, cond.params, rank, mark)
    node = top[0] if len(top) == 1 else And(tuple(top))
    words = tsquery(node)
    if words.startswith("!"):
        return Plan(where, cond.params, rank, mark)
    alone = len(top) == len(conjuncts)
    return Plan(where, cond.params, rank, mark, words, alone)


@contextmanager
def indexed(conn: Conn) -> Iterator[None]:
    """Around statements that select the matches of words: the planner reads a common
    word's matches with a sequential scan, as it does not know that testing each row means
    taking its tsvector out of TOAST (540 ms to count `the` at 10×, against 26 ms through the
    words index, which needs no row's tsvector for an unweighted word)."""
    with conn.transaction():
        conn.execute("SET LOCAL enable_seqscan = off")
        yield
        # Inside a caller's transaction SET LOCAL would last until its end.
        conn.execute("RESET enable_seqscan")


def counted(conn: Conn, cond: str, params: Params) -> int:
    """How many cables ``c`` meet ``cond``."""
    with indexed(conn):
        row = conn.execute(f"SELECT count(*) FROM cables c WHERE {cond}", params).fetchone()
    return int(row[0]) if row else 0


def total(conn: Conn, found: Plan, matches: Matched | None = None) -> Matched:
    """How many cables the plan selects, and whether exactly; ``matches``, its ``matches``
    when known."""
    if found.words_only and matches is not None:
        return matches
    return counted(conn, found.cond, found.params), True


def _options(markers: tuple[str, str]) -> str:
    start, stop = (m.replace('"', "") for m in markers)
    return (
        f'StartSel="{start}", StopSel="{stop}", MaxWords={SNIPPET_TOKENS},'
        f" MinWords={SNIPPET_TOKENS // 2}, ShortWord=0"
    )


def snippets(
    conn: Conn, match: str | None, rids: list[int], markers: tuple[str, str]
) -> dict[int, str]:
    """The best fragment of each row with the words of ``match`` marked (of the subject
    when only it has them); else the excerpt of the start of its text."""
    found: dict[int, str] = {}
    if match is not None and rids:
        options = _options(markers)
        # Most cables show a matched word early: their start is parsed first, cheaply.
        for head, subject, wanted in (
            (f"left(text, {HEAD_CHARS})", "''", rids),
            ("text", "subject", None),
        ):
            todo = wanted if wanted is not None else [r for r in rids if r not in found]
            if not todo:
                break
            rows = conn.execute(
                f"SELECT rid, ts_headline('cablescope_fold', {head}, q, %s),"
                f" ts_headline('cablescope_fold', coalesce({subject}, ''), q, %s)"
                " FROM cables, CAST(%s AS tsquery) AS q WHERE rid = ANY(%s)",
                (options, options, match, todo),
            ).fetchall()
            for rid, text, subj in rows:
                if markers[0] in text:
                    found[rid] = " ".join(text.split())
                elif markers[0] in subj:
                    found[rid] = " ".join(subj.split())
    missing = [rid for rid in rids if rid not in found]
    if missing:
        rows = conn.execute(
            f"SELECT c.rid, {START} FROM cables c WHERE c.rid = ANY(%s)", (missing,)
        ).fetchall()
        found.update((rid, excerpt(start or "")) for rid, start in rows)
    return found


def _hits(
    conn: Conn, found: Plan, rows: list[tuple[object, ...]], markers: tuple[str, str]
) -> tuple[Hit, ...]:
    rids = [int(str(row[0])) for row in rows]
    marked = snippets(conn, found.highlight, rids, markers)
    return tuple(
        Hit(
            str(cid),
            None if date is None else str(date),
            None if origin is None else str(origin),
            None if mark is None else str(mark),
            None if subject is None else str(subject),
            marked.get(int(str(rid)), ""),
            float(str(rank)),
            int(str(spans)),
        )
        for rid, cid, date, origin, mark, subject, spans, rank in rows
    )


def run(
    conn: Conn,
    q: Query,
    limit: int,
    offset: int,
    markers: tuple[str, str],
    counts: Counts | None = None,
) -> SearchResult:
    """Answer ``q``: ranked when it has words that match, else newest first."""
    found = plan(conn, q)
    limit, offset = max(limit, 0), max(offset, 0)
    matched = found.matches(conn, counts)
    matches = None if matched is None else matched[0]
    if found.rank is not None:
        cond, params = found.candidates(conn, matches)
        with indexed(conn):
            rows = conn.execute(
                f"SELECT {_COLUMNS}, {found.rank} AS rank FROM cables c WHERE {cond}"
                " ORDER BY rank DESC, c.id LIMIT %s OFFSET %s",
                [found.highlight, *params, limit, offset],
            ).fetchall()
    else:
        rows = conn.execute(
            f"SELECT {_COLUMNS}, 0.0 FROM cables c WHERE {found.cond}"
            " ORDER BY c.date DESC NULLS LAST, c.id DESC LIMIT %s OFFSET %s",
            [*found.params, limit, offset],
        ).fetchall()
    count, exact = total(conn, found, matched)
    return SearchResult(q, count, _hits(conn, found, rows, markers), limit, offset, exact)


def page(
    conn: Conn,
    q: Query,
    limit: int,
    sort: str,
    after: SortKey | None,
    markers: tuple[str, str],
    counts: Counts | None = None,
) -> SearchResult:
    """The ``limit`` hits for ``q`` in ``sort`` order that come after the key ``after``."""
    found = plan(conn, q)
    limit = max(limit, 0)
    matched = found.matches(conn, counts)
    matches = None if matched is None else matched[0]
    if found.rank is not None and sort == "relevance":
        cond, params = found.candidates(conn, matches)
        outer, outer_params = "TRUE", []
        if after is not None:
            rank, last = float(after[0]), after[1]
            outer, outer_params = "(rank < %s OR (rank = %s AND id > %s))", [rank, rank, last]
        with indexed(conn):
            rows = conn.execute(
                f"SELECT * FROM (SELECT {_COLUMNS}, {found.rank} AS rank FROM cables c"
                f" WHERE {cond}) AS hits WHERE {outer} ORDER BY rank DESC, id LIMIT %s",
                [found.highlight, *params, *outer_params, limit],
            ).fetchall()
    else:
        cond, params, order = by_date(found.cond, found.params, sort, after, "%s")
        rows = conn.execute(
            f"SELECT {_COLUMNS}, 0.0 FROM cables c WHERE {cond} ORDER BY {order} LIMIT %s",
            [*params, limit],
        ).fetchall()
    count, exact = total(conn, found, matched)
    return SearchResult(q, count, _hits(conn, found, rows, markers), limit, 0, exact)
