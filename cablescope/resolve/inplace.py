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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from cablescope.model.basis import Draft, Member, Move, Named, Patch, Placed
from cablescope.model.entity import Judgement
from cablescope.resolve import curation, entities
from cablescope.resolve.keys import name_key
from cablescope.resolve.labels import Assigned
from cablescope.store.base import CableInfo, EntityCuration, EntityIndex, LinkIndex


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

    def patch(self, applied: bool) -> Patch:
        """What the store writes: nothing but the names when the judgement did not apply."""
        named = tuple(Named(label, k, n) for label, (k, n) in self.names.items())
        if not applied:
            return Patch(named, (), (), (), (), (), (), (), False)
        touched = list(dict.fromkeys(self.touched))
        old = {label: self.draft(label) for label in touched}
        self.load([d for d in old.values() if d is not None])
        groups: dict[str, list[Member]] = {label: [] for label in touched}
        moved: list[Member] = []
        for label, d in old.items():
            source = d.id if d is not None else ""
            across = [mv for mv in self.moves if mv.source == source and mv.label != label]
            for m in self.members.get(source, ()):
                move = next((mv for mv in across if _moves(mv, m)), None)
                if move is None:
                    groups[label].append(m)
                    continue
                moved.append(m)
                groups[move.label].append(
                    Member(m.cable_id, m.start, m.end, m.type, m.surface, m.key, 1.0, "curated")
                )
        clusters = {label: _Cluster(label, ms) for label, ms in groups.items() if ms}
        new = {lb: entities.draft(lb, c.members, self.names) for lb, c in clusters.items()}
        region: dict[str, Draft] = {}
        bases = {d.base for d in old.values() if d} | {d.base for d in new.values()}
        for root in sorted({entities.root(b) for b in bases}):
            region.update((d.label, d) for d in self.store.entity_drafts(root=root))
        ids = entities.number([*(d for lb, d in region.items() if lb not in old), *new.values()])
        renumbered = {lb: d for lb, d in region.items() if lb not in old and ids[lb] != d.id}
        self.load(list(renumbered.values()))
        for lb, d in renumbered.items():
            old[lb] = new[lb] = d
            clusters[lb] = _Cluster(lb, self.members[d.id])
        infos = self.store.cable_infos({c for cluster in clusters.values() for c in cluster.cables})
        sources = {mv.source for mv in self.moves if mv.target is None}
        targets = {mv.label for mv in self.moves if mv.target is None}
        placed: list[Placed] = []
        rekeyed: list[tuple[str, str, str]] = []
        spread: list[str] = []
        for label, before in old.items():
            if label not in clusters:
                continue
            eid, cluster = ids[label], clusters[label]
            made = entities.entity(eid, new[label], cluster.members, cluster.dater(infos))
            was = before.id if before is not None else ""
            same = bool(was) and was not in sources and label not in targets
            if before is not None and before.key != made.key:
                rekeyed.append((eid, before.key, made.key))
            held = {m.cable_id for m in self.members[was]} if was else set()
            if not was or held != set(cluster.cables):
                spread.append(eid)
            placed.append(Placed(made, label, new[label].base, was, same))
        kept = {p.label: p.entity.id for p in placed if p.was == p.entity.id}
        moves = tuple(
            mv if mv.target is not None else replace(mv, target=kept.get(mv.label))
            for mv in self.moves
        )
        keys = {mv.key for mv in self.moves if mv.key is not None} | {m.key for m in moved}
        keys |= {k for _, a, b in rekeyed for k in (a, b)}
        return Patch(
            named,
            moves,
            tuple(d.id for label, d in old.items() if d is not None and label not in clusters),
            tuple(placed),
            tuple(rekeyed),
            tuple(sorted({m.cable_id for m in moved})),
            tuple(sorted(keys)),
            tuple(spread),
            True,
        )


class _Cluster:
    """The members of one cluster as resolution labels them: each with the index of its
    cable among the cluster's cables (by id, as resolution numbers cables)."""

    def __init__(self, label: str, members: Sequence[Member]) -> None:
        self.cables = sorted({m.cable_id for m in members})
        index = {c: i for i, c in enumerate(self.cables)}
        self.members = [
            Assigned(
                index[m.cable_id],
                m.start,
                m.end,
                m.type,
                m.surface,
                m.key,
                label,
                m.confidence,
                m.method,
            )  # fmt: skip
            for m in sorted(members, key=lambda m: (m.cable_id, m.start, m.end))
        ]

    def dater(self, infos: Mapping[str, CableInfo]) -> Callable[[int], str | None]:
        """The date of a member's cable (by index), as resolution reads it."""

        def date(i: int) -> str | None:
            info = infos.get(self.cables[i])
            return info.date[:10] if info is not None and info.date else None

        return date


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
