"""Curation in place for the in-memory store: what ``EntityCuration`` reads, answered from a
Resolution and its basis, and a Patch applied to give the Resolution a full re-resolution
with the judgement would."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from cablescope.model.basis import Basis, Draft, LinkBasis, Member, Patch, Placed, Staged, Tally
from cablescope.model.entity import Link, Resolution

EXACTED = ("alias", "acronym")
"""Methods of the links that are exact when their key is their entity's own."""


def drafts(resolution: Resolution) -> Iterator[Draft]:
    """Every entity of ``resolution`` (which has a basis) as a draft with its id."""
    basis = resolution.basis
    assert basis is not None
    for e, label, base in zip(resolution.entities, basis.labels, basis.bases, strict=True):
        yield Draft(e.id, label, base, e.key, e.name, e.type, e.mentions)


def members(resolution: Resolution, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
    """The links of ``entity_ids`` with their basis, by cable and offsets."""
    wanted = set(entity_ids)
    basis = resolution.basis
    assert basis is not None
    found: dict[str, list[Member]] = {}
    for k, b in zip(resolution.links, basis.links, strict=True):
        if k.entity_id in wanted:
            found.setdefault(k.entity_id, []).append(
                Member(k.cable_id, k.start, k.end, b.type, b.surface, k.key, b.confidence, b.method)
            )
    for links in found.values():
        links.sort(key=lambda m: (m.cable_id, m.start, m.end))
    return found


def cable_members(resolution: Resolution, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
    """The links of ``cable_ids`` with their basis and cluster label, by offsets."""
    wanted = set(cable_ids)
    basis = resolution.basis
    assert basis is not None
    labels = {e.id: label for e, label in zip(resolution.entities, basis.labels, strict=True)}
    found: dict[str, list[Staged]] = {}
    for k, b in zip(resolution.links, basis.links, strict=True):
        if k.cable_id in wanted:
            found.setdefault(k.cable_id, []).append(Staged(
                k.cable_id, k.start, k.end, b.type, b.surface, k.key, b.confidence, b.method,
                labels[k.entity_id],
            ))  # fmt: skip
    for links in found.values():
        links.sort(key=lambda m: (m.start, m.end))
    return found


def tallies(resolution: Resolution, entity_ids: Iterable[str]) -> dict[str, Tally]:
    """The links of ``entity_ids`` summed (see Tally)."""
    return {
        eid: Tally(
            Counter((m.key, m.surface, m.type) for m in found),
            frozenset(m.cable_id for m in found),
        )
        for eid, found in members(resolution, entity_ids).items()
    }


def _relinked(
    k: Link, b: LinkBasis, patch: Patch, renumbered: dict[str, str], ids: dict[str, str]
) -> tuple[Link, LinkBasis]:
    """Link ``k`` (basis ``b``) once ``patch`` moved, renumbered and rekeyed it
    (``renumbered``: old id -> new id; ``ids``: label -> the id placed)."""
    eid, confidence, method = k.entity_id, k.confidence, k.method
    for move in patch.moves:
        if (
            eid == move.source
            and (move.key is None or k.key == move.key)
            and (move.cables is None or k.cable_id in move.cables)
        ):
            eid, confidence, method = move.target or ids[move.label], 1.0, "curated"
            b = LinkBasis(b.type, b.surface, 1.0, "curated")
            break
    else:
        eid = renumbered.get(eid, eid)
    for entity_id, old, new in patch.rekeyed:
        if eid == entity_id and k.key in (old, new) and b.method in EXACTED:
            confidence, method = (1.0, "exact") if k.key == new else (b.confidence, b.method)
    return Link(k.cable_id, k.start, k.end, eid, confidence, method, k.key), b


def apply(resolution: Resolution, patch: Patch) -> Resolution:
    """``resolution`` (which has a basis) changed as ``patch`` says."""
    basis = resolution.basis
    assert basis is not None
    ids = {p.label: p.entity.id for p in patch.placed}
    renumbered = {p.was: p.entity.id for p in patch.placed if p.was}
    unlinked = set(patch.unlinked)
    links = [
        _relinked(k, b, patch, renumbered, ids)
        for k, b in zip(resolution.links, basis.links, strict=True)
        if (k.cable_id, k.start, k.end) not in unlinked
    ]
    if patch.links:
        keys = {p.entity.id: p.entity.key for p in patch.placed}
        links.extend(_placed_link(s, ids[s.label], keys[ids[s.label]]) for s in patch.links)
        links.sort(key=lambda x: (x[0].cable_id, x[0].start, x[0].end))
    gone = {*patch.gone, *renumbered}
    kept = [
        (e, label, base)
        for e, label, base in zip(resolution.entities, basis.labels, basis.bases, strict=True)
        if e.id not in gone
    ]
    kept.extend((p.entity, p.label, p.base) for p in patch.placed)
    kept.sort(key=lambda x: (-x[0].mentions, x[0].id))
    return Resolution(
        tuple(e for e, _, _ in kept),
        tuple(k for k, _ in links),
        resolution.applied + (patch.applied and not patch.fresh),
        resolution.skipped + (not patch.applied and not patch.fresh),
        Basis(
            tuple(label for _, label, _ in kept),
            tuple(base for _, _, base in kept),
            tuple(b for _, b in links),
            patch.names,
        ),
    )


def _placed_link(s: Staged, eid: str, key: str) -> tuple[Link, LinkBasis]:
    """Staged link ``s`` of entity ``eid`` (whose key is ``key``), as a full save links it."""
    exact = s.key == key and s.method in EXACTED
    confidence, method = (1.0, "exact") if exact else (s.confidence, s.method)
    link = Link(s.cable_id, s.start, s.end, eid, confidence, method, s.key)
    return link, LinkBasis(s.type, s.surface, s.confidence, s.method)


def streamed(links: Iterable[Staged], placed: Callable[[], Sequence[Placed]]) -> Resolution:
    """The Resolution a streamed save stores (see ``EntityCuration.save_streamed``): links
    by cable and offsets, entities most mentioned first."""
    staged = sorted(links, key=lambda s: (s.cable_id, s.start, s.end))
    made = sorted(placed(), key=lambda p: (-p.entity.mentions, p.entity.id))
    entity = {p.label: p.entity for p in made}
    found = [_placed_link(s, entity[s.label].id, entity[s.label].key) for s in staged]
    basis = Basis(
        tuple(p.label for p in made),
        tuple(p.base for p in made),
        tuple(b for _, b in found),
        (),
    )
    return Resolution(tuple(p.entity for p in made), tuple(k for k, _ in found), 0, 0, basis)
