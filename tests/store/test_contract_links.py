"""The Store contract for the entity layer that pages share, run against every backend:
facets count resolved entities (names as tagged before any resolution), ``entity:`` finds
an entity's cables, and how sure the links of each alias are, with the ``confirm``
judgement that makes them certain."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from cablescope.model import Cable, Mention
from cablescope.model.entity import AliasLinks, Judgement, Link
from cablescope.query import parse_query
from cablescope.resolve import resolve_store
from cablescope.store import MemoryStore, SqliteStore, _sqlaliases

AnyStore = MemoryStore | SqliteStore


def _tagged(cid: str, text: str, names: dict[str, str], date: str) -> Cable:
    mentions = [
        Mention(m.start(), m.end(), kind, m.group(), "static")
        for name, kind in names.items()
        for m in re.finditer(rf"\b{re.escape(name)}\b", text)
    ]
    return Cable(cid, date=date, origin="Embassy Mexico", text=text, mentions=tuple(mentions))


CABLES = [
    _tagged("09MEXICO1", "Felipe Calderon met Tello Peon in Tijuana. Calderon spoke first.",
            {"Felipe Calderon": "PER", "Calderon": "PER", "Tello Peon": "PER",
             "Tijuana": "LOC"}, "2009-01-05"),
    _tagged("09MEXICO2", "President Felipe Calderon went to Tijuana, and Calderon left.",
            {"Felipe Calderon": "PER", "Calderon": "PER", "Tijuana": "LOC"}, "2009-02-05"),
    _tagged("09MEXICO3", "Tello Peon stayed in TIJUANA.",
            {"Tello Peon": "PER", "TIJUANA": "LOC"}, "2009-02-07"),
]  # fmt: skip


def _filled(store: AnyStore) -> AnyStore:
    with store.batch():
        for cable in CABLES:
            store.put(cable, [])
    return store


def _groups(links: list[Link]) -> dict[tuple[str, str], list[Link]]:
    found: dict[tuple[str, str], list[Link]] = {}
    for k in links:
        found.setdefault((k.entity_id, k.key), []).append(k)
    return found


def _expected(links: list[Link]) -> dict[tuple[str, str], dict[str, object]]:
    """What alias_links should say of each (entity, key), counted from the links."""
    return {
        group: {
            "key": group[1],
            "mentions": len(ks),
            "cables": len({k.cable_id for k in ks}),
            "mean": round(sum(k.confidence for k in ks) / len(ks), 4),
            "min": round(min(k.confidence for k in ks), 4),
            "methods": dict(Counter(k.method for k in ks)),
        }
        for group, ks in _groups(links).items()
    }


def test_facets_count_names_until_resolved_then_entities(store: AnyStore) -> None:
    _filled(store)
    before = store.facets(parse_query(""), top=5)
    assert not before.resolved
    per = dict(before.entities)["LOC"]
    assert [(e.id, e.name, e.cables) for e in per] == [(None, "tijuana", 3)]
    assert per[0].filter == "loc:tijuana"
    resolve_store(store)
    after = store.facets(parse_query(""), top=5)
    assert after.resolved
    for kind, rows in after.entities:
        for row in rows:
            detail = store.entity_detail(str(row.id))
            assert detail is not None and detail.entity.type == kind
            assert row.name == detail.entity.name
            assert row.cables == detail.entity.cables == len(detail.cable_ids)
            assert store.entity_timeline(str(row.id)) == detail.timeline
            assert sum(n for _, n in detail.timeline) == row.cables
            assert store.matching(parse_query(row.filter)) == sorted(detail.cable_ids)
    loc = dict(after.entities)["LOC"]
    assert [(e.id, e.cables, e.filter) for e in loc] == [("loc:tijuana", 3, "entity:loc:tijuana")]
    narrowed = store.facets(parse_query("entity:per:tello-peon"), top=5)
    assert narrowed.total == 2
    assert [(e.id, e.cables) for e in dict(narrowed.entities)["LOC"]] == [("loc:tijuana", 2)]
    assert store.matching(parse_query("entity:per:nobody")) == []
    assert store.entity_timeline("per:nobody") == ()


@pytest.mark.parametrize("resolved", [False, True])
def test_entity_facets_of_many_cables_count_an_even_sample(
    store: AnyStore, monkeypatch: pytest.MonkeyPatch, resolved: bool
) -> None:
    if isinstance(store, MemoryStore):
        pytest.skip("the in-memory fake counts every cable")
    _filled(store)
    if resolved:
        resolve_store(store)
    query = parse_query("tijuana")
    exact = store.facets(query, top=5)
    assert exact.entities_sampled is None
    monkeypatch.setattr(_sqlaliases, "ENTITY_SAMPLE", 2)
    sampled = store.facets(query, top=5)
    assert sampled.entities_sampled == 1  # every second of 3 cables
    assert (sampled.total, sampled.months, sampled.origins) == (
        exact.total,
        exact.months,
        exact.origins,
    )
    names = {(kind, e.name) for kind, rows in exact.entities for e in rows}
    counted = [(kind, e) for kind, rows in sampled.entities for e in rows]
    assert counted and all((kind, e.name) in names and e.cables == 3 for kind, e in counted)
    assert sampled.to_dict()["entities_sampled"] == 1


def test_alias_links_count_the_links(store: AnyStore) -> None:
    resolve_store(_filled(store))
    links = store.entity_links(c.id for c in CABLES)
    assert links and all(k.key for k in links)
    expected = _expected(links)
    for e in store.entities():
        got = store.alias_links(e.id)
        assert [a.key for a in got] == sorted(
            {k for (i, k) in expected if i == e.id},
            key=lambda k: (-int(str(expected[e.id, k]["mentions"])), k),
        )
        assert [a.to_dict() for a in got] == [expected[e.id, a.key] for a in got]
        assert {a.key for a in got} <= {a.key for a in e.aliases}
    assert store.alias_links("per:nobody") == []


def test_uncertain_aliases_come_least_certain_first_until_confirmed(store: AnyStore) -> None:
    resolve_store(_filled(store))
    links = store.entity_links(c.id for c in CABLES)
    uncertain = store.uncertain_aliases(top=100)
    alone = store.uncertain_aliases(top=100, alone=True)
    groups = _groups(links)
    wanted = [g for g, ks in groups.items() if min(k.confidence for k in ks) < 1]
    assert uncertain, "a short name linked to a full name in its cable is less than certain"
    assert sorted((a.entity_id, a.key) for a in uncertain + alone) == sorted(wanted)
    keys = {e.id: (e.key, {a.key for a in e.aliases}) for e in store.entities()}
    for a in uncertain:  # each can be split off: not its entity's name, nor all it has
        assert a.key != keys[a.entity_id][0] and keys[a.entity_id][1] - {a.key}
    for a in alone:
        assert a.key == keys[a.entity_id][0] or keys[a.entity_id][1] == {a.key}
    assert [a.mean for a in uncertain] == sorted(a.mean for a in uncertain)
    assert all(isinstance(a, AliasLinks) and not a.certain for a in uncertain)
    first = uncertain[0]
    assert store.uncertain_aliases(top=1) == [first]
    assert store.uncertain_aliases(kind="LOC") == []
    sample = store.alias_mentions(first.entity_id, first.key, limit=1)
    assert len(sample) == 1 and sample[0].confidence == first.least
    every = store.alias_mentions(first.entity_id, first.key)
    assert sorted(every, key=lambda k: (k.cable_id, k.start)) == sorted(
        groups[first.entity_id, first.key], key=lambda k: (k.cable_id, k.start)
    )
    entity = store.entity_detail(first.entity_id)
    assert entity is not None
    store.add_judgement(
        Judgement("confirm", (entity.entity.key, first.key), "2026-01-01T00:00:00+00:00")
    )
    resolve_store(store)
    assert (first.entity_id, first.key) not in {
        (a.entity_id, a.key) for a in store.uncertain_aliases()
    }
    confirmed = {a.key: a for a in store.alias_links(first.entity_id)}[first.key]
    assert (confirmed.mean, confirmed.least) == (1.0, 1.0)
    assert confirmed.methods == (("curated", first.mentions),)
