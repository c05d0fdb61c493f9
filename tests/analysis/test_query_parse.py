"""Query parsing: the syntax, the tree of words and filters, leniency, and the FTS5
expressions the SQLite store makes of the words, which SQLite accepts."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.query import (
    And,
    CableId,
    Classification,
    Dated,
    Mentions,
    Not,
    OfEntity,
    Or,
    Origin,
    Query,
    Redacted,
    Tag,
    Term,
    class_matches,
    origin_matches,
    parse_query,
    period,
    words_only,
)
from cablescope.errors import QueryError
from cablescope.store import SqliteStore
from cablescope.store._sqlsearch import fts_form
from tests.store.conftest import example_cables


def match(q: str) -> str | None:
    """The FTS5 expression of a query of words that match, else None."""
    root = parse_query(q).root
    if root is None:
        return None
    negated, expr = fts_form(root)
    return None if negated else expr


def exclude(q: str) -> str | None:
    """The FTS5 expression of a query of words that stays negated, else None."""
    root = parse_query(q).root
    if root is None:
        return None
    negated, expr = fts_form(root)
    return expr if negated else None


@pytest.mark.parametrize(
    ("q", "expected"),
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
def test_match_expressions(q: str, expected: str) -> None:
    assert match(q) == expected


@pytest.mark.parametrize(
    "q", ["", "   ", "*", "**", "-", "()", "((", "))", "AND", "OR NOT", "NOT", '"', '""', "+++"]
)
def test_nothing_to_match_is_no_constraint(q: str) -> None:
    assert parse_query(q).root is None


def test_lenient_with_stray_operators_and_parentheses() -> None:
    assert match("OR mexico AND") == '"mexico"'
    assert match("((mexico") == '"mexico"'
    assert match("mexico))) OR (brazil") == '("mexico" OR "brazil")'
    assert match("mexico NOT") == '"mexico"'
    assert match("(" * 100 + "deep" + ")" * 100) == '"deep"'


def test_what_stays_negated_is_left_to_sql() -> None:
    assert match("-visa -passport") is None
    assert exclude("-visa -passport") == '("visa" OR "passport")'
    assert exclude("-a OR -b") == '("a" AND "b")'
    assert exclude("a OR -b") == '("b" NOT "a")'
    assert exclude("-(a -b OR c)") == '(("a" NOT "b") OR "c")'


def test_expression_tree() -> None:
    q = parse_query('a "b c" -d OR e*')
    assert q.root == Or(
        (And((Term("a"), Term("b c", phrase=True), Not(Term("d")))), Term("e", prefix=True))
    )
    assert q.positive_terms() == (Term("a"), Term("b c", phrase=True), Term("e", prefix=True))
    assert parse_query("x").has_words and not parse_query("tag:x").has_words
    assert parse_query("-x").has_words and not parse_query("-x").ranked


def test_filters_are_leaves_of_the_tree() -> None:
    q = parse_query(
        'violence tag:kcrm tag:SNAR origin:"Embassy Mexico" class:secret'
        " from:2009 to:2010-02 id:10mexico83 -tag:prel -origin:tijuana -class:noforn -id:x1"
    )
    assert q.conjuncts() == (
        Term("violence"),
        Tag("KCRM"),
        Tag("SNAR"),
        Origin("Embassy Mexico"),
        Classification("secret"),
        Dated("2009-01-01", None),
        Dated(None, "2010-03-01"),
        CableId("10MEXICO83"),
        Not(Tag("PREL")),
        Not(Origin("tijuana")),
        Not(Classification("noforn")),
        Not(CableId("X1")),
    )


def test_operators_combine_filters_like_words() -> None:
    assert parse_query("per:chavez OR per:morales").root == Or(
        (Mentions("PER", "chavez"), Mentions("PER", "morales"))
    )
    assert parse_query("( per:chavez OR per:morales ) from:2009").root == And(
        (Or((Mentions("PER", "chavez"), Mentions("PER", "morales"))), Dated("2009-01-01"))
    )
    assert parse_query("-tag:SNAR").root == Not(Tag("SNAR"))
    assert parse_query("juarez OR tag:SNAR").root == Or((Term("juarez"), Tag("SNAR")))
    assert parse_query("NOT (origin:mexico OR class:secret)").root == Not(
        Or((Origin("mexico"), Classification("secret")))
    )
    assert parse_query("entity:PER:hugo-chavez -entity:loc:caracas").root == And(
        (OfEntity("per:hugo-chavez"), Not(OfEntity("loc:caracas")))
    )
    assert parse_query("redacted:no").root == Not(Redacted())
    assert parse_query("-redacted:no").root == Redacted()
    assert not words_only(Or((Term("juarez"), Tag("SNAR"))))


def test_filters_only_and_filter_spelling() -> None:
    q = parse_query("Tag:PGOV CLASSIFICATION:confidential date:2009-10")
    assert q == Query(
        source="Tag:PGOV CLASSIFICATION:confidential date:2009-10",
        root=And((Tag("PGOV"), Classification("confidential"), Dated("2009-10-01", "2009-11-01"))),
    )
    assert parse_query("from:2009-01-01 from:2009-06").conjuncts() == (
        Dated("2009-01-01"),
        Dated("2009-06-01"),
    )
    assert parse_query("to:2010").root == Dated(None, "2011-01-01")
    assert match("unknown:thing") == '"unknown:thing"'
    assert match("tag: x") == '("tag:" AND "x")'
    assert parse_query('origin:"  " tag:x').root == Tag("X")


def test_narrowed_adds_a_conjunct() -> None:
    q = parse_query("juarez OR maquila")
    assert q.narrowed(Redacted()) == Query(q.source, And((q.root, Redacted())))  # type: ignore[arg-type]
    assert parse_query("").narrowed(Redacted()).root == Redacted()


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
def fts() -> Iterator[SqliteStore]:
    """A SQLite store holding the example pages, to run every compiled query against."""
    store = SqliteStore.open(":memory:")
    with store.batch():
        for cable in example_cables():
            store.put(cable, [cable])
    yield store
    store.close()


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
    "id:\ud800",
    "class:\ud800",
    "\udce9t\udce9",
    "origin:\udcff OR tag:\ud83d",
    "gaddafi~ -chavez~1 OR subject:qadhafi~",
    "~~ ~1~ a~~",
]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_inputs_run(q: str, fts: SqliteStore) -> None:
    check(q, fts)


def check(q: str, fts: SqliteStore) -> None:
    try:
        parsed = parse_query(q)
    except QueryError:
        return
    parsed.source.encode("utf-8")
    result = fts.search(parsed, limit=100)
    assert result.total == len(result.hits) == len(fts.matching(parsed))
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")


ALPHABET = st.sampled_from(
    list("abcXYZ019 \"()*-:+^{}.,;'\\/_")
    + ["AND", "OR", "NOT", "NEAR", "subject:", "tag:"]
    + ["from:", "to:", "origin:", "class:", "é", "\u0301", "\x00", "\t", "ß", "中"]
    + ["~", "~1", "gaddafi~", "qadhafi~0"]
)


@settings(max_examples=1000, deadline=None)
@given(q=st.lists(ALPHABET, max_size=25).map("".join))
def test_any_string_parses_to_sqlite_safe_fts(q: str, fts: SqliteStore) -> None:
    check(q, fts)


@settings(max_examples=500, deadline=None)
@given(q=st.text(st.characters(exclude_categories=()), max_size=60))
def test_arbitrary_text_parses_to_sqlite_safe_fts(q: str, fts: SqliteStore) -> None:
    check(q, fts)


@pytest.mark.parametrize(
    ("q", "cleaned"),
    [
        ("\udce9t\udce9", "été"),  # Latin-1 bytes of a command line, as Python escapes them
        ("\udc93quoted\udc94", "\u201cquoted\u201d"),  # Windows-1252 quotes
        ("caf\udcc3\udca9", "café"),  # UTF-8 bytes escaped one by one
        ("id:\ud800", "id:\ufffd"),
        ("a\udc81b", "a\ufffdb"),  # a byte Windows-1252 leaves undefined: a control character
        ("plain", "plain"),
    ],
)
def test_text_that_is_not_unicode_is_cleaned(q: str, cleaned: str) -> None:
    assert parse_query(q).source == cleaned


def test_a_filter_of_unreadable_text_matches_nothing(fts: SqliteStore) -> None:
    assert parse_query("id:\ud800").root == CableId("\ufffd")
    assert parse_query("\ud800\udfff").root is None
    for q in ("id:\ud800", "class:\ud800", "origin:\udcff", "tag:\ud800"):
        assert fts.search(parse_query(q)).total == 0
    assert parse_query("\udce9t\udce9").root == Term("été")


def test_entity_filters_parse() -> None:
    from cablescope.query import parse_query

    q = parse_query('per:"Tello  PEON" -org:pgr LOC:Juarez misc: visa')
    assert q.conjuncts() == (
        Mentions("PER", "tello peon"),
        Not(Mentions("ORG", "pgr")),
        Mentions("LOC", "juarez"),
        Term("misc:"),
        Term("visa"),
    )


@pytest.mark.parametrize(
    ("q", "key"),
    [("per:", "per"), ('per:""', "per"), ("chavez ORG:", "org"), ("from:", "from")],
)
def test_filter_without_value_says_so(q: str, key: str) -> None:
    with pytest.raises(QueryError, match=rf"^{key}: needs a value, as in {key}:\S"):
        parse_query(q)


def test_filter_word_followed_by_words_stays_a_word() -> None:
    assert parse_query("per: chavez").conjuncts() == (Term("per:"), Term("chavez"))
