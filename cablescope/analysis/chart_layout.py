"""How a chart of a timeline is laid out from its data, before it is drawn: the periods
its time axis shows, the ticks of its count axis, the colour of each series, and how the
names in its legend are cut into lines.

The time axis leaves out the first and last ``TAIL`` of the dated cables when that takes
off at least ``MIN_CUT`` of its periods (``window``): in Cablegate, 36 cables from 1966 to
2002 would otherwise stretch the axis over 44 years for 1% of the archive. It counts years
instead of months past ``MAX_MONTHS`` months. The count axis ticks whole cables
(``int_ticks``). Each series shown has a colour of its own from Paul Tol's muted scheme,
made to be told apart with any colour vision (``PALETTE``); groups past its nine are
counted in OTHER (``fold``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cablescope.analysis.timeline import NONE, OTHER, Series, Timeline

TAIL = 0.01
"""The share of the dated cables each end of the time axis may leave out."""
MIN_CUT = 0.25
"""The axis is cut only when that takes off at least this share of its periods."""
MAX_MONTHS = 180
"""Past this many months on the axis, the chart counts years."""
MAX_TICKS = 5
"""At most this many intervals between the y ticks."""
PALETTE = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
"""Paul Tol's "muted" qualitative scheme: nine colours told apart with any colour vision.
Groups past nine are counted in OTHER."""
OTHER_COLOUR = "#C9C9C9"
NONE_COLOUR = "#303030"
"""Greys for OTHER (light: what is left over) and NONE, chosen to stay apart from the
palette and each other under simulated protanopia, deuteranopia and tritanopia."""
ONE_COLOUR = "#4477AA"
"""The colour of a chart with one series."""
FONT = 12
LINE = 14
"""The height of one legend line, in pixels."""
_NARROW = frozenset(" ,.:;'|!()[]/-ijlftI1")
_WIDE = frozenset("MWmw@%")


def title(timeline: Timeline, by: str) -> str:
    """The chart's title: what it counts, per ``by``, and how many cables in all."""
    what = timeline.query.strip() or "all cables"
    split = f", by {timeline.group}" if timeline.group else ""
    return f"Cables per {by}: {what}{split} ({timeline.total:,})"


@dataclass(frozen=True, slots=True)
class Window:
    """The periods an axis shows, ``start`` to ``stop`` (indexes, ``stop`` excluded),
    and how many dated cables lie ``before`` and ``after`` them."""

    start: int
    stop: int
    before: int
    after: int


def window(counts: Sequence[int], periods: Sequence[str], tail: float = TAIL) -> Window:
    """The periods worth an axis: without the first and last ``tail`` of the cables
    (rounded out to whole years), when that takes off at least ``MIN_CUT`` of the axis;
    else all of them. A few cables of 1966 then no longer squeeze the 2000s into a sliver.
    """
    whole = Window(0, len(counts), 0, 0)
    spared = int(sum(counts) * tail)
    if spared == 0:
        return whole
    start = _year_start(periods, _first_past(counts, spared))
    stop = len(counts) - _first_past(counts[::-1], spared)
    stop = len(counts) - _year_start(periods[::-1], len(counts) - stop)
    if (start + len(counts) - stop) < MIN_CUT * len(counts):
        return whole
    return Window(start, stop, sum(counts[:start]), sum(counts[stop:]))


def _first_past(counts: Sequence[int], spared: int) -> int:
    """The first index whose period would take the cables before it past ``spared``."""
    seen = 0
    for i, n in enumerate(counts):
        seen += n
        if seen > spared:
            return i
    return len(counts)


def _year_start(periods: Sequence[str], i: int) -> int:
    """``i`` moved back to the first period of its year (in ``periods``' order)."""
    while 0 < i < len(periods) and periods[i - 1][:4] == periods[i][:4]:
        i -= 1
    return i


def int_ticks(peak: int, most: int = MAX_TICKS) -> tuple[int, ...]:
    """Ticks from 0 to ``peak`` or just past it, in whole cables: a step of 1, 2 or 5 times a
    power of ten, the smallest that needs at most ``most`` intervals."""
    peak = max(peak, 1)
    step = 1
    while -(-peak // step) > most:
        step = step * 5 // 2 if str(step)[0] == "2" else step * 2
    return tuple(range(0, -(-peak // step) * step + 1, step))


def colours(names: Sequence[str]) -> tuple[str, ...]:
    """The colour of each series named: OTHER and NONE in greys, the others the palette
    in order (at most ``len(PALETTE)`` of them; ``fold`` sees to that)."""
    if len(names) == 1:
        return (ONE_COLOUR,)
    named = iter(PALETTE)
    grey = {OTHER: OTHER_COLOUR, NONE: NONE_COLOUR}
    return tuple(grey[n] if n in grey else next(named) for n in names)


def fold(series: Sequence[Series], most: int = len(PALETTE)) -> tuple[Series, ...]:
    """``series`` with the groups past the first ``most`` counted in OTHER."""
    named = [s for s in series if s.name not in (OTHER, NONE)]
    if len(named) <= most:
        return tuple(series)
    gathered = [s for s in series if s.name == OTHER] + named[most:]
    other = Series(
        OTHER,
        tuple(sum(c) for c in zip(*(s.counts for s in gathered), strict=True)),
        sum(s.undated for s in gathered),
    )
    return (*named[:most], other, *(s for s in series if s.name == NONE))


def text_width(text: str, size: float = FONT) -> float:
    """A generous guess at the width of ``text`` in a sans-serif font of ``size`` pixels."""
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.34
        elif ch in _WIDE:
            em += 0.92
        elif ch.isupper() or ch.isdigit():
            em += 0.74
        else:
            em += 0.6
    return em * size


_PIECE = re.compile(r"[^ /]+/*|/+| +")


def legend_lines(label: str, width: float, most: int = 2) -> tuple[str, ...]:
    """``label`` cut into at most ``most`` lines each ``width`` pixels wide at most,
    broken after a space or a slash; a label that does not fit ends in an ellipsis."""
    raw = [""]
    for piece in _PIECE.findall(label):
        if raw[-1].strip() and text_width((raw[-1] + piece).rstrip()) > width:
            raw.append(piece.lstrip())
        else:
            raw[-1] += piece
    head = [fit(line.rstrip(), width) for line in raw[: min(most, len(raw)) - 1]]
    return (*head, fit("".join(raw[len(head) :]).rstrip(), width))


def fit(text: str, width: float, size: float = FONT) -> str:
    """``text`` itself when it fits ``width`` pixels, else as much of it as fits and an
    ellipsis."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text.rstrip(" /") + "…", size) > width:
        text = text[:-1]
    return text.rstrip(" /") + "…"


def x_labels(periods: Sequence[str], slot: float) -> list[tuple[int, str]]:
    """The periods to label, as (index, text): calendar-aligned every few periods, the
    fewest periods apart at which labels ``slot`` pixels a period do not overlap."""
    if not periods:
        return []
    months = len(periods[0]) == 7
    steps = (1, 2, 3, 6, 12, 24, 60, 120, 240) if months else (1, 2, 5, 10, 20, 50, 100)
    for step in steps:
        shown = _every(periods, step, months)
        if all(text_width(text) + 8 <= step * slot for _, text in shown):
            return shown
    return _every(periods, steps[-1], months)


def _every(periods: Sequence[str], step: int, months: bool) -> list[tuple[int, str]]:
    """Every period that starts a ``step`` in the calendar, with its label."""
    if not months:
        return [(i, p) for i, p in enumerate(periods) if int(p) % step == 0]
    if step < 12:
        return [(i, p) for i, p in enumerate(periods) if (int(p[5:]) - 1) % step == 0]
    years = step // 12
    return [(i, p[:4]) for i, p in enumerate(periods) if p[5:] == "01" and int(p[:4]) % years == 0]


def legend_layout(
    labels: Sequence[str], width: float, height: float
) -> list[tuple[float, tuple[str, ...]]]:
    """Where each legend entry starts (its top, from 0) and its lines: up to three lines a
    label, the longest entries cut to fewer until the column fits ``height``."""
    cuts = [list(legend_lines(label, width, 3)) for label in labels]
    gap = 6

    def needed() -> int:
        return sum(len(c) * LINE + gap for c in cuts)

    while needed() > height and max(map(len, cuts), default=1) > 1:
        longest = max(range(len(cuts)), key=lambda i: len(cuts[i]))
        cuts[longest] = list(legend_lines(labels[longest], width, len(cuts[longest]) - 1))
    placed, y = [], 0.0
    for cut in cuts:
        placed.append((y, tuple(cut)))
        y += len(cut) * LINE + gap
    return placed


@dataclass(frozen=True, slots=True)
class Plan:
    """What one chart shows, its rules applied."""

    title: str
    note: str
    periods: tuple[str, ...]
    series: tuple[Series, ...]
    lines: bool
    legend: bool


def plan(timeline: Timeline) -> Plan:
    """The periods, series and words ``timeline``'s chart shows."""
    cut = window(timeline.counts, timeline.periods)
    periods = timeline.periods[cut.start : cut.stop]
    series = tuple(
        Series(s.name, s.counts[cut.start : cut.stop], s.undated) for s in fold(timeline.series)
    )
    by = timeline.by
    if by == "month" and len(periods) > MAX_MONTHS:
        by = "year"
        periods, series = _years(periods, series)
    left_out = []
    if cut.before:
        first, last = timeline.periods[0], timeline.periods[cut.start - 1]
        left_out.append(f"{_cables(cut.before, 'earlier')} ({first} to {last})")
    if cut.after:
        first, last = timeline.periods[cut.stop], timeline.periods[-1]
        left_out.append(f"{_cables(cut.after, 'later')} ({first} to {last})")
    if timeline.undated:
        left_out.append(f"{timeline.undated:,} undated")
    return Plan(
        title(timeline, by),
        f"Not drawn: {', '.join(left_out)}." if left_out else "",
        periods,
        series,
        timeline.group == "tag",
        timeline.group is not None,
    )


def _cables(n: int, what: str) -> str:
    return f"{n:,} {what} cable{'' if n == 1 else 's'}"


def _years(
    periods: tuple[str, ...], series: tuple[Series, ...]
) -> tuple[tuple[str, ...], tuple[Series, ...]]:
    """Monthly ``periods`` and ``series`` added up by year."""
    years = tuple(dict.fromkeys(p[:4] for p in periods))
    at = {y: i for i, y in enumerate(years)}
    summed = []
    for s in series:
        counts = [0] * len(years)
        for p, n in zip(periods, s.counts, strict=True):
            counts[at[p[:4]]] += n
        summed.append(Series(s.name, tuple(counts), s.undated))
    return years, tuple(summed)
