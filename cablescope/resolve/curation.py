"""Curation judgements re-applied after each automatic resolution.

A judgement names entities by key (the canonical key an entity had when it was made, or any
alias key), so it holds while the data changes: ``merge A B`` puts B's mentions in A,
``split E ALIAS`` moves E's mentions of one alias to an entity of their own, ``split E
@CABLE...`` moves E's mentions in those cables, ``rename E NAME`` renames, ``confirm E
ALIAS`` says E's links through one alias are right (they become certain, method
``curated``). A judgement whose entities are no longer found is skipped and counted, never
deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from cablescope.resolve.entities import groups
from cablescope.resolve.gather import Seen
from cablescope.resolve.keys import name_key
from cablescope.resolve.labels import Clusters, canonical
from cablescope.model.entity import Judgement

CABLES = "@"
"""Prefix of the cable-id argument of a ``split`` by cables (``@09MEXICO2882,09MEXICO3468``)."""


def pick(
    key: str,
    names: Iterable[tuple[str, tuple[str, str]]],
    holding: Mapping[str, int],
    own: Callable[[str], str | None],
    fitting: Callable[[], Iterable[str]],
) -> str | None:
    """The label of the cluster ``key`` names: the first one curation named so, else among
    those ``holding`` mentions of that key the one whose canonical key it is (``own``: the
    canonical key of a cluster curation did not name, else None), by most mentions then
    label, else the one with most mentions under that key, else (a key no mention goes by:
    an alias table's or a government's name) the first label of ``fitting`` (the clusters
    not named by curation whose canonical key it is)."""
    for label, (named, _) in names:
        if named == key:
            return label
    ranked = sorted(holding, key=lambda lb: (-holding[lb], lb))
    for label in ranked:
        if own(label) == key:
            return label
    if ranked:
        return ranked[0]
    return min(fitting(), default=None)


def _find(clusters: Clusters, key: str) -> str | None:
    holding: Counter[str] = Counter(m.label for m in clusters.mentions if m.key == key)

    def own(label: str) -> str | None:
        if label in clusters.names:
            return None
        return canonical([m for m in clusters.mentions if m.label == label])[0]

    def fitting() -> Iterable[str]:
        grouped = groups(clusters.mentions).items()
        return (lb for lb, ms in grouped if lb not in clusters.names and canonical(ms)[0] == key)

    return pick(key, clusters.names.items(), holding, own, fitting)


@dataclass(frozen=True, slots=True)
class Relabel:
    """What a ``split`` or ``confirm`` of a cluster moves: its mentions of alias ``key``, or
    those in ``cables`` (ids), to the cluster ``label``."""

    label: str
    key: str | None
    cables: frozenset[str] | None


def relabel(kind: str, label: str, arg: str) -> Relabel | None:
    """What judgement ``kind`` with second argument ``arg`` moves out of (or, confirmed,
    within) cluster ``label``; None for the kinds that move no mentions this way."""
    if kind == "split" and arg.startswith(CABLES):
        return Relabel(f"split:{label}:{arg}", None, frozenset(arg[len(CABLES) :].split(",")))
    if kind == "split":
        return Relabel(f"split:{arg}", arg, None)
    if kind == "confirm":
        return Relabel(label, arg, None)
    return None


def _relabel(clusters: Clusters, label: str, new: str, pick: set[str] | None = None,
             cables: set[int] | None = None) -> int:  # fmt: skip
    moved = 0
    for m in clusters.mentions:
        if m.label != label:
            continue
        if (pick is None or m.key in pick) and (cables is None or m.cable in cables):
            m.label, m.confidence, m.method = new, 1.0, "curated"
            moved += 1
    return moved


def _one(clusters: Clusters, cables: Sequence[Seen], judgement: Judgement) -> bool:
    args = judgement.args
    label = _find(clusters, args[0]) if args else None
    if label is None or len(args) != 2:
        return False
    if judgement.kind == "rename":
        clusters.names[label] = (name_key(args[1]), args[1])
        return True
    if judgement.kind == "merge":
        other = _find(clusters, args[1])
        if other is None or other == label:
            return False
        named = clusters.names.pop(other, None)
        if label not in clusters.names and named is None:
            members = [m for m in clusters.mentions if m.label == label]
            clusters.names[label] = canonical(members)
        return _relabel(clusters, other, label) > 0
    moving = relabel(judgement.kind, label, args[1])
    if moving is None:
        return False
    where = None
    if moving.cables is not None:
        where = {i for i, c in enumerate(cables) if c.id in moving.cables}
    pick_ = None if moving.key is None else {moving.key}
    return _relabel(clusters, label, moving.label, pick_, where) > 0


def apply(
    clusters: Clusters, cables: Sequence[Seen], judgements: Sequence[Judgement]
) -> tuple[int, int]:
    """Apply ``judgements`` in order to ``clusters``; (applied, skipped)."""
    applied = 0
    for judgement in judgements:
        applied += _one(clusters, cables, judgement)
    return applied, len(judgements) - applied
