"""The JSON API of resolved entities: the records `cablescope entities --json` and
`cablescope entity ID --json` print, and one entity's co-mention network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from cablescope.analysis.graph import entity_network
from cablescope.store.sqlite import SqliteStore
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, store
from cablescope.web._entities import entity_detail, require_resolved
from cablescope.web.api import JSON
from cablescope.web.errors import not_found

router = APIRouter(prefix="/api", tags=["entities"])

Db = Annotated[SqliteStore, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]


@router.get("/entities", response_class=JSON)
def api_entities(
    db: Db,
    type: Literal["PER", "ORG", "LOC", "MISC"] | None = None,  # noqa: A002 - the CLI's name
    top: Annotated[int, Query(ge=1, le=10000)] = 100,
) -> JSON:
    """Entities, most mentioned first (`cablescope entities --json`)."""
    require_resolved(db)
    return JSON([e.to_dict() for e in db.entities(type, top)])


@router.get("/entities/{entity_id}", response_class=JSON)
def api_entity(db: Db, entity_id: str) -> JSON:
    """One entity with its cables, co-mentions and timeline (`cablescope entity ID --json`)."""
    return JSON(entity_detail(db, entity_id).to_dict())


@router.get("/entities/{entity_id}/network", response_class=JSON)
def api_entity_network(
    db: Db, memo: Cached, entity_id: str, top: Annotated[int, Query(ge=1, le=20)] = 20
) -> JSON:
    """The entity and the ``top`` entities most often in its cables, as the graph of
    `/api/graph?kind=entities` (``nodes``, ``edges``): an edge from the entity to each,
    weighted by shared cables, and between two of them, weighted by how many of its cables
    mention both."""
    entity_detail(db, entity_id)
    key = ("network", entity_id, top, db.count())
    graph = memo.get(key, lambda: entity_network(db, entity_id, top))
    if graph is None:
        raise not_found(f"no entity {entity_id!r}")
    return JSON(graph.to_dict())
