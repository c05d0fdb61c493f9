"""What resolution produces: entities with their aliases, links from mentions to them, and
the curation judgements that are re-applied after every run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cablescope.model.basis import Basis

JUDGEMENT_KINDS = ("merge", "split", "rename", "confirm")
"""Curation judgements: ``merge`` (two entity keys), ``split`` (an entity key and an alias key,
or an entity key and cable ids), ``rename`` (an entity key and a name), ``confirm`` (an entity
key and an alias key: the alias's links to the entity are right)."""

METHODS = ("exact", "alias", "acronym", "same-cable", "archive", "context", "ambiguous", "curated")
"""How a mention was linked, most certain first except ``curated`` (a person's judgement):
the same key; a table alias; an acronym a cable defines; a person's short name linked to the
one full name in the same cable, to the one in the archive, or to the full name whose context
fits best; a short name left alone because several full names fit equally."""


@dataclass(frozen=True, slots=True)
class Alias:
    """A name an entity goes by (``surface`` as written, possessive removed), its key, and how
    many mentions use it."""

    surface: str
    key: str
    count: int


@dataclass(frozen=True, slots=True)
class Entity:
    """A resolved entity. ``id`` is ``type:slug`` of its name (stable across runs while its
    canonical name and type stay); ``key`` is the name key that curation refers to.
    ``first_seen``/``last_seen`` are the dates (``YYYY-MM-DD``) of its earliest and latest
    dated cables."""

    id: str
    name: str
    type: str
    key: str
    aliases: tuple[Alias, ...]
    mentions: int
    cables: int
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of ``cablescope entities --json``."""
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": [a.surface for a in self.aliases],
            "mentions": self.mentions,
            "cables": self.cables,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


@dataclass(frozen=True, slots=True)
class Link:
    """Mention ``start:end`` of cable ``cable_id`` is entity ``entity_id``; ``confidence`` in
    (0, 1] says how sure the link is and ``method`` (one of METHODS) why; ``key`` is the name
    key of the mention (the alias it goes by; empty when not known)."""

    cable_id: str
    start: int
    end: int
    entity_id: str
    confidence: float
    method: str
    key: str = ""


@dataclass(frozen=True, slots=True)
class Judgement:
    """A curation judgement (``kind`` in JUDGEMENT_KINDS) about name keys, kept forever."""

    kind: str
    args: tuple[str, ...]
    created_at: str


@dataclass(frozen=True, slots=True)
class Resolution:
    """Entities (most mentioned first), the link of every mention, and how many judgements
    applied and how many no longer fit the data (their entities are gone); ``basis``: what
    the entities were computed from, when the resolver kept it (see ``model.basis``)."""

    entities: tuple[Entity, ...]
    links: tuple[Link, ...]
    applied: int = 0
    skipped: int = 0
    basis: Basis | None = field(default=None, compare=False, repr=False)

    def summary(self) -> str:
        """One line: how many entities, mentions, cables and judgements."""
        cables = len({link.cable_id for link in self.links})
        return summary(len(self.entities), len(self.links), cables, self.applied, self.skipped)


def summary(entities: int, mentions: int, cables: int, applied: int, skipped: int) -> str:
    """One line: how many entities, mentions, cables and judgements (``Resolution.summary``)."""
    line = f"{entities:,} entities from {mentions:,} mentions in {cables:,} cables"
    if applied or skipped:
        line += f"; {applied} judgements applied"
        if skipped:
            line += f", {skipped} no longer fit"
    return line


@dataclass(frozen=True, slots=True)
class EntityDetail:
    """One entity with its cables (by date), the entities most often in the same cables
    (``(id, name, type, shared cables)``, most first), its cables per month
    (``(YYYY-MM, n)``), how sure the links of each alias (name key) are, most mentions
    first, and, for a person named short whose links are ambiguous, the people it may be
    (``(id, name, cables)``, most cables first)."""

    entity: Entity
    cable_ids: tuple[str, ...]
    co_mentions: tuple[tuple[str, str, str, int], ...]
    timeline: tuple[tuple[str, int], ...]
    links: tuple[AliasLinks, ...] = ()
    candidates: tuple[tuple[str, str, int], ...] = ()

    def surfaces(self, key: str) -> tuple[str, ...]:
        """The ways alias ``key`` is written, most used first."""
        return tuple(a.surface for a in self.entity.aliases if a.key == key)

    def to_dict(self) -> dict[str, object]:
        """The JSON contract of ``cablescope entity ID --json``."""
        return {
            **self.entity.to_dict(),
            "key": self.entity.key,
            "alias_counts": {a.surface: a.count for a in self.entity.aliases},
            "cable_ids": list(self.cable_ids),
            "co_mentions": [
                {"id": i, "name": n, "type": t, "cables": c} for i, n, t, c in self.co_mentions
            ],
            "timeline": [{"month": m, "cables": n} for m, n in self.timeline],
            "alias_links": [
                {**a.to_dict(), "aliases": list(self.surfaces(a.key))} for a in self.links
            ],
            "candidates": [{"id": i, "name": n, "cables": c} for i, n, c in self.candidates],
        }


@dataclass(frozen=True, slots=True)
class AliasLinks:
    """How sure the links of one alias of an entity are: the alias's name ``key``, its
    mentions and cables, the mean and least confidence of their links, and mentions per
    method (most first, ties by METHODS order)."""

    entity_id: str
    key: str
    mentions: int
    cables: int
    mean: float
    least: float
    methods: tuple[tuple[str, int], ...]

    @property
    def certain(self) -> bool:
        """Whether every link is certain (confidence 1)."""
        return self.least >= 1.0

    def to_dict(self) -> dict[str, object]:
        """The JSON form: ``key``, ``mentions``, ``cables``, ``mean``, ``min``, ``methods``
        (method -> mentions)."""
        return {
            "key": self.key,
            "mentions": self.mentions,
            "cables": self.cables,
            "mean": round(self.mean, 4),
            "min": round(self.least, 4),
            "methods": dict(self.methods),
        }


def method_order(counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """(method, mentions) pairs most first, ties in METHODS order."""
    rank = {m: i for i, m in enumerate(METHODS)}
    return tuple(sorted(counts.items(), key=lambda x: (-x[1], rank.get(x[0], len(rank)), x[0])))
