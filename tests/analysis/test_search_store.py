"""Search over a store: words, phrases, prefixes, booleans, filters, snippets, ranking."""

from __future__ import annotations

import pytest

from cablescope.analysis.search import search
from cablescope.errors import QueryError
from cablescope.store import MemoryStore, SqliteStore
from tests.cli.test_cli import HIT_FIELDS

AnyStore = SqliteStore | MemoryStore


def ids(store: AnyStore, q: str) -> set[str]:
    result = search(store, q, limit=100)
    assert result.total == len(result.hits)
    return {hit.id for hit in result.hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("zanzibar", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("ZANZIBAR", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("zanz*", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("juárez", {"08JUAREZ1", "09NOFORN1", "10MEXICO83"}),
        ('"ciudad juarez"', {"09NOFORN1", "10MEXICO83"}),
        ('"juarez ciudad"', set()),
        ("zanzibar island", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("zanzibar AND maquila", set()),
        ("zanzibar OR maquila", {"09ZANZIBAR1", "09ZANZIBAR2", "08JUAREZ1"}),
        ("juarez -maquila", {"09NOFORN1", "10MEXICO83"}),
        ("juarez NOT maquila", {"09NOFORN1", "10MEXICO83"}),
        ("(zanzibar OR maquila) -island", {"08JUAREZ1"}),
        ("subject:zanzibar", {"09ZANZIBAR1"}),
        ("subject:elec*", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("case-by-case", {"10MEXICO84"}),
        ("10MEXICO83", {"10MEXICO83"}),
        (
            "murders OR -tehran",
            {"08JUAREZ1", "09NOFORN1", "09CONAKRY797", "10CAIRO263", "10MEXICO83", "10MEXICO84"},
        ),
    ],
)
def test_words(searchable: AnyStore, q: str, expected: set[str]) -> None:
    assert ids(searchable, q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("tag:KCRM", {"10MEXICO83", "09NOFORN1"}),
        ("tag:kcrm tag:snar", {"10MEXICO83", "09NOFORN1"}),
        ("tag:kcrm -tag:mx", {"09NOFORN1"}),
        ("class:secret", {"10MEXICO83", "09NOFORN1"}),
        ("class:noforn", {"09NOFORN1"}),
        ("class:fouo", {"10CAIRO263"}),
        ("class:unclassified", {"10CAIRO263"}),
        ("class:secret -class:noforn", {"10MEXICO83"}),
        ("origin:juarez", {"09NOFORN1", "08JUAREZ1"}),
        ('origin:"consulate ciudad juárez"', {"09NOFORN1", "08JUAREZ1"}),
        ("origin:mexico", {"10MEXICO83"}),
        ("origin:mexico OR origin:cairo", {"10MEXICO83", "10CAIRO263"}),
        ("origin:mexico origin:cairo", set()),
        ("from:2010", {"10CAIRO263", "10MEXICO83", "10MEXICO84"}),
        ("to:1980", {"79TEHRAN8980"}),
        ("from:2009-05 to:2009-05", {"09ZANZIBAR1", "09ZANZIBAR2"}),
        ("date:2009-05-02", {"09ZANZIBAR2"}),
        ("id:10mexico83", {"10MEXICO83"}),
        ("id:10MEXICO83 OR id:10CAIRO263", {"10MEXICO83", "10CAIRO263"}),
        ("id:10MEXICO83 id:10CAIRO263", set()),
        ("-id:10mexico83 tag:kcrm", {"09NOFORN1"}),
        ("juarez class:secret from:2009 to:2009", {"09NOFORN1"}),
        ("tag:NOSUCHTAG", set()),
    ],
)
def test_filters(searchable: AnyStore, q: str, expected: set[str]) -> None:
    assert ids(searchable, q) == expected


def test_filters_alone_list_newest_first(searchable: AnyStore) -> None:
    result = search(searchable, "", limit=100)
    assert result.total == 9
    dates = [hit.date for hit in result.hits]
    assert dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1], reverse=True)  # type: ignore[type-var]
    assert all(hit.score == 0.0 and hit.snippet for hit in result.hits)


def test_a_subject_hit_outranks_a_text_hit(searchable: AnyStore) -> None:
    hits = search(searchable, "zanzibar").hits
    assert [h.id for h in hits] == ["09ZANZIBAR1", "09ZANZIBAR2"]
    assert hits[0].score > hits[1].score > 0


def test_the_id_outranks_mentions(sqlite_store: SqliteStore) -> None:
    assert search(sqlite_store, "10MEXICO83").hits[0].id == "10MEXICO83"


def test_snippets_mark_the_matches(searchable: AnyStore) -> None:
    hit = search(searchable, "maquila").hits[0]
    assert hit.id == "08JUAREZ1"
    assert "«Maquila»" in hit.snippet
    hit = search(searchable, '"ciudad juarez" murders', markers=("<b>", "</b>")).hits[0]
    assert hit.id == "09NOFORN1"
    assert "<b>murders</b>" in hit.snippet and "«" not in hit.snippet
    assert "\n" not in hit.snippet
    only_subject = search(searchable, "subject:zanzibar").hits[0]
    assert "«ZANZIBAR»" in only_subject.snippet


def test_hit_fields(searchable: AnyStore) -> None:
    hit = search(searchable, "murders").hits[0]
    assert (hit.id, hit.date, hit.origin, hit.classification, hit.subject) == (
        "09NOFORN1",
        "2009-11-30",
        "Consulate Ciudad Juárez",
        "SECRET//NOFORN",
        "VIOLENCE IN CIUDAD JUÁREZ",
    )
    assert set(hit.to_dict()) == HIT_FIELDS


def test_paging_and_totals(searchable: AnyStore) -> None:
    everything = search(searchable, "the", limit=100)
    assert everything.total == len(everything.hits) >= 5
    page = search(searchable, "the", limit=2, offset=2)
    assert page.total == everything.total
    assert [h.id for h in page.hits] == [h.id for h in everything.hits[2:4]]
    assert search(searchable, "the", limit=0).hits == ()
    assert search(searchable, "the", offset=1000).hits == ()
    assert page.to_dict()["total"] == everything.total


@pytest.mark.parametrize(
    "q",
    [
        "C++",
        "U.S.",
        "a:b",
        '"unbalanced',
        "*",
        "-",
        "((",
        "))",
        "NOT",
        "AND OR",
        "'; DROP TABLE cables; --",
        "NEAR(a b)",
        "{id}: x",
        "^x",
        "x\x00y",
        "ß中é",
        "class: tag: origin:",
        'origin:"',
        'subject:""',
        "-tag:",
        "tag:(x)",
    ],
)
def test_hostile_queries_answer(searchable: AnyStore, q: str) -> None:
    result = search(searchable, q)
    assert result.total >= len(result.hits)


def test_a_bad_date_is_a_query_error(searchable: AnyStore) -> None:
    with pytest.raises(QueryError):
        search(searchable, "from:2009-13-45")
