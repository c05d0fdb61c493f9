"""The page of one cable and its downloads: the record, the text with its entities, the
body each source gave, and the cable's address on WikiLeaks."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

import orjson
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, Response

from cablescope.analysis.diff import CableDiff, diff
from cablescope.analysis.refs import canonical_id, refs
from cablescope.errors import CompareError
from cablescope.grammar.ids import reference_months
from cablescope.model import Cable, SourceRef
from cablescope.model.serialize import cable_to_dict
from cablescope.store.base import ENTITY_TYPES, marking, reading_sha
from cablescope.store import Database, EntityIndex, RecordStore
from cablescope.tagging.inline import render_inline
from cablescope.web._deps import store, templates
from cablescope.web._text import blocks, entity_spans
from cablescope.web.errors import not_found

router = APIRouter(include_in_schema=False)

Db = Annotated[Database, Depends(store)]

PLUSD = "https://wikileaks.org/plusd/cables/{}.html"
"""The address of a record in WikiLeaks' Public Library of US Diplomacy (PlusD)."""
_PLUSD_ID = re.compile(r"[0-9A-Za-z-]+_[a-z]")
"""A PlusD record id as the PlusD export gives it (``10MEXICO83_a``)."""


def wikileaks_url(cable: Cable) -> str | None:
    """The cable's page on WikiLeaks: its PlusD record, by the id a PlusD source gave
    (``published_id``), else, for a cable Cablegate released (its reference list has the
    id), by Cablegate's id with PlusD's ``_a``; None for a cable WikiLeaks never published."""
    if cable.published_id and _PLUSD_ID.fullmatch(cable.published_id):
        return PLUSD.format(quote(cable.published_id))
    if reference_months([cable.id]):
        return PLUSD.format(quote(f"{cable.id}_a"))
    return None


def _cable(db: RecordStore, cable_id: str) -> Cable:
    cable = db.get_cable(canonical_id(cable_id))
    if cable is None:
        raise not_found(f"no cable {cable_id!r} in the database")
    return cable


def _metadata(cable: Cable) -> list[tuple[str, str]]:
    rows = [
        ("id", cable.id),
        ("date", cable.date or ""),
        ("origin", cable.origin or ""),
        ("classification", marking(cable) or ""),
        ("handling", ", ".join(cable.handling)),
        ("to", "; ".join(d.name for d in cable.destinations if d.kind == "to")),
        ("info", "; ".join(d.name for d in cable.destinations if d.kind == "info")),
        ("signer", cable.signer or ""),
        ("classified by", cable.classified_by or ""),
        ("reasons", cable.reasons or ""),
        ("declassify on", cable.declassify_on or ""),
        ("redactions", str(len(cable.redactions)) if cable.redactions else ""),
    ]
    return [(k, v) for k, v in rows if v]


def _diff(db: RecordStore, cable_id: str) -> CableDiff | None:
    try:
        return diff(db, cable_id)
    except CompareError:
        return None


def _links(db: EntityIndex, cable: Cable) -> dict[tuple[int, int], str]:
    if db.entities_state() == "none":
        return {}
    return {(k.start, k.end): k.entity_id for k in db.entity_links([cable.id])}


def _sources(db: RecordStore, cable: Cable) -> list[tuple[int | None, SourceRef]]:
    """Each source with the number of the reading of its bytes (for its download; several
    paths may have given the same bytes), None when the store lacks that reading."""
    number = {reading_sha(r): n for n, r in enumerate(db.readings(cable.id), 1)}
    found = [(number.get(s.sha256), s) for s in cable.sources]
    return sorted(found, key=lambda pair: pair[0] or len(number) + 1)


@router.get("/cables/{cable_id}", response_class=HTMLResponse)
def cable_page(request: Request, db: Db, cable_id: str) -> Response:
    """Metadata, a link to its WikiLeaks page, paragraphs with markings and entities,
    references, sources (each body a download) and their differences."""
    cable = _cable(db, cable_id)
    return templates().TemplateResponse(
        request,
        "cable.html",
        {
            "cable": cable,
            "metadata": _metadata(cable),
            "blocks": blocks(cable, _links(db, cable)),
            "types": ENTITY_TYPES,
            "layer": "tagged" if cable.mentions else "imported",
            "refs": refs(db, cable.id),
            "diff": _diff(db, cable.id),
            "sources": _sources(db, cable),
            "wikileaks": wikileaks_url(cable),
        },
    )


@router.get("/cables/{cable_id}/download.json")
def cable_json(db: Db, cable_id: str) -> Response:
    """The record as a JSON download."""
    cable = _cable(db, cable_id)
    return Response(
        orjson.dumps(cable_to_dict(cable), option=orjson.OPT_INDENT_2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{cable.id}.json"'},
    )


@router.get("/cables/{cable_id}/download.txt")
def cable_inline(db: Db, cable_id: str) -> Response:
    """The text with its entities marked inline: ``[PER Keith Mines  ]``."""
    cable = _cable(db, cable_id)
    return Response(
        render_inline(cable.text, entity_spans(cable)),
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{cable.id}.txt"'},
    )


@router.get("/cables/{cable_id}/sources/{n}")
def cable_source(db: Db, cable_id: str, n: Annotated[int, Path(ge=1, le=10_000)]) -> Response:
    """The ``n``-th source's body as the store keeps it: its transmission header, when it
    had one, then the raw body, exactly as the reader took them from the file (the file's
    own bytes, an HTML page or a PDF, are not stored)."""
    cable = _cable(db, cable_id)
    readings = db.readings(cable.id)
    if n > len(readings):
        raise not_found(f"cable {cable.id} has {len(readings)} sources, not {n}")
    reading = readings[n - 1]
    kind = reading.sources[0].format if reading.sources else "source"
    body = f"{reading.header.rstrip()}\n\n{reading.raw}" if reading.header else reading.raw
    return Response(
        body,
        media_type="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{cable.id}-{n}-{kind}.txt"'},
    )
