"""Comparing sources of one cable: a re-release of 10MEXICO83 made for the test, its PlusD
record, the word diff's invariants, and the errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.analysis.diff import compare, diff
from cablescope.analysis.worddiff import DELETE, EQUAL, INSERT, REPLACE, _Words, word_diff
from cablescope.errors import CompareError
from cablescope.pipeline.ingest import ingest
from cablescope.store import MemoryStore, SqliteStore
from tests.conftest import EXAMPLES
from tests.releases import ORIGINAL, second_release

PLUSD = EXAMPLES / "plusd" / "10MEXICO83.md"
Store = SqliteStore | MemoryStore


def filled(kind: str, paths: list[Path]) -> Store:
    store = SqliteStore.open(":memory:") if kind == "sqlite" else MemoryStore()
    assert ingest([str(p) for p in paths], store, workers=1).rejected == 0
    return store


@pytest.fixture(scope="module", params=["sqlite", "memory"])
def releases(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """10MEXICO83 as first released and as re-released (two Cablegate pages)."""
    again = second_release(tmp_path_factory.mktemp("releases"))
    store = filled(request.param, [ORIGINAL, again])
    yield store
    store.close()


@pytest.fixture(scope="module", params=["sqlite", "memory"])
def three(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Store]:
    """Both releases of 10MEXICO83, its PlusD record, and the one-source 09PARIS997."""
    again = second_release(tmp_path_factory.mktemp("three"))
    store = filled(
        request.param, [ORIGINAL, again, PLUSD, EXAMPLES / "telegram" / "09PARIS997.txt"]
    )
    yield store
    store.close()


def changes(found: object) -> list[tuple[str, str, str]]:
    hunks = found.text.hunks  # type: ignore[attr-defined]
    return [(s.kind, s.a, s.b) for h in hunks for s in h.segments if s.kind != EQUAL]


def test_a_second_release_shows_the_changed_sentence_and_field(releases: Store) -> None:
    found = diff(releases, "10MEXICO83")
    assert found is not None
    assert [(s.label, s.format, Path(s.path).name) for s in found.sources] == [
        ("a", "wikileaks-html", "10MEXICO83.html"),
        ("b", "wikileaks-html", "10MEXICO83-2011.html"),
    ]
    assert (found.a, found.b) == ("a", "b")
    text = found.text
    assert (text.deleted, text.inserted, text.changes) == (1, 2, 2)
    (hunk,) = text.hunks
    assert hunk.paragraph == 5
    assert [s.kind for s in hunk.segments] == [EQUAL, INSERT, EQUAL, REPLACE, EQUAL]
    assert changes(found) == [(INSERT, "", "ever"), (REPLACE, "trail.", "trial.")]
    assert hunk.segments[0].b.endswith("of those detained are")
    assert hunk.segments[-1].b.startswith("Only 2 percent")
    (field,) = found.fields
    assert field.field == "dates"
    first, second = (v.value or "" for v in field.values)
    assert "released 2010-12-02T21:09:00Z" in first
    assert "released 2011-08-30T17:02:00Z" in second
    assert first.replace("2010-12-02T21:09", "2011-08-30T17:02") == second


def test_offsets_point_into_each_text(releases: Store) -> None:
    found = diff(releases, "10MEXICO83")
    assert found is not None
    texts = {r.sources[0].sha256: r.text for r in releases.readings("10MEXICO83")}
    a, b = (texts[found.source(label).sha256] for label in (found.a, found.b))
    for segment in found.text.hunks[0].segments:
        assert " ".join(a[segment.a_start : segment.a_end].split()) == segment.a
        assert " ".join(b[segment.b_start : segment.b_end].split()) == segment.b


def test_the_default_pair_is_the_most_different(three: Store) -> None:
    found = diff(three, "10mexico83_a")
    assert found is not None
    assert [s.format for s in found.sources] == ["wikileaks-html", "wikileaks-html", "plusd"]
    assert (found.a, found.b) == ("a", "c")
    # PlusD's re-typed text corrects four misspellings of the cable as sent; quotes,
    # paragraph signs, "E.O." and rule lines differ too but are typesetting.
    assert changes(found) == [
        (REPLACE, "ascendency,", "ascendancy,"),
        (REPLACE, "trail.", "trial."),
        (REPLACE, "lightening", "lightning"),
        (REPLACE, "vitrolic", "vitriolic"),
    ]
    assert [h.paragraph for h in found.text.hunks] == [4, 5, 9, 15]
    fields = {f.field: f for f in found.fields}
    assert {"published_id", "dates", "origin", "destinations", "header"} <= set(fields)
    origin = fields["origin"].values
    assert [v.value for v in origin] == ["Embassy Mexico"] * 3
    assert origin[2].also == ("Mexico Mexico City",)
    assert [v.value for v in fields["published_id"].values] == [None, None, "10MEXICO83_a"]


def test_exact_counts_typesetting(three: Store) -> None:
    found = diff(three, "10MEXICO83", ("a99a137d", "examples/html/10MEXICO83.html"), exact=True)
    assert found is not None
    assert (found.a, found.b) == ("c", "a")
    assert found.text.exact and found.text.changes > 60
    assert (REPLACE, "1.", "¶1.") in changes(found)
    assert (REPLACE, "military's", "military’s") in changes(found)


def test_sources_by_format_sha_or_path(three: Store) -> None:
    by_format = diff(three, "10MEXICO83", ("plusd", "2011"))
    assert by_format is not None and (by_format.a, by_format.b) == ("c", "b")
    with pytest.raises(CompareError, match=r"'wikileaks-html' names 2 sources of 10MEXICO83"):
        diff(three, "10MEXICO83", ("wikileaks-html", "plusd"))
    with pytest.raises(CompareError, match=r"no source 'pdf' of 10MEXICO83; its sources: "):
        diff(three, "10MEXICO83", ("pdf", "plusd"))
    with pytest.raises(CompareError, match="name the same source"):
        diff(three, "10MEXICO83", ("plusd", "10MEXICO83.md"))


def test_one_source_and_unknown_ids(three: Store) -> None:
    with pytest.raises(CompareError) as error:
        diff(three, "09PARIS997")
    assert str(error.value) == "09PARIS997 has one source; nothing to compare"
    assert diff(three, "99NOWHERE1") is None


def test_json_shape(three: Store) -> None:
    found = diff(three, "10MEXICO83", context=2)
    assert found is not None
    data = found.to_dict()
    assert set(data) == {"id", "sources", "compared", "text", "fields"}
    assert data["compared"] == ["a", "c"]
    text = data["text"]
    assert isinstance(text, dict)
    assert set(text) == {"exact", "words", "deleted", "inserted", "changes", "hunks"}
    hunk = text["hunks"][0]
    assert set(hunk) == {"a_start", "a_end", "b_start", "b_end", "paragraph", "segments"}
    assert [s["op"] for s in hunk["segments"]] == [EQUAL, REPLACE, EQUAL]
    assert len(hunk["segments"][0]["a"].split()) == 2


def test_hunks_split_on_long_equal_runs() -> None:
    a = "one two three four five six seven eight nine ten"
    b = "one TWO three four five six seven eight nine TEN"
    assert len(word_diff(a, b, context=2).hunks) == 2
    (joined,) = word_diff(a, b, context=4).hunks
    assert [s.kind for s in joined.segments] == [EQUAL, REPLACE, EQUAL, REPLACE]
    assert [s.kind for s in word_diff(a, b, context=0).hunks[0].segments] == [REPLACE]
    assert [s.kind for s in word_diff("a b", "a", context=1).hunks[0].segments] == [EQUAL, DELETE]


def test_words_split_differently_are_the_same_words() -> None:
    assert word_diff("1.(SBU) Per REF", "¶1. (SBU)  Per\nREF").changed == 0
    assert word_diff("1.(SBU) Per REF", "1. (SBU) Per REF", exact=True).changed == 0
    assert word_diff("E.O. 12958:", "EO 12958", exact=True).changed == 4


def test_compare_needs_two_readings() -> None:
    with pytest.raises(CompareError, match="has one source"):
        compare("10X1", [])


VOCABULARY = ["alpha", "beta", "gamma", "delta", "eps", "¶1.", "1.", "--", "####", "“q”", '"q"']
SPACES = st.sampled_from([" ", "\n", "  ", " \n\n", "\t"])


@st.composite
def texts(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(VOCABULARY), max_size=40))
    return "".join(w + draw(SPACES) for w in words)


def keys(text: str, exact: bool) -> list[str]:
    return _Words.of(text, exact).keys


@settings(max_examples=200, deadline=None)
@given(text=texts(), exact=st.booleans())
def test_a_text_against_itself_is_empty(text: str, exact: bool) -> None:
    found = word_diff(text, text, exact=exact)
    assert found.hunks == () and found.changed == 0


@settings(max_examples=200, deadline=None)
@given(text=texts(), data=st.data())
def test_layout_and_typesetting_are_no_change(text: str, data: st.DataObject) -> None:
    relaid = "".join(w + data.draw(SPACES) for w in text.split())
    assert word_diff(text, relaid, exact=True).changed == 0
    retyped = relaid.replace("¶1.", "1.").replace("“q”", '"q"').replace("####", "--")
    assert word_diff(text, retyped).changed == 0


@settings(max_examples=300, deadline=None)
@given(a=texts(), b=texts(), exact=st.booleans(), context=st.integers(0, 5))
def test_applying_the_diff_gives_the_other_text(a: str, b: str, exact: bool, context: int) -> None:
    found = word_diff(a, b, exact=exact, context=context)
    assert keys(found.apply(a), exact) == keys(b, exact)
    assert found.words == (len(keys(a, exact)), len(keys(b, exact)))
    if exact:
        assert found.apply(a).split() == b.split()
