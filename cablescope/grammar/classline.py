"""The classification and cable-number line: ``SECRET SECTION 01 OF 05 MEXICO 000083``,
``C O N F I D E N T I A L HARARE 005461``, ``UNCLAS E F T O LONDON 002883``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.grammar.classification import HANDLING_CODES, join_spaced
from cablescope.grammar.classification import normalise_classification as _level_of
from cablescope.grammar.posts import post_token


@dataclass(frozen=True, slots=True)
class ClassLine:
    """A classification and cable-number line.

    ``level`` is the normalised level without caveats; ``caveats`` are words written
    between the level and the post (``EFTO``, ``NOFORN``); ``section`` is ``01 OF 05``;
    ``post`` is the post as in IDs (``NEWDELHI``) and ``number`` has no leading zeros,
    both None when the line is damaged; ``start``/``end`` are offsets of the match.
    """

    level: str
    caveats: tuple[str, ...]
    section: str | None
    post: str | None
    number: str | None
    start: int
    end: int


_LEVEL = (
    r"(?<![A-Za-z])(?P<level>TOP\s+SECRET|(?:S\s?){0,2}E\s?C\s?R\s?E\s?T"
    r"|(?:C\s?){0,2}O\s?N\s?F\s?I\s?D\s?E\s?N\s?T\s?I\s?A\s?L"
    r"|U{0,2}\s?N\s?C\s?L\s?A\s?S(?:\s?S\s?I\s?F\s?I\s?E\s?D)?|LIMITED\s+OFFICIAL\s+USE)"
)
_SECTION = r"\d{1,2}[ \t]*[A-Za-z]{1,3}[ \t]*\d{1,2}"
_POST_WORD = r"(?![A-Za-z]{3,8}[ \t]+" + _SECTION + r"[ \t])[A-Za-z][A-Za-z.'&-]*"
_SOURCE = (
    _LEVEL + r"(?:\s*(?:/{1,2}|,)\s*NOFORN)?[ \t]*\n?[ \t]*(?<=\s)"
    r"(?P<mid>(?:[A-Za-z][A-Za-z.'&/-]*[ \t]+){0,7}?)"
    r"(?:[A-Za-z]{3,8}[ \t]*(?P<sec>" + _SECTION + r")(?:[ \t]*\n[ \t]*|[ \t]+))?"
    r"(?P<post>" + _POST_WORD + r"(?:[ \t]+" + _POST_WORD + r"){0,7}?)[ \t]+"
    r"(?P<num>\d{1,8})(?![\d/:.-]\d)(?!\d)(?!Z[ \t]+[A-Z]{3}\b)"
)
_LINE = re.compile(_SOURCE)
_LINE_ANY_CASE = re.compile(_SOURCE, re.I)
_WS = re.compile(r"\s+")


def find_class_line(text: str, limit: int) -> ClassLine | None:
    """The first classification and number line before ``limit``.

    Upper-case lines are preferred; a line in other case counts when it starts a line
    before the first upper-case one (``S e c r e t section 01 of 02 baku 000020``).
    """
    m = _LINE.search(text, 0, limit)
    other = _LINE_ANY_CASE.search(text, 0, m.start() if m is not None else limit)
    if other is not None and (m is None or other.start() == 0 or text[other.start() - 1] == "\n"):
        m = other
    if m is None:
        return None
    level = _level_of(_WS.sub("", m.group("level")))
    if level is None:
        return None
    words = join_spaced(f"{m.group('mid')} {m.group('post')}").upper().split()
    caveats: list[str] = []
    while words and words[0] in HANDLING_CODES:
        caveats.append(words.pop(0))
    if "NOFORN" in m.group(0)[: m.start("mid") - m.start()].upper():
        caveats.append("NOFORN")
    section = _WS.sub(" ", m.group("sec")).upper() if m.group("sec") is not None else None
    token: str | None = post_token(" ".join(words)) or None
    number: str | None = str(int(m.group("num")))
    if token is not None and (token.startswith("SECTION") or not token.strip("X")):
        token = number = None
    return ClassLine(
        level=level,
        caveats=tuple(caveats),
        section=section,
        post=token,
        number=number,
        start=m.start(),
        end=m.end(),
    )
