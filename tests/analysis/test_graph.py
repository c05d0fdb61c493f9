"""Citation and entity co-mention graphs, on real cables, and their GEXF/GraphML/JSON forms."""

from __future__ import annotations

import io
from itertools import combinations

import networkx as nx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from cablescope.analysis.graph import (
    Graph,
    entity_graph,
    entity_nodes,
    refs_graph,
    render,
)
from cablescope.query import parse_query
from cablescope.analysis.refs import refs
from cablescope.errors import QueryError
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import entity_names

from tests.conftest import THREAD, needs_shared
from tests.store.test_contract import queries

AnyStore = SqliteStore | MemoryStore


def statuses(graph: Graph) -> dict[str, object]:
    return {n.id: dict(n.attributes)["status"] for n in graph.nodes}


@needs_shared
def test_the_citation_graph_of_a_thread(thread: AnyStore) -> None:
    graph = refs_graph(thread)
    assert graph.directed and graph.kind == "refs"
    assert [n.id for n in graph.nodes] == sorted(THREAD)
    edges = {(e.source, e.target) for e in graph.edges}
    assert ("08USNATO291", "08USNATO287") in edges
    assert ("06BRASILIA546", "05BRASILIA3349") in edges
    assert ("08LIMA1348", "08LIMA1191") not in edges  # not stored, so not selected
    cites = {cid: found.cites for cid in THREAD if (found := refs(thread, cid))}
    assert edges == {(a, b) for a in THREAD for b in cites[a] if b in THREAD}
    assert set(statuses(graph).values()) == {"stored"}


@needs_shared
def test_all_cited_adds_the_cables_outside_the_selection(thread: AnyStore) -> None:
    graph = refs_graph(thread, "origin:lima", all_cited=True)
    nodes = {n.id: dict(n.attributes) for n in graph.nodes}
    assert statuses(graph) == {
        "08LIMA1348": "stored",
        "08LIMA389": "stored",
        "08LIMA1191": "released",
        "08LIMA1081": "unreleased",
    }
    assert nodes["08LIMA1191"]["date"] == "2008-07"  # Cablegate's month
    assert nodes["08LIMA1081"]["date"] is None
    assert nodes["08LIMA389"]["origin"] == "Embassy Lima"
    assert {(e.source, e.target) for e in graph.edges} == {
        ("08LIMA1348", "08LIMA389"),
        ("08LIMA1348", "08LIMA1191"),
        ("08LIMA1348", "08LIMA1081"),
    }
    plain = refs_graph(thread, "origin:lima")
    assert [(e.source, e.target) for e in plain.edges] == [("08LIMA1348", "08LIMA389")]


@needs_shared
def test_a_query_selects_the_cables_that_take_part(thread: AnyStore) -> None:
    graph = refs_graph(thread, "origin:usnato from:2008-08-12")
    assert [n.id for n in graph.nodes] == ["08USNATO287", "08USNATO291"]
    assert [(e.source, e.target, e.weight) for e in graph.edges] == [
        ("08USNATO291", "08USNATO287", 1)
    ]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=queries())
def test_edges_join_selected_cables_only(q: str, searchable: AnyStore) -> None:
    try:
        graph = refs_graph(searchable, q)
    except QueryError:
        return
    ids = {n.id for n in graph.nodes}
    assert ids == set(searchable.matching(parse_query(q)))
    assert all(e.source in ids and e.target in ids for e in graph.edges)


def test_the_entity_graph_of_one_annotated_cable(examples: AnyStore) -> None:
    graph = entity_graph(examples)
    (cable,) = [c for c in examples.iter_cables() if entity_names(c)]
    names = entity_names(cable)
    assert {n.id for n in graph.nodes} == {f"{kind}:{name}" for kind, name in names}
    assert len(graph.edges) == len(names) * (len(names) - 1) // 2
    assert {e.weight for e in graph.edges} == {1}
    assert not graph.directed
    node = next(n for n in graph.nodes if n.id == "PER:calderon")
    assert (node.label, node.type, dict(node.attributes)["cables"]) == ("calderon", "PER", 1)


def test_entity_nodes_are_type_and_name_key(examples: AnyStore) -> None:
    per_cable = entity_nodes(examples, [c.id for c in examples.iter_cables()])
    assert list(per_cable) == ["09MEXICO2882"]
    node = next(n for n in per_cable["09MEXICO2882"] if n.type == "ORG")
    assert node.id == f"ORG:{node.label}" and node.label == node.label.casefold()


@needs_shared
def test_co_mentions_are_weighted_by_shared_cables(mexico: AnyStore) -> None:
    graph = entity_graph(mexico, min_cables=2, min_weight=3)
    cables_of: dict[str, set[str]] = {}
    for cable in mexico.iter_cables():
        for kind, name in entity_names(cable):
            cables_of.setdefault(f"{kind}:{name}", set()).add(cable.id)
    kept = {key for key, ids in cables_of.items() if len(ids) >= 2}
    assert {n.id for n in graph.nodes} == kept
    expected = {
        (a, b): len(cables_of[a] & cables_of[b])
        for a, b in combinations(sorted(kept), 2)
        if len(cables_of[a] & cables_of[b]) >= 3
    }
    assert {(e.source, e.target): e.weight for e in graph.edges} == expected
    assert expected[("LOC:mexico", "PER:calderon")] == 15
    only_2009 = entity_graph(mexico, "from:2009 to:2009", min_cables=2)
    assert all(dict(n.attributes)["cables"] >= 2 for n in only_2009.nodes)
    assert len(only_2009.nodes) < len(entity_graph(mexico, min_cables=2).nodes)


@needs_shared
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_gexf_and_graphml_read_back(thread: AnyStore, fmt: str) -> None:
    graph = refs_graph(thread, all_cited=True)
    text = render(graph, fmt)
    assert text.startswith("<?xml")
    read = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    back = read(io.BytesIO(text.encode("utf-8")))
    assert back.is_directed()
    assert set(back.nodes) == {n.id for n in graph.nodes}
    assert back.number_of_edges() == len(graph.edges)
    assert back.nodes["08LIMA1191"]["status"] == "released"
    assert back.nodes["08LIMA1081"]["origin"] == ""


def test_json_form(examples: AnyStore) -> None:
    graph = entity_graph(examples, min_cables=1)
    data = orjson.loads(render(graph, "json"))
    assert set(data) == {"kind", "query", "directed", "nodes", "edges"}
    assert data["kind"] == "entities" and data["directed"] is False
    assert {"id", "label", "type", "cables", "mentions"} <= set(data["nodes"][0])
    assert set(data["edges"][0]) == {"source", "target", "weight"}
    with pytest.raises(ValueError, match="choose one of json, gexf, graphml"):
        render(graph, "dot")
