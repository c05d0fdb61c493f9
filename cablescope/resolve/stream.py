"""A full resolution streamed through the store, in memory bounded by the names, not the
mentions: a first read of every cable sums the key-level tables (``Tables``), a second the
names around full names (``Tables.add_near``, every pair, as an incremental resolution
counts them); a third decides each cable's mentions from them (``cluster.Decide``) and
hands them to the store as they come (``EntityCuration.save_streamed``), keeping of each
cluster only how many mentions have each form, how many cables and which dates; the
entities are made from those tallies with the functions a resolution in memory uses
(``entities``). The judgements then apply one by one in place (``inplace``), as curation
applies a new one.

The store's record for resolving new cables later (``batch``) is written alongside: the
facts each cable's decisions read, a few hundred cables at a time, and the tables.

The result is what ``cluster.resolve`` gives in memory and ``save_resolution`` stores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cablescope.errors import StoreError
from cablescope.model.basis import Placed, Staged, Totals
from cablescope.resolve import entities, inplace
from cablescope.resolve._gc import uncollected
from cablescope.resolve.cluster import Decide
from cablescope.resolve.gather import lower_words, seen
from cablescope.resolve.labels import Forms
from cablescope.resolve.facts import Fact, answer
from cablescope.resolve.incremental import Evidence, every_pair
from cablescope.resolve.record import Stored, save_tables
from cablescope.resolve.tables import Tables

if TYPE_CHECKING:
    from cablescope.resolve.lookup import Resolvable

HELD = 500
"""Cables whose facts are written to the record at a time."""

Step = Callable[[int], None]
"""Called with the cables read since the last call: one for each cable of each of the three
reads, and one for each judgement."""


@dataclass(slots=True)
class _Tally:
    """What the entity of one cluster is made from."""

    forms: Forms = field(default_factory=Counter)
    cables: int = 0
    last: int = -1
    first_seen: str | None = None
    last_seen: str | None = None

    def seen_in(self, i: int, date: str | None) -> None:
        """Count cable ``i`` (dated ``date``) once, however many mentions it has here."""
        if self.last == i:
            return
        self.last = i
        self.cables += 1
        if date:
            if self.first_seen is None or date < self.first_seen:
                self.first_seen = date
            if self.last_seen is None or date > self.last_seen:
                self.last_seen = date


def _tables(store: Resolvable, step: Step) -> Tables:
    tables = Tables()
    for cable in store.iter_cables():
        tables.add(seen(cable), lower_words(cable.text))
        step(1)
    for cable in store.iter_cables():
        tables.add_near(seen(cable), every_pair)
        step(1)
    return tables


def _links(store: Resolvable, decide: Decide, tallies: dict[str, _Tally], step: Step
           ) -> Iterator[Staged]:  # fmt: skip
    record = Stored(store)
    held: dict[str, set[Fact]] = {}
    for i, cable in enumerate(store.iter_cables()):
        s = seen(cable)
        facts = held[s.id] = set()
        for m in decide.cable(i, s, facts):
            tally = tallies.get(m.label)
            if tally is None:
                tally = tallies[m.label] = _Tally()
            tally.forms[m.key, m.surface, m.type] += 1
            tally.seen_in(i, s.date)
            yield Staged(
                s.id, m.start, m.end, m.type, m.surface, m.key, m.confidence, m.method, m.label
            )
        if len(held) >= HELD:
            record.hold(held, lambda fact: answer(decide, fact))
            held = {}
        step(1)
    record.hold(held, lambda fact: answer(decide, fact))


def _placed(tallies: dict[str, _Tally]) -> list[Placed]:
    drafts = {label: entities.draft_of(label, t.forms, {}) for label, t in tallies.items()}
    ids = entities.number(drafts.values())
    made: list[Placed] = []
    for label, tally in tallies.items():
        d = drafts[label]
        e = entities.entity_of_forms(
            ids[label], d, tally.forms, tally.cables, tally.first_seen, tally.last_seen
        )
        made.append(Placed(e, label, d.base, "", False))
    return made


def resolve_streamed(store: Resolvable, step: Step | None = None) -> Totals:
    """Resolve every cable of ``store`` again, streamed, and re-apply its judgements in
    order; the totals after."""
    with uncollected():
        return _resolve(store, step or (lambda _n: None))


def _resolve(store: Resolvable, step: Step) -> Totals:
    tables = _tables(store, step)
    decide = Decide(tables)
    tallies: dict[str, _Tally] = {}
    # One transaction: no cable is written between the save and the judgements.
    with store.batch(large=True):
        store.clear_record()
        store.save_streamed(_links(store, decide, tallies, step), lambda: _placed(tallies))
        evidence = Evidence()
        evidence.changed(decide, (), ())
        save_tables(store, tables, evidence.pack())
        for judgement in store.judgements():
            if inplace.apply(store, judgement) is None:
                raise StoreError("the entities just saved cannot be curated in place")
            step(1)
    return store.entity_totals()
