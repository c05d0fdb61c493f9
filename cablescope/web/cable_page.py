"""The page of one cable and its downloads."""

from __future__ import annotations

from typing import Annotated

import orjson
from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from cablescope.analysis.diff import CableDiff, diff
from cablescope.analysis.refs import canonical_id, refs
from cablescope.errors import CompareError
from cablescope.model import Cable
from cablescope.model.serialize import cable_to_dict
from cablescope.store.base import ENTITY_TYPES, marking
from cablescope.store import Database, EntityIndex, RecordStore
from cablescope.tagging.inline import render_inline
from cablescope.web._deps import store, templates
from cablescope.web._text import blocks, entity_spans
from cablescope.web.errors import not_found

router = APIRouter(include_in_schema=False)

Db = Annotated[Database, Depends(store)]


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


@router.get("/cables/{cable_id}", response_class=HTMLResponse)
def cable_page(request: Request, db: Db, cable_id: str) -> Response:
    """Metadata, paragraphs with markings and entities, references, sources and their
    differences."""
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
