"""A timeline as a small chart file: SVG drawn here, PNG with matplotlib (the ``charts``
extra). Stacked bars for one series or for groups that split the cables (origin,
classification); lines for TAGS, where a cable counts under each of its codes. The SVG's
axes, colours and legend follow ``chart_layout``; one path per series keeps it to a few
tens of KB, drawn in about a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from cablescope.analysis.chart_layout import (
    FONT,
    LINE,
    Plan,
    colours,
    fit,
    int_ticks,
    legend_layout,
    plan,
    text_width,
    title,
    x_labels,
)
from cablescope.analysis.timeline import Series, Timeline
from cablescope.errors import MissingExtra

CHART_SUFFIXES = (".svg", ".png")
MAX_LABELS = 24
"""About this many period labels on the x axis of a PNG; the others are left out."""
WIDTH, HEIGHT = 960, 400
LEGEND_WIDTH = 250


_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped: a query or a name may carry them."""


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _xml(text: str) -> str:
    """``text`` as SVG text: escaped, without the characters XML refuses."""
    return escape(_clean(text))


def _label_step(timeline: Timeline) -> int:
    return max(1, -(-len(timeline.periods) // MAX_LABELS))


def write_chart(timeline: Timeline, path: str | Path) -> None:
    """Draw ``timeline`` into ``path``, as SVG or PNG by its suffix.

    Raises ValueError for another suffix, MissingExtra for a PNG without matplotlib, and
    OSError when the file cannot be written.
    """
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        Path(path).write_bytes(svg(timeline))
    elif suffix == ".png":
        _png(timeline, Path(path))
    else:
        raise ValueError(f"cannot draw a {suffix or 'suffix-less'} chart; name a .svg or .png file")


def _n(x: float) -> str:
    """A coordinate with one decimal at most."""
    return f"{round(x, 1):g}"


def svg(timeline: Timeline) -> bytes:
    """``timeline`` drawn as an SVG document, without scripts."""
    return _draw(plan(timeline)).encode("utf-8")


def _draw(chart: Plan) -> str:
    """The SVG text of ``chart``: title, note, axes, bars or lines, and legend."""
    top = 60 if chart.note else 44
    left, bottom = 60.0, HEIGHT - 34.0
    right = WIDTH - (LEGEND_WIDTH + 28 if chart.legend else 20)
    names = [s.name for s in chart.series]
    fills = colours(names)
    count = len(chart.periods)
    slot = (right - left) / max(count, 1)
    if chart.lines:
        peak = max((max(s.counts, default=0) for s in chart.series), default=0)
    else:
        peak = max((sum(c) for c in zip(*(s.counts for s in chart.series), strict=True)), default=0)
    ticks = int_ticks(peak)
    unit = (bottom - top) / ticks[-1]
    out = [
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label={quoteattr(_clean(chart.title))} '
        f'font-family="DejaVu Sans, Verdana, sans-serif" font-size="{FONT}" fill="#222">',
        f"<title>{_xml(chart.title)}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{left}" y="22" font-size="15" font-weight="bold">'
        f"{_xml(fit(chart.title, WIDTH - left - 12, 16))}</text>",
    ]
    if chart.note:
        out.append(
            f'<text x="{left}" y="40" fill="#555">{_xml(fit(chart.note, WIDTH - left))}</text>'
        )
    out.append('<g class="y-axis" text-anchor="end" fill="#555">')
    for tick in ticks:
        y = _n(bottom - tick * unit)
        out.append(
            f'<path d="M{left},{y}H{right}" stroke="{"#999" if tick == 0 else "#e4e4e4"}"/>'
            f'<text x="{left - 6}" y="{y}" dy="4">{tick:,}</text>'
        )
    out.append("</g>")
    out.append(_x_axis(chart, left, bottom, slot))
    if not count:
        out.append(
            f'<text x="{_n((left + right) / 2)}" y="{_n((top + bottom) / 2)}" '
            'text-anchor="middle" fill="#555">No dated cables</text>'
        )
    elif chart.lines:
        out.extend(_lines(chart.series, fills, _Frame(left, bottom, slot, unit)))
    else:
        out.extend(_bars(chart.series, fills, _Frame(left, bottom, slot, unit)))
    if chart.legend:
        out.append(_legend(chart.series, fills, right + 16, top - 4, bottom))
    out.append("</svg>\n")
    return "\n".join(out)


def _x_axis(chart: Plan, left: float, bottom: float, slot: float) -> str:
    """The period labels, each under a tick: a year at its January, a month or a year at
    its bar."""
    year_marks = len(chart.periods[0]) == 7 if chart.periods else False
    parts = ['<g class="x-axis" text-anchor="middle" fill="#555">']
    for i, text in x_labels(chart.periods, slot):
        x = _n(left + i * slot if year_marks and len(text) == 4 else left + (i + 0.5) * slot)
        parts.append(
            f'<path d="M{x},{_n(bottom)}v5" stroke="#999"/><text x="{x}" y="{_n(bottom + 18)}">'
            f"{_xml(text)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


@dataclass(frozen=True, slots=True)
class _Frame:
    """The plot's place: its left edge and baseline, the pixels of a period and of a cable."""

    left: float
    bottom: float
    slot: float
    unit: float


def _bars(series: Sequence[Series], fills: Sequence[str], at: _Frame) -> list[str]:
    """One path per series, its bars stacked on those of the series before it."""
    gap = at.slot * 0.15 if at.slot >= 4 else 0.0
    width = _n(at.slot - gap)
    base = [0] * len(series[0].counts)
    paths = []
    for s, fill in zip(series, fills, strict=True):
        d = []
        for i, n in enumerate(s.counts):
            if n:
                low = round(at.bottom - base[i] * at.unit, 1)
                high = round(at.bottom - (base[i] + n) * at.unit, 1)
                x = _n(at.left + i * at.slot + gap / 2)
                d.append(f"M{x},{_n(high)}h{width}v{_n(low - high)}h-{width}z")
                base[i] += n
        if d:
            paths.append(f'<path fill="{fill}" d="{"".join(d)}"/>')
    return paths


def _lines(series: Sequence[Series], fills: Sequence[str], at: _Frame) -> list[str]:
    """One polyline per series, through the middle of each period."""
    paths = []
    for s, colour in zip(series, fills, strict=True):
        points = " ".join(
            f"{_n(at.left + (i + 0.5) * at.slot)},{_n(at.bottom - n * at.unit)}"
            for i, n in enumerate(s.counts)
        )
        paths.append(
            f'<path fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-linejoin="round" d="M{points}"/>'
        )
    return paths


def _legend(
    series: Sequence[Series], fills: Sequence[str], x: float, top: float, end: float
) -> str:
    """A column of swatches and names, the largest group first, each with its cables."""
    counts = [f"{s.total:,}" for s in series]
    room = LEGEND_WIDTH - 20 - max((text_width(c) for c in counts), default=0) - 8
    parts = [f'<g class="legend" transform="translate({_n(x)},{_n(top)})">']
    placed = legend_layout([s.name for s in series], room, end - top)
    for s, fill, count, (y, lines) in zip(series, fills, counts, placed, strict=True):
        spans = "".join(
            f'<tspan x="20" dy="{0 if k == 0 else LINE}">{_xml(line)}</tspan>'
            for k, line in enumerate(lines)
        )
        parts.append(
            f'<g class="legend-item" transform="translate(0,{_n(y)})">'
            f"<title>{_xml(s.name)}: {count} cables</title>"
            f'<rect y="1" width="12" height="12" fill="{fill}"/>'
            f'<text y="11">{spans}</text>'
            f'<text x="{LEGEND_WIDTH}" y="11" text-anchor="end" fill="#555">{count}</text></g>'
        )
    parts.append("</g>")
    return "".join(parts)


def _png(timeline: Timeline, path: Path) -> None:
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtra(
            "PNG charts need matplotlib: pip install 'cablescope[charts]' (or name a .svg file)"
        ) from None
    figure = Figure(figsize=(9.6, 4.0), layout="constrained")
    axes = figure.subplots()
    xs = range(len(timeline.periods))
    bottom = [0] * len(timeline.periods)
    for series in timeline.series:
        if timeline.group == "tag":
            axes.plot(xs, series.counts, label=series.name)
        else:
            axes.bar(xs, series.counts, bottom=bottom, label=series.name, width=0.9)
            bottom = [b + n for b, n in zip(bottom, series.counts, strict=True)]
    step = _label_step(timeline)
    axes.set_xticks(list(xs)[::step], list(timeline.periods)[::step], rotation=45)
    axes.set_ylim(0, max([*bottom, *(max(s.counts, default=0) for s in timeline.series), 1]) * 1.05)
    axes.set_title(title(timeline, timeline.by))
    if timeline.group is not None:
        figure.legend(loc="outside right upper", fontsize="small")
    figure.savefig(path, dpi=100)
