"""The parts of a body that are located by offsets: numbered paragraphs, redactions, the
signature line."""

from __future__ import annotations

import re

from cablescope.model import Paragraph, Redaction

_MARK = r"\(\s*(?P<mark>[A-Z]{1,4}(?:\s*/{1,2}\s*[A-Z]{1,6}){0,2})\s*\)"
_PILCROW = re.compile(r"¶[ \t]*(?P<num>\d{1,3})[ \t]?\.(?!\d)(?:\s*" + _MARK + ")?")
_LINE_START = re.compile(r"\n[ \t]*(?P<num>\d{1,3})[ \t]?\.(?!\d)(?:[ \t]*\n?[ \t]*" + _MARK + ")?")
_INLINE_MARK = re.compile(r"\.[ \t]*" + _MARK)
_WS = re.compile(r"\s+")
_REDACTIONS = (re.compile(r"XXX+"), re.compile(r"xxx+"))

_NAME_LINE = re.compile(r"^[A-Z][A-Z.'-]*[A-Z](?: [A-Z][A-Z.'-]*[A-Z]){0,2}$")
_TITLE_NAME = re.compile(
    r"^(?:[Vv]an |[Dd]e )?(?:Mc|Mac|O'|Le|De)?[A-Z][a-z]+(?:[ -](?:Mc|Le|De)?[A-Z][a-z]+)?$"
)
_TAIL_NAME = re.compile(
    r"(?:(?:\s/|[.!?\"')\]*])\s*|(?:[a-z]{2}|XXX)\s+)([A-Z][A-Z'-]*[A-Z])$"
    r"|(?:\s/|[.!?\"')\]*])\s*((?:Mc|Le)?[A-Z][a-z]{2,})$"
)
_TRAILER = re.compile(r"^(?:NNNN|END TEXT|END CABLE|BT|#\d+|=+.*=+|\d+ \d\d/\d\d/\d{4}|[\W_]+)$")
_NOT_NAMES: frozenset[str] = frozenset(
    {
        "END", "SUMMARY", "COMMENT", "NOTE", "SIPDIS", "NOFORN", "CONFIDENTIAL", "SECRET",
        "UNCLASSIFIED", "UNCLAS", "SENSITIVE", "BUT", "NNNN", "TEXT", "BT", "PAGE", "STATE",
        "OK", "USA", "US", "USG", "GOM", "DOD", "NATO", "UN", "EU", "AND", "THE", "FOR", "OF",
        "TO", "IN", "ON", "BY", "AT", "AMEMBASSY", "AMCONSUL", "SECSTATE", "WASHDC",
        "IMMEDIATE", "PRIORITY", "ROUTINE", "MINIMIZE", "CONSIDERED", "QUOTE", "UNQUOTE",
        "CABLE", "ENDS", "THANKS", "REGARDS", "PARA", "REF", "REFTEL", "ACTION", "INFO",
        "POST", "VIA", "EMBASSY", "MISSION", "ASSISTANCE", "MFA", "MOD", "MOI", "DCIA", "CIA",
        "FBI", "DEA", "DHS", "DOE", "DOJ", "NSC", "USAID", "GOA", "GOB", "GOC", "GOE", "GOI",
        "GOJ", "GOK", "GOL", "GON", "GOP", "GOS", "GOT", "GOU", "GOV", "GOZ", "USUN", "URS",
    }
)  # fmt: skip


def _marking(raw: str | None) -> str | None:
    if raw is None or raw.isalpha():
        return raw
    return _WS.sub("", raw)


def _number_before(text: str, dot: int) -> int:
    """Where a 1-3 digit number ending at ``dot`` (maybe one space before it) starts, if it
    is preceded by a space or tab; else -1."""
    end = dot - 1 if dot > 0 and text[dot - 1] in " \t" else dot
    start = end
    while start > 0 and end - start < 3 and "0" <= text[start - 1] <= "9":
        start -= 1
    if start == end or start == 0 or text[start - 1] not in " \t":
        return -1
    return start


def _candidates(text: str, stop: int) -> list[tuple[int, int, str | None, bool]]:
    found: list[tuple[int, int, str | None, bool]] = []
    for m in _PILCROW.finditer(text, 0, stop):
        found.append((m.start(), int(m.group("num")), m.group("mark"), True))
    for m in _LINE_START.finditer("\n" + text[:stop]):
        mark = m.group("mark")
        found.append((m.start("num") - 1, int(m.group("num")), mark, mark is not None))
    for m in _INLINE_MARK.finditer(text, 0, stop):
        at = _number_before(text, m.start())
        if at >= 0:
            found.append((at, int(text[at : m.start()]), m.group("mark"), True))
    found.sort()
    return found


def find_paragraphs(text: str, end: int | None = None) -> tuple[Paragraph, ...]:
    """The numbered paragraphs of ``text`` (``1. (C) …``, ``¶1. (SBU) …``, ``1 . ( C ) …``).

    A paragraph runs to the next one; the last ends at ``end`` (default: the end of the
    text). Plain ``N.`` at a line start without ``¶`` or a marking counts only when it
    follows the previous number, which keeps numbered lists inside paragraphs out.
    """
    stop = len(text) if end is None else end
    starts: list[tuple[int, int, str | None]] = []
    last: int | None = None
    for start, num, mark, strong in _candidates(text, stop):
        if starts and start <= starts[-1][0]:
            continue
        if not strong and num != (1 if last is None else last + 1):
            continue
        starts.append((start, num, _marking(mark)))
        last = num
    paragraphs: list[Paragraph] = []
    for i, (start, num, mark) in enumerate(starts):
        limit = starts[i + 1][0] if i + 1 < len(starts) else stop
        body = text[start:limit].rstrip()
        paragraphs.append(
            Paragraph(number=num, marking=mark, start=start, end=start + len(body), text=body)
        )
    return tuple(paragraphs)


def find_redactions(text: str) -> tuple[Redaction, ...]:
    """Runs of three or more X (``XXXXXXXXXXXX``) standing as words."""
    spans: list[Redaction] = []
    for pattern in _REDACTIONS:
        for m in pattern.finditer(text):
            before = text[m.start() - 1] if m.start() else " "
            after = text[m.end()] if m.end() < len(text) else " "
            if not before.isalpha() and not after.isalpha():
                spans.append(Redaction(start=m.start(), end=m.end()))
    spans.sort(key=lambda r: r.start)
    return tuple(spans)


def _last_lines(text: str, count: int) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    end = len(text)
    while end > 0 and len(out) < count:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line:
            out.append((start + text[start:end].find(line), line))
        end = start - 1
    return out


def _name_of(words: list[str]) -> str | None:
    """The name in a signature line: the words after the last word that cannot be part of
    a name, a doubled name said once (``BOYCE BOYCE``)."""
    for i in range(len(words) - 1, -1, -1):
        if words[i].upper() in _NOT_NAMES:
            words = words[i + 1 :]
            break
    if len(words) == 2 and words[0] == words[1]:
        words = words[:1]
    name = " ".join(words)
    return name if name.strip("Xx ") else None


def find_signer(text: str) -> tuple[str | None, int | None, bool]:
    """The name that signs the cable (``PASCUAL``, ``FEELEY``), its offset, and whether it
    stands alone on its line; (None, None, False) when unsure.

    Looks at the last line, past trailers such as ``NNNN``: a line of one to three upper-case
    words (or one or two capitalised ones), or a name closing the line after `` / ``, a
    sentence end or lower-case text (``… index.cfm TUTTLE``).
    """
    lines = _last_lines(text, 5)
    for i, (offset, raw) in enumerate(lines):
        line = raw.rstrip("\\ ")
        if not line or _TRAILER.match(line) or line.endswith("..."):
            continue
        bare = line.rstrip('."')
        before = lines[i + 1][1].rstrip("\\ ") if i + 1 < len(lines) else ""
        titled = _TITLE_NAME.match(bare) is not None and (
            before[-1:] in ".!?\")'" or "http" in before
        )
        if _NAME_LINE.match(bare) or titled:
            name = _name_of(bare.split())
            return (name, offset, True) if name else (None, None, False)
        cut = max(0, len(line) - 60)
        m = _TAIL_NAME.search(line, cut) or _TAIL_NAME.search(bare, min(cut, len(bare)))
        if m is not None:
            name = m.group(1) or m.group(2)
            if name.upper() not in _NOT_NAMES and name.strip("Xx"):
                return name, offset + m.start(1 if m.group(1) else 2), False
        return None, None, False
    return None, None, False
