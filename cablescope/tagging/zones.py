"""Header material and redactions: the spans of a cable's text where no entity can be.

A zone is a half-open ``(start, end)`` span. Zones cover the classification and number line
(post included), archive metadata lines, caveats (SIPDIS, NOFORN…), the E.O. line with its
DECL date, the TAGS codes, the SUBJECT label, REF labels and the cable numbers they cite,
the ``Classified By`` label and its reasons, paragraph numbers and markings (``¶1. (C)``),
``Summary:``/``End Summary``/``Comment:`` words, routing words of addressee lines
(``STATE FOR``, ``DEPARTMENT PASS TO``, ``AMEMBASSY``) and redactions (``XXXXXXXXXXXX``).
"""

from __future__ import annotations

import re

Zone = tuple[int, int]

_LEVEL = (
    r"(?:TOP[ \t]+SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED[ \t]+OFFICIAL[ \t]+USE)"
)
_SPACED = (
    r"(?:C[ ]O[ ]N[ ]F[ ]I[ ]D[ ]E[ ]N[ ]T[ ]I[ ]A[ ]L|S[ ]E[ ]C[ ]R[ ]E[ ]T|U[ ]N[ ]C[ ]L[ ]A[ ]S)"
)
_SOURCES: tuple[str, ...] = (
    # classification and number line, the post included
    r"(?:" + _LEVEL + "|" + _SPACED + r")(?:[ \t]+SECTION[ \t]+\d{1,2}[ \t]+OF[ \t]+\d{1,2})?"
    r"[ \t]+[A-Z][A-Z.'-]*(?:[ \t]+[A-Z][A-Z.'-]*){0,3}[ \t]+\d{3,6}\b",
    # a classification word alone on its line, archive metadata lines
    r"(?m)^[ \t]*" + _LEVEL + r"(?://[A-Z/ ]+)?[ \t]*$",
    r"(?m)^[ \t]*(?:\d{4}-\d\d-\d\d(?:[ \t][\d:]+)?|\d{2}[A-Z]{3,}\d{1,6}|\d{5,7}"
    r"|(?:Embassy|Consulate|Mission|US Mission|USUN|Secretary of State)\b[^\n]{0,40})[ \t]*$",
    # caveats and handling words
    r"\b(?:SIPDIS|NOFORN|NOCONTRACT|ORCON|EXDIS|NODIS|LIMDIS|STADIS|ROGER|EFTO|SBU"
    r"|SENSITIVE(?:[ \t]+BUT[ \t]+UNCLASSIFIED)?|FOR[ \t]+OFFICIAL[ \t]+USE[ \t]+ONLY"
    r"|MINIMIZE(?:D)?[ \t]+CONSIDERED|NNNN)\b",
    # E.O. line with its declassification date
    r"\bE\.?[ \t]?O\.?[ \t]*1\d{3,4}\b[ \t]*[:,.]?(?:[ \t]*DECL(?:ASSIFY)?(?:[ \t]+ON)?\b"
    r"[ \t]*[:.]?)?(?:[ \t]*(?:\d{1,2}/\d{1,2}/\d{2,4}|N/A|[A-Z]{1,2}\d?\b))?",
    r"\bDECL(?:ASSIFY)?(?:[ \t]+ON)?[ \t]*:",
    # TAGS codes up to the end of the line or the SUBJECT label
    r"\bTAGS?\b[ \t]*[:.]?(?:[ \t,;]*\b[A-Z][A-Z0-9_]{1,5}\b)*",
    r"\bSUBJ(?:ECT)?\b[ \t]*[:.]|\bSubj(?:ect)?\b[ \t]*:",
    # REF label, item letters and cable numbers (``09 MEXICO 2650``, ``A. SECSTATE 12``)
    r"\bREF(?:S|TELS?|ERENCES?)?\b[ \t]*[:.]|\bRef(?:s|tels?)?\b[ \t]*:",
    r"(?:(?<=\n)|(?<=REF: )|(?<=REF:)|(?<=[,;] ))[ \t]*(?:¶[ \t]*)?(?:\(?[A-Z][.)][ \t]*)?"
    r"(?:\d{2}[ \t]+)?(?:[A-Z][A-Za-z]+[ \t]+){1,3}\d{1,6}\b",
    # Classified By label and reasons
    r"\bCLASSIFIED[ \t]+BY\b[ \t]*[:.]?|\bClassified[ \t]+[Bb][Yy]\b[ \t]*[:.]?",
    r"(?i:\b(?:for[ \t]+)?reasons?\b)[ \t]*[:.]?[ \t]*1\.\d[^\n]{0,40}",
    r"(?i:\bDERIVED[ \t]+FROM\b)[ \t]*:?",
    # paragraph numbers and markings
    r"¶[ \t]*\d{1,3}[ \t]?\.?(?:[ \t]*\(\s*[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2}\s*\))?",
    r"(?m)^[ \t]*\d{1,3}[ \t]?\.[ \t]*\(\s*[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2}\s*\)",
    r"\(\s*(?:S|C|U|SBU|S/NF|C/NF|S//NF|TS|LOU|FOUO)\s*\)",
    # summary and comment words
    r"\b(?:(?i:begin|end)[ \t]+)?(?:SUMMARY|COMMENT|NOTE|Summary|Comment|Note|summary|comment"
    r"|note)\b(?:[ \t]+(?:AND|and)[ \t]+(?:ACTION[ \t]+REQUEST|COMMENT|Comment|[Aa]ction"
    r"[ \t]+[Rr]equest))?[ \t]*[:.]?",
    r"\bEND[ \t]+(?:TEXT|CABLE|NOTE)\b",
    # routing words of addressee lines
    r"\b(?:AMEMBASSY|AMCONSUL|SECSTATE|WASHDC)\b",
    r"\b(?:DEPT|DEPARTMENT|STATE)(?=[ \t]+(?:FOR|PASS)\b)",
    r"(?m)(?<=[A-Z/])[ \t]+(?:FOR|PASS[ \t]+TO|ALSO[ \t]+FOR)\b|^[ \t]*(?:FOR|PASS[ \t]+TO)\b",
    # redactions
    r"(?<![A-Za-z])(?:XXX+|xxx+)(?![A-Za-z])",
)
_ZONE = re.compile("|".join(f"(?:{src.removeprefix('(?m)')})" for src in _SOURCES), re.M)


def find_zones(text: str) -> list[Zone]:
    """The merged, sorted spans of ``text`` that are header material or redactions."""
    spans = [m.span() for m in _ZONE.finditer(text) if m.end() > m.start()]
    merged: list[Zone] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def outside(zones: list[Zone], start: int, end: int) -> list[Zone]:
    """The pieces of ``[start, end)`` not covered by any zone, in order."""
    pieces: list[Zone] = []
    at = start
    for zs, ze in zones:
        if ze <= at:
            continue
        if zs >= end:
            break
        if zs > at:
            pieces.append((at, zs))
        at = max(at, ze)
        if at >= end:
            break
    if at < end:
        pieces.append((at, end))
    return pieces


def overlaps(zones: list[Zone], start: int, end: int) -> bool:
    """Whether ``[start, end)`` touches a zone."""
    return outside(zones, start, end) != [(start, end)]
