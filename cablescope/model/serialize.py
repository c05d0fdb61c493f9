"""Cable <-> JSON-able dict, and Cable <-> JSON bytes.

The dict keeps the dataclass field names exactly, nested records become dicts
and tuples become lists, so ``cable_from_dict(cable_to_dict(c)) == c``.
``Variant.value`` must itself be JSON (lists, not tuples) for the round trip
to be exact. Missing optional keys take the field's default, so records
written before a field existed still load; unknown keys are ignored.
"""

from __future__ import annotations

from typing import Any

import orjson

from cablescope.model.cable import (
    Annotation,
    Cable,
    DateSeen,
    Destination,
    Paragraph,
    Redaction,
    Reference,
    SourceRef,
    Tag,
    Variant,
)
from cablescope.model.mention import Mention
from cablescope.model.text import Edit

Dict = dict[str, Any]


def cable_to_dict(cable: Cable) -> Dict:
    """The cable as plain JSON types: dicts, lists, strings, numbers, booleans, None."""
    c = cable
    return {
        "id": c.id,
        "published_id": c.published_id,
        "id_inferred": c.id_inferred,
        "id_provisional": c.id_provisional,
        "date": c.date,
        "dates": [{"value": d.value, "kind": d.kind, "source": d.source} for d in c.dates],
        "origin": c.origin,
        "destinations": [
            {"name": d.name, "kind": d.kind, "routing": d.routing, "precedence": d.precedence}
            for d in c.destinations
        ],
        "classification": c.classification,
        "handling": list(c.handling),
        "tags": [{"code": t.code, "label": t.label} for t in c.tags],
        "subject": c.subject,
        "references": [
            {"raw": r.raw, "id": r.id, "letter": r.letter, "year_inferred": r.year_inferred}
            for r in c.references
        ],
        "signer": c.signer,
        "classified_by": c.classified_by,
        "reasons": c.reasons,
        "declassify_on": c.declassify_on,
        "paragraphs": [
            {
                "number": p.number,
                "marking": p.marking,
                "start": p.start,
                "end": p.end,
                "text": p.text,
            }
            for p in c.paragraphs
        ],
        "redactions": [{"start": r.start, "end": r.end} for r in c.redactions],
        "text": c.text,
        "raw": c.raw,
        "header": c.header,
        "edits": [
            {"start": e.start, "end": e.end, "replacement": e.replacement, "rule": e.rule}
            for e in c.edits
        ],
        "annotations": [
            {"start": a.start, "end": a.end, "type": a.type, "text": a.text, "source": a.source}
            for a in c.annotations
        ],
        "mentions": [
            {
                "start": m.start,
                "end": m.end,
                "type": m.type,
                "text": m.text,
                "backend": m.backend,
                "score": m.score,
            }
            for m in c.mentions
        ],
        "notes": list(c.notes),
        "sources": [
            {"format": s.format, "path": s.path, "sha256": s.sha256, "fields": list(s.fields)}
            for s in c.sources
        ],
        "variants": [
            {"field": v.field, "value": v.value, "source": v.source, "sha256": v.sha256}
            for v in c.variants
        ],
    }


def cable_from_dict(d: Dict) -> Cable:
    """Rebuild a Cable from ``cable_to_dict`` output (or its JSON round trip).

    Raises KeyError or TypeError when a required key (``id``, or a nested
    record's required field) is missing: a record without them is broken.
    """
    g = d.get
    return Cable(
        id=d["id"],
        published_id=g("published_id"),
        id_inferred=g("id_inferred", False),
        id_provisional=g("id_provisional", False),
        date=g("date"),
        dates=tuple(DateSeen(x["value"], x["kind"], x["source"]) for x in g("dates", ())),
        origin=g("origin"),
        destinations=tuple(
            Destination(x["name"], x["kind"], x.get("routing"), x.get("precedence"))
            for x in g("destinations", ())
        ),
        classification=g("classification"),
        handling=tuple(g("handling", ())),
        tags=tuple(Tag(x["code"], x.get("label")) for x in g("tags", ())),
        subject=g("subject"),
        references=tuple(
            Reference(x["raw"], x["id"], x.get("letter"), x.get("year_inferred", False))
            for x in g("references", ())
        ),
        signer=g("signer"),
        classified_by=g("classified_by"),
        reasons=g("reasons"),
        declassify_on=g("declassify_on"),
        paragraphs=tuple(
            Paragraph(x["number"], x["marking"], x["start"], x["end"], x["text"])
            for x in g("paragraphs", ())
        ),
        redactions=tuple(Redaction(x["start"], x["end"]) for x in g("redactions", ())),
        text=g("text", ""),
        raw=g("raw", ""),
        header=g("header"),
        edits=tuple(
            Edit(x["start"], x["end"], x["replacement"], x["rule"]) for x in g("edits", ())
        ),
        annotations=tuple(
            Annotation(x["start"], x["end"], x["type"], x["text"], x["source"])
            for x in g("annotations", ())
        ),
        mentions=tuple(
            Mention(x["start"], x["end"], x["type"], x["text"], x["backend"], x.get("score", 1.0))
            for x in g("mentions", ())
        ),
        notes=tuple(g("notes", ())),
        sources=tuple(
            SourceRef(x["format"], x["path"], x["sha256"], tuple(x.get("fields", ())))
            for x in g("sources", ())
        ),
        variants=tuple(
            Variant(x["field"], x["value"], x["source"], x["sha256"]) for x in g("variants", ())
        ),
    )


def dumps(cable: Cable) -> bytes:
    """The cable as compact UTF-8 JSON, the same document as ``cable_to_dict`` gives."""
    return orjson.dumps(cable)


def loads(data: bytes | str) -> Cable:
    """The cable that ``dumps`` wrote. Raises ``orjson.JSONDecodeError`` on malformed JSON."""
    return cable_from_dict(orjson.loads(data))
