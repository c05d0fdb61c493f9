"""The JSON API of resolved entities: the records `cablescope entities --json` and
`cablescope entity ID --json` print, and one entity's co-mention network."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BeforeValidator
from starlette.exceptions import HTTPException as StarletteHTTPException

from cablescope.analysis.graph import entity_network
from cablescope.analysis.review import review
from cablescope.store import Database
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, known_params, store
from cablescope.web._entities import entity_detail, require_resolved
from cablescope.web._network import RULE, thinned
from cablescope.web.api import JSON, true_or_false
from cablescope.web import schemas
from cablescope.web.errors import not_found
from cablescope.web.schemas import errors

router = APIRouter(prefix="/api", tags=["entities"], dependencies=[Depends(known_params)])

Db = Annotated[Database, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]
NETWORK = (
    "The entity and the `top` entities most often in its cables, as the graph of "
    "`/api/graph?kind=entities` (`nodes`, `edges`): an edge from the entity to each, weighted "
    "by shared cables, and between two of them, weighted by how many of its cables mention "
    f"both. Thinned (the default), {RULE} 404 for an unknown id, 409 when the database was "
    "never resolved."
)
"""The description of the network route."""
WRITES = ("merge", "split", "rename", "confirm")
"""The curation routes beside the entity ids: a GET of one is 405, not an unknown id."""
EntityId = Annotated[
    str, Path(description="An entity id, `type:slug` of its name, e.g. `per:keith-mines`.")
]


@router.get(
    "/entities",
    response_class=JSON,
    response_model=list[schemas.Entity],
    summary="The most mentioned entities",
    response_description="Entities, most mentioned first (`cablescope entities --json`).",
    responses=errors(409, 422),
)
def api_entities(
    db: Db,
    type: Annotated[  # noqa: A002 - the CLI's name
        Literal["PER", "ORG", "LOC", "MISC"] | None,
        Query(description="Only entities of this type."),
    ] = None,
    top: Annotated[int, Query(ge=1, le=10000, description="How many.")] = 100,
) -> JSON:
    """The resolved entities (people, organisations, places, other names) with their
    aliases, mention and cable counts and first and last dates, most mentioned first.
    409 when the database was never resolved."""
    require_resolved(db)
    return JSON([e.to_dict() for e in db.entities(type, top)])


@router.get(
    "/entities/review",
    response_class=JSON,
    response_model=list[schemas.ReviewItem],
    summary="The least certain links",
    response_description="Aliases to review, least certain first (`cablescope entity review "
    "--json`).",
    responses=errors(409, 422),
)
def api_review(
    db: Db,
    type: Annotated[  # noqa: A002 - the CLI's name
        Literal["PER", "ORG", "LOC", "MISC"] | None,
        Query(description="Only entities of this type."),
    ] = None,
    top: Annotated[int, Query(ge=1, le=1000, description="How many.")] = 20,
    samples: Annotated[int, Query(ge=0, le=20, description="Contexts per alias.")] = 3,
    alone: Annotated[
        bool,
        Query(
            description="The aliases that cannot be split off (names left as entities of "
            "their own because several fit, entities' only aliases) instead of the others."
        ),
        BeforeValidator(true_or_false),
    ] = False,
) -> JSON:
    """The aliases of entities whose links are less than certain, least certain first:
    one item per entity and alias (the links of one name to one entity), with the mean
    and least confidence of its links, the methods that linked them, its mentions and
    cables and some contexts. Judge one with `POST /api/entities/confirm` (the links are
    right) or `POST /api/entities/split` with its `alias` (they are not); an alias with a
    judgement recorded leaves the list. 409 when the database was never resolved."""
    require_resolved(db)
    return JSON([item.to_dict() for item in review(db, top, type, samples, alone)])


@router.get(
    "/entities/{entity_id}",
    response_class=JSON,
    response_model=schemas.EntityDetail,
    summary="One entity",
    response_description="The entity in full (`cablescope entity ID --json`).",
    responses=errors(404, 409),
)
def api_entity(db: Db, entity_id: EntityId) -> JSON:
    """One resolved entity: its aliases with their counts and how sure their links are,
    its cables by date, the 20 entities most often in the same cables, and its cables per
    month. 404 for an unknown id, 409 when the database was never resolved."""
    if entity_id in WRITES:
        raise StarletteHTTPException(405, headers={"Allow": "POST"})
    return JSON(entity_detail(db, entity_id).to_dict())


@router.get(
    "/entities/{entity_id}/network",
    response_class=JSON,
    response_model=schemas.Graph,
    summary="An entity's co-mention network",
    description=NETWORK,
    response_description="The graph shape of `/api/graph?kind=entities`.",
    responses=errors(404, 409, 422),
)
def api_entity_network(
    db: Db,
    memo: Cached,
    entity_id: EntityId,
    top: Annotated[int, Query(ge=1, le=20, description="Co-mentioned entities kept.")] = 20,
    thin: Annotated[
        bool,
        Query(
            description="Keep only the edges between co-mentioned entities that tell "
            "something (see the description); `false`: every one."
        ),
        BeforeValidator(true_or_false),
    ] = True,
) -> JSON:
    """The entity and the ``top`` entities most often in its cables (see NETWORK)."""
    entity_detail(db, entity_id)
    key = ("network", entity_id, top, db.count())
    graph = memo.get(key, lambda: entity_network(db, entity_id, top))
    if graph is None:
        raise not_found(f"no entity {entity_id!r}")
    return JSON((thinned(graph, entity_id) if thin else graph).to_dict())
