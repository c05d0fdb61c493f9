"""The resolution record of the in-memory store (``ResolutionRecord``), in plain dicts."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Mapping

from cablescope.store.base import RecordedFact


class Record:
    """Named blobs of state, the stored facts by digest, and the digests each recorded cable
    holds (an empty set for a cable recorded holding none)."""

    def __init__(self) -> None:
        self.states: dict[str, bytes] = {}
        self.facts: dict[bytes, RecordedFact] = {}
        self.holdings: dict[str, frozenset[bytes]] = {}

    def copy(self) -> Record:
        """A copy that later changes to either leave the other alone."""
        made = Record()
        made.states = dict(self.states)
        made.facts = dict(self.facts)
        made.holdings = dict(self.holdings)
        return made

    def asked(
        self, keyed: Iterable[tuple[str, str]], questions: Iterable[str]
    ) -> list[RecordedFact]:
        """The stored facts asked by these (question, key) pairs or questions, by digest."""
        pairs, asked = set(keyed), set(questions)
        return sorted(
            (f for f in self.facts.values() if (f.question, f.key) in pairs or f.question in asked),
            key=lambda f: f.digest,
        )

    def keys(self, questions: Iterable[str]) -> set[str]:
        """The keys the facts of ``questions`` are found by."""
        asked = set(questions)
        return {f.key for f in self.facts.values() if f.question in asked}

    def holders(self, digests: Iterable[bytes]) -> set[str]:
        """The cables holding any of ``digests``."""
        wanted = set(digests)
        return {cid for cid, held in self.holdings.items() if not held.isdisjoint(wanted)}

    def held(self, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
        """The digests each of ``cable_ids`` holds; cables holding none are left out."""
        return {cid: set(self.holdings[cid]) for cid in cable_ids if self.holdings.get(cid)}

    def hold(self, given: Mapping[str, Collection[RecordedFact]]) -> None:
        """Make the facts each cable holds exactly those given; see
        ``ResolutionRecord.hold_facts``."""
        before: set[bytes] = set()
        for cid, facts in given.items():
            before |= self.holdings.get(cid, frozenset())
            self.holdings[cid] = frozenset(f.digest for f in facts)
            for f in facts:
                self.facts.setdefault(f.digest, f)
        gone = before - {d for cid in given for d in self.holdings[cid]}
        if gone:
            for held in self.holdings.values():
                gone -= held
            for digest in gone:
                del self.facts[digest]

    def answer(self, changed: Iterable[tuple[bytes, str]]) -> None:
        """Give stored facts new answers."""
        for digest, answer in changed:
            found = self.facts.get(digest)
            if found is not None:
                self.facts[digest] = dataclasses.replace(found, answer=answer)

    def clear(self) -> None:
        """Forget everything."""
        self.states, self.facts, self.holdings = {}, {}, {}
