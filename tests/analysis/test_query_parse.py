"""Query parsing: the syntax, the filters, leniency, and MATCH expressions SQLite accepts."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.analysis.query import (
    And,
    Not,
    Or,
    Query,
    Term,
    class_matches,
    origin_matches,
    parse_query,
    period,
)
from cablescope.errors import QueryError


@pytest.mark.parametrize(
    ("q", "match"),
    [
        ("juarez", '"juarez"'),
        ("ciudad juarez", '("ciudad" AND "juarez")'),
        ('"ciudad juarez"', '"ciudad juarez"'),
        ("juar*", '"juar" *'),
        ('"ciudad jua"*', '"ciudad jua" *'),
        ("mexico OR brazil", '("mexico" OR "brazil")'),
        ("a b OR c", '(("a" AND "b") OR "c")'),
        ("a AND (b OR c)", '("a" AND ("b" OR "c"))'),
        ("drugs -mexico", '("drugs" NOT "mexico")'),
        ("drugs NOT mexico", '("drugs" NOT "mexico")'),
        ("(a OR b) -c -d", '(("a" OR "b") NOT ("c" OR "d"))'),
        ("-(a b) c", '("c" NOT ("a" AND "b"))'),
        ("a -b OR c", '(("a" NOT "b") OR "c")'),
        ("-(a -b) c", '("c" NOT ("a" NOT "b"))'),
        ("subject:iran", 'subject : "iran"'),
        ('subject:"nuclear talks"', 'subject : "nuclear talks"'),
        ("subject:nuc*", 'subject : "nuc" *'),
        ("C++ U.S.", '("C++" AND "U.S.")'),
        ("09MEXICO2882", '"09MEXICO2882"'),
        ("a:b", '"a:b"'),
        ('say "hi', '("say" AND "hi")'),
        ('the "quote""d"', '("the" AND "quote" AND "d")'),
        ("and or not", '("and" AND "or" AND "not")'),
        ("--mexico", '"mexico"'),
        ("'single'", "\"'single'\""),
    ],
)
def test_match_expressions(q: str, match: str) -> None:
    assert parse_query(q).match == match


@pytest.mark.parametrize(
    "q", ["", "   ", "*", "**", "-", "()", "((", "))", "AND", "OR NOT", "NOT", '"', '""', "+++"]
)
def test_nothing_to_match_is_no_constraint(q: str) -> None:
    parsed = parse_query(q)
    assert (parsed.text, parsed.match, parsed.exclude) == (None, None, None)


def test_lenient_with_stray_operators_and_parentheses() -> None:
    assert parse_query("OR mexico AND").match == '"mexico"'
    assert parse_query("((mexico").match == '"mexico"'
    assert parse_query("mexico))) OR (brazil").match == '("mexico" OR "brazil")'
    assert parse_query("mexico NOT").match == '"mexico"'
    assert parse_query("(" * 100 + "deep" + ")" * 100).match == '"deep"'


def test_what_stays_negated_becomes_an_exclusion() -> None:
    q = parse_query("-visa -passport")
    assert q.match is None and q.exclude == '("visa" OR "passport")'
    assert parse_query("-a OR -b").exclude == '("a" AND "b")'
    assert parse_query("a OR -b").exclude == '("b" NOT "a")'
    assert parse_query("-(a -b OR c)").exclude == '(("a" NOT "b") OR "c")'


def test_expression_tree() -> None:
    q = parse_query('a "b c" -d OR e*')
    assert q.text == Or(
        (And((Term("a"), Term("b c", phrase=True), Not(Term("d")))), Term("e", prefix=True))
    )
    assert parse_query("x").has_text and not parse_query("tag:x").has_text


def test_filters() -> None:
    q = parse_query(
        'violence tag:kcrm tag:SNAR origin:"Embassy Mexico" origin:juarez class:secret'
        " from:2009 to:2010-02 id:10mexico83 -tag:prel -origin:tijuana -class:noforn -id:x1"
    )
    assert q.match == '"violence"'
    assert q.tags == ("KCRM", "SNAR")
    assert q.origins == ("Embassy Mexico", "juarez")
    assert q.classes == ("secret",)
    assert (q.date_from, q.date_before) == ("2009-01-01", "2010-03-01")
    assert q.ids == ("10MEXICO83",)
    assert (q.not_tags, q.not_origins, q.not_classes, q.not_ids) == (
        ("PREL",),
        ("tijuana",),
        ("noforn",),
        ("X1",),
    )


def test_filters_only_and_filter_spelling() -> None:
    q = parse_query("Tag:PGOV CLASSIFICATION:confidential date:2009-10")
    assert q == Query(
        source="Tag:PGOV CLASSIFICATION:confidential date:2009-10",
        tags=("PGOV",),
        classes=("confidential",),
        date_from="2009-10-01",
        date_before="2009-11-01",
    )
    assert parse_query("from:2009-01-01 from:2009-06").date_from == "2009-06-01"
    assert parse_query("to:2010 to:2009-12-31").date_before == "2010-01-01"
    assert parse_query("unknown:thing").match == '"unknown:thing"'
    assert parse_query("tag: x").match == '("tag:" AND "x")'


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("2009", ("2009-01-01", "2010-01-01")),
        ("2009-02", ("2009-02-01", "2009-03-01")),
        ("2009-12", ("2009-12-01", "2010-01-01")),
        ("2008-02-29", ("2008-02-29", "2008-03-01")),
        ("2009/10/5", ("2009-10-05", "2009-10-06")),
    ],
)
def test_periods(value: str, days: tuple[str, str]) -> None:
    assert period(value) == days


@pytest.mark.parametrize("q", ["from:2009-13", "to:yesterday", "date:2009-02-30", "from:0000"])
def test_bad_dates_are_query_errors(q: str) -> None:
    with pytest.raises(QueryError, match="YYYY-MM-DD"):
        parse_query(q)


@pytest.mark.parametrize(
    ("pattern", "marking", "expected"),
    [
        ("secret", "SECRET", True),
        ("secret", "SECRET//NOFORN", True),
        ("secret", "UNCLASSIFIED", False),
        ("noforn", "CONFIDENTIAL//NOFORN", True),
        ("noforn", "CONFIDENTIAL", False),
        ("confidential", "CONFIDENTIAL//NOFORN", True),
        ("secret//noforn", "SECRET//NOFORN", True),
        ("fouo", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", True),
        ("for_official_use_only", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", True),
        ("unclassified", "UNCLASSIFIED//FOR OFFICIAL USE ONLY", True),
        ("c", "CONFIDENTIAL", True),
        ("secret", None, False),
    ],
)
def test_class_matches(pattern: str, marking: str | None, expected: bool) -> None:
    assert class_matches(pattern, marking) is expected


@pytest.mark.parametrize(
    ("pattern", "origin", "expected"),
    [
        ("mexico", "Embassy Mexico", True),
        ("MEX", "Embassy Mexico", True),
        ("embassy mexico", "Embassy Mexico", True),
        ("xico", "Embassy Mexico", False),
        ("juarez", "Consulate Ciudad Juárez", True),
        ("ciudad  juárez", "Consulate Ciudad Juarez", True),
        ("mexico", None, False),
        ("", "Embassy Mexico", False),
    ],
)
def test_origin_matches(pattern: str, origin: str | None, expected: bool) -> None:
    assert origin_matches(pattern, origin) is expected


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE f USING fts5 (id, subject, text,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    conn.execute(
        "INSERT INTO f VALUES ('09MEXICO2882', 'Ciudad Juárez', 'the U.S. and C++ a:b \"q\"')"
    )
    return conn


HOSTILE = [
    'a" OR "b',
    "NEAR(a b)",
    "a:b:c",
    "subject:",
    "{subject}: x",
    "^start",
    "a + b",
    "*a*",
    "\x00\x01 NUL",
    "(((((((((((",
    "\u0301\u0301",
    "ﬁnance ½",
    "-(-(-(a)))",
    "'; DROP TABLE cables; --",
    "text:x id:",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_inputs_run(q: str, fts: sqlite3.Connection) -> None:
    check(q, fts)


def check(q: str, fts: sqlite3.Connection) -> None:
    try:
        parsed = parse_query(q)
    except QueryError:
        return
    for expr in (parsed.match, parsed.exclude):
        if expr is not None:
            fts.execute("SELECT rowid FROM f WHERE f MATCH ?", (expr,)).fetchall()


ALPHABET = st.sampled_from(
    list("abcXYZ019 \"()*-:+^{}.,;'\\/_")
    + ["AND", "OR", "NOT", "NEAR", "subject:", "tag:"]
    + ["from:", "to:", "origin:", "class:", "é", "\u0301", "\x00", "\t", "ß", "中"]
)


@settings(max_examples=1000, deadline=None)
@given(q=st.lists(ALPHABET, max_size=25).map("".join))
def test_any_string_parses_to_sqlite_safe_fts(q: str, fts: sqlite3.Connection) -> None:
    check(q, fts)


@settings(max_examples=500, deadline=None)
@given(q=st.text(max_size=60))
def test_arbitrary_text_parses_to_sqlite_safe_fts(q: str, fts: sqlite3.Connection) -> None:
    check(q, fts)


def test_entity_filters_parse() -> None:
    from cablescope.analysis.query import parse_query

    q = parse_query('per:"Tello  PEON" -org:pgr LOC:Juarez misc: visa')
    assert q.entities == (("PER", "tello peon"), ("LOC", "juarez"))
    assert q.not_entities == (("ORG", "pgr"),)
    assert q.match is not None and "visa" in q.match
