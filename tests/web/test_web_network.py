"""An entity's network is thinned to the edges that tell something: the edges from the
entity all stay, and an edge between two of its neighbours only when they share more of its
cables than chance would give them, and is among the strongest of one of its ends."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cablescope.analysis.graph import Edge, Graph, Node
from cablescope.web._network import LIFT, MIN_SHARED, STRONGEST, thinned

MINES = "per:keith-mines"


def _graph(total: int, counts: dict[str, int], edges: list[tuple[str, str, int]]) -> Graph:
    nodes = [Node("c", "C", "PER", (("cables", total), ("centre", 1)))]
    nodes += [Node(i, i.upper(), "LOC", (("cables", n), ("centre", 0))) for i, n in counts.items()]
    spokes = [Edge("c", i, n) for i, n in counts.items()]
    return Graph("entities", "entity:c", False, tuple(nodes), (*spokes, *(Edge(*e) for e in edges)))


def _chords(graph: Graph | dict[str, object], centre: str) -> set[tuple[str, str, int]]:
    """The edges between neighbours of ``centre``."""
    body = graph.to_dict() if isinstance(graph, Graph) else graph
    edges: list[dict[str, object]] = body["edges"]  # type: ignore[assignment]
    return {
        (str(e["source"]), str(e["target"]), int(str(e["weight"])))
        for e in edges
        if centre not in (e["source"], e["target"])
    }


def test_what_chance_explains_is_cut() -> None:
    graph = _graph(
        10,
        {"a": 4, "b": 4, "d": 5, "e": 10, "f": 1},
        [
            ("a", "b", 4),  # always together: 4 × 10 ≥ 1.5 × 4 × 4, kept
            ("a", "d", 2),  # 2 × 10 < 1.5 × 4 × 5: as chance would have it
            ("d", "e", 5),  # e is in every cable: tells nothing of d
            ("a", "f", 1),  # one shared cable
        ],
    )
    thin = thinned(graph, "c")
    assert thin.nodes == graph.nodes
    assert _chords(thin, "c") == {("a", "b", 4)}
    assert {(e.source, e.target) for e in thin.edges if e.source == "c"} == {
        ("c", i) for i in "abdef"
    }


def test_each_name_keeps_its_strongest_edges() -> None:
    counts = {f"n{i}": 2 for i in range(8)}
    pairs = [(f"n{i}", f"n{j}", 2) for i in range(8) for j in range(i + 1, 8)]
    graph = _graph(8, counts, pairs)  # every pair as telling as the next: 28 edges
    kept = _chords(thinned(graph, "c"), "c")
    assert 0 < len(kept) < len(pairs)
    ranked: dict[str, list[tuple[str, str, int]]] = {}
    for edge in sorted(pairs, key=lambda e: (-e[2], e[0], e[1])):
        for end in edge[:2]:
            ranked.setdefault(end, []).append(edge)
    for edge in kept:
        assert any(edge in ranked[end][:STRONGEST] for end in edge[:2])


def _rule_holds(body: dict[str, object]) -> None:
    nodes = {n["id"]: n for n in body["nodes"]}  # type: ignore[attr-defined]
    centre = next(i for i, n in nodes.items() if n["centre"])
    total = nodes[centre]["cables"]
    chords = _chords(body, centre)
    for a, b, weight in chords:
        assert weight >= MIN_SHARED
        assert weight * total >= LIFT * nodes[a]["cables"] * nodes[b]["cables"]


def test_a_small_archive_draws_no_web_of_everything(client: TestClient) -> None:
    top = [e["id"] for e in client.get("/api/entities", params={"top": 12}).json()]
    for entity in [MINES, *top]:
        path = f"/api/entities/{entity}/network"
        thin = client.get(path).json()
        every = client.get(path, params={"thin": "false"}).json()
        assert thin["nodes"] == every["nodes"], entity
        spokes = [e for e in every["edges"] if entity in (e["source"], e["target"])]
        assert [e for e in thin["edges"] if entity in (e["source"], e["target"])] == spokes
        assert _chords(thin, entity) <= _chords(every, entity)
        _rule_holds(thin)
        n = len(thin["nodes"]) - 1
        assert len(_chords(thin, entity)) <= STRONGEST * n, entity
    mines = client.get(f"/api/entities/{MINES}/network").json()
    every = client.get(f"/api/entities/{MINES}/network", params={"thin": "false"}).json()
    assert len(_chords(every, MINES)) > 100  # its one cable: every pair shares it
    assert _chords(mines, MINES) == set()  # which says nothing of any pair
    assert client.get(f"/api/entities/{MINES}/network", params={"thin": "no"}).status_code == 422
