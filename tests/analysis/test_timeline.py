"""Cables over time for a search, on the examples and the search fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.analysis.chart import write_chart
from cablescope.analysis.search import search
from cablescope.analysis.timeline import ALL, NONE, OTHER, periods_between, timeline
from cablescope.errors import MissingExtra, QueryError
from cablescope.model import Cable
from cablescope.store import MemoryStore, SqliteStore
from tests.analysis.conftest import made
from tests.store.test_contract import queries

AnyStore = SqliteStore | MemoryStore

EXAMPLE_YEARS = {
    "1966": 1,
    "1972": 1,
    "1979": 1,
    "2000": 1,
    "2007": 2,
    "2009": 3,
    "2010": 2,
}


def test_years_of_the_examples(examples: AnyStore) -> None:
    found = timeline(examples, "", by="year")
    assert found.periods == tuple(str(y) for y in range(1966, 2011))
    assert {p: n for p, n in zip(found.periods, found.counts, strict=True) if n} == EXAMPLE_YEARS
    assert (found.total, found.undated) == (11, 0)
    assert [s.name for s in found.series] == [ALL]
    data = found.to_dict()
    assert set(data) == {"query", "by", "group", "total", "undated", "periods", "counts", "series"}
    assert data["series"] == [
        {"name": ALL, "total": 11, "undated": 0, "counts": list(found.counts)}
    ]


def test_months_run_without_gaps(examples: AnyStore) -> None:
    found = timeline(examples, "from:2009", by="month")
    assert found.periods[0] == "2009-07" and found.periods[-1] == "2010-02"
    assert len(found.periods) == 8
    # 09MEXICO2882 is dated by its month only (2009-10), which is enough to count it.
    assert dict(zip(found.periods, found.counts, strict=True)) == {
        "2009-07": 1,
        "2009-08": 0,
        "2009-09": 0,
        "2009-10": 1,
        "2009-11": 0,
        "2009-12": 1,
        "2010-01": 1,
        "2010-02": 1,
    }


def test_split_by_origin_keeps_the_largest(examples: AnyStore) -> None:
    found = timeline(examples, "", by="year", group="origin", top=2)
    names = [s.name for s in found.series]
    assert names == ["Embassy Mexico", "Embassy Tehran", OTHER]
    assert [s.total for s in found.series] == [2, 2, 7]
    assert sum(s.total for s in found.series) == found.total == 11
    assert timeline(examples, "", by="year", group="origin", top=0).series[-1].name != OTHER


def test_split_by_tag_counts_a_cable_under_each_code(examples: AnyStore) -> None:
    found = timeline(examples, "origin:mexico", by="year", group="tag", top=0)
    assert found.total == 2
    assert found.counts[found.periods.index("2009")] == 1
    by_name = {s.name: s.total for s in found.series}
    assert by_name == {"KCRM": 2, "MX": 2, "PGOV": 2, "SNAR": 2, "PHUM": 1, "PREL": 1}
    assert sum(by_name.values()) > found.total


def test_split_by_class(examples: AnyStore) -> None:
    found = timeline(examples, "", by="year", group="class", top=0)
    assert {s.name: s.total for s in found.series} == {
        "CONFIDENTIAL": 6,
        "UNCLASSIFIED": 3,
        "SECRET": 1,
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 1,
    }


def test_undated_cables_are_counted_apart(searchable: AnyStore) -> None:
    found = timeline(searchable, "juarez", by="month", group="origin")
    assert found.undated == 1  # 08JUAREZ1
    assert found.total == search(searchable, "juarez").total
    (undated,) = [s for s in found.series if s.undated]
    assert undated.name == "Consulate Ciudad Juarez"


@pytest.mark.parametrize("kind", ["sqlite", "memory"])
def test_cables_without_tags_or_origin_are_their_own_series(kind: str, corpus: list[Cable]) -> None:
    tehran = next(c for c in corpus if c.id == "79TEHRAN8980")
    bare = made(tehran, "79TEHRAN9999", tags=(), origin=None)
    store = SqliteStore.open(":memory:") if kind == "sqlite" else MemoryStore()
    for cable in (*corpus, bare):
        store.put(cable, [cable])
    by_tag = timeline(store, "", by="year", group="tag", top=1)
    assert [s.name for s in by_tag.series] == ["IR", OTHER, NONE]
    assert by_tag.series[-1].counts[by_tag.periods.index("1979")] == 1
    by_origin = timeline(store, "", by="year", group="origin", top=0)
    assert by_origin.series[-1].name == NONE and by_origin.series[-1].total == 1
    store.close()


def test_no_match_is_an_empty_timeline(examples: AnyStore) -> None:
    found = timeline(examples, "nosuchwordanywhere", group="origin")
    assert (found.total, found.periods, found.series) == (0, (), ())


def test_bad_arguments(examples: AnyStore) -> None:
    with pytest.raises(ValueError, match="choose one of month, year"):
        timeline(examples, "", by="week")
    with pytest.raises(ValueError, match="choose one of origin, class, tag"):
        timeline(examples, "", group="signer")
    with pytest.raises(QueryError):
        timeline(examples, "from:2009-13")


def test_periods_between() -> None:
    assert periods_between("2009-11", "2010-02") == ["2009-11", "2009-12", "2010-01", "2010-02"]
    assert periods_between("1999", "2001") == ["1999", "2000", "2001"]
    assert periods_between("2009-05", "2009-05") == ["2009-05"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(q=queries(), by=st.sampled_from(["month", "year"]))
def test_a_timeline_counts_what_search_finds(
    q: str, by: str, examples: AnyStore, searchable: AnyStore
) -> None:
    for store in (examples, searchable):
        try:
            expected = search(store, q).total
        except QueryError:
            return
        found = timeline(store, q, by=by, group="origin", top=3)
        assert found.total == expected
        assert sum(s.total for s in found.series) == expected
        assert sum(found.counts) + found.undated == expected


def test_an_svg_chart(examples: AnyStore, tmp_path: Path) -> None:
    path = tmp_path / "years.svg"
    write_chart(timeline(examples, "", by="year", group="class"), path)
    svg = path.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "CONFIDENTIAL" in svg and "Cables per year: all cables, by class (11)" in svg
    assert "kozea.github.io" not in svg  # no script fetched from elsewhere


def test_a_png_chart(examples: AnyStore, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    path = tmp_path / "years.png"
    write_chart(timeline(examples, "", by="month", group="tag"), path)
    assert path.read_bytes().startswith(b"\x89PNG")


def test_a_png_chart_without_matplotlib(
    examples: AnyStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(MissingExtra, match=r"pip install 'cablescope\[charts\]'"):
        write_chart(timeline(examples, ""), tmp_path / "x.png")
    with pytest.raises(ValueError, match="name a .svg or .png file"):
        write_chart(timeline(examples, ""), tmp_path / "x.pdf")
