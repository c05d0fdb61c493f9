"""Invariants: no parser raises on any text, and body offsets index the text given."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.grammar import (
    label,
    normalise_classification,
    normalise_id,
    origin_name,
    parse_body,
    parse_date,
    parse_declassify,
    parse_references,
    parse_routing,
    post_for_origin,
    split_header,
)

PIECES = [
    "SECRET", "S E C R E T", "C O N F I D E N T I A L", "UNCLAS", "SECTION 01 OF 05",
    "MEXICO", "000083", "NEW DELHI", "E.O. 12958: DECL: 10/04/2019", "TAGS:", "TAGS", "PGOV",
    "SUBJECT:", "REF:", "A.", "(B)", "09 MEXICO 2650", "Classified By:", "reasons 1.4 (b)",
    "¶1.", "1.", "2 .", "( C )", "(S/NF)", "XXXXXXXXXXXX", "NOFORN", "SIPDIS", "PASCUAL",
    "VZCZCXRO1882", "O R 292049Z JAN 10", "FM AMEMBASSY MEXICO", "TO RUEHC/SECSTATE WASHDC",
    "INFO", "IMMEDIATE 0250", "Friday, 23 February 2001, 15:53", "\n", "\n\n", " ", "\t", ".",
]  # fmt: skip

cable_like = st.lists(st.sampled_from(PIECES), max_size=40).map(" ".join)
any_text = st.one_of(st.text(max_size=300), cable_like)


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_parse_body_offsets_index_the_text(text: str) -> None:
    fields = parse_body(text)
    last = -1
    for p in fields.paragraphs:
        assert 0 <= p.start <= p.end <= len(text)
        assert text[p.start : p.end] == p.text
        assert p.start > last
        last = p.start
    for r in fields.redactions:
        assert 0 <= r.start < r.end <= len(text)
        assert set(text[r.start : r.end]) <= {"X", "x"}


@settings(max_examples=200, deadline=None)
@given(any_text, st.one_of(st.none(), st.integers(1900, 2100)), st.one_of(st.none(), st.text()))
def test_reference_parsing_never_raises(text: str, year: int | None, self_id: str | None) -> None:
    for ref in parse_references(text, year, self_id):
        assert ref.id is None or ref.id != self_id


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_value_parsers_never_raise(text: str) -> None:
    parse_routing(text)
    header, body = split_header(text)
    assert (header is None and body == text) or body in text
    normalise_classification(text)
    normalise_id(text)
    normalise_id(text, lambda _: False)
    origin_name(text)
    post_for_origin(text)
    label(text)
    parse_date(text)
    parse_declassify(text)
