"""Mentions labelled with the cluster (future entity) they belong to, during resolution, and
the name and type a cluster is shown by."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from cablescope.model.mention import ENTITY_TYPES
from cablescope.resolve.acronyms import government_names
from cablescope.resolve.keys import alias_table, contains, kind_by_words


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


@cache
def _heads() -> dict[str, str]:
    heads = {head: name for head, name in alias_table().values()}
    heads.update(government_names())
    return heads


Forms = Counter[tuple[str, str, str]]
"""How many mentions of a cluster have each (key, surface, type): all that its name, type
and aliases are computed from."""


def forms(members: Sequence[Assigned]) -> Forms:
    """The forms of ``members``."""
    return Counter((m.key, m.surface, m.type) for m in members)


def _person(found: Forms) -> bool:
    votes: Counter[str] = Counter()
    for (_, _, type_), n in found.items():
        votes[type_] += n
    return votes["PER"] * 2 > votes.total()


def _display(surfaces: Counter[str], person: bool) -> str:
    mixed = [s for s in surfaces if not s.isupper() or (" " not in s and not person)]
    if not mixed and person:
        return max(surfaces, key=lambda s: (surfaces[s], s)).title()
    return max(mixed or list(surfaces), key=lambda s: (surfaces[s], s))


def _fragment(key: str, counts: Counter[str]) -> bool:
    """Whether ``key`` is a shorter form of another key of the cluster written at least a
    quarter as often (``Tello Peon`` of ``Jorge Tello Peon``)."""
    tokens = tuple(key.split())
    return any(
        4 * n >= counts[key] and contains(tuple(other.split()), tokens)
        for other, n in counts.items()
        if len(other) > len(key)
    )


def canonical(members: Sequence[Assigned]) -> tuple[str, str]:
    """(key, display name) of the cluster of ``members`` (see ``canonical_of``)."""
    return canonical_of(forms(members), members[0].label)


def canonical_of(found: Forms, label: str) -> tuple[str, str]:
    """(key, display name) of cluster ``label`` of mentions ``found``: the alias table's
    name where the table has it (a government's where the cluster is one), else its most
    used full form (a name of several words, written otherwise than in capitals when it ever
    is, and not a shorter form of a fuller one written nearly as often), written as it is
    written most; a person's name only in capitals is shown capitalised."""
    table = alias_table()
    counts: Counter[str] = Counter()
    for (key, _, _), n in found.items():
        counts[key] += n
    for key in sorted(counts):
        if key in table:
            return table[key]
    if label in _heads():
        return label, _heads()[label]
    mixed = {key for key, surface, _ in found if not surface.isupper()}
    person = _person(found)
    whole = [k for k in counts if not _fragment(k, counts)] or list(counts)
    key = max(whole, key=lambda k: (len(k.split()) > 1, k in mixed, counts[k], len(k), k))
    surfaces: Counter[str] = Counter()
    for (k, surface, _), n in found.items():
        if k == key:
            surfaces[surface] += n
    return key, _display(surfaces, person)


def kind(members: Sequence[Assigned], key: str, name: str) -> str:
    """The type of the cluster of ``members`` (see ``kind_of``)."""
    return kind_of(forms(members), key, name)


def kind_of(found: Forms, key: str, name: str) -> str:
    """A cluster's type: that of most mentions of its name's key (of all its mentions when
    none has that key), never a person when its name is an organisation's or an
    agreement's."""
    own: Counter[str] = Counter()
    every: Counter[str] = Counter()
    for (k, _, type_), n in found.items():
        every[type_] += n
        if k == key:
            own[type_] += n
    own = own or every
    order = {t: i for i, t in enumerate(ENTITY_TYPES)}
    ranked = sorted(own, key=lambda t: (-own[t], order.get(t, len(order)), t))
    if ranked[0] == "PER" and (worded := kind_by_words(name)) is not None:
        return next((t for t in ranked if t != "PER"), worded)
    return ranked[0]
