"""The rows the SQL stores write for a batch of cables and for a resolution, and the
entities they read back: the same for SQLite and PostgreSQL, which keep only their SQL."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cablescope.model import Cable
import orjson

from cablescope.model.entity import (
    Alias,
    AliasLinks,
    Entity,
    EntityDetail,
    Link,
    Resolution,
    method_order,
)
from cablescope.model.basis import Basis, LinkBasis
from cablescope.store import _codec
from cablescope.store.base import (
    Stats,
    entity_names,
    marking,
    period_key,
    sort_counts,
    year_month,
)

CO_MENTIONS = 20
"""How many co-mentioned entities ``entity`` lists."""

CO_KEPT = 2 * CO_MENTIONS
"""How many co-mentioned entities are counted ahead (``entity_co``) for an entity in AHEAD
cables: more than it lists, so that a curation judgement that takes a few entities out of
a list can mend it without counting it again (see ``_sqlcurate.refresh_co``)."""

AHEAD = 300
"""Entities in at least this many cables have their co-mentions counted when saved, so that
``entity`` answers as fast for ``United States`` as for anyone."""


ALIAS_LINKS = "entity_id, key, mentions, cables, mean_confidence, min_confidence, methods"
"""The columns of ``entity_alias_links`` that make an AliasLinks."""

ALIAS_ROWS = ALIAS_LINKS + ", parts"
"""The columns of ``entity_alias_links`` written: with ``parts``, the links of each confidence
and method (``parts_text``), which a batch of new cables adds to and takes from."""

Parts = Counter[tuple[float, str]]
"""How many links of an entity's alias have each (confidence, method)."""


@dataclass(frozen=True)
class CableRows:
    """The rows of a batch of cables, one table each, in the order of the batch.

    ``cables`` hold id, date, year, month, origin, classification, marking, subject,
    signer, number of sources, text and packed record; each engine adds its own columns."""

    cables: list[tuple[object, ...]]
    readings: list[tuple[object, ...]]
    tags: list[tuple[str, str]]
    refs: list[tuple[str, str]]
    entities: list[tuple[str, str, str, int]]
    redactions: list[tuple[str, int]]

    def tables(self) -> list[tuple[str, tuple[str, ...], Sequence[tuple[object, ...]]]]:
        """(table, columns, rows) of each table but ``cables``, in the order written."""
        return [
            ("readings", ("cable_id", "sha256", "format", "path", "record"), self.readings),
            ("cable_tags", ("cable_id", "code"), self.tags),
            ("cable_refs", ("cable_id", "ref_id"), self.refs),
            ("cable_entities", ("cable_id", "type", "name", "mentions"), self.entities),
            ("cable_redactions", ("cable_id", "spans"), self.redactions),
        ]


def cable_rows(items: Sequence[tuple[Cable, tuple[Cable, ...]]]) -> CableRows:
    """The rows of each (merged, readings) pair: cable, readings, tags, references, entity
    names and redactions."""
    rows = CableRows([], [], [], [], [], [])
    for merged, readings in items:
        cid = merged.id
        year, month = year_month(merged.date)
        rows.cables.append(
            (
                cid,
                merged.date,
                year,
                month,
                merged.origin,
                merged.classification,
                marking(merged),
                merged.subject,
                merged.signer,
                len(merged.sources),
                merged.text,
                _codec.pack_merged(merged),
            )
        )
        for reading in readings:
            source = reading.sources[0]
            blob = _codec.pack_reading(reading, merged)
            rows.readings.append((cid, source.sha256, source.format, source.path, blob))
        rows.tags.extend((cid, code) for code in dict.fromkeys(t.code.upper() for t in merged.tags))
        rows.refs.extend(
            (cid, ref) for ref in dict.fromkeys(r.id for r in merged.references if r.id)
        )
        names = entity_names(merged)
        rows.entities.extend((cid, kind, name, n) for (kind, name), n in names.items())
        if merged.redactions:
            rows.redactions.append((cid, len(merged.redactions)))
    return rows


EMPTY = Resolution((), (), basis=Basis((), (), (), ()))
"""No entities, with a basis: what a streamed save starts from."""

ENTITY_COLUMNS = "id, name, type, key, mentions, cables, first_seen, last_seen, label, base"
"""The columns of ``entities`` a resolution writes."""

MENTION_COLUMNS = (
    'cable_id, start, "end", entity_id, confidence, method, key, type, surface,'
    " assigned_confidence, assigned_method"
)
"""The columns of ``entity_mentions`` a resolution writes."""


@dataclass(frozen=True)
class ResolutionRows:
    """The rows of a resolution, one iterable a table, each to be read once."""

    entities: Iterator[tuple[object, ...]]
    """ENTITY_COLUMNS: id, name, type, key, mentions, cables, first and last seen, label and
    base id (empty without a basis)."""
    aliases: Iterator[tuple[object, ...]]
    """entity id, alias, key, count."""
    mentions: Iterator[tuple[object, ...]]
    """MENTION_COLUMNS: cable id, start, end, entity id, confidence, method, key, the
    mention's type and surface (empty without a basis), and the confidence and method as
    assigned where they differ from the link's (else None)."""
    cables: Iterator[tuple[object, ...]]
    """entity id, cable id, mentions."""
    co: list[tuple[str, str, int]]
    """entity id, other id, cables: the co-mentions of the entities in AHEAD cables."""
    alias_links: Iterator[tuple[object, ...]]
    """entity id, key, mentions, cables, mean and least confidence, methods (JSON)."""
    names: list[tuple[int, str, str, str]]
    """n, label, key, name: the names curation gave clusters, in order."""


def entity_row(e: Entity, label: str = "", base: str = "") -> tuple[object, ...]:
    """The ENTITY_COLUMNS row of ``e``."""
    return (e.id, e.name, e.type, e.key, e.mentions, e.cables, e.first_seen, e.last_seen,
            label, base)  # fmt: skip


def alias_rows(e: Entity) -> Iterator[tuple[object, ...]]:
    """The ``entity_aliases`` rows of ``e``."""
    return ((e.id, a.surface, a.key, a.count) for a in e.aliases)


def _mention(k: Link, b: LinkBasis | None) -> tuple[object, ...]:
    if b is None:
        return (k.cable_id, k.start, k.end, k.entity_id, k.confidence, k.method, k.key, "", "",
                None, None)  # fmt: skip
    changed = b.method != k.method
    return (k.cable_id, k.start, k.end, k.entity_id, k.confidence, k.method, k.key, b.type,
            b.surface, b.confidence if changed else None, b.method if changed else None)  # fmt: skip


def resolution_rows(resolution: Resolution) -> ResolutionRows:
    """The rows that store ``resolution``."""
    per_cable = Counter((k.entity_id, k.cable_id) for k in resolution.links)
    basis = resolution.basis
    labels = basis.labels if basis else ("",) * len(resolution.entities)
    bases = basis.bases if basis else ("",) * len(resolution.entities)
    kept = basis.links if basis else (None,) * len(resolution.links)
    return ResolutionRows(
        (entity_row(*row) for row in zip(resolution.entities, labels, bases, strict=True)),
        (row for e in resolution.entities for row in alias_rows(e)),
        (_mention(k, b) for k, b in zip(resolution.links, kept, strict=True)),
        ((e, c, n) for (e, c), n in per_cable.items()),
        _ahead(per_cable),
        (alias_link_row(a, parts) for a, parts in _alias_parts(resolution.links)),
        [(i, n.label, n.key, n.name) for i, n in enumerate(basis.names if basis else ())],
    )


def alias_link_row(a: AliasLinks, parts: Parts) -> tuple[object, ...]:
    """The ``entity_alias_links`` row (``ALIAS_ROWS``) of ``a``, whose links are ``parts``."""
    return (a.entity_id, a.key, a.mentions, a.cables, a.mean, a.least, _methods(a),
            parts_text(parts))  # fmt: skip


def parts_text(parts: Parts) -> str:
    """``parts`` as the text of the ``parts`` column (``parts_of`` reads it back)."""
    return orjson.dumps(sorted([c, m, n] for (c, m), n in parts.items() if n)).decode()


def parts_of(text: str) -> Parts:
    """The ``parts`` column's text as ``parts_text`` wrote it."""
    return Counter({(float(c), str(m)): int(n) for c, m, n in orjson.loads(text)})


def _methods(links: AliasLinks) -> str:
    return orjson.dumps(dict(links.methods)).decode()


def alias_links(links: Iterable[Link]) -> list[AliasLinks]:
    """How sure the links of each (entity, alias key) among ``links`` are (links without a
    key are left out; see ``alias_links_counted``)."""
    return [a for a, _ in _alias_parts(links)]


def _alias_parts(links: Iterable[Link]) -> list[tuple[AliasLinks, Parts]]:
    counted: Counter[tuple[str, str, float, str]] = Counter()
    cables: dict[tuple[str, str], set[str]] = {}
    for k in links:
        if k.key:
            counted[k.entity_id, k.key, k.confidence, k.method] += 1
            cables.setdefault((k.entity_id, k.key), set()).add(k.cable_id)
    return alias_links_counted(
        ((*group, n) for group, n in counted.items()), {g: len(c) for g, c in cables.items()}
    )


def alias_links_counted(
    counted: Iterable[tuple[str, str, float, str, int]], cables: Mapping[tuple[str, str], int]
) -> list[tuple[AliasLinks, Parts]]:
    """How sure the links of each (entity, alias key) are, from how many links of each
    (entity, key, confidence, method) there are (``counted``) and in how many cables each
    (entity, key) is linked; each with those counts as its Parts."""
    groups: dict[tuple[str, str], Parts] = {}
    for eid, key, confidence, method, n in counted:
        groups.setdefault((eid, key), Counter())[confidence, method] += n
    return [(alias_links_of(eid, key, parts, cables[eid, key]), parts)
            for (eid, key), parts in groups.items()]  # fmt: skip


def alias_links_of(eid: str, key: str, parts: Parts, cables: int) -> AliasLinks:
    """How sure the links ``parts`` of alias ``key`` of entity ``eid``, in ``cables`` cables,
    are; the mean confidence is summed exactly, whatever the order of the links, and rounded
    to 6 places, so that equal ones tie."""
    total = sum(parts.values())
    summed = math.fsum(c for (c, _), n in parts.items() for _ in range(n))
    methods: Counter[str] = Counter()
    for (_, method), n in parts.items():
        methods[method] += n
    return AliasLinks(eid, key, total, cables, round(summed / total, 6),
                      min(c for c, _ in parts), method_order(methods))  # fmt: skip


def alias_link(row: Sequence[Any]) -> AliasLinks:
    """An AliasLinks from its row in ``entity_alias_links``."""
    eid, key, mentions, cables, mean, least, methods = row
    counts = {str(m): int(n) for m, n in orjson.loads(methods).items()}
    return AliasLinks(
        str(eid), str(key), int(mentions), int(cables), float(mean), float(least),
        method_order(counts),
    )  # fmt: skip


def _ahead(per_cable: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    in_cable: dict[str, list[str]] = {}
    for eid, cid in per_cable:
        in_cable.setdefault(cid, []).append(eid)
    where: dict[str, list[str]] = {}
    for cid, eids in in_cable.items():
        for eid in eids:
            where.setdefault(eid, []).append(cid)
    rows: list[tuple[str, str, int]] = []
    for eid, cids in where.items():
        if len(cids) >= AHEAD:
            co: Counter[str] = Counter()
            for cid in cids:
                co.update(in_cable[cid])
            del co[eid]
            top = sorted(co.items(), key=lambda x: (-x[1], x[0]))[:CO_KEPT]
            rows.extend((eid, other, n) for other, n in top)
    return rows


def entities(
    rows: Iterable[tuple[Any, ...]], alias_rows: Iterable[tuple[Any, ...]]
) -> list[Entity]:
    """Entities from their rows (the columns of ``entities``) and the (entity id, alias,
    key, count) rows of their aliases, most counted alias first."""
    aliases: dict[str, list[Alias]] = {}
    for eid, alias, key, count in alias_rows:
        aliases.setdefault(eid, []).append(Alias(alias, key, count))
    out = []
    for eid, name, kind, key, mentions, cables, first, last in rows:
        found = sorted(aliases.get(str(eid), []), key=lambda a: (-a.count, a.surface, a.key))
        out.append(Entity(eid, name, kind, key, tuple(found), mentions, cables, first, last))
    return out


MONTHS = (
    "SELECT substr(date, 1, 7) AS month, count(*) FROM entity_cables"
    " WHERE entity_id = %s AND date IS NOT NULL AND date != '' GROUP BY month ORDER BY month"
)
"""An entity's cables per month, counted over the index of its dated cables (``%s``: the
entity id, written as the engine writes parameters)."""


def months(rows: Iterable[tuple[Any, Any]]) -> tuple[tuple[str, int], ...]:
    """(month, cables) pairs of the rows of MONTHS."""
    return tuple((str(m), int(n)) for m, n in rows)


def detail(
    entity: Entity,
    cables: Iterable[tuple[Any, Any]],
    top: Iterable[tuple[Any, Any]],
    names: Iterable[tuple[Any, Any, Any]],
    links: Iterable[AliasLinks] = (),
) -> EntityDetail:
    """``entity`` with its (cable id, month) rows in order, its (entity id, cables) top
    co-mentions, the (id, name, type) rows of those and how sure its aliases' links are."""
    cables = list(cables)
    named = {str(i): (str(n), str(t)) for i, n, t in names}
    co = [(i, *named[str(i)], n) for i, n in top]
    months = Counter(str(m) for _, m in cables if m)
    return EntityDetail(
        entity,
        tuple(str(c) for c, _ in cables),
        tuple((str(i), str(n), str(t), int(k)) for i, n, t, k in co),
        tuple(sorted(months.items())),
        tuple(links),
    )


def stats(counts: Iterable[tuple[Any, Any, Any, Any]], problems: int) -> Stats:
    """The Stats of the rows of ``cable_counts`` (dimension, missing, value, cables) whose
    count is above 0, and of ``problems``: years in order, undated last; origins and
    classifications most cables first, the missing value first among ties, then by name."""
    found: dict[str, list[tuple[Any, int]]] = {}
    for dimension, missing, value, n in counts:
        found.setdefault(str(dimension), []).append((None if missing else str(value), int(n)))
    years = sorted(found.get("year", []), key=lambda x: (x[0] is None, int(x[0] or 0)))

    def ranked(dimension: str) -> tuple[tuple[str | None, int], ...]:
        rows = found.get(dimension, [])
        return tuple(sorted(rows, key=lambda x: (-x[1], x[0] is not None, x[0] or "")))

    return Stats(
        cables=sum(n for _, n in years),
        readings=sum(n for _, n in found.get("readings", [])),
        problems=problems,
        by_year=tuple((None if y is None else int(y), n) for y, n in years),
        by_origin=ranked("origin"),
        by_classification=ranked("classification"),
    )


Counted = tuple[
    int,
    tuple[tuple[str, int], ...],
    tuple[tuple[str, int], ...],
    tuple[tuple[str, int], ...],
    tuple[tuple[str, int], ...],
]
"""Every cable's facets as counted ahead: total, months, origins, markings and TAGS codes."""


def every_cable(counts: Iterable[tuple[Any, Any, Any, Any]], top: int) -> Counted:
    """The facets of every cable from the rows of ``cable_counts`` above 0, as a search
    counts them: months in order, the ``top`` origins, markings and TAGS codes of most
    cables (ties by name), none of them missing."""
    found: dict[str, list[tuple[str, int]]] = {}
    total = 0
    for dimension, missing, value, n in counts:
        if dimension == "year":
            total += int(n)
        if not missing:
            found.setdefault(str(dimension), []).append((str(value), int(n)))

    def ranked(dimension: str) -> tuple[tuple[str, int], ...]:
        return tuple(sorted(found.get(dimension, []), key=lambda x: (-x[1], x[0]))[:top])

    months = tuple(sorted(found.get("month", [])))
    return total, months, ranked("origin"), ranked("marking"), ranked("tag")


def periods(
    rows: Iterable[tuple[Any, Any, Any, Any, Any]], period: str, group: str | None
) -> list[tuple[str | None, str | None, int]]:
    """``count_by`` rows of every cable from the rows of ``cable_periods`` (year, month,
    missing, value, cables) of one group; year and month 0 stand for none, and with no
    group the counts of each period are summed over its values."""
    counts: Counter[tuple[str | None, str | None]] = Counter()
    for year, month, missing, value, n in rows:
        key = period_key(int(year) or None, int(month) or None, period)
        counts[key, None if group is None or missing else str(value)] += int(n)
    return sort_counts((key, value, n) for (key, value), n in counts.items())
