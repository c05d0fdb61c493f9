"""resolve(cables): mentions across an archive become entities with aliases.

Names with the same key are one entity; keys the shipped alias table or an acronym definition
joins (``GOM`` / ``Government of Mexico``, ``USG`` / ``United States``) are one entity; people
named short link to a full name per cable (see ``people``). Curation judgements apply last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from cablescope.model import Cable
from cablescope.model.mention import ENTITY_TYPES
from cablescope.resolve import curation
from cablescope.resolve.gather import Seen, seen
from cablescope.resolve.keys import alias_table, slug
from cablescope.resolve.labels import Assigned, Clusters, canonical
from cablescope.resolve.people import People
from cablescope.model.entity import Alias, Entity, Judgement, Link, Resolution

ACRONYM = 0.9
"""Confidence of a link through an acronym definition."""

DOMINANT = 2 / 3
"""Share of the cables defining an acronym that must agree on its expansion for the acronym
to mean it archive-wide; otherwise it means it only in the cables that define it so."""


class _Keys:
    """Union-find over name keys, remembering why two keys were joined."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.why: dict[str, str] = {}

    def find(self, key: str) -> str:
        root = key
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while key != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def join(self, a: str, b: str, why: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.why.setdefault(a, why)
            self.why.setdefault(b, why)


def _acronym_joins(cables: Sequence[Seen]) -> tuple[dict[str, str], set[tuple[int, str]]]:
    defined: dict[str, Counter[str]] = {}
    for cable in cables:
        for acronym, expansion in cable.acronyms.items():
            defined.setdefault(acronym, Counter())[expansion] += 1
    dominant: dict[str, str] = {}
    for acronym, expansions in defined.items():
        (top, n), total = expansions.most_common(1)[0], sum(expansions.values())
        if n >= DOMINANT * total:
            dominant[acronym] = top
    local = {
        (i, acronym)
        for i, cable in enumerate(cables)
        for acronym, expansion in cable.acronyms.items()
        if dominant.get(acronym) != expansion
    }
    return dominant, local


def assign(cables: Sequence[Seen]) -> list[Assigned]:
    """Every mention of ``cables`` with its automatic cluster label."""
    keys = _Keys()
    types: dict[str, Counter[str]] = {}
    for cable in cables:
        for s in cable.spans:
            types.setdefault(s.key, Counter())[s.type] += 1
    table = alias_table()
    for key in types:
        if key in table:
            keys.join(table[key][0], key, "alias")
    dominant, local = _acronym_joins(cables)
    for acronym, expansion in sorted(dominant.items()):
        if acronym in types and expansion in types:
            keys.join(expansion, acronym, "acronym")
    person = {k for k, c in types.items() if c["PER"] * 2 >= sum(c.values())}
    people = People(cables, person)
    out: list[Assigned] = []
    for i, cable in enumerate(cables):
        linked = people.link(cable)
        for s in cable.spans:
            target, confidence, method = s.key, 1.0, "exact"
            if s.type == "PER" and s.key in linked:
                target, confidence, method = linked[s.key]
            elif (i, s.key) in local:
                target, confidence, method = cable.acronyms[s.key], ACRONYM, "acronym"
            root = keys.find(target)
            if method == "exact" and target in keys.why:
                method = keys.why[target]
                confidence = ACRONYM if method == "acronym" else 1.0
            out.append(
                Assigned(i, s.start, s.end, s.type, s.surface, s.key, root, confidence, method)
            )
    return out


def _type(members: Sequence[Assigned]) -> str:
    counts = Counter(m.type for m in members)
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    return min(counts, key=lambda t: (-counts[t], order.get(t, len(order)), t))


def build(cables: Sequence[Seen], clusters: Clusters, applied: int, skipped: int) -> Resolution:
    """Entities and links from labelled mentions; ids ``type:slug``, collisions numbered by
    mentions then key."""
    groups: dict[str, list[Assigned]] = {}
    for m in clusters.mentions:
        groups.setdefault(m.label, []).append(m)
    drafts = []
    for label, members in groups.items():
        key, name = clusters.names.get(label) or canonical(members)
        kind = _type(members)
        drafts.append((f"{kind.lower()}:{slug(name)}", -len(members), key, label, name, kind))
    drafts.sort()
    ids: dict[str, str] = {}
    taken: Counter[str] = Counter()
    used: set[str] = set()
    entities = []
    for base, _, key, label, name, kind in drafts:
        taken[base] += 1
        eid = base if taken[base] == 1 else f"{base}-{taken[base]}"
        # A numbered id may be another name's own ("Euro" twice gives euro-2, as "Euro 2"
        # does): number on until the id is free.
        while eid in used:
            taken[base] += 1
            eid = f"{base}-{taken[base]}"
        used.add(eid)
        ids[label] = eid
        members = groups[label]
        for m in members:
            if m.key == key and m.method in ("alias", "acronym"):
                m.method, m.confidence = "exact", 1.0
        surfaces = Counter((m.surface, m.key) for m in members)
        aliases = tuple(
            Alias(s, k, n) for (s, k), n in sorted(surfaces.items(), key=lambda x: (-x[1], x[0]))
        )
        where = {m.cable for m in members}
        dates = sorted(d for d in (cables[i].date for i in where) if d)
        entities.append(
            Entity(
                eid,
                name,
                kind,
                key,
                aliases,
                len(members),
                len(where),
                dates[0] if dates else None,
                dates[-1] if dates else None,
            )  # fmt: skip
        )
    entities.sort(key=lambda e: (-e.mentions, e.id))
    links = tuple(
        Link(cables[m.cable].id, m.start, m.end, ids[m.label], m.confidence, m.method, m.key)
        for m in clusters.mentions
    )
    return Resolution(tuple(entities), links, applied, skipped)


def resolve(cables: Iterable[Cable], judgements: Sequence[Judgement] = ()) -> Resolution:
    """Resolve the mentions of ``cables`` (any order: the result depends only on the set) and
    re-apply ``judgements`` in order."""
    seen_all = sorted((seen(c) for c in cables), key=lambda s: s.id)
    clusters = Clusters(assign(seen_all))
    applied, skipped = curation.apply(clusters, seen_all, judgements)
    return build(seen_all, clusters, applied, skipped)
