"""Mentions labelled with the cluster (future entity) they belong to, during resolution."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from cablescope.resolve.keys import alias_table


@dataclass(slots=True)
class Assigned:
    """One mention during resolution: where it is, its key, and the cluster it belongs to
    (a label: a root key, or a curation label), with confidence and method."""

    cable: int
    start: int
    end: int
    type: str
    surface: str
    key: str
    label: str
    confidence: float
    method: str


@dataclass(slots=True)
class Clusters:
    """Mentions grouped by label, with overrides of name and canonical key from curation."""

    mentions: list[Assigned]
    names: dict[str, tuple[str, str]] = field(default_factory=dict)


def _display(surfaces: Counter[str]) -> str:
    mixed = [s for s in surfaces if not s.isupper() or " " not in s] or list(surfaces)
    return max(mixed, key=lambda s: (surfaces[s], s))


def canonical(members: Sequence[Assigned]) -> tuple[str, str]:
    """(key, display name) of a cluster: the alias table's name where the table has it, else
    the fullest, most used key, written as it is written most (mixed case before capitals)."""
    table = alias_table()
    counts = Counter(m.key for m in members)
    for key in sorted(counts):
        if key in table:
            return table[key]
    person = Counter(m.type for m in members).most_common(1)[0][0] == "PER"
    key = max(
        counts,
        key=lambda k: (min(len(k.split()), 4) if person else len(k.split()) > 1, counts[k], k),
    )
    return key, _display(Counter(m.surface for m in members if m.key == key))
