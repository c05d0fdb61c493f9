"""The review list: the least certain links first, one item per entity and alias (the links
of one name key to one entity), each with its cables' contexts, so that one judgement
(confirm, or reject: split the alias off) covers the alias. ``sentence`` cuts the context
of a mention for the pages and the terminal alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from cablescope.model.entity import AliasLinks, Entity
from cablescope.store.base import EntityIndex, RecordStore

WIDE = 160
"""At most this many characters of context on each side of a mention."""

_STOP = re.compile(r"(?:[.!?]\s+|\n\s*\n)")
_PRIVATE = dict.fromkeys(range(0xE000, 0xF900))
REVIEWED = ("confirm", "split")
"""Judgements that settle an alias: once one is recorded, the alias leaves the list."""


def _clean(part: str) -> str:
    return " ".join(part.translate(_PRIVATE).split())


def sentence(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The sentence around ``text[start:end]`` (at most WIDE characters a side) as (before,
    mention, after), whitespace collapsed; ``before`` ends and ``after`` starts with a space
    where the text has one."""
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
    gap_before = " " if before[-1:].isspace() else ""
    gap_after = " " if after[:1].isspace() else ""
    return _clean(before) + gap_before, _clean(text[start:end]), gap_after + _clean(after)


@dataclass(frozen=True, slots=True)
class Sample:
    """One mention of a reviewed alias in its sentence, with its link's confidence."""

    cable_id: str
    date: str | None
    before: str
    mention: str
    after: str
    confidence: float
    method: str

    def to_dict(self) -> dict[str, object]:
        """{"cable_id", "date", "before", "mention", "after", "confidence", "method"}."""
        return {
            "cable_id": self.cable_id,
            "date": self.date,
            "before": self.before,
            "mention": self.mention,
            "after": self.after,
            "confidence": round(self.confidence, 4),
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """An alias of an entity whose links are less than certain: the entity, the alias as
    written most, how sure its links are, and some of its mentions, least certain first."""

    entity: Entity
    alias: str
    links: AliasLinks
    samples: tuple[Sample, ...]

    def to_dict(self) -> dict[str, object]:
        """The JSON of one item (``cablescope entity review --json``)."""
        return {
            "entity": {"id": self.entity.id, "name": self.entity.name, "type": self.entity.type},
            "alias": self.alias,
            "alone": self.alone,
            **self.links.to_dict(),
            "samples": [s.to_dict() for s in self.samples],
        }

    @property
    def alone(self) -> bool:
        """Whether the alias cannot be split off: the entity's own name (a name left alone)
        or the only one it goes by. It can be confirmed, or its entity merged into another."""
        keys = {a.key for a in self.entity.aliases}
        return self.links.key == self.entity.key or keys <= {self.links.key}

    def line(self) -> str:
        """One line: ``Chavez → Hugo Chavez (per:hugo-chavez), 0.55 context, 40 mentions in
        31 cables``."""
        how = ", ".join(f"{m} {n}" for m, n in self.links.methods)
        return (
            f"{self.alias} → {self.entity.name} ({self.entity.id}), {self.links.mean:.2f}"
            f" (least {self.links.least:.2f}; {how}), {self.links.mentions:,} mentions in"
            f" {self.links.cables:,} cables"
        )


class Reviewable(RecordStore, EntityIndex, Protocol):
    """What the review list reads: entities and their links, and the cables for context."""


def _settled(store: EntityIndex) -> set[tuple[str, str]]:
    return {
        (j.args[0], j.args[1])
        for j in store.judgements()
        if j.kind in REVIEWED and len(j.args) == 2
    }


def review(
    store: Reviewable,
    top: int = 20,
    kind: str | None = None,
    samples: int = 3,
    alone: bool = False,
) -> list[ReviewItem]:
    """The ``top`` least certain aliases (of entities of type ``kind``, or all), least
    certain first, leaving out those a confirm or split judgement already settles (applied
    at the next resolution), each with ``samples`` mentions from different cables: aliases
    linked to an entity named otherwise (``Chavez`` to Hugo Chavez), or with ``alone`` those
    that cannot be split off: names left as entities of their own because several fit, and
    entities' only aliases (confirm keeps them; merge an entity to join it to another)."""
    settled = _settled(store)
    found: list[ReviewItem] = []
    entities: dict[str, Entity | None] = {}
    for links in store.uncertain_aliases(top + len(settled), kind, alone):
        if links.entity_id not in entities:
            detail = store.entity_detail(links.entity_id)
            entities[links.entity_id] = detail.entity if detail else None
        entity = entities[links.entity_id]
        if entity is None or (entity.key, links.key) in settled:
            continue
        written = [a for a in entity.aliases if a.key == links.key]
        alias = written[0].surface if written else links.key
        found.append(ReviewItem(entity, alias, links, _samples(store, links, samples)))
        if len(found) == top:
            break
    return found


def _samples(store: Reviewable, links: AliasLinks, n: int) -> tuple[Sample, ...]:
    picked = []
    seen: set[str] = set()
    for link in store.alias_mentions(links.entity_id, links.key, n * 4):
        if link.cable_id in seen:
            continue
        cable = store.get_cable(link.cable_id)
        if cable is None:
            continue
        seen.add(link.cable_id)
        before, mention, after = sentence(cable.text, link.start, link.end)
        picked.append(
            Sample(link.cable_id, cable.date, before, mention, after, link.confidence, link.method)
        )
        if len(picked) == n:
            break
    return tuple(picked)
