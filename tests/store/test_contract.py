"""The Store contract, run against every backend (MemoryStore, SqliteStore, PostgresStore)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.query import parse_query
from cablescope.model import Annotation, Cable, Mention, Paragraph, Problem, SourceRef, Tag
from cablescope.model.cable import LAYERS
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import EntityText, Store

AnyStore = MemoryStore | SqliteStore


def source(cable: Cable, sha: str, fmt: str = "plusd") -> Cable:
    """A reading of ``cable`` from another source with hash ``sha``."""
    return dataclasses.replace(cable, sources=(SourceRef(fmt, f"{fmt}/{cable.id}", sha),))


def merged_of(*readings: Cable) -> Cable:
    """What a merger might make: the first reading, citing every source."""
    sources = tuple(s for r in readings for s in r.sources)
    return dataclasses.replace(readings[0], sources=sources)


def test_put_get_round_trip(store: AnyStore, cables: list[Cable]) -> None:
    for cable in cables:
        store.put(cable, [cable])
    assert store.count() == len(cables)
    for cable in cables:
        assert store.get_cable(cable.id) == cable
        assert store.readings(cable.id) == [cable]


def test_absence_is_none_or_empty(store: AnyStore, cables: list[Cable]) -> None:
    store.put(cables[0], [cables[0]])
    assert store.get_cable("99NOWHERE1") is None
    assert store.readings("99NOWHERE1") == []
    assert store.readings_for(["99NOWHERE1"]) == {}
    assert not store.has_reading("99NOWHERE1", "0" * 64)
    assert store.known_shas(["99NOWHERE1"]) == {}
    assert not store.delete("99NOWHERE1")


def test_several_readings_kept_in_order(store: AnyStore, cables: list[Cable]) -> None:
    html = cables[2]
    plusd = dataclasses.replace(source(html, "b" * 64), subject="A DIFFERENT SUBJECT")
    shorter = dataclasses.replace(
        source(html, "c" * 64, "body"),
        text=html.text[:500],
        paragraphs=(Paragraph(1, "C", 0, 10, "not a slice"), *html.paragraphs[:1]),
        tags=(Tag("KCRM", "Criminal activity"),),
    )
    merged = merged_of(html, plusd, shorter)
    store.put(merged, [html, plusd, shorter])
    assert store.get_cable(html.id) == merged
    assert store.readings(html.id) == [html, plusd, shorter]
    assert store.readings_for([html.id, "99NOWHERE1"]) == {html.id: [html, plusd, shorter]}
    assert store.known_shas([html.id]) == {html.id: {s.sha256 for s in merged.sources}}


def test_put_replaces_the_reading_set(store: AnyStore, cables: list[Cable]) -> None:
    cable = cables[0]
    first = source(cable, "1" * 64)
    store.put(merged_of(cable, first), [cable, first])
    second = source(cable, "2" * 64)
    store.put(second, [second])
    assert store.readings(cable.id) == [second]
    assert store.get_cable(cable.id) == second
    assert store.known_shas([cable.id]) == {cable.id: {"2" * 64}}
    assert store.count() == 1


def test_same_bytes_are_detected_as_unchanged(store: AnyStore, cables: list[Cable]) -> None:
    a, b = cables[0], cables[1]
    store.put(a, [a])
    store.put(b, [b])
    assert store.has_reading(a.id, a.sources[0].sha256)
    assert not store.has_reading(a.id, b.sources[0].sha256)
    known = store.known_shas([a.id, b.id, "99NOWHERE1"])
    assert known == {a.id: {a.sources[0].sha256}, b.id: {b.sources[0].sha256}}


def test_readings_with_one_hash_collapse_to_the_last(store: AnyStore, cables: list[Cable]) -> None:
    cable = cables[0]
    again = dataclasses.replace(cable, notes=("read twice",))
    store.put(cable, [cable, again])
    assert store.readings(cable.id) == [again]


def test_a_reading_without_source_is_refused(store: AnyStore, cables: list[Cable]) -> None:
    from cablescope.errors import StoreError

    bare = dataclasses.replace(cables[0], sources=())
    with pytest.raises(StoreError, match="no source"):
        store.put(bare, [bare])


def test_delete(store: AnyStore, cables: list[Cable]) -> None:
    for cable in cables:
        store.put(cable, [cable])
    assert store.delete(cables[0].id)
    assert store.get_cable(cables[0].id) is None
    assert store.readings(cables[0].id) == []
    assert store.count() == len(cables) - 1
    assert store.search(parse_query(f"id:{cables[0].id}")).total == 0


def test_iter_cables_by_date_then_id(store: AnyStore, cables: list[Cable]) -> None:
    undated = [dataclasses.replace(cables[0], id=f"00UNDATED{i}", date=None) for i in (2, 1)]
    same_day = dataclasses.replace(cables[1], id="00AAAA1")
    everything = [*undated, *cables, same_day]
    for cable in everything:
        store.put(cable, [cable])
    got = [c.id for c in store.iter_cables()]
    dated = sorted((c for c in everything if c.date), key=lambda c: (c.date or "", c.id))
    assert got == [c.id for c in dated] + ["00UNDATED1", "00UNDATED2"]


def marked(cable: Cable, mentions: int, annotations: int) -> Cable:
    """``cable`` with the first ``mentions`` words of its text tagged and the first
    ``annotations`` imported."""
    words = [m.span() for m in re.finditer(r"\S+", cable.text)][:8]
    return dataclasses.replace(
        cable,
        mentions=tuple(
            Mention(s, e, "PER", cable.text[s:e], "static") for s, e in words[:mentions]
        ),
        annotations=tuple(
            Annotation(s, e, "LOC", cable.text[s:e], "seed") for s, e in words[:annotations]
        ),
    )


def test_entity_texts_in_record_order(store: AnyStore, cables: list[Cable]) -> None:
    """Each layer's spans as the records give them, read without the records: every
    cable in ``iter_cables`` order, or the stored ones of a list of ids in its order."""
    undated = marked(dataclasses.replace(cables[0], id="00UNDATED1", date=None), 0, 3)
    everything = [
        marked(cables[0], 2, 5),
        marked(cables[1], 0, 4),
        marked(cables[2], 3, 0),
        undated,
        *cables[3:],
    ]
    for cable in everything:
        store.put(cable, [cable])
    for layer in LAYERS:
        expected = [EntityText.of(cable, layer) for cable in store.iter_cables()]
        assert list(store.entity_texts(layer)) == expected
    assert [t.spans for t in store.entity_texts("auto")] != [
        t.spans for t in store.entity_texts("tagged")
    ]
    ids = [cables[2].id, *(f"99NOWHERE{i}" for i in range(600)), undated.id, cables[0].id]
    got = list(store.entity_texts("imported", ids))
    assert [t.id for t in got] == [cables[2].id, undated.id, cables[0].id]
    assert got[1] == EntityText.of(undated, "imported")
    assert list(store.entity_texts("auto", [])) == []


def test_entity_texts_see_the_open_batch(store: AnyStore, cables: list[Cable]) -> None:
    cable = marked(cables[0], 2, 0)
    with store.batch():
        store.put(cable, [cable])
        assert [t.spans for t in store.entity_texts("tagged", [cable.id])] == [
            tuple(cable.layer_spans("tagged"))
        ]
        assert [t.id for t in store.entity_texts("tagged")] == [cable.id]


def test_batch_keeps_all_or_nothing(store: AnyStore, cables: list[Cable]) -> None:
    store.put(cables[0], [cables[0]])
    with pytest.raises(RuntimeError), store.batch():
        for cable in cables[1:]:
            store.put(cable, [cable])
        store.put(source(cables[0], "f" * 64), [source(cables[0], "f" * 64)])
        store.add_problem(Problem("x.html", "read", "broken"))
        raise RuntimeError("interrupted")
    assert store.count() == 1
    assert store.get_cable(cables[0].id) == cables[0]
    assert store.problems() == []
    with store.batch():
        for cable in cables[1:]:
            store.put(cable, [cable])
    assert store.count() == len(cables)


def test_a_large_batch_is_a_batch(store: AnyStore, cables: list[Cable]) -> None:
    with pytest.raises(RuntimeError), store.batch(large=True):
        store.put(cables[0], [cables[0]])
        raise RuntimeError("interrupted")
    assert store.count() == 0
    with store.batch(large=True):
        store.put(cables[0], [cables[0]])
        with store.batch(large=True):
            store.put(cables[1], [cables[1]])
    assert store.count() == 2


def test_a_failed_inner_batch_undoes_only_itself(store: AnyStore, cables: list[Cable]) -> None:
    with store.batch():
        store.put(cables[0], [cables[0]])
        with pytest.raises(ValueError), store.batch():
            store.put(cables[1], [cables[1]])
            raise ValueError("inner")
        store.put(cables[2], [cables[2]])
    assert {c.id for c in store.iter_cables()} == {cables[0].id, cables[2].id}


def test_reads_inside_a_batch_see_its_writes(store: AnyStore, cables: list[Cable]) -> None:
    with store.batch():
        store.put(cables[0], [cables[0]])
        assert store.get_cable(cables[0].id) == cables[0]
        assert store.known_shas([cables[0].id]) == {cables[0].id: {cables[0].sources[0].sha256}}
        store.put(cables[0], [cables[0]])
        assert store.count() == 1


def test_problems(store: AnyStore) -> None:
    store.add_problem(Problem("a.html", "read", "no cable table", "a" * 64))
    store.add_problem(Problem("b.csv!row 3", "parse", "no id"), at="2026-01-01T00:00:00+00:00")
    store.add_problem(Problem("a.html", "repair", "overlapping edits"))
    found = store.problems()
    assert [p.problem for p in found] == [
        Problem("a.html", "read", "no cable table", "a" * 64),
        Problem("b.csv!row 3", "parse", "no id"),
        Problem("a.html", "repair", "overlapping edits"),
    ]
    assert found[1].at == "2026-01-01T00:00:00+00:00"
    assert found[0].at[:2] == "20" and found[0].path == "a.html"
    assert store.clear_problems("a.html") == 2
    assert [p.path for p in store.problems()] == ["b.csv!row 3"]
    assert store.clear_problems() == 1
    assert store.problems() == []


def test_stats(store: AnyStore, cables: list[Cable]) -> None:
    extra = dataclasses.replace(cables[2], id="10MEXICO84", date=None, origin=None)
    for cable in [*cables, extra]:
        store.put(cable, [cable])
    store.add_problem(Problem("x", "read", "bad"))
    stats = store.stats()
    assert (stats.cables, stats.readings, stats.problems) == (len(cables) + 1, len(cables) + 1, 1)
    assert stats.by_year == ((1979, 1), (2009, 1), (2010, 2), (None, 1))
    assert stats.by_origin == (
        (None, 1),
        ("Embassy Cairo", 1),
        ("Embassy Conakry", 1),
        ("Embassy Mexico", 1),
        ("Embassy Tehran", 1),
    )
    assert stats.by_classification == (
        ("CONFIDENTIAL", 2),
        ("SECRET", 2),
        ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", 1),
    )
    data = stats.to_dict()
    assert data["by_year"] == {"1979": 1, "2009": 1, "2010": 2, "unknown": 1}


def test_closed_store_refuses_use(cables: list[Cable]) -> None:
    memory = MemoryStore()
    memory.close()
    from cablescope.errors import StoreError

    with pytest.raises(StoreError):
        memory.put(cables[0], [cables[0]])


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("tag:SNAR OR tag:EG", {"10MEXICO83", "10CAIRO263"}),
        ("tag:SNAR tag:EG", set()),
        ("-tag:PREL", {"79TEHRAN8980"}),
        ("guinea OR tag:EG", {"09CONAKRY797", "10CAIRO263"}),
        ("NOT (origin:mexico OR class:confidential)", {"10CAIRO263"}),
        ("( tag:PGOV OR tag:IR ) from:2009", {"09CONAKRY797", "10MEXICO83"}),
        ("-( tehran OR redacted:yes ) to:2009", {"09CONAKRY797"}),
    ],
)
def test_operators_combine_filters_and_words(
    store: AnyStore, cables: list[Cable], q: str, expected: set[str]
) -> None:
    for cable in cables:
        store.put(cable, [cable])
    assert set(store.matching(parse_query(q))) == expected
    result = store.search(parse_query(q), limit=10)
    assert result.total == len(expected) and {h.id for h in result.hits} == expected


WORDS = ["mexico", "security", "embassy", "cairo", "guinea", "the", "juarez", "tehran", "officer"]
FILTERS = [
    "tag:PGOV",
    "tag:prel",
    "class:secret",
    "class:fouo",
    "origin:mex",
    "from:2009",
    "to:2009",
    "redacted:yes",
    "-redacted:yes",
    "-tag:PGOV",
    "id:10MEXICO83",
    "NOT origin:cairo",
]


@st.composite
def queries(draw: st.DrawFn) -> str:
    """Queries mixing real words, operators and filters."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(WORDS),
                st.sampled_from(WORDS).map(lambda w: w[:3] + "*"),
                st.sampled_from(WORDS).map(lambda w: f'"{w} {w}"'),
                st.sampled_from(FILTERS),
                st.sampled_from(["OR", "AND", "NOT", "(", ")", "-("]),
                st.sampled_from(WORDS).map(lambda w: "-" + w),
            ),
            max_size=6,
        )
    )
    return " ".join(parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=queries())
def test_backends_agree_on_what_matches(q: str, backends: list[Store]) -> None:
    from cablescope.errors import QueryError

    try:
        query = parse_query(q)
    except QueryError:
        return
    memory, *others = backends
    got_memory = memory.search(query, limit=100)
    for other in others:
        got = other.search(query, limit=100)
        assert got_memory.total == got.total
        assert {h.id for h in got_memory.hits} == {h.id for h in got.hits}


def _counted(store: AnyStore) -> tuple[object, ...]:
    """The counts of ``stats`` reckoned from every stored record."""
    stored = list(store.iter_cables())
    years = Counter(int(c.date[:4]) if c.date else None for c in stored)
    origins = Counter(c.origin for c in stored)
    marks = Counter(c.classification for c in stored)

    def ranked(counts: Counter[str | None]) -> tuple[tuple[str | None, int], ...]:
        return tuple(sorted(counts.items(), key=lambda x: (-x[1], x[0] is not None, x[0] or "")))

    by_year = tuple(sorted(years.items(), key=lambda x: (x[0] is None, x[0] or 0)))
    readings = sum(len(store.readings(c.id)) for c in stored)
    return len(stored), readings, by_year, ranked(origins), ranked(marks)


def test_stats_follow_every_write(store: AnyStore, cables: list[Cable]) -> None:
    """The counts are kept as cables are added, replaced with other values, given more
    readings and deleted, in and out of batches."""
    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    moved = dataclasses.replace(cables[0], date="1999-01-02", origin=None, classification="SECRET")
    store.put(moved, [moved, source(moved, "b" * 64)])
    with store.batch():
        store.delete(cables[1].id)
        undated = dataclasses.replace(cables[2], id="10MEXICO84", date=None)
        store.put(undated, [undated])
    stats = store.stats()
    got = (stats.cables, stats.readings, stats.by_year, stats.by_origin, stats.by_classification)
    assert got == _counted(store)
    assert (1999, 1) in stats.by_year and stats.by_year[-1] == (None, 1)


def test_the_facets_of_every_cable_are_those_of_a_query_matching_every_cable(
    store: AnyStore, cables: list[Cable]
) -> None:
    """Counted ahead as cables are written, the facets of the empty query are those a
    search counts over the cables it matches, here every cable (a query of a word no cable
    has, negated)."""
    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    moved = dataclasses.replace(cables[0], date="1999-01-02", origin=None, tags=cables[1].tags)
    store.put(moved, [moved])
    store.delete(cables[1].id)
    every = store.facets(parse_query("-xyzzyplugh"), top=3)
    assert every.total == len(cables) - 1 and every.months and every.tags
    assert store.facets(parse_query(""), top=3) == every


def test_a_checkpoint_is_kept_with_its_batch_and_forgotten_when_done(store: AnyStore) -> None:
    assert store.checkpoint("tag cablescope") is None
    with store.batch():
        store.set_checkpoint("tag cablescope", 256)
    assert store.checkpoint("tag cablescope") == 256
    with pytest.raises(RuntimeError), store.batch():
        store.set_checkpoint("tag cablescope", 512)
        raise RuntimeError("interrupted")
    assert store.checkpoint("tag cablescope") == 256
    store.set_checkpoint("tag other", 4)
    store.set_checkpoint("tag cablescope", None)
    assert (store.checkpoint("tag cablescope"), store.checkpoint("tag other")) == (None, 4)
