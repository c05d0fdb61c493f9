"""Plain-text renderings for the terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any

from cablescope.analysis.entities import CableEntity
from cablescope.cli._common import plural
from cablescope.grammar.posts import proper_origin
from cablescope.model import Cable
from cablescope.store.base import Facets, quoted


def render_cable(cable: Cable, entities: Sequence[CableEntity] = (), resolved: bool = True) -> str:
    """A cable as a reader wants it: the metadata block with its ``entities`` (resolved
    unless ``resolved`` is False: names as tagged), then the repaired text."""
    rows: list[tuple[str, str]] = [
        ("id", cable.id + (" (inferred)" if cable.id_inferred else "")),
        ("published as", cable.published_id or ""),
        ("date", cable.date or ""),
        ("origin", proper_origin(cable.origin) if cable.origin else ""),
        ("classification", cable.classification or ""),
        ("handling", ", ".join(cable.handling)),
        ("subject", cable.subject or ""),
        ("tags", ", ".join(f"{t.code} ({t.label})" if t.label else t.code for t in cable.tags)),
        ("to", "; ".join(d.name for d in cable.destinations if d.kind == "to")),
        ("info", "; ".join(d.name for d in cable.destinations if d.kind == "info")),
        ("references", ", ".join(r.id or r.raw for r in cable.references)),
        ("signer", cable.signer or ""),
        ("classified by", cable.classified_by or ""),
        ("reasons", cable.reasons or ""),
        ("declassify on", cable.declassify_on or ""),
        ("redactions", _redactions(cable)),
        ("sources", "; ".join(f"{s.format}: {s.path}" for s in cable.sources)),
        *_entity_rows(entities, resolved),
    ]
    width = max(len(k) for k, _ in rows)
    lines = []
    for key, value in rows:
        if not value:
            continue
        wrapped = textwrap.wrap(value, 100 - width - 2) or [""]
        lines.append(f"{key:<{width}}  {wrapped[0]}")
        lines.extend(" " * (width + 2) + more for more in wrapped[1:])
    return "\n".join(lines) + "\n\n" + cable.text.strip() + "\n"


def _redactions(cable: Cable) -> str:
    """How many spans were redacted, and in how many numbered paragraphs."""
    if not cable.redactions:
        return ""
    inside = {
        i
        for r in cable.redactions
        for i, p in enumerate(cable.paragraphs)
        if p.start <= r.start < p.end
    }
    numbered = plural(len(cable.paragraphs), "numbered paragraph")
    where = f" in {len(inside)} of {numbered}" if inside else ""
    return f"{len(cable.redactions)}{where} (see `cablescope redactions id:{cable.id}`)"


_ENTITY_ROWS = (("PER", "people"), ("ORG", "organisations"), ("LOC", "places"), ("MISC", "other"))
_NAMES_SHOWN = 12


def _entity_rows(entities: Sequence[CableEntity], resolved: bool) -> list[tuple[str, str]]:
    """One row per entity type, most mentioned first: a resolved entity as its name and
    id, a name as tagged as itself (with a note when the database was never resolved)."""
    rows = []
    for kind, title in _ENTITY_ROWS:
        found = [e for e in entities if e.type == kind]
        names = [f"{e.name} [{e.id}]" if e.id else e.name for e in found[:_NAMES_SHOWN]]
        more = len(found) - len(names)
        rows.append((title, ", ".join(names) + (f" (+{more} more)" if more > 0 else "")))
    if entities and not resolved:
        rows.append(("entities", "names as tagged: run `cablescope resolve` for entities"))
    return rows


def render_hits(result: Any) -> str:
    """Search results, one block per hit, best first, after a line per fuzzy word of the
    query with the spellings it matched (``gaddafi~: qadhafi 303, qaddafi 12, ...``)."""
    spellings = [str(variants) for variants in result.query.variants]
    if not result.hits:
        return "\n".join([*spellings, "no matches"])
    counted = plural(result.total, "match", "matches")
    lines = [*spellings, counted if result.exact else f"about {counted}"]
    for hit in result.hits:
        origin = proper_origin(hit.origin) if hit.origin else ""
        head = f"{hit.id}  {(hit.date or '')[:10]}  {origin}  {hit.classification or ''}"
        if hit.redactions:
            head += "  " + plural(hit.redactions, "redaction")
        lines.append("")
        lines.append(head)
        if hit.subject:
            lines.append(f"  {hit.subject}")
        if hit.snippet:
            lines.append("  " + " ".join(hit.snippet.split()))
    return "\n".join(lines)


def render_stats(stats: Any) -> str:
    """Counts by year, origin and classification as three small tables."""
    data = stats.to_dict()
    out = [plural(data.get("cables", 0), "cable")]
    for title, key in (
        ("year", "by_year"),
        ("classification", "by_classification"),
        ("origin", "by_origin"),
    ):
        counts = data.get(key, {})
        out.append("")
        out.append(f"by {title}:")
        items = (
            sorted(counts.items())
            if key == "by_year"
            else sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        for name, count in items:
            shown = proper_origin(name) if key == "by_origin" else name
            out.append(f"  {count:>7}  {shown}")
    return "\n".join(out)


def render_facets(facets: Facets) -> str:
    """Counts of the matching cables: per year (of the months), origin, classification,
    TAGS code and entity, each with the filter that narrows to it."""
    years: dict[str, int] = {}
    for month, n in facets.months:
        years[month[:4]] = years.get(month[:4], 0) + n
    out = [plural(facets.total, "cable")]

    def block(title: str, rows: Sequence[tuple[str, int, str]]) -> None:
        if rows:
            out.extend(["", f"{title}:"])
            out.extend(f"  {n:>7,}  {name}  {how}" for name, n, how in rows)

    block("by year", [(y, n, f"from:{y} to:{y}") for y, n in sorted(years.items())])
    block("by origin", [(proper_origin(v), n, f"origin:{quoted(v)}") for v, n in facets.origins])
    block("by classification", [(v, n, f"class:{quoted(v)}") for v, n in facets.classifications])
    block("by TAGS", [(f"{c} {lab or ''}".strip(), n, f"tag:{c}") for c, lab, n in facets.tags])
    for kind, rows in facets.entities:
        block(kind, [(e.name, e.cables, e.filter) for e in rows])
    if not facets.resolved:
        out.extend(["", "entities not resolved: names as tagged (run `cablescope resolve`)"])
    return "\n".join(out)
