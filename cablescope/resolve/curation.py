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
from collections.abc import Sequence

from cablescope.resolve.gather import Seen
from cablescope.resolve.keys import name_key
from cablescope.resolve.labels import Assigned, Clusters, canonical
from cablescope.model.entity import Judgement

CABLES = "@"
"""Prefix of the cable-id argument of a ``split`` by cables (``@09MEXICO2882,09MEXICO3468``)."""


def _find(clusters: Clusters, key: str) -> str | None:
    """The label of the cluster ``key`` names: the one whose canonical key it is, else the one
    with most mentions under that key, else (a key no mention goes by: an alias table's or a
    government's name) the cluster whose canonical key it is."""
    holding: Counter[str] = Counter(m.label for m in clusters.mentions if m.key == key)
    for label, (named, _) in clusters.names.items():
        if named == key:
            return label
    for label in sorted(holding, key=lambda lb: (-holding[lb], lb)):
        members = [m for m in clusters.mentions if m.label == label]
        if label not in clusters.names and canonical(members)[0] == key:
            return label
    if holding:
        return min(holding, key=lambda lb: (-holding[lb], lb))
    groups: dict[str, list[Assigned]] = {}
    for m in clusters.mentions:
        groups.setdefault(m.label, []).append(m)
    fitting = sorted(
        lb for lb, ms in groups.items() if lb not in clusters.names and canonical(ms)[0] == key
    )
    return fitting[0] if fitting else None


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
    if judgement.kind == "split" and args[1].startswith(CABLES):
        wanted = set(args[1][len(CABLES) :].split(","))
        where = {i for i, c in enumerate(cables) if c.id in wanted}
        new = f"split:{label}:{args[1]}"
        return _relabel(clusters, label, new, cables=where) > 0
    if judgement.kind == "split":
        return _relabel(clusters, label, f"split:{args[1]}", pick={args[1]}) > 0
    if judgement.kind == "confirm":
        return _relabel(clusters, label, label, pick={args[1]}) > 0
    return False


def apply(
    clusters: Clusters, cables: Sequence[Seen], judgements: Sequence[Judgement]
) -> tuple[int, int]:
    """Apply ``judgements`` in order to ``clusters``; (applied, skipped)."""
    applied = 0
    for judgement in judgements:
        applied += _one(clusters, cables, judgement)
    return applied, len(judgements) - applied
