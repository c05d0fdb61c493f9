"""The server-rendered pages: overview, search, and the traffic charts they show."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response

from cablescope.analysis.chart import svg
from cablescope.query import parse_query
from cablescope.analysis.timeline import timeline
from cablescope.store.base import ENTITY_TYPES, quoted
from cablescope.store import Database, Readers
from cablescope.web._cache import Cache
from cablescope.web._deps import cache, pool, store, templates
from cablescope.web._search import find
from cablescope.web._text import SNIPPET_MARKERS, marked_snippet

router = APIRouter(include_in_schema=False)

Db = Annotated[Database, Depends(store)]
Cached = Annotated[Cache, Depends(cache)]
Pool = Annotated[Readers, Depends(pool)]
SORT_LABELS = {"relevance": "relevance", "newest": "newest first", "oldest": "oldest first"}


def refine(q: str, term: str) -> str:
    """``q`` with the filter ``term`` added (unchanged when it is already there)."""
    return q if term in q.split() else f"{q} {term}".strip()


def month_filter(month: str) -> str:
    """The filter for one month: ``from:2009-10 to:2009-10``."""
    return f"from:{month} to:{month}"


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, db: Db, memo: Cached) -> Response:
    """Traffic charts, the entities in most cables (resolved; names as tagged in a
    database never resolved) and the most cited cables."""
    stats = db.stats()
    facets = memo.get(("overview", db.count()), lambda: db.facets(parse_query(""), top=12))
    cited = db.most_cited(15)
    infos = db.cable_infos(ref for ref, _ in cited)
    return templates().TemplateResponse(
        request,
        "overview.html",
        {
            "stats": stats,
            "facets": facets,
            "cited": [(ref, n, infos.get(ref)) for ref, n in cited],
        },
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    db: Db,
    memo: Cached,
    readers: Pool,
    q: Annotated[str, Query(max_length=2000)] = "",
    sort: Literal["relevance", "newest", "oldest"] = "relevance",
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """Results with highlighted snippets, facets to click, and a link to the next page."""
    found = find(
        db,
        q,
        sort=sort,
        limit=limit,
        cursor=cursor,
        markers=SNIPPET_MARKERS,
        cache=memo,
        readers=readers,
    )
    peak = max((n for _, n in found.facets.months), default=0) if found.facets else 0
    return templates().TemplateResponse(
        request,
        "search.html",
        {
            "q": q,
            "sort": sort,
            "sorts": SORT_LABELS,
            "found": found,
            "first_page": cursor is None,
            "peak": peak,
            "refine": refine,
            "quoted": quoted,
            "month_filter": month_filter,
            "snippet": marked_snippet,
            "types": ENTITY_TYPES,
        },
    )


@router.get("/charts/timeline.svg")
def timeline_chart(
    db: Db,
    memo: Cached,
    q: Annotated[str, Query(max_length=2000)] = "",
    by: Literal["month", "year"] = "month",
    group: Literal["origin", "class", "tag"] | None = None,
    top: Annotated[int, Query(ge=0, le=30)] = 8,
) -> Response:
    """The timeline of ``q`` drawn as SVG (shown with <img>, so it runs no script)."""
    key = ("chart", q, by, group, top, db.count())
    drawn = memo.get(key, lambda: svg(timeline(db, q, by=by, group=group, top=top)))
    return Response(
        drawn,
        media_type="image/svg+xml",
        headers={"Cache-Control": "max-age=60", "Content-Security-Policy": "script-src 'none'"},
    )
