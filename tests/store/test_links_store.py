"""The Store contract for links (cable lists, references, counts over time, entity names),
run against every backend, and the backends agreeing on random queries."""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.query import parse_query
from cablescope.errors import QueryError
from cablescope.model import Annotation, Cable, Reference
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import CableInfo, Store, entity_names, marking
from tests.store.test_contract import queries

AnyStore = MemoryStore | SqliteStore


def citing_each_other(cables: list[Cable]) -> list[Cable]:
    """The example cables, the first citing the second and third, the fourth citing the
    second and a cable no store holds, with one reference that names no cable."""
    a, b, c, d = cables[:4]
    return [
        dataclasses.replace(
            a,
            references=(
                Reference("REF: A", None, "A"),
                Reference(b.id, b.id, "B"),
                Reference(c.id, c.id, "C", year_inferred=True),
            ),
        ),
        b,
        c,
        dataclasses.replace(
            d, date=None, references=(Reference(b.id, b.id), Reference("X", "99NOWHERE1"))
        ),
    ]


def test_cable_infos(store: AnyStore, cables: list[Cable]) -> None:
    for cable in cables:
        store.put(cable, [cable])
    infos = store.cable_infos([cables[1].id, "99NOWHERE1", cables[0].id])
    assert infos == {c.id: CableInfo.of(c) for c in cables[:2]}
    first = infos[cables[0].id]
    assert first.classification == marking(cables[0])
    assert first.to_dict()["subject"] == cables[0].subject
    assert store.cable_infos([]) == {}


def test_citing_and_cited(store: AnyStore, cables: list[Cable]) -> None:
    a, b, c, d = citing_each_other(cables)
    for cable in (a, b, c, d):
        store.put(cable, [cable])
    # d is undated, so it comes last.
    assert [info.id for info in store.citing(b.id)] == [a.id, d.id]
    assert [info.id for info in store.citing("99NOWHERE1")] == [d.id]
    assert store.citing(a.id) == []
    assert store.cited([a.id, d.id, "99NOWHERE1"]) == sorted(
        [(a.id, b.id), (a.id, c.id), (d.id, b.id), (d.id, "99NOWHERE1")]
    )
    assert store.delete(d.id)
    assert [info.id for info in store.citing(b.id)] == [a.id]
    assert store.cited([d.id]) == []


def test_matching_and_count_by(store: AnyStore, cables: list[Cable]) -> None:
    for cable in cables:
        store.put(cable, [cable])
    assert store.matching(parse_query("")) == sorted(c.id for c in cables)
    assert store.matching(parse_query("nosuchwordanywhere")) == []
    rows = store.count_by(parse_query(""), "year")
    assert sum(n for _, _, n in rows) == len(cables)
    assert all(len(p or "") == 4 and g is None for p, g, _ in rows)
    assert [p for p, _, _ in rows] == sorted(p for p, _, _ in rows)
    by_class = store.count_by(parse_query(""), "month", "class")
    assert {g for _, g, _ in by_class} == {marking(c) for c in cables}
    by_tag = store.count_by(parse_query(""), "year", "tag")
    assert sum(n for _, _, n in by_tag) == sum(len({t.code for t in c.tags}) or 1 for c in cables)


def test_counts_of_every_cable_follow_writes(store: AnyStore, cables: list[Cable]) -> None:
    """The timeline of every cable, kept as cables are written, equals the counts of the
    cables stored after re-dating, re-tagging, re-marking, untagging and deleting some, one
    tag at a time or many."""
    stored = {x.id: x for x in cables}

    def agree() -> None:
        expected = MemoryStore()
        for cable in stored.values():
            expected.put(cable, [cable])
        every = parse_query("")
        for period in ("year", "month"):
            for group in (None, "origin", "class", "tag"):
                got = store.count_by(every, period, group)
                assert got == expected.count_by(every, period, group), (period, group)

    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    agree()
    a, b, c, d = cables[:4]
    tagged = next(x for x in cables if len(x.tags) > 1)
    changed = [
        dataclasses.replace(a, date="1999-12-31", origin=None, tags=tagged.tags),
        dataclasses.replace(b, date=None, classification="SECRET", tags=()),
        dataclasses.replace(c, tags=c.tags[:1]),
        dataclasses.replace(d, tags=(*d.tags, *tagged.tags[:1])[1:]),
        dataclasses.replace(tagged, id="99NEWPOST1", date="2010-02"),
    ]
    with store.batch():
        for cable in changed:
            store.put(cable, [cable])
    stored.update((x.id, x) for x in changed)
    agree()
    assert store.delete(d.id)
    del stored[d.id]
    for cable in (dataclasses.replace(a, tags=()), dataclasses.replace(b, tags=b.tags[:1])):
        store.put(cable, [])
        stored[cable.id] = cable
    agree()


def test_cable_entities(store: AnyStore, cables: list[Cable]) -> None:
    marked = dataclasses.replace(
        cables[0],
        annotations=(
            Annotation(0, 5, "PER", "Tello  Peon", "x"),
            Annotation(9, 14, "PER", "TELLO PEON", "x"),
            Annotation(20, 23, "ORG", "PGR", "x"),
        ),
    )
    store.put(marked, [marked])
    store.put(cables[1], [cables[1]])
    found = store.cable_entities([marked.id, cables[1].id, "99NOWHERE1"])
    assert found == {marked.id: entity_names(marked)}
    assert found[marked.id] == {("PER", "tello peon"): 2, ("ORG", "pgr"): 1}
    assert store.delete(marked.id)
    assert store.cable_entities([marked.id]) == {}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    q=queries(),
    period=st.sampled_from(["month", "year"]),
    group=st.sampled_from([None, "origin", "class", "tag"]),
)
def test_backends_agree_on_links(
    q: str, period: str, group: str | None, backends: list[Store]
) -> None:
    try:
        query = parse_query(q)
    except QueryError:
        return
    memory, *others = backends
    ids = memory.matching(query)
    for other in others:
        assert ids == other.matching(query)
        assert len(ids) == other.search(query).total
        assert memory.count_by(query, period, group) == other.count_by(query, period, group)
        assert memory.cited(ids) == other.cited(ids)
        assert memory.cable_infos(ids) == other.cable_infos(ids)
