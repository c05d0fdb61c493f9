"""New cables resolved into the entities a store holds, without resolving the others again:
the store keeps the record an incremental resolution needs (``record``: the key-level tables
and the evidence of signatures as blobs, the facts each cable's decisions read as rows),
written by every full resolution (``stream``). ``resolve_new`` adds the cables the record
does not hold yet, decides them and the old cables holding a fact whose answer they change
(``incremental.update``), and writes the change to the entities as one ``Patch``: the links
of those cables replaced, and the entities of the clusters they leave or join placed again
(``inplace.place``). The entities are then what a full resolution gives (a test compares
them after every batch, on each store).

The old links of the cables decided again are their decisions under the tables before the
batch, so the stored entities must be those decisions unchanged: a store with curation
judgements, or whose entities are not the record's, is resolved in full instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from cablescope.model.basis import Patch, Staged, Tally
from cablescope.resolve._gc import uncollected
from cablescope.resolve.gather import Seen, lower_words, seen
from cablescope.resolve.incremental import Evidence, Update, every_pair, update
from cablescope.resolve.inplace import Group, place
from cablescope.resolve.labels import Assigned
from cablescope.resolve.record import (
    EVIDENCE,
    RESOLVER,
    TABLES,
    Stored,
    load_tables,
    resolver,
    save_tables,
)

if TYPE_CHECKING:
    from cablescope.resolve.lookup import Resolvable

Step = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Batch:
    """What resolving new cables into the stored entities took."""

    update: Update
    links: int
    """Links written (those of the new cables and of the old ones decided again)."""
    entities: int
    """Entities placed again."""


def ready(store: Resolvable) -> bool:
    """Whether ``store`` can take new cables into its entities without a full resolution:
    it holds a record this resolver wrote, entities made with it, and no judgements."""
    return _record(store) is not None


def _record(store: Resolvable) -> dict[str, bytes] | None:
    """The blobs of the record of ``store`` (tables and evidence) when it is ``ready``."""
    if (store.entities_state() not in ("fresh", "stale") or store.entity_names() is None
            or store.judgements()):  # fmt: skip
        return None
    blobs = store.record_states([TABLES, EVIDENCE, RESOLVER])
    return blobs if len(blobs) == 3 and blobs[RESOLVER] == resolver() else None


def resolve_new(store: Resolvable, step: Step | None = None) -> Batch | None:
    """Resolve the cables of ``store`` its record does not hold into its entities, in one
    transaction; None (nothing done) when it is not ``ready``: resolve it in full."""
    with uncollected():
        return _resolve_new(store, step or (lambda _n: None))


def _resolve_new(store: Resolvable, step: Step) -> Batch | None:
    blobs = _record(store)
    if blobs is None:
        return None
    tables = load_tables(store, blobs[TABLES])
    assert tables is not None
    evidence = Evidence.unpack(blobs[EVIDENCE])
    batch: list[Seen] = []
    lower: Counter[str] = Counter()
    for cable_id in store.unrecorded_cables():
        cable = store.get_cable(cable_id)
        if cable is None:
            continue
        s = seen(cable)
        written = lower_words(cable.text)
        lower.update(written)
        tables.add(s, written)
        batch.append(s)
        step(1)
    tables.near.want(s.key for cable in batch for s in cable.spans if s.type == "PER")
    for s in batch:
        tables.add_near(s, every_pair)
    decided: dict[str, list[Assigned]] = {}
    again: list[str] = []

    def seen_of(cable_id: str) -> Seen:
        cable = store.get_cable(cable_id)
        assert cable is not None
        again.append(cable_id)
        return seen(cable)

    with store.batch(large=True):
        _, done = update(Stored(store), evidence, tables, batch, lower, seen_of,
                         decided.__setitem__)  # fmt: skip
        # The stored links of an old cable are its decisions before the batch (see ``ready``).
        was = {cid: [_assigned(m) for m in found]
               for cid, found in store.cable_members(again).items()}  # fmt: skip
        patch = _patch(store, was, decided)
        store.apply_curation(patch)
        save_tables(store, tables, evidence.pack())
    return Batch(done, len(patch.links), len(patch.placed))


def _assigned(m: Staged) -> Assigned:
    return Assigned(0, m.start, m.end, m.type, m.surface, m.key, m.label, m.confidence, m.method)


def _staged(cable_id: str, m: Assigned) -> Staged:
    return Staged(
        cable_id, m.start, m.end, m.type, m.surface, m.key, m.confidence, m.method, m.label
    )


def _changed(
    was: dict[str, list[Assigned]], now: dict[str, list[Assigned]]
) -> tuple[list[tuple[str, Assigned]], list[tuple[str, Assigned]]]:
    """The links of the cables of ``now`` that are no more and those that are new, of all
    the cables decided (``was``: the old ones' links before): most of an old cable decided
    again keeps its links."""
    gone: list[tuple[str, Assigned]] = []
    new: list[tuple[str, Assigned]] = []
    for cable_id, found in sorted(now.items()):
        before = {(m.start, m.end): m for m in was.get(cable_id, ())}
        after = {(m.start, m.end): m for m in found}
        gone.extend((cable_id, m) for at, m in before.items() if after.get(at) != m)
        new.extend((cable_id, m) for at, m in after.items() if before.get(at) != m)
    return gone, new


def _patch(
    store: Resolvable, was: dict[str, list[Assigned]], now: dict[str, list[Assigned]]
) -> Patch:
    """The change to the stored entities when the links of the cables of ``now`` (``was``:
    the old ones' links before) become those."""
    gone, new = _changed(was, now)
    labels = sorted({m.label for _, m in (*gone, *new)})
    old = dict.fromkeys(labels, None) | {d.label: d for d in store.entity_drafts(labels)}
    tallies = dict(store.entity_tallies([d.id for d in old.values() if d is not None]))

    def tallied(entity_ids: Sequence[str]) -> Mapping[str, Tally]:
        wanted = [eid for eid in entity_ids if eid not in tallies]
        found = store.entity_tallies(wanted) if wanted else {}
        tallies.update((eid, found.get(eid, Tally({}, frozenset()))) for eid in wanted)
        return tallies

    groups: dict[str, Group] = {label: Group() for label in labels}
    for label, d in old.items():
        if d is not None and d.id in tallies:
            groups[label].add(tallies[d.id])
    cables = {cable_id for cable_id, _ in (*gone, *new)}
    # Whether an entity is still in a cable is counted from all the cable's links now.
    for g in groups.values():
        g.cables -= cables
    for cid in cables:
        for label in {m.label for m in now[cid]} & groups.keys():
            groups[label].cables.add(cid)
    for _, m in gone:
        groups[m.label].forms[m.key, m.surface, m.type] -= 1
    for _, m in new:
        groups[m.label].forms[m.key, m.surface, m.type] += 1
    for g in groups.values():
        g.forms = +g.forms
    named = store.entity_names() or ()
    names = {n.label: (n.key, n.name) for n in named}
    placed, rekeyed, spread, ended = place(
        store, old, groups, names, tallied, lambda _label, _was: False
    )
    keys = {m.key for _, m in (*gone, *new)} | {k for _, a, b in rekeyed for k in (a, b)}
    return Patch(
        named,
        (),
        ended,
        tuple(placed),
        tuple(rekeyed),
        tuple(sorted(cables)),
        tuple(sorted(keys)),
        tuple(spread),
        True,
        tuple((cid, m.start, m.end) for cid, m in gone),
        tuple(_staged(cid, m) for cid, m in new),
        True,
    )
