"""The SVG charts of timelines: the rules that lay them out (time axis, ticks, colours,
legend) as invariants, the drawing on made-up series, and the overview's two charts on the
whole Cablegate corpus: small, their axis on the bulk of the cables, their legends apart."""

from __future__ import annotations

import itertools
import math
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.analysis.chart import LEGEND_WIDTH, svg
from cablescope.analysis.chart_layout import (
    LINE,
    MIN_CUT,
    NONE_COLOUR,
    OTHER_COLOUR,
    PALETTE,
    TAIL,
    colours,
    fit,
    fold,
    int_ticks,
    legend_layout,
    legend_lines,
    text_width,
    window,
    x_labels,
)
from cablescope.analysis.timeline import NONE, OTHER, Series, Timeline, periods_between, timeline
from cablescope.store import MemoryStore
from tests.conftest import CORPUS_TAR, corpus_pages, needs_shared
from tests.pages import page_cable

SVG = "{http://www.w3.org/2000/svg}"
CLASSES = (  # the corpus' classifications, most cables first
    "CONFIDENTIAL",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "UNCLASSIFIED",
    "SECRET",
    "SECRET//NOFORN",
    "CONFIDENTIAL//NOFORN",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY//NOFORN",
)


def months(first: str, n: int) -> tuple[str, ...]:
    start = int(first[:4]) * 12 + int(first[5:]) - 1
    return tuple(f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(start, start + n))


month_runs = st.integers(1, 600).flatmap(
    lambda n: st.tuples(
        st.sampled_from(["1966-12", "2000-01", "2003-07"]).map(lambda first: months(first, n)),
        st.lists(st.integers(0, 50), min_size=n, max_size=n),
    )
)
year_runs = st.integers(1, 120).flatmap(
    lambda n: st.tuples(
        st.integers(1900, 2000).map(lambda first: tuple(str(y) for y in range(first, first + n))),
        st.lists(st.integers(0, 50), min_size=n, max_size=n),
    )
)


# The time axis.


@given(month_runs)
def test_the_window_leaves_out_at_most_the_tails(run: tuple[tuple[str, ...], list[int]]) -> None:
    periods, counts = run
    cut = window(counts, periods)
    n, total = len(counts), sum(counts)
    assert 0 <= cut.start < cut.stop <= n
    assert cut.before == sum(counts[: cut.start]) and cut.after == sum(counts[cut.stop :])
    assert cut.before <= TAIL * total and cut.after <= TAIL * total
    if (cut.start, cut.stop) != (0, n):
        assert cut.start + n - cut.stop >= MIN_CUT * n  # cut only where it matters
        assert cut.start == 0 or periods[cut.start].endswith("-01")  # whole years
        assert cut.stop == n or periods[cut.stop - 1].endswith("-12")


def test_a_few_early_cables_no_longer_set_the_axis() -> None:
    """Cablegate's shape: a cable or two a decade from 1966, then thousands from 2003."""
    periods = tuple(periods_between("1966-12", "2010-02"))
    counts = [0] * len(periods)
    for month, n in {"1966-12": 1, "1979-05": 1, "1990-03": 4, "2002-06": 9}.items():
        counts[periods.index(month)] = n
    for i in range(periods.index("2003-01"), len(periods)):
        counts[i] = 5 + i % 7 * 20
    cut = window(counts, periods)
    assert periods[cut.start] == "2003-01" and cut.stop == len(periods)
    assert (cut.before, cut.after) == (15, 0)
    chart = svg(timeline_of(periods, {"all": counts}, group=None))
    assert b"Not drawn: 15 earlier cables (1966-12 to 2002-12)." in chart


def test_a_small_archive_keeps_every_cable_and_counts_years() -> None:
    periods = tuple(periods_between("1966-12", "2010-02"))
    counts = [0] * len(periods)
    for month in ("1966-12", "1972-03", "2009-10", "2010-02"):
        counts[periods.index(month)] = 1
    assert window(counts, periods) == window(counts, periods, tail=0)  # 1% of 4 is no cable
    root = ET.fromstring(svg(timeline_of(periods, {"all": counts}, group=None)))
    assert "Cables per year" in root.findtext(f"{SVG}title", "")
    assert [t.text for t in root.iterfind(f".//{SVG}g[@class='y-axis']/{SVG}text")] == ["0", "1"]


@given(st.one_of(month_runs, year_runs), st.floats(2.0, 60.0))
def test_period_labels_never_overlap(run: tuple[tuple[str, ...], list[int]], slot: float) -> None:
    periods, _ = run
    labelled = x_labels(periods, slot)
    assert all(0 <= i < len(periods) for i, _ in labelled)
    for (i, a), (j, b) in itertools.pairwise(labelled):
        assert (j - i) * slot >= (text_width(a) + text_width(b)) / 2


# Ticks and colours.


@given(st.integers(0, 10**7))
def test_ticks_are_whole_cables_in_a_few_round_steps(peak: int) -> None:
    ticks = int_ticks(peak)
    step = ticks[1]
    assert ticks[0] == 0 and all(b - a == step for a, b in itertools.pairwise(ticks))
    assert str(step).rstrip("0") in ("1", "2", "5")
    assert 1 <= len(ticks) - 1 <= 5
    assert ticks[-1] >= peak and ticks[-1] - step < max(peak, 1)


def test_ticks_of_small_and_corpus_peaks() -> None:
    assert int_ticks(0) == (0, 1)
    assert int_ticks(3) == (0, 1, 2, 3)
    assert int_ticks(7) == (0, 2, 4, 6, 8)
    assert int_ticks(343) == (0, 100, 200, 300, 400)


names = st.lists(st.text(min_size=1, max_size=30), unique=True, max_size=30)


@given(names, st.booleans(), st.booleans())
def test_every_series_shown_has_a_colour_of_its_own(
    named: list[str], other: bool, none: bool
) -> None:
    named = [n for n in named if n not in (OTHER, NONE)]
    given_series = [
        *(Series(n, (1, 2), 0) for n in named),
        *([Series(OTHER, (3, 0), 1)] if other else []),
        *([Series(NONE, (0, 1), 0)] if none else []),
    ]
    shown = fold(given_series)
    assert len(shown) <= len(PALETTE) + 2
    assert sum(s.total for s in shown) == sum(s.total for s in given_series)
    drawn = colours([s.name for s in shown])
    assert len(set(drawn)) == len(drawn)


def _lab(colour: str, matrix: tuple[tuple[float, ...], ...]) -> tuple[float, float, float]:
    """CIE L*a*b* of ``colour`` as seen through a colour-vision ``matrix`` (linear RGB)."""
    lin = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in lin]
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in matrix
    )
    x, y, z = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (
        t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29 for t in (x, y, z)
    )
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


VISION = {  # Machado, Oliveira and Fernandes (2009), severity 1
    "normal": ((1, 0, 0), (0, 1, 0), (0, 0, 1)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


@pytest.mark.parametrize("vision", VISION)
def test_the_colours_stay_apart_with_colour_blindness(vision: str) -> None:
    shown = (*PALETTE, OTHER_COLOUR, NONE_COLOUR)
    seen = {c: _lab(c, VISION[vision]) for c in shown}
    nearest = min(math.dist(seen[a], seen[b]) for a, b in itertools.combinations(shown, 2))
    assert nearest > 12  # CIE76: about 2 is a just noticeable difference


# The legend.


labels = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz/-é"))


@given(labels, st.floats(60, 300), st.integers(1, 3))
def test_legend_lines_fit_and_keep_the_label(label: str, width: float, most: int) -> None:
    lines = legend_lines(label, width, most)
    assert 1 <= len(lines) <= most
    assert all(text_width(line) <= width for line in lines)
    if not any(line.endswith("…") for line in lines):
        assert "".join(lines).replace(" ", "") == label.replace(" ", "")


def test_long_classifications_are_wrapped_where_they_break() -> None:
    assert legend_lines(CLASSES[-1], 170, 3) == (
        "UNCLASSIFIED//FOR",
        "OFFICIAL USE ONLY//",
        "NOFORN",
    )
    assert legend_lines(CLASSES[-1], 170, 1) == (fit(CLASSES[-1], 170),)
    assert legend_lines(CLASSES[-1], 170, 1)[0].endswith("…")


@given(st.lists(labels, max_size=11), st.floats(120, 300))
def test_legend_entries_are_laid_out_apart(names: list[str], width: float) -> None:
    placed = legend_layout(names, width, 310)
    assert [len(lines) >= 1 for _, lines in placed] == [True] * len(names)
    ends = [(y, y + len(lines) * LINE) for y, lines in placed]
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(ends))
    assert not ends or ends[-1][1] <= 310


# The drawing.


def timeline_of(
    periods: tuple[str, ...], counts: dict[str, list[int]], group: str | None = "origin"
) -> Timeline:
    series = tuple(Series(name, tuple(c), 0) for name, c in counts.items())
    whole = tuple(sum(column) for column in zip(*(s.counts for s in series), strict=True))
    by = "month" if len(periods[0]) == 7 else "year"
    return Timeline("", by, group, periods, whole, 0, series)


def entry(lines: list[str]) -> str:
    """A legend entry's lines joined back: with a space, except after a slash."""
    return "".join(line if line.endswith("/") else line + " " for line in lines).rstrip()


def legend_boxes(chart: bytes) -> Iterator[tuple[float, float, list[str]]]:
    """(top, bottom, lines) of each legend entry of ``chart``, as drawn."""
    root = ET.fromstring(chart)
    legend = root.find(f".//{SVG}g[@class='legend']")
    assert legend is not None
    for item in legend.iterfind(f"{SVG}g[@class='legend-item']"):
        match = re.fullmatch(r"translate\(0,([\d.]+)\)", item.get("transform", ""))
        assert match is not None
        lines = [span.text or "" for span in item.iterfind(f"{SVG}text/{SVG}tspan")]
        top = float(match.group(1))
        yield top, top + len(lines) * LINE, lines


def assert_readable(chart: bytes) -> None:
    """A chart whose legend entries do not overlap, each line within the legend column."""
    boxes = sorted(legend_boxes(chart))
    assert boxes
    for (_, end, _), (start, _, _) in itertools.pairwise(boxes):
        assert end <= start
    assert all(text_width(line) <= LEGEND_WIDTH - 20 for _, _, lines in boxes for line in lines)


def test_a_chart_escapes_names_and_runs_no_script() -> None:
    periods = months("2009-01", 12)
    chart = svg(timeline_of(periods, {"<script>alert(1)</script>": [1] * 12, OTHER: [2] * 12}))
    root = ET.fromstring(chart)
    assert b"<script" not in chart and root.find(f".//{SVG}script") is None
    assert "<script>alert(1)</script>" in [s for _, _, lines in legend_boxes(chart) for s in lines]
    assert_readable(chart)


@given(st.text(max_size=60), st.lists(st.text(max_size=60), min_size=1, max_size=12, unique=True))
def test_any_query_and_names_make_a_readable_svg(query: str, groups: list[str]) -> None:
    periods = months("2009-11", 4)
    drawn = timeline_of(periods, {g: [1, 0, 2, 1] for g in groups})
    chart = svg(Timeline(query, "month", "origin", periods, drawn.counts, 0, drawn.series))
    root = ET.fromstring(chart)  # well-formed, whatever the text
    assert root.find(f".//{SVG}script") is None
    assert_readable(chart)


def test_the_corpus_classifications_are_whole_and_apart() -> None:
    periods = months("2003-01", 86)
    chart = svg(timeline_of(periods, {c: [i] * 86 for i, c in enumerate(CLASSES, 1)}, "class"))
    assert_readable(chart)
    assert [entry(lines) for _, _, lines in legend_boxes(chart)] == list(CLASSES)


def test_thirty_groups_become_nine_and_other() -> None:
    periods = months("2009-01", 3)
    many = {f"Embassy {i:02d}": [i, 1, 0] for i in range(30, 0, -1)}
    chart = svg(timeline_of(periods, {**many, OTHER: [1, 1, 1]}))
    entries = [entry(lines) for _, _, lines in legend_boxes(chart)]
    assert entries == [*list(many)[:9], OTHER]
    fills = re.findall(rb'<path fill="(#[0-9A-F]{6})"', chart)
    assert len(fills) == len(set(fills)) == 10


def test_an_empty_timeline_is_drawn() -> None:
    chart = svg(Timeline("nothing", "month", "class", (), (), 0, ()))
    assert b"No dated cables" in chart and ET.fromstring(chart) is not None


# The overview's charts on the whole corpus.


@pytest.fixture(scope="module")
def cablegate() -> MemoryStore:
    if not CORPUS_TAR.is_file():
        pytest.skip("../shared corpus is not present")
    store = MemoryStore()
    with store.batch():
        for name, page in corpus_pages():
            cable = page_cable(name, page)
            store.put(cable, [cable])
    return store


@needs_shared
@pytest.mark.parametrize("group", ["origin", "class"])
def test_the_overview_charts_on_the_corpus(cablegate: MemoryStore, group: str) -> None:
    found = timeline(cablegate, "", by="month", group=group, top=8)  # as /charts/timeline.svg
    started = time.perf_counter()
    chart = svg(found)
    drawn = time.perf_counter() - started
    assert len(chart) < 40_000  # pygal drew them in 1.6 and 1.2 MB
    assert drawn < 1.0  # about 1 ms; pygal took about 0.5 s
    assert_readable(chart)
    root = ET.fromstring(chart)
    first = next(t.text for t in root.iterfind(f".//{SVG}g[@class='x-axis']/{SVG}text"))
    assert first is not None and "2003" <= first <= "2004"
    before = sum(n for p, n in zip(found.periods, found.counts, strict=True) if p < first)
    assert before <= TAIL * found.total
    assert f"Not drawn: {before} earlier cables ({found.periods[0]} to 2002-12).".encode() in chart
    ticks = [t.text or "" for t in root.iterfind(f".//{SVG}g[@class='y-axis']/{SVG}text")]
    assert all(re.fullmatch(r"[\d,]+", t) for t in ticks)
    # Every name whole, the longest classifications wrapped at their slashes.
    assert [entry(lines) for _, _, lines in legend_boxes(chart)] == [s.name for s in found.series]
