"""The cable body grammar: classification and number line, caveats, E.O. line, TAGS,
SUBJECT, REF, Classified By, paragraphs, redactions and signature.

Works on the body after text repair but accepts unrepaired text too (letter-spaced
``C O N F I D E N T I A L``, headers run together on one line, lower-case headers,
double-spaced PlusD bodies).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.grammar._head import Head, collapse
from cablescope.grammar.classification import HANDLING_CODES, combine, join_spaced
from cablescope.grammar.classline import ClassLine, find_class_line
from cablescope.grammar.dates import parse_created, parse_dateline, parse_declassify
from cablescope.grammar.paragraphs import find_paragraphs, find_redactions, find_signer
from cablescope.grammar.tags import split_tags
from cablescope.model import Paragraph, Redaction

HEAD_MAX = 12000
"""How far into a body header fields are looked for when no paragraph starts earlier."""


@dataclass(frozen=True, slots=True)
class BodyFields:
    """What a cable body says about itself. Offsets index the text given to parse_body.

    ``classification`` is normalised (``SECRET//NOFORN``); ``handling`` lists caveats
    (``NOFORN``, ``SIPDIS``, ``EFTO``); ``post`` and ``number`` come from the number line
    (``MEXICO``, ``83``) and ``section`` is its ``01 OF 05``; ``declassify_on`` and
    ``dateline`` are ISO; ``references`` are the raw REF blocks (see parse_references).
    """

    classification: str | None = None
    handling: tuple[str, ...] = ()
    post: str | None = None
    number: str | None = None
    section: str | None = None
    declassify_on: str | None = None
    tags: tuple[str, ...] = ()
    subject: str | None = None
    references: tuple[str, ...] = ()
    classified_by: str | None = None
    reasons: str | None = None
    signer: str | None = None
    paragraphs: tuple[Paragraph, ...] = ()
    redactions: tuple[Redaction, ...] = ()
    dateline: str | None = None


_DECL = re.compile(r"DECL(?:ASSIFY)?(?:[ \t]+ON)?\b[ \t]*[:.]?", re.I)
_REASON = re.compile(r"[,;.]?\s*(?:\bfor\s+)?\breasons?\b\s*[:.]?\s*", re.I)
_REASON_NUMBER = re.compile(r"[,;.]?\s*(?:\b(?:per|under)\s+)?\b(?=1\s?[./]\s?[45]\b)", re.I)
_HANDLING_WORD = re.compile(r"[A-Z]{4,10}")
_SENSITIVE = re.compile(r"\bSENSITIVE\b|\bSBU\b|FOR OFFICIAL USE ONLY|\bFOUO\b", re.I)


def _handling(text: str, line: ClassLine | None, start: int, end: int) -> tuple[str, ...]:
    found: list[str] = list(line.caveats) if line is not None else []
    for word in _HANDLING_WORD.findall(join_spaced(text[start:end].upper())):
        if word in HANDLING_CODES and word != "SENSITIVE" and word not in found:
            found.append(word)
    return tuple(found)


def _declassify_on(head: Head) -> str | None:
    marker = head.first("eo")
    if marker is None:
        return None
    segment = head.text[marker.value : head.field_end(marker.value)]
    decl = _DECL.search(segment)
    if decl is None or "DECLASSIFIED" in segment.upper():
        return None
    return parse_declassify(segment[decl.end() :])


def _classified_by(head: Head) -> tuple[str | None, str | None]:
    marker = head.first("clby")
    if marker is None:
        return None, None
    value = head.value(marker.value)
    m = _REASON.search(value) or _REASON_NUMBER.search(value)
    who, reasons = (value, "") if m is None else (value[: m.start()], value[m.end() :])
    who = who.strip(" ,;:.")
    reasons = reasons.strip(" ,;:")
    if reasons.endswith(".") and not reasons.endswith(".."):
        reasons = reasons[:-1].rstrip()
    return (who or None), (reasons or None)


def _dateline(text: str) -> str | None:
    line = text.lstrip()[:80].split("\n", 1)[0]
    if line.startswith("Cable dated:"):
        return parse_created(line[12:31])
    return parse_dateline(line)


def _head(text: str, paragraphs: tuple[Paragraph, ...]) -> tuple[ClassLine | None, Head]:
    """The classification line and the header block: from that line (or the top) to the
    first paragraph, at most ``HEAD_MAX`` characters."""
    head_end = min(len(text), HEAD_MAX)
    if paragraphs and paragraphs[0].start < head_end:
        head_end = paragraphs[0].start
    line = find_class_line(text, head_end)
    return line, Head.read(text, line.start if line is not None else 0, head_end)


def _reference_spans(head: Head) -> list[tuple[int, int]]:
    return [(marker.start, head.ref_end(marker.start + 3)) for marker in head.all("ref")]


def reference_spans(text: str) -> list[tuple[int, int]]:
    """Where the REF blocks of a body lie (label and list), as ``parse_body`` reads them."""
    limit = min(len(text), HEAD_MAX)
    return _reference_spans(_head(text, find_paragraphs(text, limit))[1])


def parse_body(text: str) -> BodyFields:
    """Read the header fields, paragraphs, redactions and signature of a cable body."""
    signer, signer_at, alone = find_signer(text)
    paragraphs = find_paragraphs(text, signer_at if alone else None)
    line, head = _head(text, paragraphs)
    head_end = head.end
    stops = head.stops()

    last_header = max(stops[-1] if stops else 0, line.end if line is not None else 0)
    if signer_at is not None and signer_at <= (paragraphs[0].start if paragraphs else last_header):
        signer = None

    caveat_end = min([m.start for m in head.markers if m.kind in ("eo", "subject")] or [head_end])
    tags: tuple[str, ...] = ()
    for marker in head.all("tags"):
        tags = split_tags(text, marker.value, stops, head_end)
        if tags:
            caveat_end = min(caveat_end, marker.start)
            break

    references = tuple(collapse(text[start:end]) for start, end in _reference_spans(head))
    classified_by, reasons = _classified_by(head)
    handling = _handling(text, line, line.end if line else head.start, caveat_end)
    sensitive = _SENSITIVE.search(text, head.start, caveat_end) is not None
    return BodyFields(
        classification=combine(line.level if line else None, handling, sensitive),
        handling=handling,
        post=line.post if line else None,
        number=line.number if line else None,
        section=line.section if line else None,
        declassify_on=_declassify_on(head),
        tags=tags,
        subject=head.subject(),
        references=references,
        classified_by=classified_by,
        reasons=reasons,
        signer=signer,
        paragraphs=paragraphs,
        redactions=find_redactions(text),
        dateline=_dateline(text),
    )
