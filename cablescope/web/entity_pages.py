"""The entity pages: the list of entities, one entity (aliases and how sure their links are,
chart, co-mentions, network, cables with the mention in its sentence), its
mentions-over-time chart, and the review list of the least certain links."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from cablescope.analysis.chart import svg
from cablescope.analysis.review import review
from cablescope.model import Cable
from cablescope.store.base import ENTITY_TYPES
from cablescope.store import Database
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, store, templates
from cablescope.web._entities import entity_detail, in_sentence, mention_timeline, require_resolved

router = APIRouter(include_in_schema=False)

Db = Annotated[Database, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]
Kind = Literal["PER", "ORG", "LOC", "MISC"]

PAGE = 25
"""Cables listed with their context on one entity page."""

SCRIPTED_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
"""The entity page (its network) and the review page (its buttons) run a script of our own,
so they alone allow ``script-src 'self'``; still no inline script."""


@router.get("/entities", response_class=HTMLResponse)
def entities_page(
    request: Request,
    db: Db,
    type: Kind | None = None,  # noqa: A002 - the CLI's option name
    top: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    """The most mentioned entities of each type, or of one type (``?type=PER``)."""
    require_resolved(db)
    kinds: list[str] = [type] if type else list(ENTITY_TYPES)
    limit = top if type else min(top, 15)
    columns = [(kind, db.entities(kind, limit)) for kind in kinds]
    return templates().TemplateResponse(
        request,
        "entities.html",
        {"columns": columns, "kind": type, "types": ENTITY_TYPES, "top": top},
    )


@router.get("/entities/review", response_class=HTMLResponse)
def review_page(
    request: Request,
    db: Db,
    type: Kind | None = None,  # noqa: A002 - the CLI's option name
    top: Annotated[int, Query(ge=1, le=1000)] = 20,
    alone: bool = False,
) -> Response:
    """The least certain links first, one item per entity and alias, each with a confirm
    and a reject button (they post to the write API with the token typed in the page);
    ``alone``: the names left as entities of their own, to confirm."""
    require_resolved(db)
    response = templates().TemplateResponse(
        request,
        "review.html",
        {
            "items": review(db, top, type, alone=alone),
            "alone": alone,
            "kind": type,
            "types": ENTITY_TYPES,
            "top": top,
            "writable": bool(request.app.state.token),
            "stale": db.entities_state() == "stale",
        },
    )
    response.headers["Content-Security-Policy"] = SCRIPTED_CSP
    return response


def _contexts(
    db: Database, entity_id: str, cable_ids: list[str]
) -> list[tuple[Cable, list[object]]]:
    cables = {cid: db.get_cable(cid) for cid in cable_ids}
    spans: dict[str, list[tuple[int, int]]] = {}
    for link in db.entity_links(cable_ids):
        if link.entity_id == entity_id:
            spans.setdefault(link.cable_id, []).append((link.start, link.end))
    out: list[tuple[Cable, list[object]]] = []
    for cid in cable_ids:
        cable = cables[cid]
        if cable is None:
            continue
        shown = [in_sentence(cable.text, s, e) for s, e in spans.get(cid, [])[:2]]
        out.append((cable, list(shown)))
    return out


@router.get("/entities/{entity_id}", response_class=HTMLResponse)
def entity_page(
    request: Request, db: Db, entity_id: str, start: Annotated[int, Query(ge=0)] = 0
) -> Response:
    """Aliases, a chart of mentions per month, the co-mentioned entities and their network,
    and the cables with the mention in its sentence (PAGE at a time)."""
    detail = entity_detail(db, entity_id, (start, PAGE))
    ids = list(detail.cable_ids)
    response = templates().TemplateResponse(
        request,
        "entity.html",
        {
            "detail": detail,
            "e": detail.entity,
            "contexts": _contexts(db, detail.entity.id, ids),
            "start": start,
            "page": PAGE,
            "stale": db.entities_state() == "stale",
        },
    )
    response.headers["Content-Security-Policy"] = SCRIPTED_CSP
    return response


@router.get("/charts/entity/{entity_id}.svg")
def entity_chart(db: Db, memo: Cached, entity_id: str) -> Response:
    """The entity's cables per month as SVG (shown with <img>, so it runs no script)."""
    entity = entity_detail(db, entity_id, (0, 0)).entity
    key = ("entity-chart", entity_id, db.count(), entity.cables)
    drawn = memo.get(key, lambda: svg(mention_timeline(entity, db.entity_timeline(entity_id))))
    return Response(
        drawn,
        media_type="image/svg+xml",
        headers={"Cache-Control": "max-age=60", "Content-Security-Policy": "script-src 'none'"},
    )
