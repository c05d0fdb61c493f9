"""The entities of cables as `show`, `export` and the API show them: the resolved entities
each cable mentions (display name and id), else, in a database never resolved or for a cable
stored since, its names as tagged."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from cablescope.model import Cable
from cablescope.model.serialize import cable_to_dict
from cablescope.store.base import ENTITY_TYPES, EntityIndex

_ORDER = {kind: i for i, kind in enumerate(ENTITY_TYPES)}


@dataclass(frozen=True, slots=True)
class CableEntity:
    """An entity a cable mentions ``mentions`` times: the resolved entity ``id`` with its
    display ``name``, or (``id`` None) a name as tagged."""

    id: str | None
    name: str
    type: str
    mentions: int

    def to_dict(self) -> dict[str, object]:
        """{"id", "name", "type", "mentions"}."""
        return {"id": self.id, "name": self.name, "type": self.type, "mentions": self.mentions}


def _ordered(found: list[CableEntity]) -> tuple[CableEntity, ...]:
    return tuple(
        sorted(found, key=lambda e: (_ORDER.get(e.type, 9), -e.mentions, e.name, e.id or ""))
    )


def _names(cable: Cable) -> tuple[CableEntity, ...]:
    counts = Counter((kind, " ".join(text.split())) for _, _, kind, text in cable.shown_entities)
    return _ordered([CableEntity(None, name, kind, n) for (kind, name), n in counts.items()])


def cable_entities(
    store: EntityIndex, cables: Sequence[Cable]
) -> dict[str, tuple[CableEntity, ...]]:
    """The entities of each of ``cables`` (by id), by type then most mentioned: resolved
    entities where the database has them for the cable, else its names as tagged."""
    resolved = (
        store.resolved_entities(c.id for c in cables) if store.entities_state() != "none" else {}
    )
    found = {}
    for cable in cables:
        counts = resolved.get(cable.id)
        if counts:
            found[cable.id] = _ordered(
                [CableEntity(i, name, kind, n) for (i, name, kind), n in counts.items()]
            )
        else:
            found[cable.id] = _names(cable)
    return found


def cable_record(cable: Cable, entities: Sequence[CableEntity]) -> dict[str, object]:
    """The record `show --json` and `export` print: the canonical record (``cable_to_dict``)
    and its ``entities``."""
    return {**cable_to_dict(cable), "entities": [e.to_dict() for e in entities]}
