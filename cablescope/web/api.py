"""The JSON API under ``/api``: the same records the CLI prints with ``--json``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from cablescope.analysis.graph import entity_graph, refs_graph
from cablescope.analysis.refs import canonical_id, refs
from cablescope.analysis.timeline import timeline
from cablescope.model.serialize import cable_to_dict
from cablescope.store.sqlite import SqliteStore
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, store
from cablescope.web._search import find
from cablescope.web.errors import not_found

router = APIRouter(prefix="/api", tags=["api"])

Db = Annotated[SqliteStore, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]
Q = Annotated[str, Query(max_length=2000, description="A query in the CLI's syntax.")]
Sort = Literal["relevance", "newest", "oldest"]


class JSON(Response):
    """A JSON response written by orjson (fast on large records)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


@router.get("/search", response_class=JSON)
def api_search(
    db: Db,
    memo: Cached,
    q: Q = "",
    sort: Sort = "relevance",
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    facets: bool = True,
) -> JSON:
    """Hits for ``q`` (the fields of `cablescope search --json`), facet counts, and
    ``next``: the cursor of the following page, or null on the last one."""
    found = find(db, q, sort=sort, limit=limit, cursor=cursor, facets=facets, cache=memo)
    return JSON(
        {
            "query": q,
            "sort": sort,
            "total": found.total,
            "results": [hit.to_dict() for hit in found.hits],
            "facets": found.facets.to_dict() if found.facets else None,
            "next": found.next,
        }
    )


@router.get("/cables/{cable_id}", response_class=JSON)
def api_cable(db: Db, cable_id: str) -> JSON:
    """The record of `cablescope show --json`."""
    cable = db.get_cable(canonical_id(cable_id))
    if cable is None:
        raise not_found(f"no cable {cable_id!r} in the database")
    return JSON(cable_to_dict(cable))


@router.get("/refs/{cable_id}", response_class=JSON)
def api_refs(db: Db, cable_id: str) -> JSON:
    """What the cable cites and which stored cables cite it (`cablescope refs --json`)."""
    found = refs(db, cable_id)
    if found is None:
        raise not_found(f"no cable {cable_id!r} in the database, and none cites it")
    return JSON(found.to_dict())


@router.get("/timeline", response_class=JSON)
def api_timeline(
    db: Db,
    q: Q = "",
    by: Literal["month", "year"] = "month",
    group: Literal["origin", "class", "tag"] | None = None,
    top: Annotated[int, Query(ge=0, le=100)] = 10,
) -> JSON:
    """Cables per month or year (`cablescope timeline --json`)."""
    return JSON(timeline(db, q, by=by, group=group, top=top).to_dict())


@router.get("/graph", response_class=JSON)
def api_graph(
    db: Db,
    q: Q = "",
    kind: Literal["refs", "entities"] = "refs",
    min_cables: Annotated[int, Query(ge=1)] = 1,
    min_weight: Annotated[int, Query(ge=1)] = 1,
) -> JSON:
    """The citation or co-mention graph of the cables ``q`` matches (`cablescope graph`)."""
    if kind == "refs":
        graph = refs_graph(db, q)
    else:
        graph = entity_graph(db, q, min_cables=min_cables, min_weight=min_weight)
    return JSON(graph.to_dict())
