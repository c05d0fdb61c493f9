"""Addressee lines between the classification line and the E.O. line (``STATE FOR
NEA/ARPI``, ``LONDON FOR GAYLE; PARIS FOR WALLER``, ``NSC FOR M. GAVIN``, ``FOR S/WCI
(AMBASSADOR WILLIAMSON AND MILBERT SHIN)``): office symbols and agencies are ORG, posts named
by their city LOC, people PER, routing words and titles nothing."""

from __future__ import annotations

import re

from cablescope.grammar.posts import known_tokens, post_token
from cablescope.tagging.names import is_title

Found = tuple[int, int, str]

_HEAD_END = re.compile(r"\bE\.?[ \t]?O\.?[ \t]*1\d{3,4}\b|\bTAGS?\b|\bSUBJ(?:ECT)?\b|¶")
_LINE = re.compile(r"[^\n]+")
_FOR = re.compile(
    r"[ \t]+(?:ALSO[ \t]+)?(?:FOR|PASS[ \t]+TO)[ \t]+|^[ \t]*(?:FOR|PASS[ \t]+TO)[ \t]+"
)
_ITEM = re.compile(r"[^,;()]+")
_AND = re.compile(r"[ \t]+AND[ \t]+")
_WORD = re.compile(r"[A-Z][A-Z.'/-]*")
_SYMBOL = re.compile(r"[A-Z]{1,8}(?:/[A-Z0-9]{1,6})+")
_ROUTING = frozenset(
    {
        "DEPT",
        "DEPARTMENT",
        "STATE",
        "SECSTATE",
        "AMEMBASSY",
        "AMCONSUL",
        "WASHDC",
        "ALSO",
        "PLEASE",
        "PASS",
        "TO",
        "FOR",
        "INFO",
        "ACTION",
    }
)
_POST_WORDS = frozenset({"AMEMBASSY", "AMCONSUL", "AMCONGEN"})
"""Words after which an addressee is a post, named by its city (``PASS TO AMCONSUL
RECIFE``)."""
_NOT_ADDRESSEE = frozenset(
    {
        "SIPDIS",
        "NOFORN",
        "SENSITIVE",
        "EXDIS",
        "NODIS",
        "LIMDIS",
        "CORRECTED",
        "COPY",
        "SECTION",
        "OF",
        "BUT",
        "UNCLASSIFIED",
    }
)


def _words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]


def _to_part(text: str, start: int, end: int) -> list[Found]:
    words = [(s, e) for s, e in _words(text, start, end) if text[s:e] not in _ROUTING]
    if not words:
        return []
    s, e = words[0][0], words[-1][1]
    if post_token(text[s:e]) in known_tokens():
        return [(s, e, "LOC")]
    if _SYMBOL.fullmatch(text[s:e]) or len(words) == 1:
        return [(s, e, "ORG")]
    return [(s, e, "LOC")]


def _who_part(text: str, start: int, end: int) -> list[Found]:
    found: list[Found] = []
    for item in _ITEM.finditer(text, start, end):
        pieces = _AND.split(item.group())
        at = item.start()
        for piece in pieces:
            offset = text.find(piece, at, item.end())
            at = offset + len(piece)
            run: list[tuple[int, int]] = []
            post = False
            for s, e in _words(text, offset, offset + len(piece)) + [(-1, -1)]:
                word = text[s:e] if s >= 0 else ""
                if s >= 0 and _SYMBOL.fullmatch(word):
                    found.append((s, e, "ORG"))
                    continue
                if s >= 0 and not is_title(word) and word not in _ROUTING:
                    run.append((s, e))
                    continue
                if run:
                    kind = "PER" if s < 0 or len(run) > 1 or run[0][1] - run[0][0] > 3 else "ORG"
                    found.append((run[0][0], run[-1][1], "LOC" if post else kind))
                    run = []
                post = word in _POST_WORDS
    return found


def _line(text: str, start: int, end: int) -> list[Found]:
    line = text[start:end]
    if line.upper() != line or not any(c.isalpha() for c in line):
        return []
    if any(word in _NOT_ADDRESSEE for word in re.findall(r"[A-Z]+", line)):
        return []
    found: list[Found] = []
    for seg in re.finditer(r"[^;]+", line):
        s0, e0 = start + seg.start(), start + seg.end()
        cut = _FOR.search(text, s0, e0)
        if cut is None:
            found += [
                (s, e, "ORG") for s, e in _words(text, s0, e0) if _SYMBOL.fullmatch(text[s:e])
            ]
            continue
        found += _to_part(text, s0, cut.start())
        rest = cut.end()
        inner = _FOR.search(text, rest, e0)
        if inner is not None and inner.start() > rest:
            found += _to_part(text, rest, inner.start())
            rest = inner.end()
        found += _who_part(text, rest, e0)
    return found


def addressees(text: str, start: int) -> list[Found]:
    """The entities of the addressee lines between ``start`` (the end of the classification
    line) and the first E.O., TAGS or SUBJECT marker or paragraph."""
    stop = _HEAD_END.search(text, start, start + 1500)
    if stop is None:
        return []
    found: list[Found] = []
    for m in _LINE.finditer(text, start, stop.start()):
        found += _line(text, m.start(), m.end())
    return [(s, e, kind) for s, e, kind in found if e > s]
