"""A timeline as a small chart file: SVG with pygal, PNG with matplotlib (the ``charts``
extra). Bars for one series or for groups that split the cables (origin, classification);
lines for TAGS, where a cable counts under each of its codes."""

from __future__ import annotations

from pathlib import Path

from cablescope.analysis.timeline import Timeline
from cablescope.errors import MissingExtra

CHART_SUFFIXES = (".svg", ".png")
MAX_LABELS = 24
"""About this many period labels on the x axis; the others are left out."""


def _title(timeline: Timeline) -> str:
    what = timeline.query.strip() or "all cables"
    split = f", by {timeline.group}" if timeline.group else ""
    return f"Cables per {timeline.by}: {what}{split} ({timeline.total:,})"


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


def svg(timeline: Timeline) -> bytes:
    """``timeline`` drawn as an SVG document, without scripts."""
    import pygal

    kind = pygal.Line if timeline.group == "tag" else pygal.StackedBar
    chart = kind(
        title=_title(timeline),
        js=(),
        width=960,
        height=400,
        x_label_rotation=45 if timeline.by == "month" else 0,
        x_labels_major_every=_label_step(timeline),
        show_minor_x_labels=False,
        show_legend=timeline.group is not None,
        legend_at_bottom=True,
        show_dots=False,
        truncate_legend=40,
    )
    chart.x_labels = list(timeline.periods)
    for series in timeline.series:
        chart.add(series.name, list(series.counts))
    rendered: bytes = chart.render()
    return rendered


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
    axes.set_title(_title(timeline))
    if timeline.group is not None:
        figure.legend(loc="outside right upper", fontsize="small")
    figure.savefig(path, dpi=100)
