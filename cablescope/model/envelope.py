"""Envelope: what a format's wrapper says about a cable, before the body is parsed."""

from __future__ import annotations

from dataclasses import dataclass

from cablescope.model.cable import Annotation, DateSeen, Destination, Tag


@dataclass(frozen=True, slots=True)
class Envelope:
    """Metadata from outside the body: an HTML table, a PlusD block, CSV columns.

    Every field is optional; the body parser fills what the envelope lacks.
    ``header`` is the transmission header (VZCZC…, FM/TO/INFO) when the format
    carries it apart from the body. ``annotations`` are offsets into the raw body.
    """

    format: str
    path: str
    sha256: str
    id: str | None = None
    dates: tuple[DateSeen, ...] = ()
    origin: str | None = None
    classification: str | None = None
    subject: str | None = None
    tags: tuple[Tag, ...] = ()
    destinations: tuple[Destination, ...] = ()
    header: str | None = None
    references: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    notes: tuple[str, ...] = ()
