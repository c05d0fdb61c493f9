"""Entities at ingest: every cable's text tagged, the cable rules applied, the mentions kept
on the record (``Cable.mentions``). ``TaggingSpec`` describes a tagging small enough to send
to every worker of a pool or a cluster, which loads it once (``TaggingSpec.load``)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TypeVar

from cablescope.model import Cable
from cablescope.tagging.base import Tagger
from cablescope.tagging.rules import CableRules


_R = TypeVar("_R")


TRAINED = ("cablescope", "auto")
"""The taggers that tag with cablescope's own model, the one `cablescope train` wrote when
there is one."""


@dataclass(frozen=True, slots=True)
class TaggingSpec:
    """How to tag: the tagger's name (see ``tagging.registry``), the model folder of a
    ``TRAINED`` tagger (None: the one the worker finds, see ``tagging.trained``) and
    whether the cable rules apply."""

    tagger: str = "cablescope"
    model: str | None = None
    rules: bool = True

    @classmethod
    def named(cls, tagger: str, rules: bool = True) -> TaggingSpec:
        """The spec of ``tagger``; for a ``TRAINED`` tagger with a model ``cablescope
        train`` wrote, that model's folder, so that every worker tags with it (the shipped
        model is the one each worker's package holds). Raises the registry's TaggerError
        when there is no such tagger or it has no model."""
        from cablescope.tagging.registry import require_known

        require_known(tagger)
        model = None
        if tagger in TRAINED:
            from cablescope.tagging.trained import model_path, trained_model

            found = model_path()
            model = str(found) if found == trained_model() else None
        return cls(tagger, model, rules)

    def load(self) -> Tagging:
        """The tagging this describes, loaded (once per worker: a model takes seconds)."""
        from cablescope.tagging.load import load_tagger
        from cablescope.tagging.registry import get_tagger

        if self.tagger in TRAINED and self.model is not None:
            tagger = get_tagger(self.tagger, model=self.model)
        else:
            tagger = load_tagger(self.tagger)
        return Tagging(tagger, CableRules() if self.rules else None)


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
