"""What a cable cites and what cites it, on real cables (examples/ and a corpus thread)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.analysis.refs import (
    RELEASED,
    STORED,
    UNRELEASED,
    UNRESOLVED,
    Citation,
    Refs,
    canonical_id,
    refs,
    year_before,
)
from cablescope.grammar.ids import reference_ids, reference_months
from cablescope.store import MemoryStore, SqliteStore

from tests.conftest import THREAD, needs_shared

AnyStore = SqliteStore | MemoryStore


def by_id(found: Refs | None) -> dict[str, Citation]:
    assert found is not None
    return {c.id: c for c in found.references if c.id}


def test_a_yearless_reference_takes_the_citing_cables_year(examples: AnyStore) -> None:
    found = refs(examples, "00HARARE5461")
    assert found is not None
    (citation,) = found.references
    assert (citation.raw, citation.id, citation.year_inferred) == (
        "HARARE 5346",
        "00HARARE5346",
        True,
    )
    # Released by Cablegate, not among the examples.
    assert (citation.status, citation.month) == (RELEASED, "2000-09")
    assert found.to_dict()["missing"] == ["00HARARE5346"]


def test_released_and_unreleased_are_told_apart(examples: AnyStore) -> None:
    cairo = refs(examples, "10CAIRO263")
    assert cairo is not None
    assert [(c.id, c.status, c.year_inferred) for c in cairo.references] == [
        ("10STATE17143", RELEASED, False)
    ]
    tehran = refs(examples, "72TEHRAN1164")
    assert tehran is not None
    assert tehran.cites == ("72TEHRAN1091", "72TEHRAN263", "72MOSCOW1603")
    assert {c.status for c in tehran.references} == {UNRELEASED}
    assert tehran.missing == tehran.cites


def test_a_cable_without_references(examples: AnyStore) -> None:
    found = refs(examples, "10MEXICO83")
    assert found is not None
    data = found.to_dict()
    assert {k: data[k] for k in ("id", "cites", "cited_by", "missing", "status")} == {
        "id": "10MEXICO83",
        "cites": [],
        "cited_by": [],
        "missing": [],
        "status": STORED,
    }
    assert data["cable"] == {
        "id": "10MEXICO83",
        "date": "2010-01-29T20:49:00Z",
        "origin": "Embassy Mexico",
        "classification": "SECRET",
        "subject": "Scenesetter for the Opening of the Defense Bilateral Working Group,"
        " Washington, D.C., February 1",
    }


def test_ids_are_taken_as_people_type_them(examples: AnyStore) -> None:
    assert canonical_id(" 10mexico083 ") == "10MEXICO83"
    assert canonical_id("10MEXICO83_a") == "10MEXICO83"
    found = refs(examples, "10mexico083")
    assert found is not None and found.id == "10MEXICO83"


def test_an_unknown_id_is_none(examples: AnyStore) -> None:
    assert refs(examples, "99NOWHERE1") is None
    assert refs(examples, "") is None


@needs_shared
def test_several_ref_blocks_and_a_page_break_self_reference(thread: AnyStore) -> None:
    # 08LIMA1348 carries its REF line twice (once cut off with the page's metadata, which
    # names the cable itself); the citations come once each and the cable never cites itself.
    found = refs(thread, "08LIMA1348")
    assert found is not None
    assert found.cites == ("08LIMA389", "08LIMA1191", "08LIMA1081")
    cited = by_id(found)
    assert [(c.letter, c.status) for c in cited.values()] == [
        ("A", STORED),
        ("B", RELEASED),
        ("C", UNRELEASED),
    ]
    assert found.missing == ("08LIMA1191", "08LIMA1081")
    stored = cited["08LIMA389"].cable
    assert stored is not None and (stored.subject or "").startswith("RADICALS HIJACK CUSCO")
    assert cited["08LIMA1191"].month == "2008-07"
    assert "08LIMA1348" not in found.cites
    prague = refs(thread, "05PRAGUE470")  # its REF block runs into "PRAGUE 000470"
    assert prague is not None
    assert prague.cites == ("05PRAGUE337", "05PRAGUE356")
    assert prague.missing == ()


@needs_shared
def test_a_cut_off_citation_stays_unresolved(thread: AnyStore) -> None:
    found = refs(thread, "08USNATO291")
    assert found is not None
    unresolved = [c for c in found.references if c.id is None]
    assert [(c.raw, c.status) for c in unresolved] == [("USNATO ...", UNRESOLVED)]
    assert found.cites == tuple(f"08USNATO{n}" for n in (287, 284, 283, 282, 281, 280))
    statuses = {c.id: c.status for c in found.references if c.id}
    assert statuses == {
        "08USNATO287": STORED,
        "08USNATO284": RELEASED,
        "08USNATO283": RELEASED,
        "08USNATO282": STORED,
        "08USNATO281": STORED,
        "08USNATO280": UNRELEASED,
    }
    assert found.to_dict()["missing"] == ["08USNATO284", "08USNATO283", "08USNATO280"]


@needs_shared
def test_brasilia_0502_in_a_2006_cable(thread: AnyStore) -> None:
    found = refs(thread, "06BRASILIA546")
    assert found is not None
    first = found.references[0]
    assert (first.raw, first.id, first.year_inferred, first.status) == (
        "BRASILIA 0502",
        "06BRASILIA502",
        True,
        UNRELEASED,
    )
    assert [c.id for c in found.references if not c.year_inferred] == ["05BRASILIA3349"]
    assert by_id(found)["05BRASILIA3349"].status == STORED
    assert [c.id for c in found.cited_by] == ["06BRASILIA608", "06BRASILIA609"]


@needs_shared
def test_a_yearless_citation_in_january_hints_at_the_year_before(thread: AnyStore) -> None:
    found = refs(thread, "06SAOPAULO30")  # 2006-01-11
    assert found is not None
    written, yearless = found.references
    assert (written.raw, written.id, written.year_inferred, written.year_before) == (
        "05 Sao Paulo 1402",
        "05SAOPAULO1402",
        False,
        None,
    )
    assert (yearless.raw, yearless.id, yearless.status, yearless.year_before) == (
        "Sao Paulo 1372",
        "06SAOPAULO1372",
        UNRELEASED,
        "05SAOPAULO1372",  # released, from December 2005
    )
    assert found.cites == ("05SAOPAULO1402", "06SAOPAULO1372")
    assert yearless.to_dict()["year_before"] == "05SAOPAULO1372"
    # A citation found under its inferred year gets no hint.
    assert all(c.year_before is None for c in by_id(refs(thread, "08USNATO291")).values())


def test_year_before() -> None:
    assert year_before("06SAOPAULO1372") == "05SAOPAULO1372"
    assert year_before("00HARARE5346") == "99HARARE5346"
    assert year_before("SAOPAULO1") == "SAOPAULO1"


@needs_shared
def test_a_cable_missing_from_the_store_lists_who_cites_it(thread: AnyStore) -> None:
    found = refs(thread, "06BRASILIA502")
    assert found is not None
    assert (found.cable, found.status, found.references) == (None, UNRELEASED, ())
    assert [c.id for c in found.cited_by] == ["06SAOPAULO278", "06BRASILIA546"]
    state = refs(thread, "08STATE85678")
    assert state is not None and state.status == STORED
    citing = [c.id for c in state.cited_by]
    assert {"08USNATO281", "08USNATO282", "08OSLO452", "08ROME1018"} <= set(citing)
    assert citing == sorted(citing, key=lambda cid: thread.cable_infos([cid])[cid].date or "")


@needs_shared
@pytest.mark.parametrize("cable_id", THREAD)
def test_cites_and_cited_by_mirror_each_other(thread: AnyStore, cable_id: str) -> None:
    found = refs(thread, cable_id)
    assert found is not None
    for cited in found.cites:
        back = refs(thread, cited)
        assert back is not None
        assert cable_id in [c.id for c in back.cited_by]
        assert (cited in found.missing) == (thread.get_cable(cited) is None)
    for citing in found.cited_by:
        again = refs(thread, citing.id)
        assert again is not None and cable_id in again.cites


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(sorted(reference_ids())[::997]),
            st.from_regex(r"[0-9]{2}[A-Z]{3,12}[1-9][0-9]{0,5}", fullmatch=True),
        ),
        max_size=8,
    )
)
def test_the_quick_month_lookup_agrees_with_the_whole_list(ids: list[str]) -> None:
    known = reference_ids()
    assert reference_months(ids) == {cid: known[cid] for cid in ids if cid in known}


def test_odd_ids_of_the_list_are_found_both_ways() -> None:
    found = reference_months(["75LIBREVILLE1895", "7575LIBREVILLE1895", "0901OF02RPODUBAI288"])
    assert found == {
        "75LIBREVILLE1895": "1975-11",
        "7575LIBREVILLE1895": "1975-11",
        "0901OF02RPODUBAI288": "2009-07",
    }
    many = [f"08USNATO{n}" for n in range(200, 300)]
    known = reference_ids()
    assert reference_months(many) == {cid: known[cid] for cid in many if cid in known}
