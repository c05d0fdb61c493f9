"""The overview's two charts (cables per month by origin and by classification, as
``/charts/timeline.svg?group=...`` draws them): size and time of the SVG drawn by
``cablescope.analysis.chart.svg`` against the pygal chart it replaced, in the same run.

    python bench/overview_charts.py [DB ...]   (without DB: examples/ ingested into a
                                                temporary database, as `make demo` does)

Prints, per database and chart: the timeline's time, then each drawing's median time and
size in bytes.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cablescope.store  # noqa: E402
from cablescope.analysis.chart import svg  # noqa: E402
from cablescope.analysis.timeline import Timeline, timeline  # noqa: E402
from cablescope.pipeline.ingest import ingest  # noqa: E402

PYGAL = importlib.util.find_spec("pygal") is not None
"""The reference needs pygal, which cablescope itself no longer imports."""
GROUPS = ("origin", "class")
TOP = 8
"""As the overview asks for them."""


def pygal_svg(found: Timeline) -> bytes:
    """The chart as it was drawn before: pygal's stacked bars, every month labelled."""
    import pygal

    steps = max(1, -(-len(found.periods) // 24))
    chart = pygal.StackedBar(
        title=f"Cables per {found.by}: all cables, by {found.group} ({found.total:,})",
        js=(),
        width=960,
        height=400,
        x_label_rotation=45 if found.by == "month" else 0,
        x_labels_major_every=steps,
        show_minor_x_labels=False,
        show_legend=found.group is not None,
        legend_at_bottom=True,
        show_dots=False,
        truncate_legend=40,
    )
    chart.x_labels = list(found.periods)
    for series in found.series:
        chart.add(series.name, list(series.counts))
    drawn: bytes = chart.render()
    return drawn


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def measure(db: str) -> list[str]:
    lines = [f"{db}:"]
    with cablescope.store.open(db, readonly=True) as store:
        for group in GROUPS:
            found = timeline(store, "", by="month", group=group, top=TOP)
            counted = median_ms(lambda g=group: timeline(store, "", group=g, top=TOP), 10)
            new = median_ms(lambda f=found: svg(f), 30)
            line = f"  by {group:6}  {len(found.periods)} months, timeline {counted:.1f} ms;"
            if PYGAL:
                pygal_svg(found)  # pygal's first chart also pays for its imports
                old = median_ms(lambda f=found: pygal_svg(f), 3)
                line += f" pygal {old:7.1f} ms {len(pygal_svg(found)):>9,} B;"
            lines.append(f"{line} now {new:5.2f} ms {len(svg(found)):>7,} B")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db", nargs="*", help="databases to draw from (read only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        dbs = list(args.db)
        if not dbs:
            demo = str(Path(tmp) / "demo.db")
            with cablescope.store.open(demo) as store:
                ingest([str(ROOT / "examples")], store, workers=1)
            dbs = [demo]
        for db in dbs:
            print("\n".join(measure(db)))


if __name__ == "__main__":
    main()
