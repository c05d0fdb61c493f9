"""What resolved entities are computed from, kept beside them so that a curation judgement
applies in place (``resolve.inplace``): each entity's cluster label and base id, each link's
mention as resolution saw it, the names curation gave clusters; and the changes one
judgement makes to the stored entities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cablescope.model.entity import Entity, summary


@dataclass(frozen=True, slots=True)
class LinkBasis:
    """What a link was decided from: its mention's type and surface as resolution read them,
    and its confidence and method as assigned, before its entity's own key made the links
    of that key through an alias or acronym exact."""

    type: str
    surface: str
    confidence: float
    method: str


@dataclass(frozen=True, slots=True)
class Named:
    """A name curation gave the cluster ``label`` (its canonical ``key`` and display
    ``name``): a rename, or the name an entity keeps when another is merged into it."""

    label: str
    key: str
    name: str


@dataclass(frozen=True, slots=True)
class Basis:
    """What a resolution's entities were computed from: per entity (in the order of
    ``Resolution.entities``) its cluster label and its base id (``type:slug`` before
    collisions are numbered); per link (in the order of ``Resolution.links``) its
    LinkBasis; the names curation gave clusters, in the order given."""

    labels: tuple[str, ...]
    bases: tuple[str, ...]
    links: tuple[LinkBasis, ...]
    names: tuple[Named, ...]


@dataclass(frozen=True, slots=True)
class Draft:
    """An entity as its id is decided: its id (empty until numbered), cluster label, base id,
    key, name, type and mentions."""

    id: str
    label: str
    base: str
    key: str
    name: str
    type: str
    mentions: int


@dataclass(frozen=True, slots=True)
class Member:
    """A stored link with its basis: cable, offsets, the mention's type, surface and key, and
    the link's confidence and method as assigned (see LinkBasis)."""

    cable_id: str
    start: int
    end: int
    type: str
    surface: str
    key: str
    confidence: float
    method: str


@dataclass(frozen=True, slots=True)
class Tally:
    """The links of an entity summed: how many have each (key, surface, type) of their
    mention, and the cables they are in; all its draft and counts are computed from."""

    forms: Mapping[tuple[str, str, str], int]
    cables: frozenset[str]


@dataclass(frozen=True, slots=True)
class Staged(Member):
    """A link of a streamed resolution as it is decided, before its entity has an id: its
    mention and assigned confidence and method (see Member), and its cluster ``label``."""

    label: str


@dataclass(frozen=True, slots=True)
class Move:
    """The links of entity ``source`` (those of alias ``key``, or in ``cables``, or all when
    neither is given) become certain links (confidence 1, method ``curated``) of the entity
    of cluster ``label``: ``target`` when that entity keeps its id, else the one placed for
    the label."""

    source: str
    label: str
    key: str | None = None
    cables: tuple[str, ...] | None = None
    target: str | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """An entity as it is stored from now on, with its cluster label and base id; ``was``:
    the id it had (empty for a new cluster); ``same``: whether its links are the ones it had
    (only its id, name, key or type may change)."""

    entity: Entity
    label: str
    base: str
    was: str
    same: bool

    @property
    def renamed(self) -> bool:
        """Whether only its id changed of what is counted of its links: its cables, alias
        links and co-mentions go with it to the new id."""
        return bool(self.was) and self.was != self.entity.id and self.same

    @property
    def whole(self) -> bool:
        """Whether what is counted of its links is counted anew: a new entity, or one whose
        id and links both changed."""
        return not self.was or (self.was != self.entity.id and not self.same)


@dataclass(frozen=True, slots=True)
class Patch:
    """What one curation judgement changes in stored entities, applied in one transaction:

    ``names`` replaces the names curation gave; ``moves`` relabel links; ``gone`` are the ids
    of the entities that are no more; ``placed`` the entities written (in place of the one
    each ``was``, whose links follow it to its new id); ``rekeyed`` (id, old key, new key)
    the entities whose own key changed (the links of either key through an alias or acronym
    are made exact, or back); ``cables`` and ``keys`` the cables whose links changed entity
    and the alias keys whose links changed, whose counts change for the entities placed
    under an id they had; ``spread`` the ids of the placed entities whose cables changed (or
    that are new); ``applied`` whether the judgement applied.

    A patch can instead bring the entities up to date with new cables (``fresh``): the links
    at ``unlinked`` (cable, start, end) are removed and ``links`` added (with their
    cluster's entity), no judgement is counted and the entities are fresh after it."""

    names: tuple[Named, ...]
    moves: tuple[Move, ...]
    gone: tuple[str, ...]
    placed: tuple[Placed, ...]
    rekeyed: tuple[tuple[str, str, str], ...]
    cables: tuple[str, ...]
    keys: tuple[str, ...]
    spread: tuple[str, ...]
    applied: bool
    unlinked: tuple[tuple[str, int, int], ...] = ()
    links: tuple[Staged, ...] = ()
    fresh: bool = False


@dataclass(frozen=True, slots=True)
class Totals:
    """How many entities, links and linked cables a store holds, and how many curation
    judgements applied and how many no longer fit."""

    entities: int
    mentions: int
    cables: int
    applied: int
    skipped: int

    def summary(self) -> str:
        """One line, as ``Resolution.summary`` writes it."""
        return summary(self.entities, self.mentions, self.cables, self.applied, self.skipped)
