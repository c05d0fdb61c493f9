"""The entity records, now in ``cablescope.model.entity``; importable here as well."""

from cablescope.model.entity import (
    JUDGEMENT_KINDS,
    METHODS,
    Alias,
    Entity,
    EntityDetail,
    Judgement,
    Link,
    Resolution,
)

__all__ = [
    "JUDGEMENT_KINDS",
    "METHODS",
    "Alias",
    "Entity",
    "EntityDetail",
    "Judgement",
    "Link",
    "Resolution",
]
