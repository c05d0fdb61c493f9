"""Resolved entities for the pages: finding one (or the shared error), the mention in its
sentence, its timeline as a chart, and links from names to entity pages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from markupsafe import Markup, escape

from cablescope.analysis.timeline import Series, Timeline, periods_between
from cablescope.resolve.keys import name_key
from cablescope.resolve.lookup import RESOLVE_FIRST
from cablescope.model.entity import EntityDetail
from cablescope.store import EntityIndex
from cablescope.web.errors import WebError, not_found

WIDE = 160
"""At most this many characters of context on each side of a mention."""

_STOP = re.compile(r"(?:[.!?]\s+|\n\s*\n)")
_PRIVATE = dict.fromkeys(range(0xE000, 0xF900))


def require_resolved(db: EntityIndex) -> None:
    """Answer 409 ``not_resolved`` when the database was never resolved."""
    if db.entities_state() == "none":
        raise WebError(409, "not_resolved", RESOLVE_FIRST)


def entity_detail(db: EntityIndex, entity_id: str) -> EntityDetail:
    """The entity ``entity_id``, or the shared error (409 unresolved, 404 unknown)."""
    require_resolved(db)
    detail = db.entity_detail(entity_id)
    if detail is None:
        raise not_found(f"no entity {entity_id!r}; see /entities for ids")
    return detail


def in_sentence(text: str, start: int, end: int) -> Markup:
    """The sentence around ``text[start:end]`` (at most WIDE characters a side), escaped,
    with the mention in a <mark> and whitespace collapsed."""
    left = max(0, start - WIDE)
    before = text[left:start]
    stops = list(_STOP.finditer(before))
    if stops:
        before = before[stops[-1].end() :]
    elif left > 0:
        before = "…" + before.split(" ", 1)[-1]
    after = text[end : end + WIDE]
    stop = _STOP.search(after)
    if stop:
        after = after[: stop.start() + 1]
    elif end + WIDE < len(text):
        after = after.rsplit(" ", 1)[0] + "…"

    def clean(part: str) -> str:
        return str(escape(" ".join(part.translate(_PRIVATE).split())))

    gap_before = " " if before[-1:].isspace() else ""
    gap_after = " " if after[:1].isspace() else ""
    return Markup(
        f"{clean(before)}{gap_before}<mark>{clean(text[start:end])}</mark>{gap_after}{clean(after)}"
    )


def mention_timeline(detail: EntityDetail) -> Timeline:
    """The entity's cables per month, empty months included, as a Timeline to draw."""
    counts = dict(detail.timeline)
    months = periods_between(min(counts), max(counts)) if counts else []
    values = tuple(counts.get(m, 0) for m in months)
    undated = max(detail.entity.cables - sum(values), 0)
    name = detail.entity.name
    return Timeline(
        name, "month", None, tuple(months), values, undated, (Series(name, values, undated),)
    )


def entity_ids(db: EntityIndex, names: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The entity page each (type, name) goes to, for the names that name an entity of
    that type; empty when the database was never resolved."""
    if db.entities_state() == "none":
        return {}
    found: dict[tuple[str, str], str] = {}
    for kind, name in names:
        prefix = f"{kind.lower()}:"
        ids = [i for i in db.entity_ids_named(name_key(name)) if i.startswith(prefix)]
        if ids:
            found[kind, name] = ids[0]
    return found
