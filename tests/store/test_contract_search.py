"""The Store contract for search, facets and entities, run against every backend.

Scores differ between backends (bm25, ts_rank_cd, counted matches), so the contract is on
what every backend promises: which cables match, which is best for a plain query, hits
by score then id (equal scores in id order), newest first without words (ties by id
descending), pages that continue one another, marked snippets, facet counts, and resolved
entities with their curation.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from cablescope.model import Cable, Mention
from cablescope.model.entity import Judgement
from cablescope.query import parse_query
from cablescope.resolve import resolve_store
from cablescope.store import MemoryStore, SqliteStore
from cablescope.store.base import sort_key

AnyStore = MemoryStore | SqliteStore

ACCENTED = "Officials from Ciudad Juárez met the ÉLITE police unit of Nuevo León on Monday."


def _fill(store: AnyStore, cables: list[Cable]) -> None:
    with store.batch():
        for cable in cables:
            store.put(cable, [cable] if cable.sources else [])


def _accented(cable: Cable) -> Cable:
    return dataclasses.replace(
        cable, id="10MEXICO90", subject="Juárez violence", text=ACCENTED, paragraphs=()
    )


def test_accents_case_phrases_prefixes_and_columns(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, [*cables, _accented(cables[2])])
    found = {
        q: store.matching(parse_query(q))
        for q in [
            "leon",
            "LEÓN",
            "elite leon",
            '"ciudad juarez"',
            '"juarez ciudad"',
            "éli*",
            '"nuevo le"*',
            "subject:violence",
            "subject:officials",
            "officials -elite",
            "officials OR guinea",
        ]
    }
    assert found["leon"] == found["LEÓN"] == ["10MEXICO90"]
    assert found["elite leon"] == ["10MEXICO90"]
    assert found['"ciudad juarez"'] == ["10MEXICO83", "10MEXICO90"]
    assert found['"juarez ciudad"'] == []
    assert found["éli*"] == found['"nuevo le"*'] == ["10MEXICO90"]
    assert found["subject:violence"] == ["10MEXICO90"]
    assert "10MEXICO90" not in found["subject:officials"]
    assert "10MEXICO90" not in found["officials -elite"]
    assert set(found["officials OR guinea"]) >= {"10MEXICO90", "09CONAKRY797"}


def test_optimizing_changes_no_answer(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    queries = [parse_query(q) for q in ("the", "juarez OR mugabe", "president class:secret")]
    before = [(store.search(q, limit=50), store.facets(q)) for q in queries]
    store.optimize()
    assert [(store.search(q, limit=50), store.facets(q)) for q in queries] == before


def test_snippets_mark_the_matched_words(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, [*cables, _accented(cables[2])])
    hit = store.search(parse_query("leon"), markers=("[", "]")).hits[0]
    assert "[León]" in hit.snippet
    (guinea,) = store.search(parse_query("toumba diakite")).hits[:1]
    assert re.search(r"«toumba»", guinea.snippet, re.IGNORECASE)


def test_the_best_match_comes_first(store: AnyStore, cables: list[Cable]) -> None:
    _fill(store, cables)
    assert store.search(parse_query("scenesetter defense")).hits[0].id == "10MEXICO83"
    assert store.search(parse_query("guinea")).hits[0].id == "09CONAKRY797"
    assert store.search(parse_query("10CAIRO263 OR telecommunications")).hits[0].id == "10CAIRO263"


def test_hits_by_score_then_id(store: AnyStore, cables: list[Cable]) -> None:
    twin = dataclasses.replace(cables[2], id="10MEXICO10")
    _fill(store, [*cables, twin])
    hits = store.search(parse_query("scenesetter"), limit=10).hits
    assert [h.id for h in hits] == ["10MEXICO10", "10MEXICO83"]
    assert hits[0].score == hits[1].score > 0
    every = store.search(parse_query("the OR embassy"), limit=10).hits
    assert len(every) == len(cables) + 1
    assert [h.id for h in every] == [h.id for h in sorted(every, key=lambda h: (-h.score, h.id))]


def test_without_words_newest_first_ties_by_id_descending(
    store: AnyStore, cables: list[Cable]
) -> None:
    twin = dataclasses.replace(cables[2], id="10MEXICO10")
    undated = dataclasses.replace(cables[0], id="00UNDATED1", date=None)
    _fill(store, [*cables, twin, undated])
    hits = store.search(parse_query("-tag:NOSUCH"), limit=10).hits
    dated = sorted((h for h in hits if h.date), key=lambda h: (h.date or "", h.id), reverse=True)
    assert [h.id for h in hits] == [h.id for h in dated] + ["00UNDATED1"]
    assert [h.id for h in hits][:2] == ["10CAIRO263", "10MEXICO83"]
    assert all(h.score == 0.0 for h in hits)


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("q", ["the OR embassy", "tag:PREL", "officer -guinea"])
def test_pages_after_a_key_continue_the_order(
    store: AnyStore, cables: list[Cable], sort: str, q: str
) -> None:
    twin = dataclasses.replace(cables[2], id="10MEXICO10")
    _fill(store, [*cables, twin])
    query = parse_query(q)
    whole = store.search_after(query, limit=10, sort=sort)
    pages, after = [], None
    while True:
        page = store.search_after(query, limit=2, sort=sort, after=after)
        assert page.total == whole.total
        pages.extend(h.id for h in page.hits)
        if len(page.hits) < 2:
            break
        after = sort_key(page.hits[-1], query, sort)
    assert pages == [h.id for h in whole.hits]
    assert len(pages) == whole.total > 0


@pytest.mark.parametrize("q", ["", "the", "tag:PREL -guinea", "NOT origin:cairo"])
def test_facets_agree_with_the_records(store: AnyStore, cables: list[Cable], q: str) -> None:
    _fill(store, cables)
    reference = MemoryStore()
    _fill(reference, cables)
    got = store.facets(parse_query(q), top=3)
    assert got == reference.facets(parse_query(q), top=3)
    assert got.total == len(store.matching(parse_query(q))) > 0
    assert sum(n for _, n in got.months) == got.total


def _tagged(cid: str, text: str, names: dict[str, str], date: str) -> Cable:
    mentions = [
        Mention(m.start(), m.end(), kind, m.group(), "static")
        for name, kind in names.items()
        for m in re.finditer(re.escape(name), text)
    ]
    return Cable(cid, date=date, origin="Embassy Mexico", text=text, mentions=tuple(mentions))


PEOPLE = [
    _tagged("09MEXICO1", "Calderon met Tello Peon in Tijuana.",
            {"Calderon": "PER", "Tello Peon": "PER", "Tijuana": "LOC"}, "2009-01-05"),
    _tagged("09MEXICO2", "Calderon went to Tijuana.",
            {"Calderon": "PER", "Tijuana": "LOC"}, "2009-02-05"),
    _tagged("09MEXICO3", "Tello Peon stayed.", {"Tello Peon": "PER"}, "2009-02-07"),
]  # fmt: skip


def test_entities_and_curation_survive_reingest(store: AnyStore) -> None:
    _fill(store, PEOPLE)
    assert store.entities_state() == "none"
    resolve_store(store)
    assert store.entities_state() == "fresh"
    assert [(e.id, e.mentions, e.cables) for e in store.entities()] == [
        ("loc:tijuana", 2, 2),
        ("per:calderon", 2, 2),
        ("per:tello-peon", 2, 2),
    ]
    assert [e.id for e in store.entities("PER", top=1)] == ["per:calderon"]
    assert store.entity_ids_named("tello peon") == ["per:tello-peon"]
    detail = store.entity_detail("per:calderon")
    assert detail is not None
    assert detail.cable_ids == ("09MEXICO1", "09MEXICO2")
    assert detail.timeline == (("2009-01", 1), ("2009-02", 1))
    # A page of its cables: only those, in the same order, and no timeline.
    page = store.entity_detail("per:calderon", (1, 5))
    assert page is not None and page.cable_ids == ("09MEXICO2",) and page.timeline == ()
    assert (page.entity, page.co_mentions, page.links) == (
        detail.entity, detail.co_mentions, detail.links
    )  # fmt: skip
    assert [co[0] for co in detail.co_mentions] == ["loc:tijuana", "per:tello-peon"]
    assert store.entity_detail("per:nobody") is None
    links = store.entity_links(["09MEXICO1", "99NOWHERE1"])
    assert [(k.start, k.end, k.entity_id) for k in links] == [
        (0, 8, "per:calderon"),
        (13, 23, "per:tello-peon"),
        (27, 34, "loc:tijuana"),
    ]
    assert store.shared_cables("per:calderon", ["loc:tijuana", "per:tello-peon", "x"]) == {
        "loc:tijuana": {"09MEXICO1", "09MEXICO2"},
        "per:tello-peon": {"09MEXICO1"},
    }
    assert store.resolved_entities(["09MEXICO3"]) == {
        "09MEXICO3": {("per:tello-peon", "Tello Peon", "PER"): 1}
    }
    rename = Judgement("rename", ("tello peon", "Jorge Tello"), "2026-01-01T00:00:00+00:00")
    store.add_judgement(rename)
    resolve_store(store)
    _fill(store, PEOPLE)
    assert store.entities_state() == "stale"
    resolve_store(store)
    assert store.judgements() == [rename]
    assert store.entity_ids_named("jorge tello") == ["per:jorge-tello"]
    assert "per:tello-peon" not in {e.id for e in store.entities()}
