"""Cables written out for other tools: JSON lines, CSV rows for spreadsheets, text with
its entities marked inline, CoNLL columns. ``export(store, "tag:SNAR", "csv")``."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import orjson

from cablescope.analysis.entities import CableEntity, cable_entities, cable_record
from cablescope.errors import CablescopeError
from cablescope.grammar.posts import proper_origin
from cablescope.model import Cable
from cablescope.model.cable import LAYERS as LAYERS
from cablescope.query import Query, parse_query
from cablescope.store.base import Database, EntityText
from cablescope.tagging.conll import conll_document
from cablescope.tagging.inline import render_inline

FORMATS = ("jsonl", "csv", "inline", "conll")

CHUNK = 500
"""Cables exported per question to the store about their entities."""


def _names(kind: str) -> Callable[[Cable, Sequence[CableEntity]], str]:
    return lambda _cable, entities: "; ".join(e.name for e in entities if e.type == kind)


_Field = Callable[[Cable, Sequence[CableEntity]], str]
CSV_FIELDS: dict[str, _Field] = {
    "id": lambda c, _: c.id,
    "published_id": lambda c, _: c.published_id or "",
    "date": lambda c, _: c.date or "",
    "origin": lambda c, _: proper_origin(c.origin) if c.origin else "",
    "classification": lambda c, _: c.classification or "",
    "handling": lambda c, _: "; ".join(c.handling),
    "tags": lambda c, _: "; ".join(t.code for t in c.tags),
    "subject": lambda c, _: c.subject or "",
    "to": lambda c, _: "; ".join(d.name for d in c.destinations if d.kind == "to"),
    "info": lambda c, _: "; ".join(d.name for d in c.destinations if d.kind == "info"),
    "references": lambda c, _: "; ".join(r.id or r.raw for r in c.references),
    "signer": lambda c, _: c.signer or "",
    "classified_by": lambda c, _: c.classified_by or "",
    "redactions": lambda c, _: str(len(c.redactions)),
    "people": _names("PER"),
    "organisations": _names("ORG"),
    "places": _names("LOC"),
    "other": _names("MISC"),
    "source": lambda c, _: c.sources[0].path if c.sources else "",
    "text": lambda c, _: c.text,
}
"""The columns a CSV export may have, each a text cell (lists joined with "; "; entity
columns hold the names of the cable's resolved entities, most mentioned first)."""
DEFAULT_FIELDS = ("id", "date", "origin", "classification", "subject")
_ENTITY_FIELDS = frozenset({"people", "organisations", "places", "other"})


def csv_fields(spec: str) -> tuple[str, ...]:
    """The columns named by ``spec`` (``id,date,subject``), in its order.

    Raises CablescopeError for a name that is no column, naming the ones there are.
    """
    names = tuple(name.strip().lower() for name in spec.split(",") if name.strip())
    unknown = [name for name in names if name not in CSV_FIELDS]
    if unknown or not names:
        raise CablescopeError(
            f"no field {', '.join(map(repr, unknown)) or 'named'}; choose from "
            + ",".join(CSV_FIELDS)
        )
    return names


def entity_spans(cable: Cable, layer: str) -> list[tuple[int, int, str]]:
    """The (start, end, type) entity spans of ``cable`` from ``layer`` (one of LAYERS):
    tagged (found at ingest), imported (marks the source came with), auto (tagged, else
    imported)."""
    return cable.layer_spans(layer)


@dataclass(frozen=True, slots=True)
class Selection:
    """The cables an export writes, in date order: how many, and which (``ids``; None:
    every stored cable, in ``iter_cables`` order)."""

    store: Database
    count: int
    ids: tuple[str, ...] | None

    @property
    def cables(self) -> Iterator[Cable]:
        """The selected records."""
        if self.ids is None:
            return self.store.iter_cables()
        found = (self.store.get_cable(cid) for cid in self.ids)
        return (cable for cable in found if cable is not None)

    def texts(self, layer: str) -> Iterator[EntityText]:
        """The text and ``layer`` entity spans of each selected cable, in the same order,
        without reading whole records."""
        return self.store.entity_texts(layer, self.ids)


def select(store: Database, q: str | Query = "") -> Selection:
    """The cables ``q`` matches (every stored cable when it has neither words nor filters),
    oldest first (undated first), then by id."""
    query = q if isinstance(q, Query) else parse_query(q)
    if query.root is None:
        return Selection(store, store.count(), None)
    infos = store.cable_infos(store.matching(query))
    ordered = sorted(infos.values(), key=lambda i: (i.date or "", i.id))
    return Selection(store, len(ordered), tuple(info.id for info in ordered))


def header(fmt: str, fields: Sequence[str] = DEFAULT_FIELDS) -> str:
    """What comes before the first cable: the CSV header row, else nothing."""
    return _csv_row(fields) if fmt == "csv" else ""


def export(
    store: Database,
    cables: Selection | Iterable[Cable],
    fmt: str,
    layer: str = "auto",
    fields: Sequence[str] = DEFAULT_FIELDS,
) -> Iterator[str]:
    """The text of each of ``cables`` in ``fmt`` (one of FORMATS), one string per cable:
    jsonl, the record of `show --json` with its resolved entities; csv, a row of ``fields``
    (see ``header``); inline, ``### ID`` then the text with its entities marked; conll,
    one document of ``token _ _ IOB2-tag`` lines. ``layer`` picks the entities that inline
    and conll mark (see ``entity_spans``); for a Selection they read only the texts and
    those entities of the store."""
    if fmt in ("inline", "conll"):
        if isinstance(cables, Selection):
            marked: Iterable[EntityText] = cables.texts(layer)
        else:
            marked = (EntityText.of(cable, layer) for cable in cables)
        if fmt == "inline":
            for item in marked:
                yield f"### {item.id}\n{render_inline(item.text, item.spans)}\n\n"
        else:
            for item in marked:
                yield conll_document(item.text, item.spans)
        return
    if isinstance(cables, Selection):
        cables = cables.cables
    with_entities = fmt == "jsonl" or (fmt == "csv" and not _ENTITY_FIELDS.isdisjoint(fields))
    for chunk in chunked(cables, CHUNK):
        entities = cable_entities(store, chunk) if with_entities else {}
        for cable in chunk:
            if fmt == "jsonl":
                yield orjson.dumps(cable_record(cable, entities[cable.id])).decode() + "\n"
            else:
                found = entities.get(cable.id, ())
                yield _csv_row([CSV_FIELDS[name](cable, found) for name in fields])


def _csv_row(cells: Sequence[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return buffer.getvalue()


def chunked(items: Iterable[Cable], size: int) -> Iterator[list[Cable]]:
    """``items`` in lists of ``size`` (the last may be shorter)."""
    chunk: list[Cable] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
