"""The shape of a cable ID: ``YY`` + post token + number without leading zeros."""

from __future__ import annotations

import re

from cablescope.grammar.dates import expand_year
from cablescope.grammar.posts import post_token

ID_SHAPE = re.compile(r"^(\d\d)([A-Z]+?)(\d+)$")


def make_id(year: int, post: str, number: str | int) -> str:
    """The canonical ID of a cable: ``make_id(2010, "MEXICO", "000083")`` -> ``10MEXICO83``.

    ``post`` may be written with spaces (``NEW DELHI``). Raises ValueError when the
    number has no digits or the post no letters.
    """
    digits = str(number).strip()
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"cable number must be digits: {number!r}")
    token = post_token(post)
    if not token:
        raise ValueError(f"post has no letters: {post!r}")
    return f"{year % 100:02d}{token}{int(digits)}"


def split_id(cable_id: str) -> tuple[int, str, int] | None:
    """``10MEXICO83`` -> ``(2010, "MEXICO", 83)``; None for IDs of other shapes."""
    m = ID_SHAPE.match(cable_id)
    if m is None or not cable_id.isascii():
        return None
    return expand_year(int(m.group(1))), m.group(2), int(m.group(3))


def yearless_id(post: str, number: str | int) -> str:
    """The provisional ID of a cable whose year is unknown: post token and number, no year
    (``yearless_id("MEXICO", "000999")`` -> ``MEXICO999``). It cannot clash with a full ID,
    which starts with two digits; ``without_year`` of the full ID gives it back. Raises
    ValueError as ``make_id`` does."""
    return make_id(0, post, number)[2:]


def without_year(cable_id: str) -> str | None:
    """The yearless form of a full ID (``09MEXICO999`` -> ``MEXICO999``): the key under which
    a provisional reading of the same cable waits. None for IDs of other shapes."""
    parts = split_id(cable_id)
    return None if parts is None else f"{parts[1]}{parts[2]}"
