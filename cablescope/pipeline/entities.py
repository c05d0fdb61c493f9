"""Entities at ingest: every cable's text tagged, the cable rules applied, the mentions kept
on the record (``Cable.mentions``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeVar

from cablescope.model import Cable
from cablescope.tagging.base import Tagger
from cablescope.tagging.rules import CableRules


_R = TypeVar("_R")


@dataclass(frozen=True)
class Tagging:
    """A tagger and, unless switched off, the cable rules over its output."""

    tagger: Tagger
    rules: CableRules | None = dataclasses.field(default_factory=CableRules)

    def apply(self, results: list[_R]) -> list[_R]:
        """``results`` with each cable's mentions filled in; anything else passes through."""
        cables = [r for r in results if isinstance(r, Cable) and r.text.strip()]
        if not cables:
            return results
        found: dict[int, _R] = {}
        for cable, mentions in zip(cables, self.tagger.tag(c.text for c in cables), strict=True):
            if self.rules is not None:
                mentions = self.rules.apply(cable.text, mentions)
            found[id(cable)] = dataclasses.replace(cable, mentions=tuple(mentions))  # type: ignore[assignment]
        return [found.get(id(r), r) for r in results]
