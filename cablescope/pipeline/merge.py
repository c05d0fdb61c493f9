"""One cable, many sources: merge per-source readings into one record.

Rule: every field is taken from the highest-ranked source that has a value
(SOURCE_RANK); the date follows DATE_PRECEDENCE over the dates every source
saw. A differing value from another source is kept as a Variant, so nothing a
source said is lost. Imported annotations are re-anchored onto the chosen text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from cablescope.model import Cable, DateSeen, SourceRef, Variant
from cablescope.pipeline.align import realign
from cablescope.pipeline.build import folded, pick_date

# The WikiLeaks page is the fullest and most faithful body; the CSV dump holds
# the same text; telegrams keep their headers; PlusD and PDF are re-typeset;
# body-only files carry no envelope; the annotated twin is tokenised.
SOURCE_RANK = (
    "wikileaks-html",
    "cables-csv",
    "telegram",
    "plusd",
    "pdf",
    "body-text",
    "body-annotated",
)

_TEXT_GROUP = ("text", "raw", "edits", "paragraphs", "redactions", "signer", "mentions")
_FIELDS = (
    "origin",
    "destinations",
    "classification",
    "handling",
    "tags",
    "subject",
    "references",
    "classified_by",
    "reasons",
    "declassify_on",
    "header",
)
_COMPARED = ("origin", "classification", "subject", "declassify_on", "signer", "text")


def rank(cable: Cable) -> int:
    fmt = cable.sources[0].format if cable.sources else ""
    return SOURCE_RANK.index(fmt) if fmt in SOURCE_RANK else len(SOURCE_RANK)


def merge(readings: Sequence[Cable]) -> Cable:
    """Merge readings of the same cable id (each with exactly one source) into one record."""
    if not readings:
        raise ValueError("merge needs at least one reading")
    ordered = sorted(readings, key=lambda c: (rank(c), c.sources[0].sha256 if c.sources else ""))
    if len(ordered) == 1:
        only = ordered[0]
        fields = tuple(f for f in ("text", *_FIELDS) if _present(getattr(only, f)))
        fields += ("date",) if _gave_date(only, only.date) else ()
        return dataclasses.replace(
            only, sources=(dataclasses.replace(only.sources[0], fields=fields),)
        )

    chosen: dict[str, Any] = {}
    supplier: dict[str, int] = {}
    text_from = next((i for i, c in enumerate(ordered) if c.text.strip()), 0)
    for name in _TEXT_GROUP:
        chosen[name] = getattr(ordered[text_from], name)
    supplier["text"] = text_from
    for name in _FIELDS:
        for i, cable in enumerate(ordered):
            value = getattr(cable, name)
            if _present(value):
                chosen[name] = value
                supplier[name] = i
                break

    dates: list[DateSeen] = []
    for cable in ordered:
        dates.extend(d for d in cable.dates if d not in dates)
    best = ordered[0]
    published = next((c.published_id for c in ordered if c.published_id), None)
    annotations = tuple(
        a
        for i, cable in enumerate(ordered)
        for a in (
            cable.annotations
            if i == text_from
            else realign(cable.annotations, cable.text, chosen["text"])
        )
    )
    date = pick_date(dates)
    sources = tuple(
        dataclasses.replace(
            cable.sources[0],
            fields=tuple(f for f, i2 in supplier.items() if i2 == i)
            + (("date",) if _gave_date(cable, date) else ()),
        )
        for i, cable in enumerate(ordered)
    )
    # A provisional id (a file's name, or one without its year) gives way to a vouched one.
    vouched = next((c for c in ordered if not c.id_provisional), best)
    return Cable(
        id=vouched.id,
        published_id=published,
        id_inferred=all(
            c.id_inferred for c in ordered if c.id_provisional == vouched.id_provisional
        ),
        id_provisional=vouched.id_provisional,
        date=date,
        dates=tuple(dates),
        annotations=annotations,
        notes=tuple(dict.fromkeys(n for c in ordered for n in c.notes)),
        sources=sources,
        variants=_variants(ordered, chosen),
        **chosen,
    )


def _gave_date(cable: Cable, date: str | None) -> bool:
    """Whether this reading's own source (not the reference list) saw the chosen date."""
    fmt = cable.sources[0].format
    return date is not None and any(d.value == date and d.source == fmt for d in cable.dates)


def _present(value: object) -> bool:
    return value is not None and value != "" and value != ()


def _variants(ordered: Sequence[Cable], chosen: dict[str, Any]) -> tuple[Variant, ...]:
    out: list[Variant] = [v for cable in ordered for v in cable.variants]
    for cable in ordered:
        src: SourceRef = cable.sources[0]
        for name in _COMPARED:
            value = getattr(cable, name)
            if _present(value) and folded(value) != folded(chosen.get(name)):
                shown = value if name != "text" else f"{len(value)} characters"
                out.append(Variant(name, shown, src.format, src.sha256))
    return tuple(dict.fromkeys(out))
