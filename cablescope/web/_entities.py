"""Resolved entities for the pages: finding one (or the shared error), the mention in its
sentence, its timeline as a chart."""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from cablescope.analysis.search import sentence_snippet
from cablescope.analysis.timeline import Series, Timeline, periods_between
from cablescope.resolve.lookup import RESOLVE_FIRST, with_candidates
from cablescope.model.entity import Entity, EntityDetail
from cablescope.store import EntityIndex
from cablescope.web._text import SNIPPET_MARKERS, marked_snippet
from cablescope.web.errors import WebError, not_found


def require_resolved(db: EntityIndex) -> None:
    """Answer 409 ``not_resolved`` when the database was never resolved."""
    if db.entities_state() == "none":
        raise WebError(409, "not_resolved", RESOLVE_FIRST)


def entity_detail(
    db: EntityIndex, entity_id: str, window: tuple[int, int] | None = None
) -> EntityDetail:
    """The entity ``entity_id`` (see ``EntityIndex.entity_detail``), or the shared error
    (409 unresolved, 404 unknown)."""
    require_resolved(db)
    detail = db.entity_detail(entity_id, window)
    if detail is None:
        raise not_found(f"no entity {entity_id!r}; see /entities for ids")
    return with_candidates(db, detail)


def in_sentence(text: str, start: int, end: int) -> Markup:
    """The sentence around ``text[start:end]``, escaped, with the mention in a <mark>."""
    return marked_snippet(sentence_snippet(text, start, end, SNIPPET_MARKERS))


def mention_timeline(entity: Entity, timeline: Iterable[tuple[str, int]]) -> Timeline:
    """The entity's cables per month (``timeline``), empty months included, as a Timeline
    to draw."""
    counts = dict(timeline)
    months = periods_between(min(counts), max(counts)) if counts else []
    values = tuple(counts.get(m, 0) for m in months)
    undated = max(entity.cables - sum(values), 0)
    name = entity.name
    return Timeline(
        name, "month", None, tuple(months), values, undated, (Series(name, values, undated),)
    )
