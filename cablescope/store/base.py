"""What a store keeps and answers: the Store and SearchIndex protocols and their records.

A store holds, per cable id, the merged record (a Cable that may cite several
sources) and the readings it was merged from (each a Cable read from one
source, keyed by that source's sha256, so re-reading the same bytes is seen as
unchanged). Merging is the caller's job. Absence is None or empty, never an
exception. Problems (files that could not be read) are kept beside the cables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from cablescope.analysis.query import Query
from cablescope.errors import StoreError
from cablescope.model import Cable, Problem

MARKERS = ("«", "»")
"""Default snippet markers around matched words: plain text, safe in a terminal and in JSON."""


UNKNOWN = "unknown"
"""The key that ``Stats.to_dict`` gives cables without a year, origin or classification."""


@dataclass(frozen=True, slots=True)
class ProblemRecord:
    """A stored Problem (same fields) and when it was recorded: ``at``, UTC ISO 8601."""

    path: str
    stage: str
    message: str
    sha256: str | None
    at: str

    @classmethod
    def of(cls, problem: Problem, at: str) -> ProblemRecord:
        """The record of ``problem`` made at ``at``."""
        return cls(problem.path, problem.stage, problem.message, problem.sha256, at)

    @property
    def problem(self) -> Problem:
        """The Problem itself, without the time."""
        return Problem(self.path, self.stage, self.message, self.sha256)

    def to_dict(self) -> dict[str, str | None]:
        """The record as JSON-able fields."""
        return {
            "path": self.path,
            "stage": self.stage,
            "message": self.message,
            "sha256": self.sha256,
            "at": self.at,
        }


@dataclass(frozen=True, slots=True)
class Stats:
    """Counts over a store.

    ``by_year`` is in year order with undated cables (None) last; ``by_origin``
    and ``by_classification`` (the record's classification, such as ``SECRET//NOFORN``)
    are most frequent first, ties by name.
    """

    cables: int
    readings: int
    problems: int
    by_year: tuple[tuple[int | None, int], ...]
    by_origin: tuple[tuple[str | None, int], ...]
    by_classification: tuple[tuple[str | None, int], ...]

    def to_dict(self) -> dict[str, object]:
        """JSON-able counts; each ``by_*`` maps a string key (UNKNOWN for None) to a count."""

        def counts(pairs: tuple[tuple[object, int], ...]) -> dict[str, int]:
            return {UNKNOWN if k is None else str(k): n for k, n in pairs}

        return {
            "cables": self.cables,
            "readings": self.readings,
            "problems": self.problems,
            "by_year": counts(self.by_year),
            "by_origin": counts(self.by_origin),
            "by_classification": counts(self.by_classification),
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result. ``score`` is higher for better matches (0.0 without words).

    ``classification`` is the classification with its NOFORN marking (``SECRET//NOFORN``).

    ``snippet`` is a short excerpt of the text with matched words between the
    markers asked for (``«`` and ``»`` by default).
    """

    id: str
    date: str | None
    origin: str | None
    classification: str | None
    subject: str | None
    snippet: str
    score: float

    def to_dict(self) -> dict[str, object]:
        """The hit as JSON-able fields."""
        return {
            "id": self.id,
            "date": self.date,
            "origin": self.origin,
            "classification": self.classification,
            "subject": self.subject,
            "snippet": self.snippet,
            "score": self.score,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits for a query, best first, and how many cables match in all."""

    query: Query
    total: int
    hits: tuple[Hit, ...]
    limit: int
    offset: int

    def to_dict(self) -> dict[str, object]:
        """The page as JSON-able fields; ``query`` is the query as typed."""
        return {
            "query": self.query.source,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "hits": [hit.to_dict() for hit in self.hits],
        }


class Store(Protocol):
    """Durable cable records. Writes outside ``batch()`` commit one by one."""

    def get_cable(self, cable_id: str) -> Cable | None:
        """The merged record, or None."""
        ...

    def readings(self, cable_id: str) -> list[Cable]:
        """The per-source readings of a cable, in the order they were put; [] if none."""
        ...

    def readings_for(self, cable_ids: Iterable[str]) -> dict[str, list[Cable]]:
        """``readings`` for many ids at once; ids without readings are left out."""
        ...

    def has_reading(self, cable_id: str, sha256: str) -> bool:
        """Whether a reading of these exact source bytes is stored for the cable."""
        ...

    def known_shas(self, cable_ids: Iterable[str]) -> dict[str, set[str]]:
        """The source hashes stored per id; ids without readings are left out."""
        ...

    def put(self, merged: Cable, readings: Sequence[Cable]) -> None:
        """Store ``merged`` under its id, replacing the record and the whole reading set.

        Each reading must cite its source in ``sources[0]``; readings with the same
        sha256 collapse to the last one.
        """
        ...

    def delete(self, cable_id: str) -> bool:
        """Remove a cable and its readings; False if it was not there."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """One transaction around many writes: all of them are kept, or none.

        An exception inside the block undoes the block's writes and propagates.
        Batches nest; an inner one that fails undoes only its own writes.
        """
        ...

    def iter_cables(self) -> Iterator[Cable]:
        """Every merged record, by date then id; undated cables last."""
        ...

    def count(self) -> int:
        """How many cables are stored."""
        ...

    def add_problem(self, problem: Problem, at: str | None = None) -> None:
        """Record a problem; ``at`` defaults to now."""
        ...

    def problems(self) -> list[ProblemRecord]:
        """Every recorded problem, oldest first."""
        ...

    def clear_problems(self, path: str | None = None) -> int:
        """Forget the problems of ``path`` (or all of them); how many were removed."""
        ...

    def stats(self) -> Stats:
        """Counts by year, origin and classification."""
        ...

    def close(self) -> None:
        """Release the store. Further use is an error."""
        ...


class SearchIndex(Protocol):
    """Ranked full-text search with filters. SQLite plays this role and Store's."""

    def search(
        self,
        query: Query,
        limit: int = 20,
        offset: int = 0,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """The hits for ``query``: by relevance with words, newest first without."""
        ...


def reading_sha(reading: Cable) -> str:
    """The sha256 that keys a reading: that of its (first) source."""
    if not reading.sources:
        raise StoreError(f"reading of {reading.id} names no source; cannot key it by sha256")
    return reading.sources[0].sha256


def unique_readings(readings: Sequence[Cable]) -> list[tuple[str, Cable]]:
    """(sha256, reading) pairs, one per sha256 (the last wins), in first-seen order."""
    by_sha: dict[str, Cable] = {}
    for reading in readings:
        by_sha[reading_sha(reading)] = reading
    return list(by_sha.items())


def marking(cable: Cable) -> str | None:
    """What ``class:`` filters match: the classification, plus ``//NOFORN`` when the cable's
    handling says NOFORN and its classification does not (``SECRET//NOFORN``).

    Other handling caveats such as SIPDIS are not classification markings.
    """
    if cable.classification is None or "NOFORN" not in cable.handling:
        return cable.classification
    if "NOFORN" in cable.classification:
        return cable.classification
    return cable.classification + "//NOFORN"


def year_month(date: str | None) -> tuple[int | None, int | None]:
    """The year and month of an ISO date (``2009-10-05``), each None when absent."""
    if date is None or len(date) < 4 or not date[:4].isdigit():
        return None, None
    year = int(date[:4])
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit():
        return year, int(date[5:7])
    return year, None
