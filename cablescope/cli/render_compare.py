"""Plain-text renderings of source comparisons and redaction counts for the terminal.

Deletions and insertions are marked ``[-old-]`` and ``{+new+}`` (as ``git diff
--word-diff=plain`` does) and coloured; ``click.echo`` drops the colours off a terminal.
"""

from __future__ import annotations

import textwrap

import click

from cablescope.analysis.diff import CableDiff, FieldDiff
from cablescope.analysis.redactions import CableRedactions, Redactions
from cablescope.analysis.worddiff import EQUAL, Hunk, Segment

WIDTH = 100
"""Where field values and paragraph counts wrap."""


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


def _segment(segment: Segment) -> str:
    if segment.kind == EQUAL:
        return segment.b
    parts = []
    if segment.a:
        parts.append(click.style(f"[-{segment.a}-]", fg="red"))
    if segment.b:
        parts.append(click.style(f"{{+{segment.b}+}}", fg="green"))
    return "".join(parts)


def _hunk(hunk: Hunk) -> list[str]:
    (a_start, a_end), (b_start, b_end) = hunk.a_span, hunk.b_span
    where = f" ¶{hunk.paragraph}" if hunk.paragraph is not None else ""
    head = click.style(f"@@ a {a_start}-{a_end}, b {b_start}-{b_end}{where} @@", fg="cyan")
    body = " ".join(_segment(s) for s in hunk.segments if s.a or s.b)
    return ["", head, body]


def _field(field: FieldDiff) -> list[str]:
    lines = [f"  {field.field}"]
    for value in field.values:
        text = value.value if value.value is not None else "-"
        if value.also:
            text += f"  (the same source also gave: {'; '.join(value.also)})"
        wrapped = textwrap.wrap(text, WIDTH - 7) or [""]
        lines.append(f"    {value.source}  {wrapped[0]}")
        lines.extend("       " + more for more in wrapped[1:])
    return lines


def render_diff(found: CableDiff) -> str:
    """The sources, the word diff of the two compared, then the fields that differ."""
    lines = [f"{found.id}: {_plural(len(found.sources), 'source')}"]
    width = max(len(s.format) for s in found.sources)
    for s in found.sources:
        mark = "*" if s.label in (found.a, found.b) else " "
        lines.append(f" {mark}{s.label}  {s.format:<{width}}  {s.sha256[:8]}  {s.path}")
    text = found.text
    counted = "typesetting counted" if text.exact else "typesetting ignored; --exact counts it"
    sizes = f"{text.words[0]:,} and {text.words[1]:,} words; {counted}"
    lines.append("")
    if text.changed:
        lines.append(
            f"text, {found.a} -> {found.b}: {_plural(text.deleted, 'word')} deleted, "
            f"{text.inserted:,} inserted, in {_plural(text.changes, 'place')} ({sizes})"
        )
    else:
        lines.append(f"text, {found.a} -> {found.b}: the same words ({sizes})")
    for hunk in text.hunks:
        lines.extend(_hunk(hunk))
    lines.append("")
    if found.fields:
        lines.append("fields that differ:")
        for field in found.fields:
            lines.extend(_field(field))
    else:
        lines.append("no field differs")
    return "\n".join(lines)


def _cable(item: CableRedactions, spans: bool) -> list[str]:
    info = item.cable
    parts = [info.id, (info.date or "undated")[:10], info.origin or "", info.classification or ""]
    lines = ["  ".join([*(p for p in parts if p), _plural(item.count, "redaction")])]
    if info.subject:
        lines.append(f"  {info.subject}")
    counts = [
        f"¶{p.number if p.number is not None else '?'}"
        + (f" ({p.marking})" if p.marking else "")
        + f" {p.count}"
        for p in item.paragraphs
    ]
    if item.outside:
        counts.append(f"outside numbered paragraphs {item.outside}")
    lines.extend(
        textwrap.wrap(" · ".join(counts), WIDTH, initial_indent="  ", subsequent_indent="  ")
    )
    if spans:
        for span in item.spans:
            where = f"¶{span.paragraph}" if span.paragraph is not None else "-"
            lines.append(f"    {where:<5}{span.context}")
    return lines


def render_redactions(found: Redactions, spans: bool = False) -> str:
    """How many matching cables carry redactions, then each with its paragraph counts."""
    verb = "carries" if len(found.cables) == 1 else "carry"
    head = (
        f"{len(found.cables):,} of {_plural(found.matched, 'matching cable')} {verb} "
        f"redactions, {_plural(found.spans, 'redacted span')} in all"
    )
    lines = [head]
    for item in found.cables:
        lines.append("")
        lines.extend(_cable(item, spans))
    return "\n".join(lines)
