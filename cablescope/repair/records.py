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
"""

from __future__ import annotations

import re

from cablescope.model import Edit

EMBEDDED = "embedded-record"
APPENDED = "appended-records"

_RECORD = re.compile(
    r'(?m)(?:^|(?<=",))"?\d{1,7}"?,"?\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}"?,'
    r'"?(?P<id>\d{2}[A-Z]+(?P<serial>\d+))"?,'
)
_FIELDS = re.compile(r'(?:"(?:[^"]|"")*"|[^,"]{0,80}),[^,"]{0,80},[^,"]{0,400},"(?:[^"]|"")*","')
_DATE_PROBE = re.compile(r"/(?:19|20)\d\d \d{1,2}:\d\d")
_HEADER_SERIAL = re.compile(
    r"(?m)^[ \t]*(?:S ?E C R E T|C ?O N F I D E N T I A L|U N C L A S|SECRET|CONFIDENTIAL"
    r"|UNCLAS|LIMITED OFFICIAL USE)\b[^\n]{0,80}?[A-Z]{3,} 0*(\d{1,6})[ \t]*$"
)
_CLOSING = re.compile(r'"[ \t]*,?[ \t\r\n]*\Z')
_EXCERPT_LIMIT = 1500
_TOP = 64
_JUNK_BEFORE = frozenset(' \t\r\n",')


def _own_serial(text: str) -> str | None:
    m = _HEADER_SERIAL.search(text, 0, min(len(text), 600))
    return m.group(1).lstrip("0") if m else None


def _serial(record: re.Match[str]) -> str:
    return record.group("serial").lstrip("0")


def record_edits(text: str) -> list[Edit]:
    """Edits removing embedded and appended cables.csv records from a body."""
    if _DATE_PROBE.search(text) is None:
        return []
    records = list(_RECORD.finditer(text))
    if not records:
        return []
    edits: list[Edit] = []
    first = records[0]
    own_serial = _own_serial(text)
    own_id: str | None = None
    end_of_text = len(text)
    if first.start() <= _EXCERPT_LIMIT and own_serial in (None, _serial(first)):
        own_id = first.group("id")
        fields = _FIELDS.match(text, first.end())
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
