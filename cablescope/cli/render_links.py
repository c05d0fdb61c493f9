"""Plain-text renderings of references and timelines for the terminal."""

from __future__ import annotations

from string import ascii_uppercase

from cablescope.analysis.refs import RELEASED, UNRELEASED, Citation, Refs
from cablescope.analysis.timeline import Timeline
from cablescope.cli._common import plural
from cablescope.grammar.posts import proper_origin
from cablescope.store.base import CableInfo

BAR_WIDTH = 50
"""Characters of the longest bar in a timeline without groups."""
NAME_WIDTHS = (16, 12, 10)
"""Widths tried for the group names of a timeline table's header; longer names are cut."""
WIDTH = 80
"""Columns of the terminal a timeline table is made to fit."""


def info_line(info: CableInfo) -> str:
    """One line per cable: id, day, origin, classification, subject."""
    origin = proper_origin(info.origin) if info.origin else ""
    parts = [info.id, (info.date or "undated")[:10], origin, info.classification or ""]
    line = "  ".join(p for p in parts if p)
    return f"{line}  {info.subject}" if info.subject else line


def _missing(citation: Citation) -> str:
    if citation.status == RELEASED:
        return f"missing: released by Cablegate ({citation.month}), not in this database"
    if citation.status == UNRELEASED:
        return "missing: never released by Cablegate"
    return "names no cable"


def _citation_line(citation: Citation) -> str:
    letter = f"{citation.letter}." if citation.letter else "  "
    if citation.cable is not None:
        text = info_line(citation.cable)
    else:
        text = f"{citation.id or repr(citation.raw)}  {_missing(citation)}"
    notes = []
    if citation.id is not None and citation.raw.replace(" ", "").upper() != citation.id:
        notes.append(f"REF {citation.raw!r}")
    if citation.year_inferred:
        notes.append("year inferred")
    if citation.year_before:
        notes.append(f"perhaps {citation.year_before}, a year earlier")
    return f"  {letter:<3}{text}" + (f"  ({', '.join(notes)})" if notes else "")


def render_refs(found: Refs) -> str:
    """A cable's references, then the stored cables citing it."""
    if found.cable is not None:
        lines = [info_line(found.cable)]
    elif found.status == RELEASED:
        lines = [f"{found.id}  not in this database (released by Cablegate, {found.month})"]
    else:
        lines = [f"{found.id}  not in this database (never released by Cablegate)"]
    if found.cable is not None:
        missing = f", {len(found.missing)} missing" if found.missing else ""
        lines += ["", f"cites {len(found.cites)}{missing}:" if found.references else "cites none"]
        lines += [_citation_line(c) for c in found.references]
    lines += ["", f"cited by {len(found.cited_by)}:" if found.cited_by else "cited by none"]
    lines += ["  " + info_line(info) for info in found.cited_by]
    return "\n".join(lines)


def _compact(periods: tuple[str, ...], counts: tuple[int, ...]) -> list[tuple[str, int | None]]:
    """(label, row index or None) per row, runs of three or more empty periods in one row."""
    rows: list[tuple[str, int | None]] = []
    i = 0
    while i < len(periods):
        j = i
        while j < len(periods) and counts[j] == 0:
            j += 1
        if j - i >= 3:
            rows.append((f"{periods[i]} to {periods[j - 1]}", None))
            i = j
        else:
            rows.append((periods[i], i))
            i += 1
    return rows


def render_timeline(timeline: Timeline) -> str:
    """Counts per period: bars without groups, else a table with a column per group.
    Runs of empty periods take one line."""
    if not timeline.total:
        return "no matches"
    rows = _compact(timeline.periods, timeline.counts)
    label = max([len(text) for text, _ in rows] + [len("undated") if timeline.undated else 0])
    head = plural(timeline.total, "cable")
    if timeline.group is None:
        peak = max(timeline.counts, default=0) or 1
        lines = [head]
        for text, i in rows:
            n = 0 if i is None else timeline.counts[i]
            bar = "█" * (round(n * BAR_WIDTH / peak) if n else 0)
            lines.append(f"{text:<{label}}  {n:>6}  {bar}".rstrip())
        if timeline.undated:
            lines.append(f"{'undated':<{label}}  {timeline.undated:>6}")
        return "\n".join(lines)
    names = [
        proper_origin(s.name) if timeline.group == "origin" else s.name for s in timeline.series
    ]
    digits = [len(str(max(*s.counts, s.undated, 0))) for s in timeline.series]
    room = WIDTH - (label + 2 + 6)
    for cut in NAME_WIDTHS:
        header = [n[:cut] for n in names]
        widths = [max(len(h), d) for h, d in zip(header, digits, strict=True)]
        if len(set(header)) == len(names) and sum(2 + w for w in widths) <= room:
            gap, legend = "  ", []
            break
    else:
        # Too many groups for their names: a key per column, the names under the table.
        header = [_key(i) for i in range(len(names))]
        widths = [max(len(h), 2, d) for h, d in zip(header, digits, strict=True)]
        gap = " "
        legend = [f"{k}  {n} ({s.total:,})" for k, n, s in zip(header, names, timeline.series)]
    lines = [head]
    # Columns past the terminal's width go on in another table below.
    block: list[int] = []
    for i, w in enumerate(widths):
        if block and sum(len(gap) + widths[j] for j in block) + len(gap) + w > room:
            lines += _table(timeline, rows, label, block, header, widths, gap)
            block = []
        block.append(i)
    lines += _table(timeline, rows, label, block, header, widths, gap)
    if legend:
        lines.append("")
        lines.extend(legend)
    if timeline.group == "tag":
        lines.append("")
        lines.append("(a cable counts under each of its TAGS; 'all' counts it once)")
    return "\n".join(lines)


def _key(i: int) -> str:
    """The column key of the ``i``-th group: A to Z, then AA, AB..."""
    letters = ascii_uppercase[i % 26]
    while i >= 26:
        i = i // 26 - 1
        letters = ascii_uppercase[i % 26] + letters
    return letters


def _table(
    timeline: Timeline,
    rows: list[tuple[str, int | None]],
    label: int,
    columns: list[int],
    header: list[str],
    widths: list[int],
    gap: str,
) -> list[str]:
    """The lines of a timeline table of the series at ``columns``, after a blank line."""

    def row(text: str, total: int, values: list[int]) -> str:
        cells = "".join(gap + f"{values[j]:>{widths[j]}}" for j in columns)
        return f"{text:<{label}}  {total:>6}{cells}"

    series = timeline.series
    lines = [
        "",
        f"{' ' * label}  {'all':>6}" + "".join(gap + f"{header[j]:>{widths[j]}}" for j in columns),
    ]
    for text, i in rows:
        if i is None:
            lines.append(row(text, 0, [0] * len(series)))
        else:
            lines.append(row(text, timeline.counts[i], [s.counts[i] for s in series]))
    if timeline.undated:
        lines.append(row("undated", timeline.undated, [s.undated for s in series]))
    return lines
