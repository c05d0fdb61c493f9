"""What resolved entities are computed from, kept beside them so that a curation judgement
applies in place (``resolve.inplace``): each entity's cluster label and base id, each link's
mention as resolution saw it, the names curation gave clusters; and the changes one
judgement makes to the stored entities."""

from __future__ import annotations

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
class Move:
    """The links of entity ``source`` (those of alias ``key``, or in ``cables``, or all when
    neither is given) become links of the cluster ``label``, certain (confidence 1, method
    ``curated``)."""

    source: str
    label: str
    key: str | None = None
    cables: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Placed:
    """An entity as it is stored from now on, with its cluster label and base id; ``whole``
    when every row about it is written anew (a new entity, or one whose id changed)."""

    entity: Entity
    label: str
    base: str
    whole: bool


@dataclass(frozen=True, slots=True)
class Patch:
    """What one curation judgement changes in stored entities, applied in one transaction:

    ``names`` replaces the names curation gave; ``moves`` relabel links (to a cluster label,
    whose entity ``placed`` names); ``relabel`` (old id, label) moves every link of an entity
    whose id changes to its label; ``gone`` are the ids whose entity rows (and, for those not
    placed again under the same id, every row about them) are dropped; ``placed`` the
    entities written in their place; ``rekeyed`` (id, old key, new key) the entities whose
    own key changed (the links of either key through an alias or acronym are made exact, or
    back); ``cables`` and ``keys`` the cables and alias keys whose summaries change for the
    placed entities that are not ``whole``; ``spread`` the ids whose co-mentions with other
    entities may have changed; ``applied`` whether the judgement applied."""

    names: tuple[Named, ...]
    moves: tuple[Move, ...]
    relabel: tuple[tuple[str, str], ...]
    gone: tuple[str, ...]
    placed: tuple[Placed, ...]
    rekeyed: tuple[tuple[str, str, str], ...]
    cables: tuple[str, ...]
    keys: tuple[str, ...]
    spread: tuple[str, ...]
    applied: bool


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
