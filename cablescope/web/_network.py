"""An entity's co-mention network thinned to the edges that tell something.

In the cables of one entity, its most co-mentioned entities tend to be mentioned together
whatever they are: on a small archive every pair shares the entity's one or two cables, and
on the whole corpus the most mentioned names share hundreds. So an edge between two of them
is kept only when they share more of its cables than chance would give them, and no name
keeps more than its few strongest edges; the edges from the entity itself all stay.
"""

from __future__ import annotations

from collections import defaultdict

from cablescope.analysis.graph import Edge, Graph

MIN_SHARED = 2
"""An edge between two neighbours needs at least this many of the entity's cables: one
shared cable says nothing on its own."""
LIFT = 1.5
"""... and to share this many times more of them than if each were spread over the entity's
cables independently of the other (``shared * cables >= LIFT * cables_a * cables_b``)."""
STRONGEST = 3
"""... and to be among the STRONGEST heaviest edges of one of its two ends."""

RULE = (
    "an edge between two co-mentioned entities is kept only when they share at least "
    f"{MIN_SHARED} of the entity's cables, {LIFT} times as many as chance would give them "
    f"(shared × the entity's cables ≥ {LIFT} × the cables of one × the cables of the other), "
    f"and it is among the {STRONGEST} heaviest such edges of one of its ends."
)
"""The rule in words, for the API's description."""


def _count(graph: Graph, node_id: str) -> int:
    for node in graph.nodes:
        if node.id == node_id:
            value = dict(node.attributes).get("cables", 0)
            return value if isinstance(value, int) else 0
    return 0


def thinned(graph: Graph, centre: str) -> Graph:
    """``graph`` (from ``entity_network``) with the edges between neighbours of ``centre``
    cut to those the rules above keep; its nodes and the edges from ``centre`` unchanged."""
    total = _count(graph, centre)
    counts = {node.id: _count(graph, node.id) for node in graph.nodes}
    spokes = [e for e in graph.edges if centre in (e.source, e.target)]

    def lift(edge: Edge) -> float:
        return edge.weight * total / max(counts[edge.source] * counts[edge.target], 1)

    telling = [
        e
        for e in graph.edges
        if centre not in (e.source, e.target) and e.weight >= MIN_SHARED and lift(e) >= LIFT
    ]
    ends: dict[str, list[Edge]] = defaultdict(list)
    for edge in sorted(telling, key=lambda e: (-e.weight, -lift(e), e.source, e.target)):
        ends[edge.source].append(edge)
        ends[edge.target].append(edge)
    strongest = {(e.source, e.target) for edges in ends.values() for e in edges[:STRONGEST]}
    kept = [e for e in telling if (e.source, e.target) in strongest]
    return Graph(graph.kind, graph.query, graph.directed, graph.nodes, (*spokes, *kept))
