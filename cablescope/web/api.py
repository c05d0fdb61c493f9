"""The JSON API under ``/api``: the same records the CLI prints with ``--json``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

import orjson
from pydantic import BeforeValidator
from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from cablescope.analysis.graph import entity_graph, refs_graph
from cablescope.analysis.refs import canonical_id, refs
from cablescope.analysis.timeline import timeline
from cablescope.analysis.entities import cable_entities, cable_record
from cablescope.store import Database, Readers
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, known_params, pool, store
from cablescope.web import schemas
from cablescope.web._search import find
from cablescope.web.schemas import errors
from cablescope.web.errors import not_found

router = APIRouter(prefix="/api", tags=["cables"], dependencies=[Depends(known_params)])

Db = Annotated[Database, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]
Pool = Annotated[Readers, Depends(pool)]
Q = Annotated[str, Query(max_length=2000, description="A query in the CLI's syntax.")]
Sort = Literal["relevance", "newest", "oldest"]


class JSON(JSONResponse):
    """A JSON response written by orjson (fast on large records); a JSONResponse, so the
    document shows each route's answer schema."""

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)


def true_or_false(value: object) -> object:
    """Only ``true`` and ``false`` for a boolean, as the document says (not 0, 1, yes...)."""
    if isinstance(value, str) and value not in ("true", "false"):
        raise ValueError("should be true or false")
    return value


@router.get(
    "/search",
    response_class=JSON,
    response_model=schemas.Search,
    summary="Search the cables",
    response_description="One page of hits, the facets and the next page's cursor.",
    responses=errors(400, 422),
)
def api_search(
    db: Db,
    memo: Cached,
    readers: Pool,
    q: Q = "",
    sort: Annotated[
        Sort,
        Query(
            description="`relevance` (bm25, when the query has words; else newest first), "
            "`newest` or `oldest` first."
        ),
    ] = "relevance",
    limit: Annotated[int, Query(ge=1, le=500, description="Hits per page.")] = 20,
    cursor: Annotated[
        str | None,
        Query(
            max_length=1000,
            description="The `next` of the previous page, for the same `q` and `sort`.",
        ),
    ] = None,
    facets: Annotated[
        bool,
        Query(description="Count months, origins, classifications, tags, entities."),
        BeforeValidator(true_or_false),
    ] = True,
) -> JSON:
    """The cables that match ``q`` (the CLI's query syntax: words, "phrases", OR, -word,
    `gaddafi~` for every spelling of a name, `from:` `to:` `origin:` `class:` `tag:`
    `per:` `org:` `loc:` `misc:` `entity:` filters), one page
    in ``sort`` order, each hit with the fields of `cablescope search --json` (the snippet
    marks matched words with « »); the facets count every matching cable. Page on by
    sending ``next`` back as ``cursor``: the pages give each hit exactly once, and a page
    does not shift when cables are added. ``variants`` lists the spellings each fuzzy
    word stood for, with their cables. 400 `bad_query` when ``q`` cannot be parsed,
    `bad_cursor` for a damaged cursor or one made for another sort or query."""
    found = find(
        db, q, sort=sort, limit=limit, cursor=cursor, facets=facets, cache=memo, readers=readers
    )
    return JSON(
        {
            "query": q,
            "sort": sort,
            "total": found.total,
            "exact": found.exact,
            "results": [hit.to_dict() for hit in found.hits],
            "facets": found.facets.to_dict() if found.facets else None,
            "next": found.next,
            "variants": [variants.to_dict() for variants in found.variants],
        }
    )


CableId = Annotated[
    str, Path(description="A cable id such as `10MEXICO83` (case and leading zeros aside).")
]


@router.get(
    "/cables/{cable_id}",
    response_class=JSON,
    response_model=schemas.Cable,
    summary="One cable's record",
    response_description="The canonical record, as `cablescope show --json` prints it.",
    responses=errors(404),
)
def api_cable(db: Db, cable_id: CableId) -> JSON:
    """The canonical record of one cable: metadata, repaired text with its paragraphs,
    markings, redactions and repairs, entity mentions and the entities they resolve to,
    and the sources it was merged from with the values they disagreed on. 404 when the
    database lacks it."""
    cable = db.get_cable(canonical_id(cable_id))
    if cable is None:
        raise not_found(f"no cable {cable_id!r} in the database")
    return JSON(cable_record(cable, cable_entities(db, [cable])[cable.id]))


@router.get(
    "/refs/{cable_id}",
    response_class=JSON,
    response_model=schemas.Refs,
    summary="A cable's references",
    response_description="Its citations and the cables citing it (`cablescope refs --json`).",
    responses=errors(404),
)
def api_refs(db: Db, cable_id: CableId) -> JSON:
    """What the cable cites (each REF line, with whether the cited cable is stored, was
    released by Cablegate or never was) and which stored cables cite it. Answers for a
    cable that is not stored as long as a stored one cites it; else 404."""
    found = refs(db, cable_id)
    if found is None:
        raise not_found(f"no cable {cable_id!r} in the database, and none cites it")
    return JSON(found.to_dict())


@router.get(
    "/timeline",
    response_class=JSON,
    response_model=schemas.Timeline,
    summary="Cables over time",
    response_description="Counts per period (`cablescope timeline --json`).",
    responses=errors(400, 422),
)
def api_timeline(
    db: Db,
    q: Q = "",
    by: Annotated[Literal["month", "year"], Query(description="The period.")] = "month",
    group: Annotated[
        Literal["origin", "class", "tag"] | None,
        Query(description="Split the counts into one series per value."),
    ] = None,
    top: Annotated[
        int, Query(ge=0, le=100, description="Series kept with `group`; the rest is OTHER.")
    ] = 10,
) -> JSON:
    """How many cables ``q`` matches per month or year, from the first period with a cable
    to the last, empty periods included, and the undated ones apart; with ``group``, one
    series per origin, classification or TAGS code (the ``top`` largest, then OTHER and
    NONE). 400 when ``q`` cannot be parsed."""
    return JSON(timeline(db, q, by=by, group=group, top=top).to_dict())


@router.get(
    "/graph",
    response_class=JSON,
    response_model=schemas.Graph,
    summary="Citation or co-mention graph",
    response_description="Nodes and edges, as `cablescope graph` writes them in JSON.",
    responses=errors(400, 422),
)
def api_graph(
    db: Db,
    q: Q = "",
    kind: Annotated[
        Literal["refs", "entities"],
        Query(description="`refs`: cables and what they cite; `entities`: co-mentions."),
    ] = "refs",
    min_cables: Annotated[
        int, Query(ge=1, description="Entities in fewer cables are left out.")
    ] = 1,
    min_weight: Annotated[
        int, Query(ge=1, description="Edges with fewer shared cables are left out.")
    ] = 1,
) -> JSON:
    """The graph of the cables ``q`` matches: with ``kind=refs`` a directed graph from each
    cable to the cables it cites (cited ones not stored included, with their status); with
    ``kind=entities`` an undirected graph of entities, an edge between two weighted by the
    cables that mention both. 400 when ``q`` cannot be parsed."""
    if kind == "refs":
        graph = refs_graph(db, q)
    else:
        graph = entity_graph(db, q, min_cables=min_cables, min_weight=min_weight)
    return JSON(graph.to_dict())
