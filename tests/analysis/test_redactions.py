"""Redactions as searchable things: counts per cable and paragraph, the redacted: filter in
both stores, and on the Cablegate corpus."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.query import And, Node, Not, Or, Redacted, Term, parse_query
from cablescope.analysis.redactions import cable_redactions, redactions
from cablescope.analysis.search import search
from cablescope.errors import QueryError
from cablescope.model import Cable, Paragraph, Redaction
from cablescope.pipeline.ingest import ingest
from cablescope.store import MemoryStore, SqliteStore
from tests.conftest import CORPUS_TAR, corpus_pages, needs_shared

Store = SqliteStore | MemoryStore


def test_counts_per_paragraph(examples: Store) -> None:
    cable = examples.get_cable("00HARARE5461")
    assert cable is not None
    found = cable_redactions(cable)
    assert found.count == 28 and found.outside == 0
    assert [(p.number, p.marking, p.count) for p in found.paragraphs] == [
        (1, "C", 1),
        (2, "C", 1),
        (3, "C", 9),
        (4, "C", 2),
        (5, "C", 5),
        (6, "C", 3),
        (7, "C", 3),
        (8, "C", 2),
        (10, "C", 2),
    ]
    assert all(set(cable.text[s.start : s.end]) == {"X"} for s in found.spans)
    assert found.spans[0].paragraph == 1
    assert found.spans[0].context == (
        "PACKAGE” FOR THE PRESIDENT. MEANWHILE, XXXXXXXXXXXX HAS BEEN ASKED BY THE MDC TO ORGANIZE"
    )


def test_a_span_outside_numbered_paragraphs() -> None:
    text = "SUBJECT: IRAN - XXXXXXXXXXXX ARGUES\n\n1. (C) He met XXXXXXXXXXXX and XXXXXXXXXXXX."
    first = text.index("1. (C)")
    spans = tuple(Redaction(m.start(), m.end()) for m in re.finditer("X+", text))
    cable = Cable(
        id="09LONDON1",
        text=text,
        paragraphs=(Paragraph(1, "C", first, len(text), text[first:]),),
        redactions=spans,
    )
    found = cable_redactions(cable)
    assert found.outside == 1
    assert [(p.number, p.count) for p in found.paragraphs] == [(1, 2)]
    assert [s.paragraph for s in found.spans] == [None, 1, 1]


def test_listing_over_a_query(examples: Store) -> None:
    every = redactions(examples)
    assert every.matched == 11
    assert [c.cable.id for c in every.cables] == ["00HARARE5461", "10CAIRO263"]
    assert every.spans == 29
    (cairo,) = redactions(examples, 'origin:"Embassy Cairo"').cables
    assert [(p.number, p.marking, p.count) for p in cairo.paragraphs] == [(1, "SBU", 1)]
    assert cairo.spans[0].context.startswith("Ms. Simpson can be reached via XXXXXXXXXXXX.")
    none = redactions(examples, "redacted:no")
    assert (none.matched, none.cables) == (9, ())
    assert redactions(examples, "id:09PARIS997").to_dict() == {
        "query": "id:09PARIS997",
        "matched": 1,
        "redacted": 0,
        "spans": 0,
        "cables": [],
    }


def test_json_shape(examples: Store) -> None:
    data = redactions(examples, "id:10CAIRO263").to_dict()
    assert (data["matched"], data["redacted"], data["spans"]) == (1, 1, 1)
    (cable,) = data["cables"]  # type: ignore[misc]
    assert set(cable) == {
        "id",
        "date",
        "origin",
        "classification",
        "subject",
        "redactions",
        "outside",
        "paragraphs",
        "spans",
    }
    assert cable["paragraphs"] == [{"number": 1, "marking": "SBU", "count": 1}]
    assert set(cable["spans"][0]) == {"start", "end", "paragraph", "context"}


def test_the_redacted_filter(examples: Store) -> None:
    hits = search(examples, "redacted:yes").hits
    assert [(h.id, h.redactions) for h in hits] == [("10CAIRO263", 1), ("00HARARE5461", 28)]
    assert search(examples, "-redacted:yes").total == 9
    assert search(examples, "redacted:NO mugabe").total == 0
    assert [h.id for h in search(examples, "mugabe redacted:yes").hits] == ["00HARARE5461"]
    (hit,) = search(examples, "telecommunications").hits
    assert hit.to_dict()["redactions"] == 1
    assert all(h.redactions == 0 for h in search(examples, "redacted:no").hits)
    assert examples.matching(parse_query("redacted:yes")) == ["00HARARE5461", "10CAIRO263"]


@pytest.mark.parametrize(
    ("q", "wanted"),
    [
        ("redacted:yes", Redacted()),
        ("redacted:Yes redacted:yes", And((Redacted(), Redacted()))),
        ("redacted:no", Not(Redacted())),
        ("-redacted:no", Redacted()),
        ('-redacted:"yes"', Not(Redacted())),
        ("redacted", Term("redacted")),
        ("redacted:yes OR juarez", Or((Redacted(), Term("juarez")))),
    ],
)
def test_redacted_parses(q: str, wanted: Node) -> None:
    assert parse_query(q).root == wanted


def test_redacted_refuses_other_values() -> None:
    with pytest.raises(QueryError, match="redacted: takes yes or no, not 'maybe'"):
        parse_query("redacted:maybe")


def test_redacted_combines_like_any_filter(examples: Store) -> None:
    redacted = set(examples.matching(parse_query("redacted:yes")))
    everything = set(examples.matching(parse_query("")))
    assert set(examples.matching(parse_query("redacted:no"))) == everything - redacted
    assert examples.matching(parse_query("redacted:yes redacted:no")) == []
    assert set(examples.matching(parse_query("redacted:yes OR redacted:no"))) == everything
    mexico = set(examples.matching(parse_query("mexico")))
    assert mexico - redacted and redacted - mexico
    assert set(examples.matching(parse_query("redacted:yes OR mexico"))) == redacted | mexico
    found = redactions(examples, "redacted:yes OR mexico")
    assert found.matched == len(redacted | mexico)
    assert {c.cable.id for c in found.cables} == redacted


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every 12th page of the Cablegate corpus, and all of Embassy Tripoli's."""
    if not CORPUS_TAR.is_file():
        pytest.skip("../shared corpus is not present")
    folder = tmp_path_factory.mktemp("redactions")
    for n, (name, page) in enumerate(corpus_pages()):
        if n % 12 == 0 or "TRIPOLI" in name:
            (folder / Path(name).name).write_bytes(page)
    return folder


@pytest.fixture(scope="module")
def sampled(sample: Path) -> Iterator[tuple[SqliteStore, MemoryStore]]:
    stores = (SqliteStore.open(":memory:"), MemoryStore())
    for store in stores:
        assert ingest([str(sample)], store, workers=1).rejected == 0
    yield stores
    for store in stores:
        store.close()


@needs_shared
def test_corpus_redactions_agree_with_the_pages(
    sample: Path, sampled: tuple[SqliteStore, MemoryStore]
) -> None:
    sqlite, memory = sampled
    # The 2010-11 releases redacted names as twelve X (or x) standing as a word (not glued to
    # letters, as in one page's "SXXXXXXXXXXXX"): count them in the page bodies.
    twelve = re.compile(rb"(?<![A-Za-z])(?:X{12}|x{12})(?![A-Za-z])")
    pages = {
        p.stem: twelve.findall(p.read_bytes().split(b"<code><pre>")[-1]) for p in sample.iterdir()
    }
    found = {c.cable.id: c for c in redactions(sqlite).cables}
    assert {cid for cid, hits in pages.items() if hits} <= set(found)
    for cid, item in found.items():
        spans = [s for s in item.spans if s.end - s.start == 12]
        assert len(spans) == len(pages[cid]), cid
    assert len(found) / len(pages) > 0.1
    for q in ("redacted:yes", 'redacted:yes origin:"Embassy Tripoli"', "nuclear redacted:no"):
        query = parse_query(q)
        assert sqlite.matching(query) == memory.matching(query), q
        assert sqlite.search(query).total == memory.search(query).total, q
    tripoli = redactions(sqlite, 'redacted:yes origin:"Embassy Tripoli"')
    assert tripoli.matched == len(tripoli.cables) > 20
    assert all(c.cable.origin == "Embassy Tripoli" for c in tripoli.cables)
