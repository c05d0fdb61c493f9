"""Entities at ingest: every cable's text tagged, the cable rules applied, the mentions kept
on the record (``Cable.mentions``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cablescope.model import Cable, Problem
from cablescope.tagging.base import Tagger
from cablescope.tagging.rules import CableRules


@dataclass(frozen=True)
class Tagging:
    """A tagger and, unless switched off, the cable rules over its output."""

    tagger: Tagger
    rules: CableRules | None = dataclasses.field(default_factory=CableRules)

    def apply(self, results: list[Cable | Problem]) -> list[Cable | Problem]:
        """``results`` with each cable's mentions filled in; Problems pass through."""
        cables = [r for r in results if isinstance(r, Cable) and r.text.strip()]
        if not cables:
            return results
        found: dict[int, Cable] = {}
        for cable, mentions in zip(cables, self.tagger.tag(c.text for c in cables), strict=True):
            if self.rules is not None:
                mentions = self.rules.apply(cable.text, mentions)
            found[id(cable)] = dataclasses.replace(cable, mentions=tuple(mentions))
        return [found.get(id(r), r) for r in results]
