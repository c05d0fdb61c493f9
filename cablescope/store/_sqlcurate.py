"""Curation in place in the SQL stores (``EntityCuration``): the entities a judgement
concerns, read with what they are computed from, and a Patch written with the summaries kept
of them. The same SQL for SQLite and PostgreSQL, which differ only in the parameter mark;
each function runs inside the caller's transaction and error handling."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from bisect import bisect_left
from itertools import accumulate, islice
from typing import Any, TypeVar

from cablescope.model.basis import Draft, Member, Named, Patch, Placed, Staged, Tally, Totals
from cablescope.store import _rows
from cablescope.store._sqlaliases import Conn

_T = TypeVar("_T")

TMP = "="
"""Prefix of a cluster label standing for its entity's id while ids change (no id has it)."""

CHUNK = 500
"""Most values bound into one ``IN (...)`` list."""

_DRAFT = "SELECT id, label, base, key, name, type, mentions FROM entities"
_ASSIGNED = "coalesce(assigned_method, method)"
_ASSIGNED_CONFIDENCE = "coalesce(assigned_confidence, confidence)"
_DATED = "(SELECT c.date FROM cables c WHERE c.id = entity_mentions.cable_id)"
"""The date of the cable of a group of links (``entity_cables.date``)."""


def _chunks(values: Iterable[_T]) -> Iterator[list[_T]]:
    items = list(dict.fromkeys(values))
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _in(mark: str, values: Sequence[object]) -> str:
    return ", ".join([mark] * len(values))


def _values(conn: Conn, mark: str, into: str, rows: Sequence[Sequence[object]]) -> None:
    """Insert ``rows`` into ``into`` (``table (columns)``), many rows a statement: PostgreSQL
    pays a round trip for each, and a patch writes thousands."""
    if not rows:
        return
    row = f"({_in(mark, rows[0])})"
    for part in batched(rows, max(1, CHUNK // len(rows[0]))):
        conn.execute(
            f"INSERT INTO {into} VALUES {', '.join([row] * len(part))}",
            [value for r in part for value in r],
        )


def _draft(row: Sequence[Any]) -> Draft:
    eid, label, base, key, name, kind, mentions = row
    return Draft(str(eid), str(label), str(base), str(key), str(name), str(kind), int(mentions))


def names(conn: Conn, mark: str) -> tuple[Named, ...] | None:
    """The names curation gave clusters, or None when the entities were saved without
    their basis."""
    basis = list(conn.execute(f"SELECT value FROM store_meta WHERE key = {mark}", ["basis"]))
    if not basis or not int(basis[0][0]):
        return None
    rows = conn.execute("SELECT label, key, name FROM entity_names ORDER BY n", [])
    return tuple(Named(str(label), str(key), str(name)) for label, key, name in rows)


def totals(conn: Conn, mark: str) -> Totals:
    """The counts of ``EntityCuration.entity_totals``."""
    meta = {str(k): int(v) for k, v in conn.execute(
        f"SELECT key, value FROM store_meta WHERE key IN ({mark}, {mark})", ["applied", "skipped"]
    )}  # fmt: skip
    ((entities, mentions, cables),) = list(
        conn.execute(
            "SELECT (SELECT count(*) FROM entities), (SELECT count(*) FROM entity_mentions),"
            " (SELECT count(DISTINCT cable_id) FROM entity_cables)",
            [],
        )
    )
    return Totals(
        int(entities), int(mentions), int(cables), meta.get("applied", 0), meta.get("skipped", 0)
    )


def drafts(conn: Conn, mark: str, labels: Iterable[str], root: str | None) -> list[Draft]:
    """The drafts of ``EntityCuration.entity_drafts``."""
    found = {str(row[0]): _draft(row) for row in among(conn, mark, _DRAFT, "label", labels)}
    if root is not None:
        # The bases that start with root and "-" sort from root + "-" to before root + ".".
        rows = conn.execute(
            f"{_DRAFT} WHERE base = {mark} OR (base >= {mark} AND base < {mark})",
            [root, root + "-", root + "."],
        )
        found.update((str(row[0]), _draft(row)) for row in rows)
    return [found[eid] for eid in sorted(found)]


def keyed(conn: Conn, mark: str, key: str) -> list[tuple[Draft, int]]:
    """The drafts of ``EntityCuration.keyed_drafts``."""
    rows = conn.execute(
        "SELECT e.id, e.label, e.base, e.key, e.name, e.type, e.mentions, (SELECT"
        f" coalesce(sum(a.count), 0) FROM entity_aliases a WHERE a.entity_id = e.id AND a.key = {mark})"
        f" FROM entities e WHERE e.id IN (SELECT id FROM entities WHERE key = {mark}"
        f" UNION SELECT entity_id FROM entity_aliases WHERE key = {mark}) ORDER BY e.id",
        [key, key, key],
    )
    return [(_draft(row[:7]), int(row[7])) for row in rows]


def _based(conn: Conn, mark: str, by: str, ids: Iterable[str]) -> Iterator[list[Any]]:
    """The links whose ``by`` (``entity_id`` or ``cable_id``) is one of ``ids``: that value,
    then the fields of a Staged link (its basis and its entity's cluster label)."""
    for chunk in _chunks(ids):
        # The columns come as their types (text, integer, real) from either engine.
        rows = [list(row) for row in conn.execute(
            f'SELECT {by}, cable_id, start, "end", type, surface, key, {_ASSIGNED_CONFIDENCE},'
            f" {_ASSIGNED}, entity_id FROM entity_mentions WHERE {by} IN ({_in(mark, chunk)})",
            chunk,
        )]  # fmt: skip
        # The labels read apart: joined to every link, the entities' index is probed per link.
        labels = _labels(conn, mark, {row[-1] for row in rows})
        for row in rows:
            if (label := labels.get(row[-1])) is not None:
                row[-1] = label
                yield row


def _labels(conn: Conn, mark: str, entity_ids: Iterable[str]) -> dict[str, str]:
    """The cluster label of each of ``entity_ids``."""
    rows = among(conn, mark, "SELECT id, label FROM entities", "id", entity_ids)
    return {str(eid): str(label) for eid, label in rows}


def among(
    conn: Conn, mark: str, select: str, column: str, values: Iterable[object]
) -> Iterator[Sequence[Any]]:
    """The rows of ``select`` (no WHERE) whose ``column`` is one of ``values``."""
    for chunk in _chunks(values):
        yield from conn.execute(f"{select} WHERE {column} IN ({_in(mark, chunk)})", chunk)


def members(conn: Conn, mark: str, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
    """The links of ``EntityCuration.entity_members``."""
    found: dict[str, list[Member]] = {}
    for eid, *row in _based(conn, mark, "entity_id", entity_ids):
        found.setdefault(eid, []).append(Member(*row[:-1]))
    for links in found.values():
        links.sort(key=lambda m: (m.cable_id, m.start, m.end))
    return found


def cable_members(conn: Conn, mark: str, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
    """The links of ``EntityCuration.cable_members``."""
    found: dict[str, list[Staged]] = {}
    for cable_id, *row in _based(conn, mark, "cable_id", cable_ids):
        found.setdefault(cable_id, []).append(Staged(*row))
    for links in found.values():
        links.sort(key=lambda m: (m.start, m.end))
    return found


def tallies(conn: Conn, mark: str, entity_ids: Iterable[str]) -> dict[str, Tally]:
    """The summed links of ``EntityCuration.entity_tallies``: counted in the database, so
    that a large entity's links are never read one by one."""
    forms: dict[str, Counter[tuple[str, str, str]]] = {}
    cables: dict[str, set[str]] = {}
    for chunk in _chunks(entity_ids):
        where = f"entity_id IN ({_in(mark, chunk)})"
        for eid, key, surface, type_, n in conn.execute(
            "SELECT entity_id, key, surface, type, count(*) FROM entity_mentions"
            f" WHERE {where} GROUP BY entity_id, key, surface, type",
            chunk,
        ):
            forms.setdefault(eid, Counter())[key, surface, type_] = int(n)
        for eid, cable_id in conn.execute(
            f"SELECT entity_id, cable_id FROM entity_cables WHERE {where}", chunk
        ):
            cables.setdefault(eid, set()).add(cable_id)
    return {eid: Tally(f, frozenset(cables.get(eid, ()))) for eid, f in forms.items()}


def apply(conn: Conn, mark: str, join: str, patch: Patch) -> None:
    """Write ``patch`` (see ``EntityCuration.apply_curation``); ``join`` is the join that
    keeps the written order (SQLite's ``CROSS JOIN``)."""
    conn.execute("DELETE FROM entity_names", [])
    _values(conn, mark, "entity_names (n, label, key, name)",
            [(i, n.label, n.key, n.name) for i, n in enumerate(patch.names)])  # fmt: skip
    olds = {*patch.gone, *(p.was for p in patch.placed if p.was)}
    # An entity renamed to an id another entity of the patch had is counted anew.
    renamed = [p for p in patch.placed if p.renamed and p.entity.id not in olds]
    whole = [p.entity.id for p in patch.placed if p.whole or (p.renamed and p.entity.id in olds)]
    kept = [p.entity.id for p in patch.placed if p.was == p.entity.id]
    before = _members(conn, mark, patch.cables) if patch.fresh else None
    held = _held(conn, mark, patch.cables) if patch.fresh else Held()
    removed = _unlink(conn, mark, patch)
    unlinked = {(eid, key) for eid, key, *_ in removed}
    _links(conn, mark, patch, olds)
    for table, column in (("entities", "id"), ("entity_aliases", "entity_id")):
        for chunk in _chunks(olds):
            conn.execute(f"DELETE FROM {table} WHERE {column} IN ({_in(mark, chunk)})", chunk)
    _values(conn, mark, f"entities ({_rows.ENTITY_COLUMNS})",
            [_rows.entity_row(p.entity, p.label, p.base) for p in patch.placed])  # fmt: skip
    _values(conn, mark, "entity_aliases (entity_id, alias, key, count)",
            [alias for p in patch.placed for alias in _rows.alias_rows(p.entity)])  # fmt: skip
    _link(conn, mark, patch)
    _exact(conn, mark, sorted({s.cable_id for s in patch.links}))
    for table in ("entity_cables", "entity_alias_links", "entity_co"):
        for p in renamed:
            conn.execute(
                f"UPDATE {table} SET entity_id = {mark} WHERE entity_id = {mark}",
                [p.entity.id, p.was],
            )
    dropped = olds - {p.was for p in renamed} - set(kept)
    for table in ("entity_cables", "entity_alias_links"):
        for chunk in _chunks(dropped):
            conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({_in(mark, chunk)})", chunk)
    _summaries(conn, mark, whole, None, None)
    confirmed = [m.target for m in patch.moves if m.target is not None]
    partial = [*kept, *(p.entity.id for p in renamed), *confirmed]
    if patch.fresh:
        ids = {p.label: p.entity.id for p in patch.placed}
        pairs = unlinked | {(ids[s.label], s.key) for s in patch.links}
        rekeyed = {(eid, k) for eid, a, b in patch.rekeyed for k in (a, b)}
        kept_ids = set(partial)
        # The links of an entity that keeps its id change only in the patch's cables, but
        # where its own key changed.
        stays = set(kept)
        moving = {(e, k) for e, k in pairs - rekeyed if e in stays}
        pairs = {(e, k) for e, k in pairs | rekeyed if e in kept_ids}
        now = held.copy()
        now.count(removed, -1)
        now.count(_linked(patch))
        _recount(conn, mark, join, patch.cables, pairs, (moving, held, now))
    else:
        _summaries(conn, mark, list(dict.fromkeys(partial)), patch.cables, patch.keys)
    refresh_co(conn, mark, join, patch, olds, {p.entity.id for p in renamed}, before)
    if not patch.fresh:
        counted = "applied" if patch.applied else "skipped"
        conn.execute(f"UPDATE store_meta SET value = value + 1 WHERE key = {mark}", [counted])


Linked = tuple[str, str, str, float, str]
"""A link as alias links count it: entity, alias key, cable, confidence, method."""


def _unlink(conn: Conn, mark: str, patch: Patch) -> list[Linked]:
    """Remove the links ``patch`` unlinks; those removed."""
    at = f'(cable_id = {mark} AND start = {mark} AND "end" = {mark})'
    removed: list[Linked] = []
    for part in batched(patch.unlinked, CHUNK // 3):
        where = " OR ".join([at] * len(part))
        params = [value for link in part for value in link]
        rows = conn.execute(
            "SELECT entity_id, key, cable_id, confidence, method FROM entity_mentions"
            f" WHERE {where}",
            params,
        )
        removed.extend((str(e), str(k), str(c), float(p), str(m)) for e, k, c, p, m in rows)
        conn.execute(f"DELETE FROM entity_mentions WHERE {where}", params)
    return removed


def _linked(patch: Patch) -> list[Linked]:
    """The links ``patch`` adds, as they are once written (``_link``, ``_exact``)."""
    placed = {p.label: p.entity for p in patch.placed}
    found: list[Linked] = []
    for s in patch.links:
        entity = placed[s.label]
        if s.method in ("alias", "acronym") and s.key == entity.key:
            found.append((entity.id, s.key, s.cable_id, 1.0, "exact"))
        else:
            found.append((entity.id, s.key, s.cable_id, s.confidence, s.method))
    return found


def _link(conn: Conn, mark: str, patch: Patch) -> None:
    """Add the links of ``patch``, each with the id of its cluster's entity."""
    ids = {p.label: p.entity.id for p in patch.placed}
    _values(conn, mark, f"entity_mentions ({_rows.MENTION_COLUMNS})",
            [_staged(s, ids[s.label]) for s in patch.links])  # fmt: skip


def _recount(
    conn: Conn,
    mark: str,
    join: str,
    cables: Sequence[str],
    pairs: set[tuple[str, str]],
    shifted: tuple[set[tuple[str, str]], Held, Held] | None = None,
) -> None:
    """Count again the entities' links in ``cables`` and the alias links of the (entity,
    key) ``pairs``: after new cables, what a fresh patch changed of the entities it keeps.
    ``shifted``: pairs whose links outside ``cables`` are as they were, with what ``cables``
    held of every pair before the patch and hold after it (``Held``): those are brought up to
    date from ``cables`` alone (``_shift``)."""
    for chunk in _chunks(cables):
        where = f"cable_id IN ({_in(mark, chunk)})"
        _rewrite(
            conn,
            mark,
            f"SELECT entity_id, cable_id, mentions, date FROM entity_cables WHERE {where}",
            f"SELECT entity_id, cable_id, count(*), {_DATED} FROM entity_mentions"
            f" WHERE {where} GROUP BY entity_id, cable_id",
            chunk,
        )
    if shifted is not None:
        moving, before, after = shifted
        pairs = (pairs - moving) | set(_shift(conn, mark, moving, before, after))
    counted = sorted(pairs)
    _drop_pairs(conn, mark, counted)
    for part in batched(counted, CHUNK // 2):
        # Pairs in the index's order, read in that order: a large entity's links of one key
        # (23,885 for ``us``) are read once each, without sorting them.
        values = ", ".join([f"({mark}, {mark})"] * len(part))
        _alias_links(
            conn,
            mark,
            f"FROM (VALUES {values}) AS k {join} entity_mentions m"
            " ON m.entity_id = k.column1 AND m.key = k.column2 WHERE m.key != ''",
            [value for p in part for value in p],
        )


def _rewrite(conn: Conn, mark: str, stored: str, counted: str, params: list[str]) -> None:
    """Make the ``entity_cables`` rows ``stored`` selects those ``counted`` gives, writing
    only the rows that differ: a cable decided again keeps most of its entities."""
    had = {(str(e), str(c)): (int(n), d) for e, c, n, d in conn.execute(stored, params)}
    now = {(str(e), str(c)): (int(n), d) for e, c, n, d in conn.execute(counted, params)}
    changed = [at for at, row in now.items() if had.get(at) != row]
    pair = f"(entity_id = {mark} AND cable_id = {mark})"
    for gone in batched(sorted(at for at in had if had[at] != now.get(at)), CHUNK // 2):
        conn.execute(
            f"DELETE FROM entity_cables WHERE {' OR '.join([pair] * len(gone))}",
            [value for at in gone for value in at],
        )
    _values(conn, mark, "entity_cables (entity_id, cable_id, mentions, date)",
            [(*at, *now[at]) for at in sorted(changed)])  # fmt: skip


def _exact(conn: Conn, mark: str, cables: Sequence[str]) -> None:
    """Make the new links of ``cables`` through an alias or acronym of their entity's own
    key exact, as a full save does."""
    own = "(SELECT e.key FROM entities e WHERE e.id = entity_mentions.entity_id)"
    for chunk in _chunks(cables):
        conn.execute(
            "UPDATE entity_mentions SET assigned_confidence = confidence,"
            " assigned_method = method, confidence = 1.0, method = 'exact'"
            f" WHERE cable_id IN ({_in(mark, chunk)}) AND assigned_method IS NULL"
            f" AND method IN ('alias', 'acronym') AND key = {own}",
            chunk,
        )


def _links(conn: Conn, mark: str, patch: Patch, olds: set[str]) -> None:
    """Move and relabel the links of ``patch`` (``olds``: the ids its entities had), and
    make the links of a changed own key exact (or back)."""
    for move in patch.moves:
        sql = (
            f"UPDATE entity_mentions SET entity_id = {mark}, confidence = 1.0,"
            " method = 'curated', assigned_confidence = NULL, assigned_method = NULL"
            f" WHERE entity_id = {mark}"
        )
        params: list[object] = [move.target or TMP + move.label, move.source]
        if move.key is not None:
            sql += f" AND key = {mark}"
            params.append(move.key)
        if move.cables is None:
            conn.execute(sql, params)
            continue
        for chunk in _chunks(move.cables):
            conn.execute(f"{sql} AND cable_id IN ({_in(mark, chunk)})", [*params, *chunk])
    renumber = f"UPDATE entity_mentions SET entity_id = {mark} WHERE entity_id = {mark}"
    held = {move.label for move in patch.moves if move.target is None}
    for p in patch.placed:
        if p.was and p.was != p.entity.id:
            # An id another entity had is taken only once all have left theirs.
            taken = p.entity.id in olds
            conn.execute(renumber, [TMP + p.label if taken else p.entity.id, p.was])
            if taken:
                held.add(p.label)
    for p in patch.placed:
        if p.label in held:
            conn.execute(renumber, [p.entity.id, TMP + p.label])
    exact = f"key = {mark} AND {_ASSIGNED} IN ('alias', 'acronym')"
    for eid, old_key, new_key in patch.rekeyed:
        conn.execute(
            f"UPDATE entity_mentions SET method = CASE WHEN {exact} THEN 'exact' ELSE {_ASSIGNED} END,"
            f" confidence = CASE WHEN {exact} THEN 1.0 ELSE {_ASSIGNED_CONFIDENCE} END,"
            f" assigned_method = CASE WHEN {exact} THEN {_ASSIGNED} ELSE NULL END,"
            f" assigned_confidence = CASE WHEN {exact} THEN {_ASSIGNED_CONFIDENCE} ELSE NULL END"
            f" WHERE entity_id = {mark} AND key IN ({mark}, {mark})"
            f" AND {_ASSIGNED} IN ('alias', 'acronym')",
            [new_key, new_key, new_key, new_key, eid, old_key, new_key],
        )


def _summaries(
    conn: Conn,
    mark: str,
    entity_ids: list[str],
    cables: Sequence[str] | None,
    keys: Sequence[str] | None,
) -> None:
    """Count again the cables and alias links of ``entity_ids``: all of them, or those in
    ``cables`` and of ``keys``."""
    if cables is not None and len(cables) > CHUNK:
        # Each chunk of cables would read every link of the entities again (their index is
        # by entity): past one chunk, counting all their cables once is the faster way.
        for chunk in _chunks(entity_ids):
            conn.execute(
                f"DELETE FROM entity_cables WHERE entity_id IN ({_in(mark, chunk)})", chunk
            )
        cables = None
    for chunk in _chunks(entity_ids):
        where = f"entity_id IN ({_in(mark, chunk)})"
        for part in [None] if cables is None else _chunks(cables):
            among, params = (where, chunk) if part is None else (
                f"{where} AND cable_id IN ({_in(mark, part)})", [*chunk, *part]
            )  # fmt: skip
            if part is not None:
                conn.execute(f"DELETE FROM entity_cables WHERE {among}", params)
            conn.execute(
                "INSERT INTO entity_cables (entity_id, cable_id, mentions, date)"
                f" SELECT entity_id, cable_id, count(*), {_DATED} FROM entity_mentions"
                f" WHERE {among} GROUP BY entity_id, cable_id",
                params,
            )
        for part in [None] if keys is None else _chunks(keys):
            among, params = (where, chunk) if part is None else (
                f"{where} AND key IN ({_in(mark, part)})", [*chunk, *part]
            )  # fmt: skip
            if part is not None:
                conn.execute(f"DELETE FROM entity_alias_links WHERE {among}", params)
            _alias_links(conn, mark, f"FROM entity_mentions m WHERE {among} AND key != ''", params)


def _alias_rows(read: Rows, source: str) -> list[tuple[object, ...]]:
    """The ``entity_alias_links`` rows of the entity links ``source`` selects as ``m`` (its
    FROM and WHERE), counted in the database: what is held is one row per entity, alias key,
    confidence and method, however many links an alias has."""
    counted = [
        (str(i), str(k), float(p), str(m), int(n))
        for i, k, p, m, n in read(
            f"SELECT m.entity_id, m.key, m.confidence, m.method, count(*) {source}"
            " GROUP BY m.entity_id, m.key, m.confidence, m.method"
        )
    ]
    cables_of = {
        (str(i), str(k)): int(n)
        for i, k, n in read(
            f"SELECT m.entity_id, m.key, count(DISTINCT m.cable_id) {source}"
            " GROUP BY m.entity_id, m.key"
        )
    }
    return [
        _rows.alias_link_row(a, parts) for a, parts in _rows.alias_links_counted(counted, cables_of)
    ]


def _alias_links(conn: Conn, mark: str, source: str, params: Sequence[object]) -> None:
    """Count the alias links of the entity links ``source`` selects as ``m`` (its FROM and
    WHERE), and store them."""
    _write_alias_rows(conn, mark, _alias_rows(lambda sql: conn.execute(sql, params), source))


def _write_alias_rows(conn: Conn, mark: str, rows: Sequence[tuple[object, ...]]) -> None:
    _values(conn, mark, f"entity_alias_links ({_rows.ALIAS_ROWS})", rows)


class Held:
    """The alias links of some cables: each (entity, alias key)'s links by (confidence,
    method), and by cable."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], _rows.Parts] = {}
        self.cables: dict[tuple[str, str], Counter[str]] = {}

    def count(self, links: Iterable[Linked], sign: int = 1) -> None:
        """Add ``links`` (take them away with ``sign`` -1)."""
        for eid, key, cid, confidence, method in links:
            if key:
                self.add(eid, key, cid, confidence, method, sign)

    def copy(self) -> Held:
        found = Held()
        found.parts = {pair: Counter(parts) for pair, parts in self.parts.items()}
        found.cables = {pair: Counter(cables) for pair, cables in self.cables.items()}
        return found

    def add(self, eid: str, key: str, cid: str, confidence: float, method: str, n: int) -> None:
        pair = (eid, key)
        self.parts.setdefault(pair, Counter())[confidence, method] += n
        self.cables.setdefault(pair, Counter())[cid] += n

    def of(self, pair: tuple[str, str]) -> tuple[_rows.Parts, int]:
        """The links of ``pair`` by (confidence, method), and how many cables hold them."""
        parts = self.parts.get(pair, Counter())
        return +parts, sum(1 for n in self.cables.get(pair, Counter()).values() if n > 0)


def _held(conn: Conn, mark: str, cables: Sequence[str]) -> Held:
    """The alias links of ``cables`` (see ``Held``)."""
    held = Held()
    for chunk in _chunks(cables):
        rows = conn.execute(
            "SELECT entity_id, key, cable_id, confidence, method, count(*) FROM entity_mentions"
            f" WHERE cable_id IN ({_in(mark, chunk)}) AND key != ''"
            " GROUP BY entity_id, key, cable_id, confidence, method",
            chunk,
        )
        for eid, key, cid, confidence, method, n in rows:
            held.add(str(eid), str(key), str(cid), float(confidence), str(method), int(n))
    return held


def _shift(
    conn: Conn, mark: str, pairs: set[tuple[str, str]], before: Held, after: Held
) -> list[tuple[str, str]]:
    """Bring the alias links of ``pairs`` (entity, key) up to date from what the cables a
    patch changed held of them ``before`` it and hold ``after``: every other link of theirs is
    as it was. The pairs whose rows cannot be (written before ``parts`` was kept)."""
    stored: dict[tuple[str, str], tuple[_rows.Parts | None, int]] = {}
    pair = f"({mark}, {mark})"
    for part in batched(sorted(pairs), CHUNK // 2):
        rows = conn.execute(
            f"SELECT a.entity_id, a.key, a.parts, a.cables FROM (VALUES"
            f" {', '.join([pair] * len(part))}) AS k JOIN entity_alias_links a"
            " ON a.entity_id = k.column1 AND a.key = k.column2",
            [value for p in part for value in p],
        )
        for eid, key, text, n in rows:
            stored[str(eid), str(key)] = (None if text is None else _rows.parts_of(text), int(n))
    unknown: list[tuple[str, str]] = []
    changed: list[tuple[str, str]] = []
    rows_now: list[tuple[object, ...]] = []
    for at in sorted(pairs):
        parts, cables = stored.get(at, (Counter(), 0))
        if parts is None:
            unknown.append(at)
            continue
        had, had_cables = before.of(at)
        has, has_cables = after.of(at)
        if had == has and had_cables == has_cables:
            continue
        if any(parts[k] < n for k, n in had.items()) or cables < had_cables:
            # Fewer links stored than the changed cables held: counted again.
            unknown.append(at)
            continue
        now = parts - had + has
        changed.append(at)
        if now:
            a = _rows.alias_links_of(*at, now, cables - had_cables + has_cables)
            rows_now.append(_rows.alias_link_row(a, now))
    _drop_pairs(conn, mark, changed)
    _write_alias_rows(conn, mark, rows_now)
    return unknown


def _drop_pairs(conn: Conn, mark: str, pairs: Sequence[tuple[str, str]]) -> None:
    pair = f"(entity_id = {mark} AND key = {mark})"
    for part in batched(pairs, CHUNK // 2):
        conn.execute(
            f"DELETE FROM entity_alias_links WHERE {' OR '.join([pair] * len(part))}",
            [value for p in part for value in p],
        )


def _top(found: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted(found, key=lambda x: (-x[1], x[0]))[: _rows.CO_KEPT]


def _count_co(
    conn: Conn, mark: str, join: str, entity_id: str, floor: int
) -> list[tuple[str, int]]:
    """The CO_KEPT entities sharing most cables with ``entity_id``, most first, ties by id.
    First among the entities in ``floor`` cables or more only (an entity in fewer shares
    fewer): when CO_KEPT of them share ``floor`` or more, they are the ones."""
    if floor > 0:
        rows = list(
            conn.execute(
                f"SELECT f.entity_id, count(*) AS n FROM entity_cables f {join} entity_cables t"
                f" ON t.entity_id = {mark} AND t.cable_id = f.cable_id WHERE f.entity_id IN"
                f" (SELECT id FROM entities WHERE cables >= {mark}) AND f.entity_id != {mark}"
                f" GROUP BY f.entity_id HAVING count(*) >= {mark}"
                f" ORDER BY n DESC, f.entity_id LIMIT {mark}",
                [entity_id, floor, entity_id, floor, _rows.CO_KEPT],
            )
        )
        if len(rows) == _rows.CO_KEPT:
            return [(str(eid), int(n)) for eid, n in rows]
    rows = list(
        conn.execute(
            f"SELECT entity_id, count(*) AS n FROM entity_cables WHERE entity_id != {mark}"
            f" AND cable_id IN (SELECT cable_id FROM entity_cables WHERE entity_id = {mark})"
            f" GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT {mark}",
            [entity_id, entity_id, _rows.CO_KEPT],
        )
    )
    return [(str(eid), int(n)) for eid, n in rows]


PER_CABLE = 40
"""About how many entities a cable names (42 in Cablegate): what counting the co-mentions of
an entity reads per cable of it."""


class _Widths:
    """How many cables the entities in at least so many cables have in all, from every
    entity's count read once (at the first question)."""

    def __init__(self, conn: Conn) -> None:
        self._conn = conn
        self._counts: list[int] | None = None
        self._sums: list[int] = []

    def above(self, floor: int) -> int:
        """The cables of the entities in ``floor`` cables or more, summed."""
        if self._counts is None:
            rows = self._conn.execute("SELECT cables FROM entities ORDER BY cables", [])
            self._counts = [int(n) for (n,) in rows]
            self._sums = list(accumulate(self._counts, initial=0))
        first = bisect_left(self._counts, floor)
        return self._sums[-1] - self._sums[first]


def _floor(
    widths: _Widths, entity_id: str, listed: list[tuple[str, int]], sizes: dict[str, int]
) -> int:
    """Where to look first when counting the co-mentions of ``entity_id`` again, whose list
    was ``listed`` (``sizes``: the cables of the entities in AHEAD cables or more): half the
    count of the last of a full list, when the entities in that many cables or more have
    fewer cables in all than counting among all would read; else 0 (count among all)."""
    if len(listed) < _rows.CO_MENTIONS:
        return 0
    floor = _top(listed)[-1][1] // 2
    if floor >= _rows.AHEAD:
        wide = sum(n for n in sizes.values() if n >= floor)
    else:
        wide = widths.above(floor)
    return floor if floor > 0 and wide < sizes[entity_id] * PER_CABLE else 0


def by_cable(
    conn: Conn, mark: str, table: str, column: str, cables: Iterable[str], of: Callable[[Any], _T]
) -> dict[str, set[_T]]:
    """The values of ``column`` in the rows of ``table`` of each of ``cables`` (read as
    ``of`` reads them); cables with no row are left out."""
    found: dict[str, set[_T]] = {}
    for cid, value in among(
        conn, mark, f"SELECT cable_id, {column} FROM {table}", "cable_id", cables
    ):
        found.setdefault(str(cid), set()).add(of(value))
    return found


def _members(conn: Conn, mark: str, cables: Iterable[str]) -> dict[str, set[str]]:
    """The entities each of ``cables`` names (those naming none are left out)."""
    return by_cable(conn, mark, "entity_cables", "entity_id", cables, str)


class _Moved:
    """How the co-mentions of an entity whose cables changed move, from the cables a patch
    changed alone (``before`` and ``after``: the entities each of them named): every cable an
    entity gains or loses is one of those, its own or one it took from an entity it merged
    with, so outside them each entity shares with another what their former ids shared."""

    def __init__(
        self,
        old_of: dict[str, str],
        gone: Iterable[str],
        before: dict[str, set[str]],
        after: dict[str, set[str]],
    ) -> None:
        self.old_of = old_of
        """Id of each entity the patch placed -> the id it had ("" when new)."""
        self.new_of = {was: eid for eid, was in old_of.items() if was}
        self.new_of.update((g, "") for g in gone if g not in self.new_of)
        self.renamed = [eid for eid, was in old_of.items() if was and was != eid]
        self.before = before
        self.after = after
        # The entities each cable named before, under the ids they have now.
        self.then = {cid: {self.now(o) for o in found} - {""} for cid, found in before.items()}
        # What each cable gained and lost, for an entity in it before and after.
        self.gained = {cid: after.get(cid, set()) - self.then.get(cid, set())
                       for cid in self.then.keys() | after.keys()}  # fmt: skip
        self.lost = {cid: self.then.get(cid, set()) - after.get(cid, set()) for cid in self.gained}
        # The changed cables naming each entity after (by its id) and before (by its former).
        self.naming = _naming(after)
        self.named = _naming(before)

    def now(self, old: str) -> str:
        """The id an entity of id ``old`` has now ("" when it is no more)."""
        return self.new_of.get(old, old)

    def _delta(self, eid: str, was: str) -> Counter[str]:
        """How many more cables each entity shares with ``eid`` (``was``: its former id)."""
        delta: Counter[str] = Counter()
        for cid in self.naming.get(eid, set()) | self.named.get(was, set()):
            here, there = eid in self.after.get(cid, ()), was in self.before.get(cid, ())
            if here and there:
                delta.update(self.gained[cid])
                delta.subtract(self.lost[cid])
            elif here:
                delta.update(self.after[cid])
            else:
                delta.subtract(self.then[cid])
        delta.pop(eid, None)
        return delta

    def listed(
        self, eid: str, was: str, listed: list[tuple[str, int]]
    ) -> list[tuple[str, int]] | None:
        """The list of ``eid`` now (``was``: its former id, whose stored list was ``listed``)
        as ``mended`` gives it, or all its co-mentions when ``listed`` held all of them
        (fewer than CO_MENTIONS); None when it must be counted."""
        if (not self.renamed and not self.naming.get(eid) and not self.named.get(was)
                and all(self.now(o) == o for o, _ in listed)):  # fmt: skip
            return _top(listed)
        if len(listed) >= _rows.CO_MENTIONS:
            return self.mended(eid, was, listed)
        shared: Counter[str] = Counter()
        for o, n in listed:
            if x := self.now(o):
                shared[x] += n
        shared.update(self._delta(eid, was))
        return _top([(x, n) for x, n in shared.items() if n > 0])

    def mended(
        self, eid: str, was: str, listed: list[tuple[str, int]]
    ) -> list[tuple[str, int]] | None:
        """The top co-mentions of ``eid`` (``was``: its former id, whose stored list was
        ``listed``, CO_MENTIONS long or more) known to rank above every entity left out, or
        None when fewer than CO_MENTIONS are."""
        delta = self._delta(eid, was)
        old = _top(listed)
        last, bound = old[-1][1], (-old[-1][1], old[-1][0])
        known = {x: n + delta[x] for o, n in old if (x := self.now(o))}
        # An entity new to the patch shared nothing before it.
        known.update((x, n) for x, n in delta.items() if not self.old_of.get(x, x) and n > 0)
        # Any other entity shared at most the list's last count before, under an id ranked
        # after the last's: one that gained cables with ``eid`` or has a new id may now rank
        # higher, so the list keeps only what ranks above the most either could reach.
        wary = ({x for x, n in delta.items() if n > 0} | set(self.renamed)) - known.keys() - {eid}
        edge = min(((-(last + max(delta[x], 0)), x) for x in wary), default=None)
        safe = [(x, n) for x, n in known.items() if n > 0 and (-n, x) <= bound
                and (edge is None or (-n, x) < edge)]  # fmt: skip
        return _top(safe) if len(safe) >= _rows.CO_MENTIONS else None


def _naming(named: dict[str, set[str]]) -> dict[str, set[str]]:
    """The cables naming each entity, from the entities each cable names."""
    found: dict[str, set[str]] = {}
    for cid, entities in named.items():
        for eid in entities:
            found.setdefault(eid, set()).add(cid)
    return found


def refresh_co(
    conn: Conn,
    mark: str,
    join: str,
    patch: Patch,
    olds: set[str],
    renamed: set[str],
    before: dict[str, set[str]] | None = None,
) -> None:
    """Keep ``entity_co`` what a full save counts (see ``_rows._ahead``) after ``patch``
    (``olds``: the ids its entities had; ``renamed``: the new ids of those whose lists moved
    with them; ``before``: the entities each cable of a fresh patch named before it). The
    lists of the entities in AHEAD cables whose cables changed are mended from the changed
    cables (``_Moved``) when ``before`` is given and enough entries are known to stay on
    top, and counted again otherwise; any other list that names a changed entity, or that
    one may now enter, is mended from the counts of the changed entities alone while it
    holds CO_MENTIONS entries known to rank above every entry left out, and counted again
    otherwise. A stored list is the
    exact top of its entity's co-mentions, as long as it is (CO_KEPT when counted, fewer
    once mended); one of fewer than CO_MENTIONS holds every co-mention. Only its first
    CO_MENTIONS are shown, and those are what a full save shows."""
    fresh = set(patch.spread)
    unchanged = {p.entity.id for p in patch.placed if p.was == p.entity.id} - fresh
    stale = olds - unchanged
    counted = {p.entity.id for p in patch.placed} - unchanged
    if not stale and not counted:
        return
    stored: dict[str, list[tuple[str, int]]] = {}
    for eid, other, n in conn.execute("SELECT entity_id, other_id, cables FROM entity_co", []):
        stored.setdefault(str(eid), []).append((str(other), int(n)))
    gone = stale - {p.was for p in patch.placed if p.entity.id in renamed}
    for chunk in _chunks(gone):
        conn.execute(f"DELETE FROM entity_co WHERE entity_id IN ({_in(mark, chunk)})", chunk)
    sizes = {
        str(eid): int(n)
        for eid, n in conn.execute(
            f"SELECT id, cables FROM entities WHERE cables >= {mark}", [_rows.AHEAD]
        )
    }
    widths = _Widths(conn)
    recount = sorted((counted - renamed) & sizes.keys())
    moved = {p.entity.id: p.was for p in patch.placed if p.was}
    lists = {eid: stored.get(eid, []) for eid in sizes if eid not in recount}
    if before is not None:
        old_of = {p.entity.id: p.was for p in patch.placed}
        change = _Moved(old_of, patch.gone, before, _members(conn, mark, patch.cables))
        _settle(conn, mark, join, change, recount, lists, stored, moved, widths, sizes)
        return
    counts = _shared(conn, mark, join, counted, sorted(lists), sizes)
    for eid in recount:
        had = stored.get(moved.get(eid, ""), [])
        _write_co(
            conn,
            mark,
            eid,
            _count_co(conn, mark, join, eid, _floor(widths, eid, had, sizes)),
            [],
        )
    for eid, listed in lists.items():
        new = counts.get(eid, {})
        if not new and not any(other in stale for other, _ in listed):
            continue
        old = _top(listed)
        kept = [(other, n) for other, n in old if other not in stale]
        if len(old) < _rows.CO_MENTIONS:
            found = _top([*kept, *new.items()])
        else:
            bound = (-old[-1][1], old[-1][0])
            safe = [*kept, *((o, n) for o, n in new.items() if (-n, o) <= bound)]
            enough = len(safe) >= _rows.CO_MENTIONS
            floor = _floor(widths, eid, listed, sizes)
            found = _top(safe) if enough else _count_co(conn, mark, join, eid, floor)
        if found != old:
            _write_co(conn, mark, eid, found, old)


def _settle(
    conn: Conn,
    mark: str,
    join: str,
    change: _Moved,
    recount: list[str],
    lists: dict[str, list[tuple[str, int]]],
    stored: dict[str, list[tuple[str, int]]],
    moved: dict[str, str],
    widths: _Widths,
    sizes: dict[str, int],
) -> None:
    """The lists of a fresh patch (see ``refresh_co``), each mended from the cables it
    changed (``change``) where enough is known, and counted again otherwise: those of the
    entities whose cables changed (``recount``: their lists under their former ids in
    ``stored``, which may hold none) and the others (``lists``)."""
    for eid in recount:
        was = moved.get(eid, "")
        had = stored.get(was)
        found = None if had is None else change.listed(eid, was, had)
        if found is None:
            found = _count_co(conn, mark, join, eid, _floor(widths, eid, had or [], sizes))
        _write_co(conn, mark, eid, found, [])
    for eid, listed in lists.items():
        found = change.listed(eid, moved.get(eid, eid), listed)
        if found is None:
            found = _count_co(conn, mark, join, eid, _floor(widths, eid, listed, sizes))
        if found != _top(listed):
            _write_co(conn, mark, eid, found, listed)


def _shared(
    conn: Conn, mark: str, join: str, changed: set[str], lists: list[str], sizes: dict[str, int]
) -> dict[str, dict[str, int]]:
    """For each of ``lists`` (entities in AHEAD cables), the cables it shares with each of
    ``changed``. From the changed entity's cables for one in fewer than AHEAD cables, else
    from the cables of the listed ones (``sizes``: their cables), which are fewer."""
    counts: dict[str, dict[str, int]] = {}
    for t in sorted(changed):
        for chunk in _chunks(lists):
            if t in sizes:
                sql = (
                    f"SELECT f.entity_id, count(*) FROM entity_cables f {join} entity_cables t"
                    f" ON t.entity_id = {mark} AND t.cable_id = f.cable_id"
                    f" WHERE f.entity_id IN ({_in(mark, chunk)}) GROUP BY f.entity_id"
                )
            else:
                sql = (
                    "SELECT f.entity_id, count(*) FROM entity_cables t JOIN entity_cables f"
                    f" ON f.cable_id = t.cable_id WHERE t.entity_id = {mark}"
                    f" AND f.entity_id IN ({_in(mark, chunk)}) GROUP BY f.entity_id"
                )
            for eid, n in conn.execute(sql, [t, *chunk]):
                if str(eid) != t:
                    counts.setdefault(str(eid), {})[t] = int(n)
    return counts


def _write_co(
    conn: Conn, mark: str, eid: str, found: list[tuple[str, int]], old: list[tuple[str, int]]
) -> None:
    if old:
        conn.execute(f"DELETE FROM entity_co WHERE entity_id = {mark}", [eid])
    _values(conn, mark, "entity_co (entity_id, other_id, cables)",
            [(eid, other, n) for other, n in found])  # fmt: skip


Insert = Callable[[str, list[tuple[object, ...]]], None]
"""Write rows into ``table (columns)`` in bulk (executemany, or COPY)."""

Rows = Callable[[str], Iterable[Sequence[Any]]]
"""The rows of a query, fetched a part at a time (a server-side cursor in PostgreSQL)."""

STAGED = 20_000
"""Links written at a time by a streamed save."""


def batched(items: Iterable[_T], n: int) -> Iterator[list[_T]]:
    """``items`` ``n`` at a time."""
    found = iter(items)
    while chunk := list(islice(found, n)):
        yield chunk


def _staged(s: Staged, entity_id: str | None = None) -> tuple[object, ...]:
    """The row of ``s``, linked to ``entity_id`` or, until its entity has an id, to its
    cluster's label."""
    return (s.cable_id, s.start, s.end, entity_id or TMP + s.label, s.confidence, s.method,
            s.key, s.type, s.surface, None, None)  # fmt: skip


def save_streamed(
    conn: Conn,
    mark: str,
    join: str,
    links: Iterable[Staged],
    placed: Callable[[], Sequence[Placed]],
    insert: Insert,
    rows: Rows,
) -> None:
    """Write a streamed resolution into entity tables the caller has emptied (see
    ``EntityCuration.save_streamed``); ``join`` as for ``apply``."""
    mentions = f"entity_mentions ({_rows.MENTION_COLUMNS})"
    for chunk in batched(links, STAGED):
        insert(mentions, [_staged(s) for s in chunk])
    made = placed()
    insert(f"entities ({_rows.ENTITY_COLUMNS})", [
        _rows.entity_row(p.entity, p.label, p.base) for p in made
    ])  # fmt: skip
    insert("entity_aliases (entity_id, alias, key, count)", [
        row for p in made for row in _rows.alias_rows(p.entity)
    ])  # fmt: skip
    exact = "entity_mentions.key = e.key AND entity_mentions.method IN ('alias', 'acronym')"
    conn.execute(
        f"UPDATE entity_mentions SET entity_id = e.id,"
        f" assigned_confidence = CASE WHEN {exact} THEN entity_mentions.confidence END,"
        f" assigned_method = CASE WHEN {exact} THEN entity_mentions.method END,"
        f" confidence = CASE WHEN {exact} THEN 1.0 ELSE entity_mentions.confidence END,"
        f" method = CASE WHEN {exact} THEN 'exact' ELSE entity_mentions.method END"
        f" FROM entities e WHERE entity_mentions.entity_id = '{TMP}' || e.label",
        [],
    )
    conn.execute(
        f"INSERT INTO entity_cables (entity_id, cable_id, mentions, date) SELECT entity_id,"
        f" cable_id, count(*), {_DATED} FROM entity_mentions GROUP BY entity_id, cable_id",
        [],
    )
    # Counted in the database: a list of an alias's links would grow with the largest entity.
    found = _alias_rows(rows, "FROM entity_mentions m WHERE m.key != ''")
    for part in batched(found, STAGED):
        insert(f"entity_alias_links ({_rows.ALIAS_ROWS})", part)
    wide = [str(eid) for (eid,) in conn.execute(
        f"SELECT id FROM entities WHERE cables >= {mark} ORDER BY id", [_rows.AHEAD]
    )]  # fmt: skip
    for eid in wide:
        _write_co(conn, mark, eid, _count_co(conn, mark, join, eid, 0), [])
