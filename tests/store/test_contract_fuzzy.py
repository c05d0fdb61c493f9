"""The Store contract for fuzzy words (``gaddafi~``), run against every backend: the
spellings an index holds, with the cables of each, stand for the word in search, pages,
facets, counts and the ids a query matches, alike in the in-memory, SQLite and
PostgreSQL stores."""

from __future__ import annotations

import pytest

from cablescope.model import Cable
from cablescope.query import Variants, parse_query
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import sort_key

AnyStore = MemoryStore | SqliteStore

SPELT = [
    Cable(cid, date=date, origin=f"Embassy {post}", subject=subject, text=text)
    for cid, date, post, subject, text in (
        ("09TRIPOLI1", "2009-01-05", "Tripoli", "QADHAFI RECEIVES THE ENVOY",
         "Colonel Qadhafi received the envoy in Sirte; Qadhafi spoke of Africa."),
        ("09TRIPOLI2", "2009-02-05", "Tripoli", "LIBYA: THE LEADER'S SON",
         "Saif al-Islam al-Qaddafi, a son of the Leader, spoke for an hour."),
        ("09BERN3", "2009-08-24", "Bern", "HANNIBAL GADDAFI ARREST",
         "The arrest of Hannibal Gaddafi (also written Gadhafi) in Geneva."),
        ("09CARACAS4", "2009-03-01", "Caracas", "CHAVEZ AND THE MAYORS",
         "President Chavez met Chaves, the new mayor of the capital."),
        ("09CARACAS5", "2009-04-01", "Caracas", "THE CHASE",
         "The police chase ended in chaos; the codify bill passed."),
    )
]  # fmt: skip
"""Cables holding spellings of two names, and words that are near them but none."""

GADDAFI = Variants("gaddafi~", (("gaddafi", 1), ("gadhafi", 1), ("qaddafi", 1), ("qadhafi", 1)))


def _fill(store: AnyStore, cables: list[Cable]) -> None:
    with store.batch():
        for cable in [*cables, *SPELT]:
            store.put(cable, [cable] if cable.sources else [])


@pytest.mark.parametrize("word", ["gaddafi~", "Kadhafi~", "QADDAFI~0"])
def test_every_spelling_of_a_name_is_found(store: AnyStore, cables: list[Cable], word: str) -> None:
    _fill(store, cables)
    found = store.search(parse_query(word), limit=10)
    assert sorted(h.id for h in found.hits) == ["09BERN3", "09TRIPOLI1", "09TRIPOLI2"]
    assert found.total == 3
    (variants,) = found.query.variants
    assert variants == Variants(word, GADDAFI.found)


def test_the_variants_say_what_the_query_matched(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    found = store.search(parse_query("gaddafi~ -chavez~ kadhafi~1"), limit=10)
    assert [v.term for v in found.query.variants] == ["gaddafi~", "chavez~", "kadhafi~1"]
    assert found.query.variants[0] == GADDAFI
    assert found.query.variants[1] == Variants("chavez~", (("chaves", 1), ("chavez", 1)))
    # one more letter: codify (kodifi) is two vowels from qadhafi (kadafi), not one
    assert dict(found.query.variants[2].found) == {**dict(GADDAFI.found), "codify": 1}
    assert found.query.source == "gaddafi~ -chavez~ kadhafi~1"
    as_dict = found.to_dict()
    assert as_dict["query"] == found.query.source and as_dict["total"] == 3
    assert as_dict["variants"] == [v.to_dict() for v in found.query.variants]
    nothing = store.search(parse_query("xyzzyq~"))
    assert nothing.total == 0 and str(nothing.query.variants[0]) == "xyzzyq~: no spelling found"


def test_near_words_are_not_spellings(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    assert store.matching(parse_query("chavez~")) == ["09CARACAS4"]
    assert store.matching(parse_query("chase~")) == ["09CARACAS5"]
    assert store.matching(parse_query("codify~")) == ["09CARACAS5"]


def test_fuzzy_words_combine_like_words(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    every = set(store.matching(parse_query("")))
    named = {"09BERN3", "09TRIPOLI1", "09TRIPOLI2"}
    assert set(store.matching(parse_query("-gaddafi~"))) == every - named
    assert store.matching(parse_query("gaddafi~ origin:tripoli")) == ["09TRIPOLI1", "09TRIPOLI2"]
    assert store.matching(parse_query("gaddafi~ OR chavez~")) == sorted([*named, "09CARACAS4"])
    assert store.matching(parse_query('gaddafi~ "hannibal"')) == ["09BERN3"]
    assert store.matching(parse_query("subject:gaddafi~")) == ["09BERN3", "09TRIPOLI1"]


def test_snippets_mark_each_spelling(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    hits = {h.id: h for h in store.search(parse_query("gaddafi~ geneva"), markers=("[", "]")).hits}
    assert "[Gaddafi]" in hits["09BERN3"].snippet and "[Geneva]" in hits["09BERN3"].snippet


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_facets_and_counts_of_a_fuzzy_word(
    store: AnyStore, cables: list[Cable], sort: str
) -> None:
    _fill(store, cables)
    query = parse_query("gaddafi~ OR chavez~")
    whole = store.search_after(query, limit=10, sort=sort)
    assert whole.total == 4 and whole.query.variants[0] == GADDAFI
    first = store.search_after(query, limit=2, sort=sort)
    rest = store.search_after(
        query, limit=10, sort=sort, after=sort_key(first.hits[-1], query, sort)
    )
    assert [h.id for h in (*first.hits, *rest.hits)] == [h.id for h in whole.hits]
    facets = store.facets(query)
    assert facets.total == 4
    assert dict(facets.origins) == {"Embassy Tripoli": 2, "Embassy Bern": 1, "Embassy Caracas": 1}
    assert store.count_by(query, "year") == [("2009", None, 4)]


def test_new_spellings_are_found_once_written(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    assert store.search(parse_query("gaddafi~")).query.variants == (GADDAFI,)
    late = Cable("10TRIPOLI6", date="2010-01-01", origin="Embassy Tripoli",
                 subject="KADAFI", text="Kadafi again.")  # fmt: skip
    store.put(late, [])
    found = store.search(parse_query("gaddafi~"), limit=10)
    assert ("kadafi", 1) in found.query.variants[0].found and found.total == 4
    store.delete("10TRIPOLI6")
    assert store.search(parse_query("gaddafi~")).query.variants == (GADDAFI,)


def test_a_batch_finds_the_spellings_it_writes(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    with store.batch():
        assert store.search(parse_query("gaddafi~")).query.variants == (GADDAFI,)
        for n, spelt in enumerate(["Kadafi", "Qadafi"]):
            late = Cable(f"10TRIPOLI{n}", date="2010-01-01", text=f"{spelt} again.")
            store.put(late, [])
            found = store.search(parse_query("gaddafi~")).query.variants[0].found
            assert (spelt.lower(), 1) in found
