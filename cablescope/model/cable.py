"""The canonical cable record and its parts. Offsets index ``Cable.text`` unless said otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cablescope.model.mention import Mention
from cablescope.model.text import Edit

JSON = Any

LAYERS = ("auto", "tagged", "imported")
"""The entity layers a cable's text may be marked with (see ``Cable.layer_spans``)."""


@dataclass(frozen=True, slots=True)
class DateSeen:
    """A date found somewhere, in ISO 8601, with what it is and which source said it.

    ``kind``: dtg (date-time group), created, released, plusd, csv, dateline,
    declassify, inferred.
    """

    value: str
    kind: str
    source: str


@dataclass(frozen=True, slots=True)
class Destination:
    """An addressee. ``kind`` is ``to`` or ``info``; ``routing`` is the RI prefix (``RUEHC``)."""

    name: str
    kind: str
    routing: str | None = None
    precedence: str | None = None


@dataclass(frozen=True, slots=True)
class Tag:
    """A TAGS code and its label from the State Department's TAGS list, when known."""

    code: str
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Reference:
    """A cable cited in a REF line. ``id`` is canonical or None if it could not be resolved."""

    raw: str
    id: str | None
    letter: str | None = None
    year_inferred: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered paragraph: ``number`` as written, ``marking`` such as ``C``, ``SBU``, ``S/NF``."""

    number: int | None
    marking: str | None
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Redaction:
    """A redacted span (``XXXXXXXXXXXX``) in the text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """An imported entity mark, such as ``[PER Keith Mines  ]``, re-anchored on the text."""

    start: int
    end: int
    type: str
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a record came from: reader format, path, content hash, and fields it supplied."""

    format: str
    path: str
    sha256: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Variant:
    """A field value one source gave that differs from the value the record keeps."""

    field: str
    value: JSON
    source: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Cable:
    """One cable, as read from one source or merged from several.

    ``raw`` is the body exactly as read; ``text`` is ``raw`` with ``edits`` applied.
    ``id_provisional``: nothing in the cable or the reference list vouches for ``id``; it
    came from the file's name, or it lacks the year (``MEXICO999``) and may change when a
    fuller source of the cable is read.
    ``annotations`` are entity marks the source came with; ``mentions`` are the entities a
    tagger found in ``text`` at ingest.
    """

    id: str
    published_id: str | None = None
    id_inferred: bool = False
    id_provisional: bool = False
    date: str | None = None
    dates: tuple[DateSeen, ...] = ()
    origin: str | None = None
    destinations: tuple[Destination, ...] = ()
    classification: str | None = None
    handling: tuple[str, ...] = ()
    tags: tuple[Tag, ...] = ()
    subject: str | None = None
    references: tuple[Reference, ...] = ()
    signer: str | None = None
    classified_by: str | None = None
    reasons: str | None = None
    declassify_on: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    redactions: tuple[Redaction, ...] = ()
    text: str = ""
    raw: str = ""
    header: str | None = None
    edits: tuple[Edit, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    mentions: tuple[Mention, ...] = ()
    notes: tuple[str, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    variants: tuple[Variant, ...] = field(default=())

    @property
    def shown_entities(self) -> list[tuple[int, int, str, str]]:
        """The entities to show and resolve, as (start, end, type, text) on ``text``: the
        tagger's mentions, else the imported marks (a cable ingested with ``--no-ner``)."""
        if self.mentions:
            return [(m.start, m.end, m.type, m.text) for m in self.mentions]
        return [(a.start, a.end, a.type, a.text) for a in self.annotations]

    def layer_spans(self, layer: str) -> list[tuple[int, int, str]]:
        """The (start, end, type) entity spans on ``text`` of ``layer`` (one of LAYERS):
        tagged, the mentions (found at ingest); imported, the annotations (marks the source
        came with); auto, the mentions, else the annotations (as ``shown_entities``)."""
        marks = self.annotations if layer == "imported" else self.mentions
        if layer not in ("tagged", "imported") and not marks:
            marks = self.annotations
        return [(m.start, m.end, m.type) for m in marks]
