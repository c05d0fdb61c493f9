"""Entities from labelled mentions: each cluster's key and display name (``canonical``, or
the name curation gave it), type (``kind``), aliases, counts and dates, and its id
``type:slug`` with collisions numbered. A full resolution (``build``) and a curation
judgement applied in place (``inplace``) compute entities with these same functions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

from cablescope.model.basis import Basis, Draft, LinkBasis, Named
from cablescope.model.entity import Alias, Entity, Link, Resolution
from cablescope.resolve.gather import Seen
from cablescope.resolve.keys import slug
from cablescope.resolve.labels import Assigned, Clusters, Forms, canonical_of, forms, kind_of

EXACTED = ("alias", "acronym")
"""Methods of the links that become exact when their key is their entity's own."""

_NUMBERED = re.compile(r"(?:-\d+)+$")


def draft(label: str, members: Sequence[Assigned], names: Mapping[str, tuple[str, str]]) -> Draft:
    """The draft of cluster ``label`` of ``members`` (see ``draft_of``)."""
    return draft_of(label, forms(members), names)


def draft_of(label: str, found: Forms, names: Mapping[str, tuple[str, str]]) -> Draft:
    """The draft of cluster ``label`` of mentions ``found`` (id not yet numbered): its key
    and name (the ones curation gave it in ``names``, else ``canonical_of``), type and base
    id."""
    key, name = names.get(label) or canonical_of(found, label)
    type_ = kind_of(found, key, name)
    return Draft("", label, f"{type_.lower()}:{slug(name)}", key, name, type_, found.total())


def number(drafts: Iterable[Draft]) -> dict[str, str]:
    """Label -> id: the base id for the first draft of each base (by mentions, then key),
    numbered ``-2``, ``-3``... for the others. Only bases of one ``root`` can take each
    other's ids, so numbering the drafts of some roots gives their ids in the whole."""
    ordered = sorted(drafts, key=lambda d: (d.base, -d.mentions, d.key, d.label, d.name, d.type))
    ids: dict[str, str] = {}
    taken: Counter[str] = Counter()
    used: set[str] = set()
    for d in ordered:
        taken[d.base] += 1
        eid = d.base if taken[d.base] == 1 else f"{d.base}-{taken[d.base]}"
        # A numbered id may be another name's own ("Euro" twice gives euro-2, as "Euro 2"
        # does): number on until the id is free.
        while eid in used:
            taken[d.base] += 1
            eid = f"{d.base}-{taken[d.base]}"
        used.add(eid)
        ids[d.label] = eid
    return ids


def root(base: str) -> str:
    """The base whose numbering ``base``'s ids depend on: ``base`` without its trailing
    ``-N`` parts (``misc:euro`` of ``misc:euro-2``). The ids of a base can collide only with
    those of the bases that are its root or start with its root and ``-``."""
    return _NUMBERED.sub("", base)


def entity(
    eid: str, d: Draft, members: Sequence[Assigned], date: Callable[[int], str | None]
) -> Entity:
    """Entity ``eid`` of draft ``d`` and its ``members`` (``date``: the date of a member's
    cable). The members of its own key linked through an alias or an acronym become exact:
    they are the entity's name itself."""
    for m in members:
        if m.key == d.key and m.method in EXACTED:
            m.method, m.confidence = "exact", 1.0
    surfaces = Counter((m.surface, m.key) for m in members)
    where = {m.cable for m in members}
    dates = sorted(found for found in (date(i) for i in where) if found)
    first, last = (dates[0], dates[-1]) if dates else (None, None)
    return entity_of(eid, d, surfaces, len(where), first, last)


def entity_of_forms(
    eid: str, d: Draft, found: Forms, cables: int, first: str | None, last: str | None
) -> Entity:
    """Entity ``eid`` of draft ``d``, of mentions ``found`` in ``cables`` cables dated
    ``first`` to ``last`` (see ``entity_of``)."""
    surfaces: Counter[tuple[str, str]] = Counter()
    for (key, surface, _), n in found.items():
        surfaces[surface, key] += n
    return entity_of(eid, d, surfaces, cables, first, last)


def entity_of(
    eid: str,
    d: Draft,
    surfaces: Counter[tuple[str, str]],
    cables: int,
    first: str | None,
    last: str | None,
) -> Entity:
    """Entity ``eid`` of draft ``d``, of mentions written as ``surfaces`` ((surface, key) ->
    mentions) in ``cables`` cables dated ``first`` to ``last``."""
    aliases = tuple(
        Alias(s, k, n) for (s, k), n in sorted(surfaces.items(), key=lambda x: (-x[1], x[0]))
    )
    return Entity(eid, d.name, d.type, d.key, aliases, surfaces.total(), cables, first, last)


def groups(mentions: Iterable[Assigned]) -> dict[str, list[Assigned]]:
    """Mentions by label, in the order met."""
    found: dict[str, list[Assigned]] = {}
    for m in mentions:
        found.setdefault(m.label, []).append(m)
    return found


def build(cables: Sequence[Seen], clusters: Clusters, applied: int, skipped: int) -> Resolution:
    """Entities (most mentioned first) and links from labelled mentions, with the basis that
    lets a curation judgement apply in place."""
    grouped = groups(clusters.mentions)
    drafts = {label: draft(label, members, clusters.names) for label, members in grouped.items()}
    ids = number(drafts.values())
    assigned = tuple(
        LinkBasis(m.type, m.surface, m.confidence, m.method) for m in clusters.mentions
    )
    made = [
        (entity(ids[label], drafts[label], members, lambda i: cables[i].date), label)
        for label, members in grouped.items()
    ]
    made.sort(key=lambda x: (-x[0].mentions, x[0].id))
    links = tuple(
        Link(cables[m.cable].id, m.start, m.end, ids[m.label], m.confidence, m.method, m.key)
        for m in clusters.mentions
    )
    basis = Basis(
        tuple(label for _, label in made),
        tuple(drafts[label].base for _, label in made),
        assigned,
        tuple(Named(label, key, name) for label, (key, name) in clusters.names.items()),
    )
    return Resolution(tuple(e for e, _ in made), links, applied, skipped, basis)
