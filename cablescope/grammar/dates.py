"""Dates as cables and their wrappers write them, turned into ISO 8601 strings.

Datetimes come out as ``YYYY-MM-DDTHH:MM:00Z`` (cable times are UTC, the "Z" of
the date-time group), dates as ``YYYY-MM-DD``. Every parser is lenient: anything
odd gives None.
"""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}  # fmt: skip

_DTG = re.compile(r"\b(\d\d)(\d\d)(\d\d)\s?Z\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\b")
_ISO_DT = re.compile(r"^\s*(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?Z?)?\s*$")
_US_DT = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})(?:\s+(\d{1,2}):(\d\d)(?::\d\d)?)?\s*$")
_PLUSD = re.compile(
    r"^\s*(\d{4})\s+([A-Za-z]+)\s+(\d{1,2}),?\s+(\d{1,2}):(\d\d)(?::\d\d)?\s*(?:\(\w+\))?\s*$"
)
_DATELINE = re.compile(
    r"^\s*(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+(\d{1,2})\s+([A-Za-z]+)\s+(\d{4}),"
    r"\s+(\d{1,2}):(\d\d)\s*$"
)
_DECL_SLASH = re.compile(r"(?<![\d/])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/])")
_DECL_ISO = re.compile(r"(?<!\d)(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)")


def expand_year(year: int) -> int:
    """A two-digit year as cables use it: 66-99 are 19xx, 00-65 are 20xx."""
    if year >= 100:
        return year
    return 1900 + year if year >= 66 else 2000 + year


def _iso_date(year: int, month: int, day: int) -> str | None:
    try:
        return date(expand_year(year), month, day).isoformat()
    except ValueError:
        return None


def _iso_datetime(year: int, month: int, day: int, hour: int, minute: int) -> str | None:
    day_part = _iso_date(year, month, day)
    if day_part is None or hour > 23 or minute > 59:
        return None
    return f"{day_part}T{hour:02d}:{minute:02d}:00Z"


def _month(name: str) -> int | None:
    return MONTHS.get(name[:3].upper())


def parse_dtg(text: str) -> str | None:
    """A date-time group ``292049Z JAN 10`` (day, hour, minute, month, year), found anywhere in
    ``text``, as an ISO datetime."""
    m = _DTG.search(text)
    if m is None:
        return None
    month = _month(m.group(4))
    if month is None:
        return None
    return _iso_datetime(int(m.group(5)), month, int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse_created(text: str) -> str | None:
    """The cable viewer's ``2010-01-29 20:08`` (or an ISO string) as an ISO datetime or date."""
    m = _ISO_DT.match(text)
    if m is None:
        return None
    year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return _iso_date(year, month, day)
    return _iso_datetime(year, month, day, int(m.group(4)), int(m.group(5)))


def parse_csv_date(text: str) -> str | None:
    """cables.csv's ``12/28/1966 18:48`` (month first) as an ISO datetime or date."""
    m = _US_DT.match(text)
    if m is None:
        return None
    month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m.group(4) is None:
        return _iso_date(year, month, day)
    return _iso_datetime(year, month, day, int(m.group(4)), int(m.group(5)))


def parse_plusd_date(text: str) -> str | None:
    """PlusD's ``2010 January 29, 20:49 (Friday)`` as an ISO datetime."""
    m = _PLUSD.match(text)
    if m is None:
        return None
    month = _month(m.group(2))
    if month is None:
        return None
    return _iso_datetime(int(m.group(1)), month, int(m.group(3)), int(m.group(4)), int(m.group(5)))


def parse_dateline(text: str) -> str | None:
    """The Guardian-style first line ``Friday, 23 February 2001, 15:53`` as an ISO datetime."""
    m = _DATELINE.match(text)
    if m is None:
        return None
    month = _month(m.group(2))
    if month is None:
        return None
    return _iso_datetime(int(m.group(3)), month, int(m.group(1)), int(m.group(4)), int(m.group(5)))


def parse_declassify(text: str) -> str | None:
    """The date in a declassification instruction as an ISO date.

    ``10/04/2019`` and ``09/21/10`` are month first; ``2020/01/29`` is year first.
    Markers without a date (``OADR``, ``1.4(B),(D)``, ``N/A``) give None.
    """
    m = _DECL_ISO.search(text)
    if m is not None:
        return _iso_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _DECL_SLASH.search(text)
    if m is not None:
        return _iso_date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    return None


def year_of(value: str) -> int | None:
    """The year of an ISO date or datetime (``2010-01-29T20:49:00Z``, ``2010-01``)."""
    head = value.strip()[:5]
    if len(head) >= 4 and head[:4].isdigit() and head[:4].isascii() and head[4:] in ("", "-"):
        return int(head[:4])
    return None


def parse_date(text: str) -> str | None:
    """Any of the forms above, tried in turn; None when none fits."""
    for parser in (parse_created, parse_csv_date, parse_plusd_date, parse_dateline):
        value = parser(text)
        if value is not None:
            return value
    return parse_dtg(text)
