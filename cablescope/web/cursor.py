"""Opaque, stable page cursors: the sort order and the sort key of the last hit shown.

A cursor names a place in the order, not an offset, so the next page starts after the
same hit even when cables are added before it.
"""

from __future__ import annotations

import base64
import binascii

import orjson

from cablescope.store.base import SORTS, SortKey
from cablescope.web.errors import WebError


def encode(sort: str, key: SortKey) -> str:
    """The cursor for the hits after ``key`` in ``sort`` order."""
    raw = orjson.dumps([sort, key[0], key[1]])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, sort: str, ranked: bool) -> SortKey:
    """The key in ``cursor`` for a page in ``sort`` order, by score when ``ranked`` else by
    date; 400 for a damaged cursor or one made for another sort or kind of query (a
    score where a date is due, or the other way round)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, first, last = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError, orjson.JSONDecodeError):
        raise WebError(400, "bad_cursor", "the cursor is damaged; start again without it")
    if made_for not in SORTS or not isinstance(last, str):
        raise WebError(400, "bad_cursor", "the cursor is damaged; start again without it")
    if made_for != sort:
        raise WebError(400, "bad_cursor", f"the cursor was made for sort={made_for}, not {sort}")
    if isinstance(first, bool) or not isinstance(first, float | int | str):
        raise WebError(400, "bad_cursor", "the cursor is damaged; start again without it")
    if ranked != (not isinstance(first, str)):
        raise WebError(400, "bad_cursor", "the cursor was made for another query")
    return (first, last)
