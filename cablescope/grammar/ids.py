"""Cable IDs: ``YY`` + post token + number without leading zeros (``10MEXICO83``).

The Cablegate reference list (``data/cable2month.csv.gz``, from heuer/cablemap, BSD)
holds all 251,287 IDs with their month, including IDs that Cablegate made from damaged
number lines. A doubled or four-digit year (``7575LIBREVILLE1895``, ``2009MEXICO83``)
cannot be a real ID and is normalised (the published form stays in the record); other odd
shapes (``09SECTION01OF03BRUSSELS1234``) are kept as published.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path

from cablescope.grammar._cableid import ID_SHAPE, make_id, split_id, without_year, yearless_id
from cablescope.grammar._data import data_bytes
from cablescope.grammar.dates import expand_year
from cablescope.grammar.posts import post_token
from cablescope.grammar.references import parse_references

__all__ = [
    "DECL_OFFSETS",
    "ID_SHAPE",
    "infer_id",
    "infer_year",
    "is_known",
    "make_id",
    "normalise_id",
    "parse_references",
    "reference_ids",
    "reference_months",
    "split_id",
    "without_year",
    "year_candidates",
    "yearless_id",
]

_SUFFIX = re.compile(r"(?:\\?_[A-Za-z0-9]{1,3})$")
_PADDED = re.compile(r"^(\d\d)([A-Z]+?)0+(\d+)$")
_DOUBLED_YEAR = re.compile(r"^(\d\d)\1([A-Z]+\d+)$")
_LONG_YEAR = re.compile(r"^(?:19|20)(\d\d)([A-Z]+\d+)$")

DECL_OFFSETS: tuple[int, ...] = (10, 20, 25, 9, 5, 15, 30, 11, 7, 8, 6, 19, 0, 1, 2, 3, 4)
"""Years between a cable and its declassification date, most usual first, as measured
over the 6,712 viewer pages (10 years, the default of E.O. 12958: 81%; 20: 6%; 25: 5%)."""

FIRST_YEAR = 1966
LAST_YEAR = 2010


def _clean(published: str) -> str:
    text = published.strip().replace("\\", "")
    text = _SUFFIX.sub("", text)
    return re.sub(r"\s+", "", text).upper()


def normalise_id(published: str, known: Callable[[str], bool] | None = None) -> str | None:
    """A published ID in canonical form, or None if nothing ID-like is left.

    ``10MEXICO83_a`` and ``10MEXICO83\\_a`` -> ``10MEXICO83``; ``10mexico083`` ->
    ``10MEXICO83``; a doubled or four-digit year is cut to two digits:
    ``7575LIBREVILLE1895`` -> ``75LIBREVILLE1895``. Other shapes are kept (upper case),
    since Cablegate's own list holds such IDs. ``known`` is accepted for callers that
    check candidates against the reference list; the result does not depend on it.
    """
    text = _clean(published)
    if not text:
        return None
    for pattern in (_DOUBLED_YEAR, _LONG_YEAR):
        m = pattern.match(text)
        if m is not None:
            text = m.group(1) + m.group(2)
            break
    m = _PADDED.match(text)
    if m is not None:
        text = m.group(1) + m.group(2) + m.group(3)
    return text


def year_candidates(declassify_on: str | None, latest: int = LAST_YEAR) -> tuple[int, ...]:
    """Plausible years of origin for a cable declassified on ``declassify_on`` (ISO date),
    most likely first (see DECL_OFFSETS), within 1966-2010."""
    if not declassify_on:
        return ()
    try:
        decl_year = date.fromisoformat(declassify_on[:10]).year
    except ValueError:
        return ()
    years: list[int] = []
    for offset in DECL_OFFSETS:
        year = decl_year - offset
        if FIRST_YEAR <= year <= latest and year not in years:
            years.append(year)
    return tuple(years)


def infer_year(
    declassify_on: str | None,
    known: Callable[[str], bool] | None = None,
    post: str | None = None,
    number: str | int | None = None,
) -> tuple[int, ...]:
    """Candidate years of origin for a cable whose number line has no year, best first.

    The candidates come from the declassification date (see year_candidates); when
    ``known`` (is this ID in the reference list?), ``post`` and ``number`` are given, the
    years whose ID ``known`` accepts come first. Empty when there is no usable date.
    """
    candidates = year_candidates(declassify_on)
    if known is None or not post or number is None or not candidates:
        return candidates
    try:
        hits = tuple(year for year in candidates if known(make_id(year, post, number)))
    except ValueError:
        return candidates
    return hits + tuple(year for year in candidates if year not in hits)


def infer_id(
    post: str | None,
    number: str | int | None,
    declassify_on: str | None,
    known: Callable[[str], bool] | None = None,
    prefixes: tuple[str, ...] = (),
) -> str | None:
    """The ID of a body that has a number line but no year (``MEXICO 002882``, declassify on
    2019-10-04 -> ``09MEXICO2882``). ``prefixes`` are post prefixes Cablegate sometimes
    glued on (``EFTO``), tried when ``known`` accepts no plain candidate."""
    if not post or number is None:
        return None
    years = infer_year(declassify_on, known, post, number)
    if not years:
        return None
    try:
        plain = make_id(years[0], post, number)
    except ValueError:
        return None
    if known is not None and not known(plain):
        for prefix in prefixes:
            for candidate_year in year_candidates(declassify_on):
                candidate = make_id(candidate_year, prefix + post_token(post), number)
                if known(candidate):
                    return candidate
    return plain


LOOKUP_LIMIT = 40
"""Up to this many ids, ``reference_months`` searches the list's text instead of loading it."""


def _month(canonical: str, month: str) -> str:
    return f"{expand_year(int(canonical[:2])):04d}-{int(month):02d}"


@lru_cache(maxsize=1)
def _list_text() -> str:
    """The packaged reference list as text, with a leading newline before the first row."""
    return "\n" + gzip.decompress(data_bytes("cable2month.csv.gz")).decode("ascii", "replace")


def _find_month(text: str, cable_id: str) -> str | None:
    """The month of ``cable_id`` in the list's text: its row, or the row of a doubled or
    four-digit year form that ``reference_ids`` normalises to it."""
    yy, rest = cable_id[:2], cable_id[2:] + ","
    if not yy.isdigit() or len(rest) < 2:
        return None
    at = text.find(rest)
    while at != -1:
        start = text.rfind("\n", 0, at) + 1
        if text[start:at] in (yy, yy + yy, "19" + yy, "20" + yy):
            end = text.find("\n", at)
            month = text[at + len(rest) : end if end != -1 else len(text)].strip()
            return _month(cable_id, month) if month.isdigit() else None
        at = text.find(rest, at + 1)
    return None


def reference_months(cable_ids: Iterable[str]) -> dict[str, str]:
    """The month (``YYYY-MM``) of each of ``cable_ids`` that the packaged reference list
    holds, as ``reference_ids()`` gives it; ids it lacks are left out.

    A few ids are looked up in the list's text (about 2 ms each after 30 ms to inflate
    it), which spares a command that checks a handful of ids the 0.4 s that loading the
    whole list takes; more than LOOKUP_LIMIT ids load it.
    """
    wanted = list(dict.fromkeys(cable_ids))
    if len(wanted) > LOOKUP_LIMIT:
        known = reference_ids()
        return {cid: known[cid] for cid in wanted if cid in known}
    text = _list_text()
    found = {cid: _find_month(text, cid) for cid in wanted}
    return {cid: month for cid, month in found.items() if month is not None}


@lru_cache(maxsize=4)
def reference_ids(path: str | Path | None = None) -> dict[str, str]:
    """The Cablegate reference list: ID -> month of origin as ``YYYY-MM``.

    Reads ``cable2month.csv.gz`` (``ID,month`` rows) from ``path``, or the copy shipped
    in the package when ``path`` is None. Cached.
    """
    if path is None:
        text = _list_text()
    else:
        text = gzip.decompress(Path(path).read_bytes()).decode("ascii", "replace")
    out: dict[str, str] = {}
    for line in text.splitlines():
        cable_id, sep, month = line.partition(",")
        if not sep or not month.strip().isdigit() or not cable_id[:2].isdigit():
            continue
        # Only a doubled or four-digit year (``7575LIBREVILLE1895``) normalises to another id.
        canonical = (normalise_id(cable_id) or cable_id) if cable_id[2:4].isdigit() else cable_id
        out[canonical] = out[cable_id] = _month(canonical, month)
    return out


def is_known(cable_id: str) -> bool:
    """Whether ``cable_id`` is in the packaged reference list (loads it on first use)."""
    return cable_id in reference_ids()
