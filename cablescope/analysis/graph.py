"""Graphs over stored cables, for Gephi and the like.

- ``refs_graph``: the citation graph, an edge from each citing cable to each cable it
  cites;
- ``entity_graph``: the entity co-mention graph, an edge between two entities weighted by
  the number of cables that mention both.

A query (see ``cablescope.query``) selects the cables that take part. ``render`` writes a
graph as JSON, GEXF or GraphML (the last two through networkx, imported on use).
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING, Protocol

import orjson

from cablescope.query import Query, parse_query
from cablescope.analysis.refs import STORED, status_of
from cablescope.grammar.ids import reference_months
from cablescope.store.base import CableInfo, EntityIndex, LinkIndex, SearchIndex

if TYPE_CHECKING:
    import networkx as nx

KINDS = ("refs", "entities")
FORMATS = ("json", "gexf", "graphml")

Value = str | int | None


@dataclass(frozen=True, slots=True)
class Node:
    """A node: its id, its label, its ``type`` (``cable``, or an entity type such as
    ``PER``) and further (name, value) attributes."""

    id: str
    label: str
    type: str
    attributes: tuple[tuple[str, Value], ...] = ()

    def to_dict(self) -> dict[str, Value]:
        """The node as JSON-able fields, attributes included."""
        return {"id": self.id, "label": self.label, "type": self.type, **dict(self.attributes)}


@dataclass(frozen=True, slots=True)
class Edge:
    """An edge; ``weight`` counts what supports it (shared cables; 1 for a citation)."""

    source: str
    target: str
    weight: int = 1

    def to_dict(self) -> dict[str, Value]:
        """The edge as JSON-able fields."""
        return {"source": self.source, "target": self.target, "weight": self.weight}


@dataclass(frozen=True, slots=True)
class Graph:
    """A graph of ``kind`` (one of KINDS) over the cables ``query`` selects."""

    kind: str
    query: str
    directed: bool
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]

    def to_dict(self) -> dict[str, object]:
        """The graph as JSON-able fields: ``nodes`` and ``edges`` lists."""
        return {
            "kind": self.kind,
            "query": self.query,
            "directed": self.directed,
            "nodes": [n.to_dict() for n in self.nodes],
            "edges": [e.to_dict() for e in self.edges],
        }

    def to_networkx(self) -> nx.Graph[str]:
        """The graph as a networkx (Di)Graph; absent attribute values become ``""``."""
        import networkx as nx

        made: nx.Graph[str] = nx.DiGraph() if self.directed else nx.Graph()
        for node in self.nodes:
            values = {k: "" if v is None else v for k, v in node.attributes}
            made.add_node(node.id, label=node.label, type=node.type, **values)
        for edge in self.edges:
            made.add_edge(edge.source, edge.target, weight=edge.weight)
        return made


def _cable_node(cable_id: str, info: CableInfo | None, status: str, month: str | None) -> Node:
    attributes: tuple[tuple[str, Value], ...] = (
        ("status", status),
        ("date", info.date if info else month),
        ("origin", info.origin if info else None),
        ("classification", info.classification if info else None),
        ("subject", info.subject if info else None),
    )
    return Node(cable_id, cable_id, "cable", attributes)


class _Cited(SearchIndex, LinkIndex, Protocol):
    """What a citation graph reads: the cables a query matches and their references."""


class _Mentioned(SearchIndex, EntityIndex, Protocol):
    """What an entity graph reads: the cables a query matches and their entities."""


def refs_graph(store: _Cited, q: str | Query = "", all_cited: bool = False) -> Graph:
    """The citation graph of the cables ``q`` matches (every cable when empty).

    Edges join two selected cables; with ``all_cited``, every citation of a selected
    cable is kept and the cited cables outside the selection join as nodes, with their
    ``status`` (``stored``, ``released``: Cablegate has it but the store does not,
    ``unreleased``) and, for missing ones, Cablegate's month as ``date``.
    """
    query = q if isinstance(q, Query) else parse_query(q)
    selected = store.matching(query)
    chosen = set(selected)
    pairs = [(a, b) for a, b in store.cited(selected) if all_cited or b in chosen]
    outside = sorted({b for _, b in pairs} - chosen)
    infos = store.cable_infos([*selected, *outside])
    months = reference_months(cid for cid in outside if cid not in infos)
    nodes = [_cable_node(cid, infos.get(cid), STORED, None) for cid in selected]
    nodes.extend(
        _cable_node(cid, infos.get(cid), status_of(cid, infos, months), months.get(cid))
        for cid in outside
    )
    edges = tuple(Edge(a, b) for a, b in pairs)
    return Graph("refs", query.source, True, tuple(nodes), edges)


@dataclass(frozen=True, slots=True)
class EntityNode:
    """An entity as a graph node: its node id, label and type."""

    id: str
    label: str
    type: str


def entity_nodes(store: EntityIndex, cable_ids: Sequence[str]) -> dict[str, Counter[EntityNode]]:
    """The entities each of ``cable_ids`` mentions, with how often.

    The one place that decides what an entity node is: a resolved entity
    (``per:jorge-tello-peon``, see ``cablescope.resolve``) once the store has been resolved,
    else a (type, name key) pair of the store's entity index (``PER:tello peon``).
    """
    found: dict[str, Counter[EntityNode]] = {}
    if store.entities_state() != "none":
        for cid, ids in store.resolved_entities(cable_ids).items():
            found[cid] = Counter({EntityNode(*key): n for key, n in ids.items()})
        return found
    for cid, names in store.cable_entities(cable_ids).items():
        found[cid] = Counter(
            {EntityNode(f"{kind}:{name}", name, kind): n for (kind, name), n in names.items()}
        )
    return found


def entity_graph(
    store: _Mentioned,
    q: str | Query = "",
    min_cables: int = 1,
    min_weight: int = 1,
    types: Collection[str] | None = None,
    isolated: bool = True,
) -> Graph:
    """The co-mention graph of the entities in the cables ``q`` matches.

    Nodes are the entities of ``types`` (None: all) that at least ``min_cables``
    selected cables mention, with ``cables`` and ``mentions`` counts; an edge joins two
    of them when at least ``min_weight`` selected cables mention both, weighted by that
    number. Without ``isolated``, nodes left without an edge are dropped.
    """
    query = q if isinstance(q, Query) else parse_query(q)
    per_cable = entity_nodes(store, store.matching(query))
    cables: Counter[EntityNode] = Counter()
    mentions: Counter[EntityNode] = Counter()
    for names in per_cable.values():
        cables.update(names.keys())
        mentions.update(names)
    kept = {
        node
        for node, n in cables.items()
        if n >= min_cables and (types is None or node.type in types)
    }
    shared: Counter[tuple[str, str]] = Counter()
    for names in per_cable.values():
        shared.update(combinations(sorted(n.id for n in names if n in kept), 2))
    edges = tuple(Edge(a, b, w) for (a, b), w in sorted(shared.items()) if w >= min_weight)
    if not isolated:
        linked = {e.source for e in edges} | {e.target for e in edges}
        kept = {node for node in kept if node.id in linked}
    nodes = tuple(
        Node(n.id, n.label, n.type, (("cables", cables[n]), ("mentions", mentions[n])))
        for n in sorted(kept, key=lambda n: n.id)
    )
    return Graph("entities", query.source, False, nodes, edges)


def render(graph: Graph, fmt: str) -> str:
    """``graph`` as text in ``fmt``: ``json`` (``Graph.to_dict``), ``gexf`` (1.2) or
    ``graphml``."""
    if fmt == "json":
        return orjson.dumps(graph.to_dict(), option=orjson.OPT_INDENT_2).decode()
    import networkx as nx

    buffer = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(graph.to_networkx(), buffer)
    elif fmt == "graphml":
        nx.write_graphml(graph.to_networkx(), buffer)
    else:
        raise ValueError(f"no graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return buffer.getvalue().decode("utf-8")


def entity_network(store: EntityIndex, entity_id: str, top: int = 20) -> Graph | None:
    """The co-mention neighbourhood of one resolved entity: it and the ``top`` entities most
    often in its cables, an edge from it to each (weighted by shared cables) and an edge
    between two neighbours weighted by how many of its cables mention both. None when the
    entity is unknown. Nodes carry ``cables`` (shared with the entity; its own count for
    itself) and ``centre``."""
    detail = store.entity_detail(entity_id)
    if detail is None:
        return None
    around = detail.co_mentions[:top]
    where = store.shared_cables(entity_id, [i for i, *_ in around])
    shared = {(a, b): len(where[a] & where[b]) for a, b in combinations(sorted(where), 2)}
    e = detail.entity
    nodes = [Node(e.id, e.name, e.type, (("cables", e.cables), ("centre", 1)))]
    nodes += [Node(i, name, kind, (("cables", n), ("centre", 0))) for i, name, kind, n in around]
    edges = [Edge(e.id, i, n) for i, _, _, n in around]
    edges += [Edge(a, b, w) for (a, b), w in sorted(shared.items()) if w]
    return Graph("entities", f"entity:{e.id}", False, tuple(nodes), tuple(edges))
