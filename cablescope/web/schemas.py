"""The shapes of the API's JSON answers, for the OpenAPI document only.

The routes answer with the records the CLI prints (``to_dict()`` of the analysis and store
records, written by orjson); these models describe those records field by field, every key
always present (``null`` where it has no value), no key left out, so the document is exact
and a client or a contract test can check an answer against it. ``tests/web`` checks real
answers against them and runs schemathesis over the served document.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["PER", "ORG", "LOC", "MISC"]


class Shape(BaseModel):
    """A record whose keys are exactly its fields."""

    model_config = ConfigDict(extra="forbid")


class ErrorDetail(Shape):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A short machine-readable code, e.g. `not_found`.")
    message: str = Field(description="What went wrong, for a person.")


class Error(Shape):
    """Every error of the API, whatever its status."""

    error: ErrorDetail


# search


class Hit(Shape):
    id: str
    date: str | None
    origin: str | None
    classification: str | None = Field(description="With its NOFORN marking.")
    subject: str | None
    snippet: str = Field(description="An excerpt with the matched words between « and ».")
    score: float = Field(description="bm25 relevance, higher is better (0 without words).")
    redactions: int


class Count(Shape):
    value: str
    count: int


class TagCount(Shape):
    value: str = Field(description="The TAGS code.")
    label: str | None
    count: int


class EntityCount(Shape):
    id: str | None = Field(
        description="The resolved entity, as `/api/entities/{id}` has it; null for a name "
        "as tagged (a database never resolved)."
    )
    value: str = Field(description="Its display name (a lower-cased name when `id` is null).")
    count: int = Field(description="Matching cables that mention it.")
    filter: str = Field(
        description="The filter that finds those cables: `entity:ID` (or `per:NAME`...)."
    )


class Facets(Shape):
    total: int
    month: list[Count] = Field(description="Cables per month (`2009-10`), in month order.")
    origin: list[Count]
    class_: list[Count] = Field(alias="class")
    tag: list[TagCount]
    entities: dict[str, list[EntityCount]] = Field(
        description="Per entity type (PER, ORG, LOC, MISC), the resolved entities in most "
        "matching cables, most first (the count is the entity page's for an empty query)."
    )
    resolved: bool = Field(
        description="false in a database never resolved: `entities` then holds names as tagged."
    )
    sampled: int | None = Field(
        default=None,
        description="For a broad query, how many of the `total` matching cables were counted "
        "(an even sample), the counts scaled to the total: about, not exact. null when every "
        "matching cable was counted.",
    )
    entities_sampled: int | None = Field(
        default=None,
        description="How many cables the `entities` counts were taken from when fewer than "
        "were counted for the other facets (an even sample of them; a cable has tens of "
        "entities), the counts scaled likewise. null when they were counted on the same cables.",
    )


class Spelling(Shape):
    word: str = Field(description="A word of the index, as it folds (lower case, no accents).")
    cables: int = Field(description="The stored cables that hold it.")


class Variants(Shape):
    term: str = Field(description="The fuzzy word as the query wrote it (`gaddafi~`).")
    words: list[Spelling] = Field(
        description="The spellings of it that the archive holds, which the query matched "
        "in its place, most cables first (at most 50: the nearest spellings first)."
    )
    more: int = Field(description="Spellings near enough but left out, past the 50.")


class Search(Shape):
    query: str
    sort: Literal["relevance", "newest", "oldest"]
    total: int = Field(description="Every cable the query matches (about, when `exact` is false).")
    exact: bool = Field(
        description="false when `total` is an estimate: a broad query on PostgreSQL, whose "
        "matches are counted in stretches of the archive above a bound."
    )
    results: list[Hit]
    facets: Facets | None = Field(description="null with `facets=false`.")
    next: str | None = Field(description="The cursor of the next page; null on the last.")
    variants: list[Variants] = Field(
        description="For each fuzzy word of the query (`gaddafi~`, `gaddafi~1`), the "
        "spellings it stood for; empty for a query without one."
    )


# one cable (`cablescope show --json`)


class DateSeen(Shape):
    value: str
    kind: str
    source: str


class Destination(Shape):
    name: str
    kind: str = Field(description="`to` or `info`.")
    routing: str | None
    precedence: str | None


class Tag(Shape):
    code: str
    label: str | None


class Reference(Shape):
    raw: str
    id: str | None
    letter: str | None
    year_inferred: bool


class Paragraph(Shape):
    number: int | None
    marking: str | None
    start: int
    end: int
    text: str


class Span(Shape):
    start: int
    end: int


class Edit(Shape):
    start: int
    end: int
    replacement: str
    rule: str


class Annotation(Shape):
    start: int
    end: int
    type: str
    text: str
    source: str


class Mention(Shape):
    start: int
    end: int
    type: str
    text: str
    backend: str
    score: float


class Source(Shape):
    format: str
    path: str
    sha256: str
    fields: list[str]


class Variant(Shape):
    field: str
    value: Any = Field(description="The value that source gave (any JSON value).")
    source: str
    sha256: str


class CableEntity(Shape):
    id: str | None = Field(description="The resolved entity; null for a name as tagged.")
    name: str
    type: Kind
    mentions: int


class Cable(Shape):
    """The canonical record of one cable, as `cablescope show --json` prints it."""

    id: str
    published_id: str | None
    id_inferred: bool
    id_provisional: bool = Field(
        description="Nothing in the cable or its references vouches for `id`."
    )
    date: str | None
    dates: list[DateSeen]
    origin: str | None
    destinations: list[Destination]
    classification: str | None
    handling: list[str]
    tags: list[Tag]
    subject: str | None
    references: list[Reference]
    signer: str | None
    classified_by: str | None
    reasons: str | None
    declassify_on: str | None
    paragraphs: list[Paragraph]
    redactions: list[Span]
    text: str
    raw: str
    header: str | None
    edits: list[Edit]
    annotations: list[Annotation]
    mentions: list[Mention]
    notes: list[str]
    sources: list[Source]
    variants: list[Variant]
    entities: list[CableEntity] = Field(
        description="The entities the cable mentions, by type then most mentioned: resolved "
        "entities, or names as tagged (`id` null) before resolution."
    )


# references


class CableInfo(Shape):
    id: str
    date: str | None
    origin: str | None
    classification: str | None
    subject: str | None


class Citation(Shape):
    id: str | None
    raw: str
    letter: str | None
    year_inferred: bool
    status: str = Field(description="`stored`, `released` or `unreleased`.")
    month: str | None
    cable: CableInfo | None
    year_before: str | None


class Refs(Shape):
    id: str
    cites: list[str]
    cited_by: list[str]
    missing: list[str]
    status: str
    month: str | None
    cable: CableInfo | None
    references: list[Citation]
    citing: list[CableInfo]


# timeline and graphs


class Series(Shape):
    name: str
    total: int
    undated: int
    counts: list[int]


class Timeline(Shape):
    query: str
    by: Literal["month", "year"]
    group: Literal["origin", "class", "tag"] | None
    total: int
    undated: int
    periods: list[str]
    counts: list[int] = Field(description="Cables per period, one per `periods` entry.")
    series: list[Series]


class Node(BaseModel):
    """A node: a cable (`type` `cable`, with `status`, `date`, `origin`, `classification`,
    `subject`) or an entity (`type` PER, ORG, LOC or MISC, with `cables` and `mentions`, or
    `cables` and `centre` in an entity's network)."""

    model_config = ConfigDict(extra="allow")
    id: str
    label: str
    type: str


class GraphEdge(Shape):
    source: str
    target: str
    weight: int


class Graph(Shape):
    kind: Literal["refs", "entities"]
    query: str
    directed: bool
    nodes: list[Node]
    edges: list[GraphEdge]


# entities


class Entity(Shape):
    id: str = Field(description="`type:slug`, e.g. `per:keith-mines`.")
    name: str
    type: Kind
    aliases: list[str]
    mentions: int
    cables: int
    first_seen: str | None
    last_seen: str | None


class CoMention(Shape):
    id: str
    name: str
    type: Kind
    cables: int = Field(description="Cables shared with the entity.")


class Candidate(Shape):
    id: str
    name: str
    cables: int


class MonthCount(Shape):
    month: str
    cables: int


Method = Literal[
    "exact", "alias", "acronym", "same-cable", "archive", "context", "ambiguous", "curated"
]


class LinkCounts(Shape):
    key: str = Field(description="The alias's name key.")
    mentions: int
    cables: int
    mean: float = Field(description="Mean confidence of its links, in (0, 1].")
    min: float = Field(description="The least confidence of its links.")
    methods: dict[str, int] = Field(
        description="Mentions linked by each method (exact, alias, acronym, same-cable, "
        "archive, context, ambiguous, curated), most first."
    )


class AliasLinks(LinkCounts):
    aliases: list[str] = Field(description="How the alias is written, most used first.")


class EntityDetail(Entity):
    key: str
    alias_counts: dict[str, int]
    cable_ids: list[str]
    co_mentions: list[CoMention]
    timeline: list[MonthCount]
    alias_links: list[AliasLinks] = Field(
        description="How sure the links of each alias are, most mentions first."
    )
    candidates: list[Candidate] = Field(
        default_factory=list,
        description="For a person named short whose links are ambiguous, the people it may "
        "be: those whose full name it can be cut from, most cables first.",
    )


class EntityRef(Shape):
    id: str
    name: str
    type: Kind


class Sample(Shape):
    cable_id: str
    date: str | None
    before: str = Field(description="The sentence before the mention.")
    mention: str
    after: str
    confidence: float
    method: Method


class ReviewItem(LinkCounts):
    """An alias of an entity whose links are less than certain (`cablescope entity review`)."""

    entity: EntityRef
    alias: str = Field(description="The alias as written most; give it to confirm or split.")
    alone: bool = Field(
        description="The alias cannot be split off: the entity's own name (a name left "
        "alone) or the only one it goes by. Confirm it, or merge the entity into another."
    )
    samples: list[Sample] = Field(description="Mentions in different cables, least sure first.")


# writes


class Recorded(Shape):
    kind: Literal["merge", "split", "rename", "confirm"]
    args: list[str]


class Curated(Shape):
    recorded: Recorded
    resolved: str | None = Field(description="The resolution's summary; null with `later`.")


class UploadProblem(Shape):
    path: str
    message: str


class Ingested(Shape):
    summary: str
    new: int
    updated: int
    unchanged: int
    files: int
    rejected: int
    problems: list[UploadProblem]
    resolved: str | None


WHY = {
    400: "The query, cursor, curation or upload cannot be used (`bad_query`, "
    "`bad_cursor`, `bad_entity`, `bad_upload`).",
    401: "No `Authorization: Bearer TOKEN`, or another token (`unauthorized`).",
    403: "The server was started without a token: writes are off (`forbidden`).",
    404: "No such cable or entity (`not_found`).",
    409: "The database was never resolved: run `cablescope resolve` first (`not_resolved`).",
    413: "The upload is larger than the server's limit (`too_large`).",
    422: "A parameter out of range or not one of its choices (`bad_params`).",
    500: "A bug; the message says to see the server log (`internal`).",
}


def errors(*statuses: int) -> dict[int | str, dict[str, object]]:
    """The ``responses`` of a route for ``statuses`` (and 500), each with the error shape."""
    return {status: {"model": Error, "description": WHY[status]} for status in (*statuses, 500)}
