"""Pure data for cablescope: no I/O, no parsing. Every stage speaks these types."""

from cablescope.model.cable import (
    Annotation,
    Cable,
    DateSeen,
    Destination,
    Paragraph,
    Redaction,
    Reference,
    SourceRef,
    Tag,
    Variant,
)
from cablescope.model.entity import Alias, Entity, EntityDetail, Judgement, Link, Resolution
from cablescope.model.envelope import Envelope
from cablescope.model.inputs import Input
from cablescope.model.mention import ENTITY_TYPES, Mention
from cablescope.model.problem import Problem
from cablescope.model.text import Edit, RepairedText

__all__ = [
    "ENTITY_TYPES",
    "Alias",
    "Annotation",
    "Cable",
    "DateSeen",
    "Destination",
    "Edit",
    "Entity",
    "EntityDetail",
    "Envelope",
    "Input",
    "Judgement",
    "Link",
    "Mention",
    "Paragraph",
    "Problem",
    "Redaction",
    "Reference",
    "RepairedText",
    "Resolution",
    "SourceRef",
    "Tag",
    "Variant",
]
