"""MemoryStore: the Store and SearchIndex in a dict, for tests and small tools."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from cablescope.analysis.query import Query
from cablescope.errors import StoreError
from cablescope.model import Cable, Problem
from cablescope.store import _scan
from cablescope.store.base import (
    MARKERS,
    CableInfo,
    ProblemRecord,
    SearchResult,
    Stats,
    entity_names,
    marking,
    period_key,
    sort_counts,
    unique_readings,
    year_month,
)

_Entry = tuple[Cable, tuple[tuple[str, Cable], ...]]


def _ranked(counter: Counter[str | None]) -> tuple[tuple[str | None, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0] is not None, kv[0] or "")))


class MemoryStore:
    """A store that lives and dies with the process; same contract as SqliteStore.

    Search scans every record, so it suits a few thousand cables at most.
    """

    def __init__(self) -> None:
        self._cables: dict[str, _Entry] = {}
        self._problems: list[ProblemRecord] = []
        self._closed = False

    def __enter__(self) -> MemoryStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self) -> dict[str, _Entry]:
        if self._closed:
            raise StoreError("the in-memory store is closed")
        return self._cables

    def close(self) -> None:
        """Forget everything; further use raises StoreError."""
        self._closed = True
        self._cables = {}
        self._problems = []

    @contextmanager
    def batch(self) -> Iterator[None]:
        """All writes in the block are kept, or none (on an exception)."""
        saved = (dict(self._live()), list(self._problems))
        try:
            yield
        except BaseException:
            self._cables, self._problems = saved
            raise

    def put(self, merged: Cable, readings: Sequence[Cable]) -> None:
        """Replace the merged record and reading set of ``merged.id``."""
        entry = (merged, tuple(unique_readings(readings)))
        self._live()[merged.id] = entry

    def delete(self, cable_id: str) -> bool:
        """Remove a cable and its readings; False if absent."""
        return self._live().pop(cable_id, None) is not None

    def get_cable(self, cable_id: str) -> Cable | None:
        """The merged record, or None."""
        entry = self._live().get(cable_id)
        return entry[0] if entry else None

    def readings(self, cable_id: str) -> list[Cable]:
        """The readings of one cable, in the order they were put."""
        entry = self._live().get(cable_id)
        return [reading for _, reading in entry[1]] if entry else []

    def readings_for(self, cable_ids: Iterable[str]) -> dict[str, list[Cable]]:
        """Readings of many cables; ids without readings are left out."""
        found = {cid: self.readings(cid) for cid in cable_ids}
        return {cid: found[cid] for cid in found if found[cid]}

    def has_reading(self, cable_id: str, sha256: str) -> bool:
        """Whether a reading with this source hash is stored for the cable."""
        entry = self._live().get(cable_id)
        return entry is not None and any(sha == sha256 for sha, _ in entry[1])

    def known_shas(self, cable_ids: Iterable[str]) -> dict[str, set[str]]:
        """Stored source hashes per id; ids without readings are left out."""
        known: dict[str, set[str]] = {}
        for cid in cable_ids:
            entry = self._live().get(cid)
            if entry and entry[1]:
                known[cid] = {sha for sha, _ in entry[1]}
        return known

    def _ordered(self) -> list[Cable]:
        cables = [entry[0] for entry in self._live().values()]
        return sorted(cables, key=lambda c: (c.date is None, c.date or "", c.id))

    def iter_cables(self) -> Iterator[Cable]:
        """Every merged record by date then id, undated last."""
        return iter(self._ordered())

    def count(self) -> int:
        """How many cables are stored."""
        return len(self._live())

    def add_problem(self, problem: Problem, at: str | None = None) -> None:
        """Record a problem; ``at`` defaults to now (UTC). The same problem again only
        refreshes its time."""
        self._live()
        when = at or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        key = (problem.path, problem.stage, problem.message)
        self._problems = [p for p in self._problems if (p.path, p.stage, p.message) != key]
        self._problems.append(ProblemRecord.of(problem, when))

    def problems(self) -> list[ProblemRecord]:
        """Every recorded problem, oldest first."""
        self._live()
        return list(self._problems)

    def clear_problems(self, path: str | None = None) -> int:
        """Forget the problems of ``path``, or all; how many were removed."""
        self._live()
        kept = [p for p in self._problems if path is not None and p.path != path]
        removed = len(self._problems) - len(kept)
        self._problems = kept
        return removed

    def stats(self) -> Stats:
        """Counts by year, origin and classification marking."""
        cables = [entry[0] for entry in self._live().values()]
        years = Counter(year_month(c.date)[0] for c in cables)
        return Stats(
            cables=len(cables),
            readings=sum(len(entry[1]) for entry in self._cables.values()),
            problems=len(self._problems),
            by_year=tuple(sorted(years.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))),
            by_origin=_ranked(Counter(c.origin for c in cables)),
            by_classification=_ranked(Counter(c.classification for c in cables)),
        )

    def search(
        self,
        query: Query,
        limit: int = 20,
        offset: int = 0,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """Scan every record; see ``_scan`` for how scores differ from bm25."""
        return _scan.search(self._ordered(), query, limit, offset, markers)

    def cable_infos(self, cable_ids: Iterable[str]) -> dict[str, CableInfo]:
        """The display fields of the stored cables among ``cable_ids``."""
        found = {cid: self.get_cable(cid) for cid in cable_ids}
        return {cid: CableInfo.of(cable) for cid, cable in found.items() if cable is not None}

    def citing(self, cable_id: str) -> list[CableInfo]:
        """The stored cables citing ``cable_id``, by date then id, undated last."""
        return [
            CableInfo.of(cable)
            for cable in self._ordered()
            if any(ref.id == cable_id for ref in cable.references)
        ]

    def cited(self, cable_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(citing, cited) for the references of the stored cables among ``cable_ids``."""
        pairs: set[tuple[str, str]] = set()
        for cid in cable_ids:
            cable = self.get_cable(cid)
            if cable is not None:
                pairs.update((cid, ref.id) for ref in cable.references if ref.id)
        return sorted(pairs)

    def matching(self, query: Query) -> list[str]:
        """The ids of every cable ``query`` matches, sorted."""
        return sorted(cable.id for _, cable in _scan.matching(self._ordered(), query))

    def count_by(
        self, query: Query, period: str, group: str | None = None
    ) -> list[tuple[str | None, str | None, int]]:
        """Matching cables per (period, group value); see Store.count_by."""
        counts: Counter[tuple[str | None, str | None]] = Counter()
        for _, cable in _scan.matching(self._ordered(), query):
            key = period_key(*year_month(cable.date), period)
            for value in _group_values(cable, group):
                counts[key, value] += 1
        return sort_counts((key, value, n) for (key, value), n in counts.items())

    def cable_entities(self, cable_ids: Iterable[str]) -> dict[str, Counter[tuple[str, str]]]:
        """The entity names of the stored cables among ``cable_ids`` (see entity_names)."""
        found: dict[str, Counter[tuple[str, str]]] = {}
        for cid in cable_ids:
            cable = self.get_cable(cid)
            names = entity_names(cable) if cable is not None else None
            if names:
                found[cid] = names
        return found


def _group_values(cable: Cable, group: str | None) -> list[str | None]:
    """The values ``cable`` counts under when counts are split by ``group``."""
    if group == "origin":
        return [cable.origin]
    if group == "class":
        return [marking(cable)]
    if group == "tag":
        return list(dict.fromkeys(t.code.upper() for t in cable.tags)) or [None]
    return [None]
