"""Raw cables.csv records that WikiLeaks left inside some bodies.

Two shapes, both on the Cablegate pages:

* the body is a short excerpt of the header, then the cable's own cables.csv
  record (``12055,11/12/2003 16:26,03THEHAGUE2835,"Embassy The Hague",SECRET,
  refs,"header","body"``) whose last field is the full text: the excerpt and
  the record's fields before the text are removed (rule ``embedded-record``);
* after the text, the records of other cables follow: they are removed to the
  end (rule ``appended-records``).

A record is recognised only by its full shape (row number, date and time,
cable identifier) at the start of a line. The cable's own number is read from
the classification line (``S E C R E T THE HAGUE 001915``); the first record
is the cable's own when it comes early and carries that number (or no number
is found), and any later record with another identifier belongs to another
cable. A record at the top of a body is never cut.

Other pages open with the record in another dress, then the cable (rule
``record-fields`` unless said):

* labelled: ``id: 166149``, ``date:``, ``refid:``, ``origin:``, ``classification:``,
  ``destination:``, ``header:`` and the header, closed by ``----- header ends -----``
  (rule ``labelled-record``; the ``===CABLE ENDS===`` line after the text goes too);
* one field a line (``102374``, ``2007-03-28 23:31:00``, ``07MEXICO1581``, ``Embassy
  Mexico``, ``CONFIDENTIAL``, the references), or a row whose commas and quotes are
  damaged (``10 BUENOSAIRES 91, "Embassy Buenos Airres ,CONFIDENTIAL ,``), or labels in
  capitals (``CLASSIFICATION:``, ``DESTINATION:``), then the routing header up to the
  cable's classification line;
* a row of tab-separated fields whose header and text escape each line end with a
  backslash: the backslashes go too (rule ``escaped-newline``).

Before the record there may be an excerpt of the cable, cut after some 230 characters
and ended by ``...``: when it is the start of the text that follows (spacing and ``¶``
aside), it goes (rule ``duplicate-excerpt``); otherwise it stays. The header these
records hold is the cable's transmission header, which ``embedded_header`` returns so
that the record keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablescope.model import Edit
from cablescope.repair.headers import LEVEL, START, header_blocks, may_hold_header

EMBEDDED = "embedded-record"
APPENDED = "appended-records"
LABELLED = "labelled-record"
FIELDS = "record-fields"
ESCAPED = "escaped-newline"
EXCERPT = "duplicate-excerpt"

_RECORD = re.compile(
    r'(?m)(?:^|(?<=",))"?\d{1,7}"?(?P<sep>[,\t ])"?(?:\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}'
    r'|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"?(?P=sep)"?(?P<id>\d{2}[A-Z]+(?P<serial>\d+))"?(?P=sep)'
)
_FIELDS = re.compile(
    r'(?:"(?:[^"]|"")*"|[^,"]{0,80}),[^,"]{0,80},[^,"]{0,400},"(?P<header>(?:[^"]|"")*)","'
)
# The dates of a row (``11/12/2003 16:26``, ``2009-07-06 10:01:00``), each found from a
# character the search can skip to.
_DATE_PROBES = (
    re.compile(r"/(?:19|20)\d\d \d{1,2}:\d\d"),
    re.compile(r"-(?<=(?:19|20)\d\d-)\d\d-\d\d \d\d:"),
)
_HEADER_SERIAL = re.compile(
    r"(?m)(?:^|(?<=\t))[ \t]*(?:S ?E C R E T|C ?O N F I D E N T I A L|U N C L A S|SECRET"
    r"|CONFIDENTIAL|UNCLAS|LIMITED OFFICIAL USE)\b[^\n]{0,80}?[A-Z]{3,} 0*(\d{1,8})[ \t\\]*$"
)
_CLOSING = re.compile(r'"[ \t]*,?[ \t\r\n]*\Z')
_EXCERPT_LIMIT = 1500
_SERIAL_REACH = 3000
_TOP = 64
_JUNK_BEFORE = frozenset(' \t\r\n",')


def _own_serial(text: str) -> str | None:
    m = _HEADER_SERIAL.search(text, 0, min(len(text), _SERIAL_REACH))
    return m.group(1).lstrip("0") if m else None


def _serial(record: re.Match[str]) -> str:
    return record.group("serial").lstrip("0")


def _own_record(
    text: str, records: list[re.Match[str]], own_serial: str | None
) -> tuple[str | None, re.Match[str] | None]:
    """The id of the cable's own record among ``records`` and the match of its fields up to
    the text, when the first record is the cable's own."""
    first = records[0]
    if first.start() > _EXCERPT_LIMIT or own_serial not in (None, _serial(first)):
        return None, None
    return first.group("id"), _FIELDS.match(text, first.end())


def _dated(text: str, end: int) -> bool:
    return any(probe.search(text, 0, end) is not None for probe in _DATE_PROBES)


def record_edits(text: str) -> list[Edit]:
    """Edits removing embedded and appended cables.csv records from a body."""
    if not _dated(text, len(text)):
        return []
    records = list(_RECORD.finditer(text))
    if not records:
        return []
    edits: list[Edit] = []
    own_serial = _own_serial(text)
    end_of_text = len(text)
    own_id, fields = _own_record(text, records, own_serial)
    if fields is not None:
        edits.append(Edit(0, fields.end(), "", EMBEDDED))
    for record in records:
        if record.start() < _TOP:
            continue
        if own_id is not None:
            other = record.group("id") != own_id
        else:
            other = own_serial is not None and _serial(record) != own_serial
        if other:
            start = record.start()
            while start > 0 and text[start - 1] in _JUNK_BEFORE:
                start -= 1
            if edits and start < edits[-1].end:
                break
            edits.append(Edit(start, len(text), "", APPENDED))
            end_of_text = start
            break
    if edits and edits[0].rule == EMBEDDED:
        closing = _CLOSING.search(text, edits[0].end, end_of_text)
        if closing is not None and closing.start() >= edits[0].end:
            edits.insert(1, Edit(closing.start(), closing.end(), "", EMBEDDED))
    return edits


_LABELS = re.compile(
    r"(?m)(?:^|(?<=\.\.\.))(?:id: ?\d+[^\n]*\n)?date: [^\n]*\nrefid: [^\n]*\n"
    r"(?:[a-z]+:[^\n]*\n){0,4}header:[ \t]*\n"
)
_HEADER_ENDS = re.compile(r"[ \t]*-{5,} ?header ends ?-{5,}[ \t]*(?:\n[ \t]*)*")
_CABLE_ENDS = re.compile(r"\s*=+ ?CABLE ENDS ?=+\s*\Z")
_CABLE_ENDS_LINE = re.compile(r"\s*=+ ?CABLE ENDS ?=+\s*$")
_STAMP = r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}[ T]\d{1,2}:\d\d(?::\d\d)?"
_TABBED = re.compile(
    r"(?m)^[ \t]*(?P<fields>(?:[^\t\n]{0,200}\t){2,9}?)\s*(?P<header>(?:VZCZC|[OPRZ]{1,2}[ \t]+R[A-Z]"
    r"|[OPRZ](?:[ \t]+[OPRZ])?[ \t]+\d{6}[ \t]?Z|INFO[ \t]+[A-Z]+-\d\d|This record)[^\t]{0,6000})\t"
)
_CLASS_FIELD = re.compile(r"\b(?:UNCLASSIFIED|CONFIDENTIAL|SECRET)\b")
_ID = r"\d{2}[ \t]?[A-Z]{3,}(?:[ \t][A-Z]+)*[ \t]?\d{1,6}"
_FIELD_START = re.compile(
    r"(?m)^[ \t]*(?:(?:<<)?\d{1,7}(?:>>)?[ \t]*(?:\n|,(?=[ \t\"]*\d{1,4}[-/.]\d))"
    r"|(?:" + _STAMP + r"|\d{1,2}:\d\d)[ \t]*(?:\n|,(?=" + _ID + r"))"
    r"|" + _ID + r"[ \t]*[\n,]|(?:ID|CLASSIFICATION):)"
)
_EXCERPT_END = re.compile(r"(?:\.\.\.|\")[\s\",]*\Z")
_FRONT_HEADER = re.compile(START.pattern + r"|(?<=DESTINATION: )VZCZC")
_RECORD_SIGN = re.compile(_STAMP + r"|\b" + _ID + r"\b|CLASSIFICATION:")
_BODY = re.compile(
    r"(?mi)(?:^|(?<=[\t\",]))[ \t]*" + LEVEL + r"(?![A-Za-z])[ \t/]*[A-Z][^\n]{0,80}?\d"
)
_LINED = re.compile(
    r"(?m)^[ \t]*(?:<<)?\d{1,7}(?:>>)?[ \t]*\n\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}"
    r"(?:[ T]\d{1,2}:\d\d(?::\d\d)?)?[ \t]*\n\s*\d{2}[A-Z]+\d+[ \t]*\n"
)
_DTG_OR_FM = re.compile(r"(?m)\d{6}[ \t]?Z[ \t]+[A-Z]{3}|^[ \t]*(?:FM|From:)[ \t]")
_LINED_FIELDS = 3
_GLUED_FM = re.compile(r"(?:^|(?<=[\s\d]))FM[ \t]+[A-Z]|\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d\d")
_ESCAPE = re.compile(r"\\(?=\n|\Z)")
_SQUEEZE = re.compile(r"[\s¶\"]+")
_FRONT_REACH = 4000
_RECORD_REACH = 1200
_HEADER_REACH = 6000


@dataclass(frozen=True, slots=True)
class Front:
    """A record at the top of a body: ``text[start:body]`` is the record (with its header
    at ``header``), ``text[:start]`` an excerpt or nothing, ``text[trailer:]`` an export
    marker after the text (or ``trailer`` is the text's length)."""

    start: int
    body: int
    header: tuple[int, int]
    rule: str
    trailer: int
    escaped: bool = False


def _labelled(text: str) -> Front | None:
    if "header ends" not in text:
        return None
    m = _LABELS.search(text, 0, _FRONT_REACH)
    if m is None:
        return None
    ends = _HEADER_ENDS.search(text, m.end(), m.end() + _HEADER_REACH)
    if ends is None:
        return None
    tail = _CABLE_ENDS.search(text, ends.end())
    trailer = tail.start() if tail is not None else len(text)
    return Front(m.start(), ends.end(), (m.end(), ends.start()), LABELLED, trailer)


def _tabbed(text: str) -> Front | None:
    if "\t" not in text[:_FRONT_REACH]:
        return None
    m = _TABBED.search(text, 0, _FRONT_REACH + _HEADER_REACH)
    if m is None or m.start() > _FRONT_REACH or _CLASS_FIELD.search(m.group("fields")) is None:
        return None
    start = m.start() + len(m.group()) - len(m.group().lstrip(" \t"))
    body = m.end() + len(text[m.end() :]) - len(text[m.end() :].lstrip("\n"))
    escaped = text.count("\\\n", body) >= 2
    return Front(start, body, m.span("header"), FIELDS, len(text), escaped)


def _after_excerpt(text: str, start: int, body: int | None) -> bool:
    """Whether a record at ``start`` opens the text or follows an excerpt: one that ends with
    ``...`` or the closing quote of an exported field, or repeats the text at ``body``."""
    if not text[:start].strip() or _EXCERPT_END.search(text[max(0, start - 20) : start]):
        return True
    return body is not None and _duplicate(text[:start], text, body)


def _lined(text: str) -> Front | None:
    """A record of one field a line (number, date, id, then origin, classification and the
    references), its header if any, up to the cable's classification line."""
    m = _LINED.search(text, 0, _FRONT_REACH)
    if m is None:
        return None
    start = m.start() + len(m.group()) - len(m.group().lstrip())
    body = _BODY.search(text, m.end(), m.end() + _HEADER_REACH)
    if body is None:
        return None
    at = body.start() + len(body.group()) - len(body.group().lstrip(" \t"))
    if not _after_excerpt(text, start, at):
        return None
    header = _DTG_OR_FM.search(text, m.end(), at)
    fields_end = header.start() if header is not None else at
    if sum(1 for line in text[m.end() : fields_end].split("\n") if line.strip()) > _LINED_FIELDS:
        return None
    if header is None:
        return Front(start, at, (at, at), FIELDS, len(text))
    head = text.rfind("\n", 0, header.start()) + 1
    return Front(start, at, (head, len(text[:at].rstrip())), FIELDS, len(text))


def _record_start(text: str, header: int) -> int | None:
    """Where the record fields before a header at ``header`` start: the top of the text, or
    the first field line no more than ``_RECORD_REACH`` before it, at the top or after an
    excerpt (which ends with ``...`` or the closing quote of an exported field); None when
    there are none."""
    if not text[:header].strip():
        return len(text[:header]) - len(text[:header].lstrip())
    for m in _FIELD_START.finditer(text, max(0, header - _RECORD_REACH), header):
        at = m.start() + len(m.group()) - len(m.group().lstrip())
        if _RECORD_SIGN.search(text, at, header) is None:
            continue
        if _after_excerpt(text, at, None):
            return at
    return None


def _fielded(text: str) -> Front | None:
    if not may_hold_header(text, _FRONT_REACH):
        return None
    for m in _FRONT_HEADER.finditer(text, 0, _FRONT_REACH):
        start = _record_start(text, m.start())
        if start is None:
            continue
        for body in _BODY.finditer(text, m.end(), m.end() + _HEADER_REACH):
            if _GLUED_FM.search(text, m.start(), body.start()) is None:
                break
            at = body.start() + len(body.group()) - len(body.group().lstrip(" \t"))
            header_end = len(text[:at].rstrip(' \t\n",')) if at > m.start() else at
            quoted = m.start() > 0 and text[m.start() - 1] in '",'
            closing = _CLOSING.search(text, at) if quoted else None
            trailer = closing.start() if closing is not None else len(text)
            return Front(start, at, (m.start(), max(m.start(), header_end)), FIELDS, trailer)
        return None
    return None


def find_front(text: str) -> Front | None:
    """The record at the top of ``text``, in any of the shapes in the module docstring."""
    return _labelled(text) or _tabbed(text) or _lined(text) or _fielded(text)


def _squeezed(text: str) -> str:
    return _SQUEEZE.sub("", text)


def _duplicate(excerpt: str, text: str, body: int) -> bool:
    """Whether ``excerpt`` repeats ``text[body:]``: its start cut short (spacing, ``¶`` and
    quotes aside: the export doubles or drops them), and after its ``...`` nothing or the
    last words of the text."""
    core = excerpt
    tail = _CABLE_ENDS_LINE.search(core)
    if tail is not None:
        core = core[: tail.start()]
    head, dots, rest = core.rpartition("...")
    if not dots:
        head, rest = core, ""
    head = _squeezed(head.rstrip(' \t\n",.'))
    if not _squeezed(text[body : body + 4 * len(excerpt)]).startswith(head):
        return False
    last = _squeezed(rest.rstrip(' \t\n",'))
    end = text[len(text) - 4 * len(rest) :].rstrip(' \t\n",')
    return not last or _squeezed(end).endswith(last)


def front_edits(text: str) -> list[Edit]:
    """Edits removing a record at the top of a body, the excerpt before it when that repeats
    the text, and the record's marks after the text."""
    front = find_front(text)
    if front is None:
        return []
    edits: list[Edit] = []
    excerpt = text[: front.start]
    if excerpt.strip() and _duplicate(excerpt, text, front.body):
        edits.append(Edit(0, front.start, "", EXCERPT))
    edits.append(Edit(front.start, front.body, "", front.rule))
    if front.escaped:
        edits.extend(
            Edit(m.start(), m.end(), "", ESCAPED) for m in _ESCAPE.finditer(text, front.body)
        )
    if front.trailer < len(text) and (not edits or front.trailer >= edits[-1].end):
        edits.append(Edit(front.trailer, len(text), "", front.rule))
    return edits


def _unescape(header: str, escaped: bool) -> str | None:
    if escaped:
        header = header.replace("\\\n", "\n")
    header = header.replace('""', '"').strip(' \t\n",')
    if not header or START.search(header) is None and _GLUED_FM.search(header) is None:
        return None
    return header


def embedded_header(raw: str) -> str | None:
    """The transmission header that a record or a header block inside ``raw`` carries (the
    first one), as the header of the record; None when the body holds none."""
    reach = _EXCERPT_LIMIT + 200
    first = _RECORD.search(raw, 0, reach) if _dated(raw, reach) else None
    if first is not None:
        _, fields = _own_record(raw, [first], _own_serial(raw))
        if fields is not None:
            return _unescape(fields.group("header"), False)
    front = find_front(raw)
    if front is not None:
        start, end = front.header
        return _unescape(raw[start:end], front.escaped)
    for block in header_blocks(raw):
        return _unescape(raw[block.start : block.end], False)
    return None
