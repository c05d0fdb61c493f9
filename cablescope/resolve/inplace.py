"""A curation judgement applied in place: the clusters it names are found as a full
resolution finds them (``curation.pick``), the mentions it moves are relabelled, and only the
entities it concerns are computed again (with ``entities``, as a full resolution computes
them): those it changes, and those whose ids the collision numbering gives otherwise. The
store writes the change in one transaction (``EntityCuration.apply_curation``), so that it
holds what a full re-resolution with the judgement would.

The automatic labels do not depend on judgements (they apply after them), so the stored
entities with their basis are the state a full resolution reaches before the new judgement;
entities saved without a basis, or older than the cables, need a full resolution.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from cablescope.model.basis import Draft, Member, Move, Named, Patch, Placed, Tally
from cablescope.model.entity import Judgement
from cablescope.resolve import curation, entities
from cablescope.resolve.keys import name_key
from cablescope.store.base import EntityCuration, EntityIndex, LinkIndex


class Curable(LinkIndex, EntityIndex, EntityCuration, Protocol):
    """What applying a judgement in place reads and writes."""


def _moves(move: Move, member: Member) -> bool:
    return (move.key is None or member.key == move.key) and (
        move.cables is None or member.cable_id in move.cables
    )


class _Plan:
    """One judgement worked out on the stored entities: the names curation gave, the
    clusters it concerns (``touched``) and the mentions it moves."""

    def __init__(self, store: Curable, names: dict[str, tuple[str, str]]) -> None:
        self.store = store
        self.names = names
        self.drafts: dict[str, Draft | None] = {}
        self.members: dict[str, list[Member]] = {}
        self.tallies: dict[str, Tally] = {}
        self.moves: list[Move] = []
        self.touched: list[str] = []

    def draft(self, label: str) -> Draft | None:
        """The stored entity of cluster ``label``, None when it has none."""
        if label not in self.drafts:
            found = self.store.entity_drafts([label])
            self.drafts[label] = found[0] if found else None
        return self.drafts[label]

    def load(self, drafts: Sequence[Draft]) -> None:
        """Read the links of ``drafts`` not read yet."""
        wanted = [d.id for d in drafts if d.id not in self.members]
        found = self.store.entity_members(wanted) if wanted else {}
        for eid in wanted:
            self.members[eid] = found.get(eid, [])

    def find(self, key: str) -> str | None:
        """The cluster ``key`` names, as ``curation`` finds it in a full resolution."""
        keyed = self.store.keyed_drafts(key)
        for d, _ in keyed:
            self.drafts[d.label] = d
        holding = {d.label: n for d, n in keyed if n}
        own = {d.label: d.key for d, _ in keyed if d.label not in self.names}
        fitting = (label for label, k in own.items() if k == key)
        return curation.pick(key, self.names.items(), holding, own.get, lambda: fitting)

    def judge(self, judgement: Judgement) -> bool:
        """Work out ``judgement`` as ``curation`` applies it; whether it applies."""
        args = judgement.args
        label = self.find(args[0]) if args else None
        if label is None or len(args) != 2:
            return False
        if judgement.kind == "rename":
            self.names[label] = (name_key(args[1]), args[1])
            self.touched.append(label)
            return True
        if judgement.kind == "merge":
            other = self.find(args[1])
            if other is None or other == label:
                return False
            named = self.names.pop(other, None)
            if label not in self.names and named is None:
                # Unnamed, its stored key and name are the canonical ones of its mentions.
                kept = self.draft(label)
                assert kept is not None
                self.names[label] = (kept.key, kept.name)
            return self._move(Move("", label), other)
        moving = curation.relabel(judgement.kind, label, args[1])
        if moving is None:
            return False
        cables = None if moving.cables is None else tuple(sorted(moving.cables))
        return self._move(Move("", moving.label, moving.key, cables), label)

    def _move(self, move: Move, source: str) -> bool:
        """Move the mentions of cluster ``source`` that ``move`` takes; whether there are any.
        Mentions confirmed where they are change no entity: only their links."""
        found = self.draft(source)
        if found is None:
            return False
        if move.cables is not None:
            self.load([found])
            held = any(_moves(move, m) for m in self.members[found.id])
        elif move.key is not None:
            held = any(d.id == found.id and n for d, n in self.store.keyed_drafts(move.key))
        else:
            held = True
        if not held:
            return False
        if move.label == source:
            self.moves.append(Move(found.id, source, move.key, move.cables, found.id))
        else:
            self.touched.extend((source, move.label))
            self.moves.append(Move(found.id, move.label, move.key, move.cables))
        return True

    def tally(self, entity_ids: Sequence[str]) -> None:
        """Read the summed links of ``entity_ids`` not read yet."""
        wanted = [eid for eid in entity_ids if eid not in self.tallies]
        found = self.store.entity_tallies(wanted) if wanted else {}
        for eid in wanted:
            self.tallies[eid] = found.get(eid, Tally({}, frozenset()))

    def tallied(self, entity_ids: Sequence[str]) -> Mapping[str, Tally]:
        """The summed links of entities, ``entity_ids`` among them."""
        self.tally(entity_ids)
        return self.tallies

    def patch(self, applied: bool) -> Patch:
        """What the store writes: nothing but the names when the judgement did not apply.
        An entity that stays whole or moves whole is counted from its summed links; only
        one that a judgement cuts is read link by link."""
        named = tuple(Named(label, k, n) for label, (k, n) in self.names.items())
        if not applied:
            return Patch(named, (), (), (), (), (), (), (), False)
        touched = list(dict.fromkeys(self.touched))
        old = {label: self.draft(label) for label in touched}
        self.tally([d.id for d in old.values() if d is not None])
        groups: dict[str, Group] = {label: Group() for label in touched}
        moved = Group()
        for label, d in old.items():
            if d is None:
                continue
            across = [mv for mv in self.moves if mv.source == d.id and mv.label != label]
            if not across:
                groups[label].add(self.tallies[d.id])
            elif len(across) == 1 and across[0].key is None and across[0].cables is None:
                groups[across[0].label].add(self.tallies[d.id])
                moved.add(self.tallies[d.id])
            else:
                self.load([d])
                for m in self.members[d.id]:
                    move = next((mv for mv in across if _moves(mv, m)), None)
                    groups[label if move is None else move.label].count(m)
                    if move is not None:
                        moved.count(m)
        sources = {mv.source for mv in self.moves if mv.target is None}
        targets = {mv.label for mv in self.moves if mv.target is None}
        placed, rekeyed, spread, gone = place(
            self.store,
            old,
            groups,
            self.names,
            self.tallied,
            lambda label, was: was not in sources and label not in targets,
        )
        kept = {p.label: p.entity.id for p in placed if p.was == p.entity.id}
        moves = tuple(
            mv if mv.target is not None else replace(mv, target=kept.get(mv.label))
            for mv in self.moves
        )
        keys = {mv.key for mv in self.moves if mv.key is not None} | {k for k, _, _ in moved.forms}
        keys |= {k for _, a, b in rekeyed for k in (a, b)}
        return Patch(
            named,
            moves,
            gone,
            tuple(placed),
            tuple(rekeyed),
            tuple(sorted(moved.cables)),
            tuple(sorted(keys)),
            tuple(spread),
            True,
        )


Tallies = Callable[[Sequence[str]], Mapping[str, Tally]]
"""Reads the summed links of entities (by id)."""


def place(
    store: Curable,
    old: Mapping[str, Draft | None],
    groups: Mapping[str, Group],
    names: Mapping[str, tuple[str, str]],
    tallies: Tallies,
    same: Callable[[str, str], bool],
) -> tuple[list[Placed], list[tuple[str, str, str]], list[str], tuple[str, ...]]:
    """The entities of the clusters ``groups`` (label -> their links now; ``old``: the
    stored entity of each, None for a new one) and of those whose ids the collision
    numbering now gives otherwise, as ``Patch`` places them; with the entities whose own
    key changed (id, old key, new key), the ids of those whose cables changed, and the ids
    of the entities that are no more. ``same(label, was)``: whether the links of a stored
    entity, which stays, are the ones it had."""
    old = dict(old)
    clusters = {label: g for label, g in groups.items() if g.forms}
    new = {lb: entities.draft_of(lb, g.forms, names) for lb, g in clusters.items()}
    region: dict[str, Draft] = {}
    bases = {d.base for d in old.values() if d} | {d.base for d in new.values()}
    for root in sorted({entities.root(b) for b in bases}):
        region.update((d.label, d) for d in store.entity_drafts(root=root))
    ids = entities.number([*(d for lb, d in region.items() if lb not in old), *new.values()])
    renumbered = {lb: d for lb, d in region.items() if lb not in old and ids[lb] != d.id}
    counted = dict(tallies([d.id for d in old.values() if d is not None]))
    counted.update(tallies([d.id for d in renumbered.values()]))
    for lb, d in renumbered.items():
        old[lb] = new[lb] = d
        clusters[lb] = Group()
        clusters[lb].add(counted[d.id])
    infos = store.cable_infos({c for g in clusters.values() for c in g.cables})
    placed: list[Placed] = []
    rekeyed: list[tuple[str, str, str]] = []
    spread: list[str] = []
    for label, before in old.items():
        if label not in clusters:
            continue
        eid, group = ids[label], clusters[label]
        dates = sorted(info.date[:10] for c in group.cables if (info := infos.get(c)) and info.date)
        made = entities.entity_of_forms(
            eid, new[label], group.forms, len(group.cables), *_ends(dates)
        )
        was = before.id if before is not None else ""
        if before is not None and before.key != made.key:
            rekeyed.append((eid, before.key, made.key))
        if not was or counted[was].cables != group.cables:
            spread.append(eid)
        placed.append(Placed(made, label, new[label].base, was, bool(was) and (
            label in renumbered or same(label, was))))  # fmt: skip
    gone = tuple(d.id for label, d in old.items() if d is not None and label not in clusters)
    return placed, rekeyed, spread, gone


class Group:
    """The links one entity is made of once a judgement applies, summed as a Tally is."""

    def __init__(self) -> None:
        self.forms: Counter[tuple[str, str, str]] = Counter()
        self.cables: set[str] = set()

    def add(self, tally: Tally) -> None:
        self.forms.update(tally.forms)
        self.cables |= tally.cables

    def count(self, member: Member) -> None:
        self.forms[member.key, member.surface, member.type] += 1
        self.cables.add(member.cable_id)


def _ends(dates: Sequence[str]) -> tuple[str | None, str | None]:
    return (dates[0], dates[-1]) if dates else (None, None)


def apply(store: Curable, judgement: Judgement) -> bool | None:
    """Apply ``judgement`` (kept already) to the entities of ``store`` in place, as a full
    re-resolution with it would; whether it applied. None when the entities cannot be
    changed in place (older than the cables, or saved without their basis): a full
    resolution must apply it."""
    kept = store.entity_names()
    if kept is None or store.entities_state() != "fresh":
        return None
    plan = _Plan(store, {n.label: (n.key, n.name) for n in kept})
    applied = plan.judge(judgement)
    store.apply_curation(plan.patch(applied))
    return applied
