"""A resolution brought up to date batch by batch, equal to resolving every cable again.

``Incremental`` keeps the key-level tables of the cables it holds, each cable's decisions and
the facts those decisions read of the archive (``facts``) with their answers. A batch of new
cables is added to the tables; every fact is answered again under the new tables; the new
cables and the old ones holding a fact whose answer changed are decided again, and the others
keep their decisions, which could not have changed. ``resolution`` makes the entities from
the decisions as ``cluster.resolve`` does, with the same result (a test compares them after
every batch).

The names around full names are counted for every pair, not only those the archive's counts
make worth it (``worth_near``): a batch can make a pair matter whose old cables were never
counted. Signatures are the same either way.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace

from cablescope.errors import EntityError
from cablescope.model import Cable
from cablescope.model.entity import Judgement, Resolution
from cablescope.resolve import curation
from cablescope.resolve.cluster import Decide, build
from cablescope.resolve.facts import Fact, answer
from cablescope.resolve.gather import Seen, lower_words, seen
from cablescope.resolve.labels import Assigned, Clusters
from cablescope.resolve.tables import Tables


@dataclass(frozen=True, slots=True)
class Update:
    """What bringing the resolution up to date with one batch took."""

    added: int
    """New cables, all decided."""
    decided_again: int
    """Old cables decided again: those holding a fact whose answer the batch changed."""
    facts: int
    """Distinct facts answered again."""
    changed: int
    """Facts whose answer changed."""


def _every(_full: str, _key: str) -> bool:
    return True


class Incremental:
    """The decisions of every cable added so far, kept up to date as batches come."""

    def __init__(self) -> None:
        self.tables = Tables()
        self._seen: dict[str, Seen] = {}
        self._decided: dict[str, list[Assigned]] = {}
        self._facts: dict[str, frozenset[Fact]] = {}
        self._answers: dict[Fact, Hashable] = {}
        self._holders: dict[Fact, set[str]] = {}

    def add(self, cables: Iterable[Cable]) -> Update:
        """Add a batch of new cables and decide again what it changes; a batch holding a
        cable already resolved is refused whole, leaving the resolution as it was."""
        new = list(cables)
        ids: set[str] = set()
        for cable in new:
            if cable.id in self._seen or cable.id in ids:
                raise EntityError(f"cable {cable.id} is already resolved")
            ids.add(cable.id)
        batch: list[str] = []
        for cable in new:
            s = seen(cable)
            self.tables.add(s, lower_words(cable.text))
            self.tables.add_near(s, _every)
            self._seen[s.id] = s
            batch.append(s.id)
        decide = Decide(self.tables)
        asked = len(self._answers)
        moved: set[Fact] = set()
        for fact, was in list(self._answers.items()):
            now = answer(decide, fact)
            if now != was:
                self._answers[fact] = now
                moved.add(fact)
        again = {c for fact in moved for c in self._holders[fact]}
        for cable_id in sorted(again.union(batch)):
            self._decide(decide, cable_id)
        return Update(len(batch), len(again), asked, len(moved))

    def _decide(self, decide: Decide, cable_id: str) -> None:
        facts: set[Fact] = set()
        self._decided[cable_id] = decide.cable(0, self._seen[cable_id], facts)
        for fact in self._facts.get(cable_id, frozenset()) - facts:
            holders = self._holders[fact]
            holders.discard(cable_id)
            if not holders:
                del self._holders[fact], self._answers[fact]
        for fact in facts - self._facts.get(cable_id, frozenset()):
            if fact not in self._answers:
                self._answers[fact] = answer(decide, fact)
                self._holders[fact] = set()
            self._holders[fact].add(cable_id)
        self._facts[cable_id] = frozenset(facts)

    def resolution(self, judgements: Sequence[Judgement] = ()) -> Resolution:
        """The entities and links of every cable added, with ``judgements`` re-applied in
        order: what ``cluster.resolve`` gives for the same cables."""
        ids = sorted(self._seen)
        cables = [self._seen[c] for c in ids]
        mentions = [replace(m, cable=i) for i, c in enumerate(ids) for m in self._decided[c]]
        clusters = Clusters(mentions)
        applied, skipped = curation.apply(clusters, cables, judgements)
        return build(cables, clusters, applied, skipped)
