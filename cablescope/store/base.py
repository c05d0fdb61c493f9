"""What a database keeps and answers, by concern: RecordStore (records, readings, inputs,
problems), SearchIndex (search, facets, counts), LinkIndex (references), EntityIndex
(entities and curation), ResolutionRecord (what resolving each cable read), all together a
Database; and their records.

A store holds, per cable id, the merged record (a Cable that may cite several
sources) and the readings it was merged from (each a Cable read from one
source, keyed by that source's sha256, so re-reading the same bytes is seen as
unchanged). Merging is the caller's job. Absence is None or empty, never an
exception. Problems (files that could not be read) are kept beside the cables.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
import dataclasses
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol

from cablescope.query import Query, entity_key
from cablescope.errors import StoreError
from cablescope.model import Cable, Problem
from cablescope.model.basis import Draft, Member, Named, Patch, Placed, Staged, Tally, Totals
from cablescope.model.entity import (
    AliasLinks,
    Entity,
    EntityDetail,
    Judgement,
    Link,
    Resolution,
)

MARKERS = ("«", "»")
"""Default snippet markers around matched words: plain text, safe in a terminal and in JSON."""


UNKNOWN = "unknown"
"""The key that ``Stats.to_dict`` gives cables without a year, origin or classification."""


@dataclass(frozen=True, slots=True)
class SeenInput:
    """An input file read whole: every cable it held is stored and none of it was rejected.

    An ingest that meets the same bytes again (``sha256``) skips them before parsing.
    ``cables``: the ids of the cables it held."""

    sha256: str
    path: str
    cables: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityText:
    """A stored cable's text and the (start, end, type) entity spans of one layer on it
    (see ``Cable.layer_spans``): what marking its entities takes, read without decoding the
    rest of the record."""

    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]

    @classmethod
    def of(cls, cable: Cable, layer: str) -> EntityText:
        """The text and ``layer`` entity spans of a record."""
        return cls(cable.id, cable.text, tuple(cable.layer_spans(layer)))


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
    """One search result. ``score`` is higher for better matches (0.0 for a query without
    words that match, and for a hit that only a filter of the query brought in).

    ``classification`` is the classification with its NOFORN marking (``SECRET//NOFORN``).

    ``snippet`` is a short excerpt of the text with matched words between the
    markers asked for (``«`` and ``»`` by default). ``redactions`` counts the cable's
    redacted spans.
    """

    id: str
    date: str | None
    origin: str | None
    classification: str | None
    subject: str | None
    snippet: str
    score: float
    redactions: int = 0

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
            "redactions": self.redactions,
        }


@dataclass(frozen=True, slots=True)
class SearchResult:
    """A page of hits for a query, best first, and how many cables match in all: exactly,
    or about (``exact`` False) for a broad query on an engine that cannot count its
    matches without reading each of them (see the PostgreSQL store's ``_search.estimate``)."""

    query: Query
    total: int
    hits: tuple[Hit, ...]
    limit: int
    offset: int
    exact: bool = True

    def to_dict(self) -> dict[str, object]:
        """The page as JSON-able fields; ``query`` is the query as typed, ``variants`` the
        spellings each of its fuzzy words stood for (see ``Variants.to_dict``)."""
        return {
            "query": self.query.source,
            "total": self.total,
            "exact": self.exact,
            "limit": self.limit,
            "offset": self.offset,
            "hits": [hit.to_dict() for hit in self.hits],
            "variants": [variants.to_dict() for variants in self.query.variants],
        }


@dataclass(frozen=True, slots=True)
class CableInfo:
    """What a list of cables shows of each: ``classification`` is the marking, as in Hit."""

    id: str
    date: str | None
    origin: str | None
    classification: str | None
    subject: str | None

    def to_dict(self) -> dict[str, str | None]:
        """The fields as JSON-able values."""
        return {
            "id": self.id,
            "date": self.date,
            "origin": self.origin,
            "classification": self.classification,
            "subject": self.subject,
        }

    @classmethod
    def of(cls, cable: Cable) -> CableInfo:
        """The info of a stored record."""
        return cls(cable.id, cable.date, cable.origin, marking(cable), cable.subject)


PERIODS = ("month", "year")
"""How ``Store.count_by`` cuts time: ``2009-10`` or ``2009``."""

GROUPS = ("origin", "class", "tag")
"""What ``Store.count_by`` may split counts by: origin, classification marking (as the
``class:`` filter and Hit have it: ``SECRET//NOFORN``), or TAGS code (a cable counts once
under each of its codes)."""


class RecordStore(Protocol):
    """Durable cable records: the merged record and readings of each cable, the inputs
    read whole and the problems met. Writes outside ``batch()`` commit one by one."""

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

    def stored_shas(self, shas: Iterable[str]) -> set[str]:
        """Which of these source hashes some stored reading has."""
        ...

    def known_inputs(self, shas: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The input files among ``shas`` read whole before (``add_inputs``): sha256 -> the
        ids of the cables each held."""
        ...

    def add_inputs(self, inputs: Iterable[SeenInput]) -> None:
        """Remember input files read whole. Deleting a cable forgets the inputs it came from."""
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

    def batch(self, *, large: bool = False) -> AbstractContextManager[None]:
        """One transaction around many writes: all of them are kept, or none.

        An exception inside the block undoes the block's writes and propagates.
        Batches nest; an inner one that fails undoes only its own writes. ``large``: the
        transaction may rewrite most of the database (a full resolution), so an engine
        that keeps its transaction's scratch work in memory keeps it in a file instead.
        """
        ...

    def iter_cables(self) -> Iterator[Cable]:
        """Every merged record, by date then id; undated cables last."""
        ...

    def entity_texts(
        self, layer: str, cable_ids: Iterable[str] | None = None
    ) -> Iterator[EntityText]:
        """The text and ``layer`` entity spans (see ``Cable.layer_spans``) of every merged
        record in ``iter_cables`` order, or of the stored ones among ``cable_ids`` in their
        order: what ``EntityText.of`` gives of each, without decoding whole records."""
        ...

    def count(self) -> int:
        """How many cables are stored."""
        ...

    def checkpoint(self, job: str) -> int | None:
        """How far job ``job`` (a re-tagging) had gone when its last batch was written: a
        count the job gives its meaning to; None when no such job is under way."""
        ...

    def set_checkpoint(self, job: str, done: int | None) -> None:
        """Record, with the other writes of the open batch, that ``job`` has gone ``done``
        far; None forgets the job (it finished)."""
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

    def close(self) -> None:
        """Release the store. Further use is an error."""
        ...


class SearchIndex(Protocol):
    """Ranked full-text search with filters, and counts over what a query matches."""

    def search(
        self,
        query: Query,
        limit: int = 20,
        offset: int = 0,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """The hits for ``query``: by relevance with words, newest first without."""
        ...

    def search_after(
        self,
        query: Query,
        limit: int = 20,
        sort: str = "relevance",
        after: SortKey | None = None,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """The first ``limit`` hits in ``sort`` order (one of SORTS) whose ``sort_key``
        comes after ``after`` (None: from the start): pages that stay put while cables are
        added elsewhere in the order. ``total`` counts every match; ``offset`` is 0."""
        ...

    def facets(self, query: Query, top: int = 10) -> Facets:
        """Counts of the cables ``query`` matches per month, origin, marking, TAGS code and
        resolved entity (the ``top`` largest of each but months; by name as tagged when the
        database was never resolved)."""
        ...

    def matching(self, query: Query) -> list[str]:
        """The ids of every cable that ``query`` matches (words and filters), sorted."""
        ...

    def count_by(
        self, query: Query, period: str, group: str | None = None
    ) -> list[tuple[str | None, str | None, int]]:
        """How many cables ``query`` matches per (period, group value), sorted with None
        last. ``period`` is one of PERIODS (keys ``2009-10`` or ``2009``; None: undated,
        or no month when counting months); ``group`` is None or one of GROUPS (None: no
        origin, classification or tag)."""
        ...

    def stats(self) -> Stats:
        """Counts by year, origin and classification."""
        ...

    def optimize(self) -> None:
        """Bring the indexes to the shape searches read fastest, after a large ingest:
        SQLite merges its full-text index into one segment, PostgreSQL merges the pending
        list of its words index; both refresh the planner's statistics. Searches are
        right without it."""
        ...


class LinkIndex(Protocol):
    """The references between cables: who cites whom, and the display fields of a list."""

    def cable_infos(self, cable_ids: Iterable[str]) -> dict[str, CableInfo]:
        """The display fields of the stored cables among ``cable_ids``; others are left out."""
        ...

    def citing(self, cable_id: str) -> list[CableInfo]:
        """The stored cables whose references cite ``cable_id`` (stored or not), by date
        then id, undated last."""
        ...

    def cited(self, cable_ids: Iterable[str]) -> list[tuple[str, str]]:
        """(citing id, cited id) for every resolved reference of the stored cables among
        ``cable_ids``, sorted; cited ids need not be stored."""
        ...

    def most_cited(self, top: int = 10) -> list[tuple[str, int]]:
        """The ``top`` cable ids (stored or not) that most stored cables cite, with how
        many, most first, ties by id."""
        ...


class EntityIndex(Protocol):
    """Entities: the names each cable mentions, the resolved entities and curation."""

    def cable_entities(self, cable_ids: Iterable[str]) -> dict[str, Counter[tuple[str, str]]]:
        """The indexed entity names of the stored cables among ``cable_ids``: how often
        each (type, name key) is mentioned (see ``entity_names``); cables without any
        are left out."""
        ...

    def save_resolution(self, resolution: Resolution) -> None:
        """Replace the resolved entities with ``resolution``, as of the cables stored now."""
        ...

    def entities_state(self) -> str:
        """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
        ...

    def entities(self, kind: str | None = None, top: int | None = None) -> list[Entity]:
        """Resolved entities, most mentioned first (ties by id), of type ``kind`` or all, the
        first ``top``."""
        ...

    def entity_ids_named(self, key: str) -> list[str]:
        """Ids of the entities whose canonical key is ``key``, else of those with an alias of
        that key; most mentioned first."""
        ...

    def entity_detail(
        self, entity_id: str, window: tuple[int, int] | None = None
    ) -> EntityDetail | None:
        """One resolved entity with its cables, co-mentions and timeline, or None. With
        ``window`` (start, n), ``cable_ids`` holds only those n of its cables in date order
        and ``timeline`` is empty: what a page of its cables needs, read without every cable
        (the entity's ``cables`` still counts them all)."""
        ...

    def entity_timeline(self, entity_id: str) -> tuple[tuple[str, int], ...]:
        """The ``timeline`` of ``entity_detail`` alone, (YYYY-MM, cables) in month order,
        counted by the store without reading the entity's cables one by one; empty for an
        unknown entity."""
        ...

    def entities_keyed_within(
        self, part: str, kind: str, top: int = 200
    ) -> list[tuple[str, str, str, int]]:
        """(id, name, key, cables) of the ``top`` entities of type ``kind`` in most cables
        (ties by id) whose key holds ``part`` (a name key, or part of one)."""
        ...

    def resolved_entities(
        self, cable_ids: Iterable[str]
    ) -> dict[str, Counter[tuple[str, str, str]]]:
        """(entity id, name, type) mention counts of the stored cables among ``cable_ids``;
        cables without any are left out."""
        ...

    def shared_cables(self, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
        """For each of ``others``, the cables of entity ``entity_id`` that mention it too
        (entities sharing none are left out)."""
        ...

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]:
        """The resolved link of every mention in the stored cables among ``cable_ids``, by
        cable and offset."""
        ...

    def alias_links(self, entity_id: str) -> list[AliasLinks]:
        """How sure the links of each alias (name key) of entity ``entity_id`` are, most
        mentions first, ties by key; [] for an unknown entity."""
        ...

    def uncertain_aliases(
        self, top: int = 20, kind: str | None = None, alone: bool = False
    ) -> list[AliasLinks]:
        """The aliases of entities (of type ``kind``, or all) with a link less than certain,
        least certain first: by mean confidence, then most mentions, entity id and key; the
        first ``top``. Aliases that can be split off their entity (it is named otherwise and
        goes by another alias too), or with ``alone`` the others: names left alone (an
        entity's own key, as a short name that several people fit) or an entity's only
        alias."""
        ...

    def alias_mentions(self, entity_id: str, key: str, limit: int = 10) -> list[Link]:
        """The links of entity ``entity_id`` through alias ``key``, least confident first,
        then by cable and offset; the first ``limit``."""
        ...

    def add_judgement(self, judgement: Judgement) -> None:
        """Keep a curation judgement; resolution never deletes one."""
        ...

    def judgements(self) -> list[Judgement]:
        """Every curation judgement, oldest first."""
        ...


class EntityCuration(Protocol):
    """What a curation judgement applied in place reads of the stored entities and writes
    (``resolve.inplace``): the entities it concerns, with what they are computed from."""

    def entity_names(self) -> tuple[Named, ...] | None:
        """The names curation gave clusters, in the order given; None when the stored
        entities were saved without their basis (they cannot be changed in place)."""
        ...

    def entity_totals(self) -> Totals:
        """How many entities, links and linked cables are stored, and how many judgements
        applied and no longer fit."""
        ...

    def entity_drafts(self, labels: Iterable[str] = (), root: str | None = None) -> list[Draft]:
        """The stored entities of the clusters ``labels``, and those whose base id is
        ``root`` or starts with ``root-``, with their ids; by id."""
        ...

    def keyed_drafts(self, key: str) -> list[tuple[Draft, int]]:
        """The stored entities whose key is ``key`` or that have an alias of that key, each
        with how many of its mentions have that key; by id."""
        ...

    def entity_members(self, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
        """The links of each of ``entity_ids`` with what they were decided from, by cable and
        offsets; entities without links are left out."""
        ...

    def cable_members(self, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
        """The links of each of ``cable_ids`` with what they were decided from and the cluster
        label of their entity, by offsets; cables without links are left out."""
        ...

    def entity_tallies(self, entity_ids: Iterable[str]) -> dict[str, Tally]:
        """The links of each of ``entity_ids`` summed (``entity_members`` counted by form,
        with their cables); entities without links are left out."""
        ...

    def save_streamed(
        self, links: Iterable[Staged], placed: Callable[[], Sequence[Placed]]
    ) -> None:
        """Replace the resolved entities with a resolution streamed through the store, in
        one transaction, holding a bounded part of it in memory at a time: ``links`` (read
        once, and possibly reading the store's cables meanwhile) are written as they come,
        labelled with their clusters; then ``placed()`` gives the entity of each label; each
        link takes its entity's id, and becomes exact where its key is its entity's own and
        it was linked through an alias or an acronym (as ``resolve.entities.entity`` makes
        it); the summaries (cables per entity, co-mentions, how sure each alias's links
        are) are counted from the links. The result is what ``save_resolution`` stores of
        the same resolution without judgements: no names curation gave, none applied."""
        ...

    def apply_curation(self, patch: Patch) -> None:
        """Change the stored entities and links as ``patch`` says, and the summaries kept of
        them (cables per entity, co-mentions, how sure each alias's links are), all at once
        (see Patch)."""
        ...


@dataclass(frozen=True, slots=True)
class RecordedFact:
    """A fact the decisions of some cables read, with its answer, as resolution encodes them:
    ``digest`` (16 bytes) identifies it; it is found by ``question`` and ``key``."""

    digest: bytes
    question: str
    key: str
    fact: str
    answer: str


class ResolutionRecord(Protocol):
    """What resolving each cable read (``resolve`` gives the rows their meaning; the store
    keeps them opaque): named blobs of state, the facts the decisions of the recorded cables
    read with their answers, and which cables hold which facts. Putting a cable the record
    holds again, or deleting it, clears the whole record in the same transaction; a cable
    put that the record does not hold leaves it alone, and is unrecorded."""

    def record_state(self, name: str) -> bytes | None:
        """The blob saved under ``name``, or None."""
        ...

    def record_states(self, names: Iterable[str]) -> dict[str, bytes]:
        """The blobs saved under those of ``names`` that have one."""
        ...

    def save_record_state(self, name: str, blob: bytes) -> None:
        """Save ``blob`` under ``name``, replacing what was there."""
        ...

    def save_record_states(self, blobs: Mapping[str, bytes]) -> None:
        """Save each blob of ``blobs`` under its name, replacing what was there, in one
        transaction."""
        ...

    def unrecorded_cables(self) -> list[str]:
        """The ids of the stored cables the record does not hold (see ``hold_facts``),
        sorted."""
        ...

    def recorded_count(self) -> int:
        """How many cables the record holds."""
        ...

    def recorded_facts(
        self, keyed: Iterable[tuple[str, str]] = (), questions: Iterable[str] = ()
    ) -> list[RecordedFact]:
        """The stored facts whose (question, key) is among ``keyed`` or whose question is
        among ``questions``, each once, by digest."""
        ...

    def every_recorded_fact(self) -> Iterator[RecordedFact]:
        """Every stored fact, in no set order, read a part at a time."""
        ...

    def recorded_keys(self, questions: Iterable[str]) -> set[str]:
        """The keys the stored facts of ``questions`` are found by."""
        ...

    def fact_holders(self, digests: Iterable[bytes]) -> set[str]:
        """The ids of the cables holding any of the facts ``digests``."""
        ...

    def held_facts(self, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
        """The digests of the facts each of ``cable_ids`` holds; cables holding none are
        left out."""
        ...

    def hold_facts(
        self,
        held: Mapping[str, Collection[RecordedFact]],
        known: Mapping[str, Collection[bytes]] | None = None,
    ) -> None:
        """For each cable id of ``held``, make the facts it holds exactly these, in one
        transaction: a fact not stored yet is stored with its answer (one stored keeps its
        answer, which only ``record_answers`` changes); facts no cable holds any longer are
        removed; each of the cables counts as recorded from now on, even holding none.
        ``known``: what ``held_facts`` gave for those cables in the same transaction, when
        the caller has read it (a store may then not read it again)."""
        ...

    def record_answers(self, changed: Iterable[tuple[bytes, str]]) -> None:
        """Give stored facts new answers: (digest, answer) pairs; unknown digests are
        ignored."""
        ...

    def clear_record(self) -> None:
        """Forget the states, facts, holdings and recorded cables."""
        ...


class Database(
    RecordStore,
    SearchIndex,
    LinkIndex,
    EntityIndex,
    EntityCuration,
    ResolutionRecord,
    Protocol,
):
    """A whole cablescope database, as ``cablescope.store.open`` returns it: every protocol
    above. Code that needs less names the protocols it uses."""

    def __enter__(self) -> Database: ...

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


Store = Database
"""The former name of ``Database``."""


class Readers(Protocol):
    """Read-only databases lent to threads that serve requests (``cablescope.store.readers``):
    each borrower has one for itself until it gives it back; ``close`` ends the pool."""

    url: str

    def borrow(self) -> AbstractContextManager[Database]:
        """A database for the caller alone, given back on exit."""
        ...

    def spare(self) -> AbstractContextManager[Database | None]:
        """A database for work beside a borrowed one, given back on exit, or None when
        none is free now: never waits, so that borrowers asking for a second while all
        are lent cannot wait on each other."""
        ...

    def close(self) -> None:
        """Release what the pool holds."""
        ...


SORTS = ("relevance", "newest", "oldest")
"""Orders of ``SearchIndex.search_after``: bm25 then id (newest first without words), date
then id descending, or ascending (undated cables count as the earliest)."""

ENTITY_TYPES = ("PER", "ORG", "LOC", "MISC")
"""The entity types that ``Facets.entities`` counts, in display order."""

SortKey = tuple[float | str, str]
"""Where a hit stands in a SORTS order: (score or date, id); see ``sort_key``."""


def ranked(query: Query, sort: str) -> bool:
    """Whether hits for ``query`` in ``sort`` order come by score (else by date)."""
    return sort == "relevance" and query.ranked


def sort_key(hit: Hit, query: Query, sort: str) -> SortKey:
    """The key of ``hit`` (a hit for ``query``) in ``sort`` order, to ask for the hits
    after it."""
    if ranked(query, sort):
        return (hit.score, hit.id)
    return (hit.date or "", hit.id)


def quoted(value: str) -> str:
    """A filter value as the query language reads it: quoted when it has spaces or a colon."""
    value = " ".join(value.replace('"', " ").split())
    return f'"{value}"' if " " in value or ":" in value else value


@dataclass(frozen=True, slots=True)
class FacetEntity:
    """An entity among the facets: the resolved entity ``id`` of type ``type`` with its
    display ``name`` (or, in a database never resolved, ``id`` None and a name key as
    tagged), and how many of the matching cables mention it."""

    type: str
    id: str | None
    name: str
    cables: int

    @property
    def filter(self) -> str:
        """The query filter for the cables counted: ``entity:ID``, else ``per:NAME``."""
        if self.id is not None:
            return f"entity:{self.id}"
        return f"{self.type.lower()}:{quoted(self.name)}"

    def to_dict(self) -> dict[str, object]:
        """{"id", "value" (the name), "count", "filter"}."""
        return {"id": self.id, "value": self.name, "count": self.cables, "filter": self.filter}


@dataclass(frozen=True, slots=True)
class Facets:
    """Counts of the cables a query matches, for filtering by click.

    ``months`` holds (``2009-10``, count) in month order; ``origins``,
    ``classifications`` (markings) the ``top`` values with most cables, most first;
    ``tags`` (code, label or None, count); ``entities`` (type, (FacetEntity, ...)) per
    type of ENTITY_TYPES, most cables first: resolved entities, or names as tagged when
    ``resolved`` is False (a database never resolved). ``sampled``, when not None, is how
    many of the ``total`` matching cables were counted, an even sample, the counts scaled
    to the total: a broad query's facets are about, not exact. ``entities_sampled``, when
    not None, is how many cables the entity counts were taken from, fewer still (an even
    sample of those counted; a cable has tens of entities), scaled likewise.
    """

    total: int
    months: tuple[tuple[str, int], ...]
    origins: tuple[tuple[str, int], ...]
    classifications: tuple[tuple[str, int], ...]
    tags: tuple[tuple[str, str | None, int], ...]
    entities: tuple[tuple[str, tuple[FacetEntity, ...]], ...]
    resolved: bool = True
    sampled: int | None = None
    entities_sampled: int | None = None

    def scaled(self, total: int) -> Facets:
        """These counts, taken from a sample of ``self.total`` cables, scaled to ``total``."""
        ratio = total / self.total if self.total else 0.0

        def up(n: int) -> int:
            return max(1, round(n * ratio)) if n else 0

        def pairs(rows: tuple[tuple[str, int], ...]) -> tuple[tuple[str, int], ...]:
            return tuple((v, up(n)) for v, n in rows)

        return Facets(
            total=total,
            months=pairs(self.months),
            origins=pairs(self.origins),
            classifications=pairs(self.classifications),
            tags=tuple((c, lab, up(n)) for c, lab, n in self.tags),
            entities=tuple(
                (kind, tuple(dataclasses.replace(e, cables=up(e.cables)) for e in rows))
                for kind, rows in self.entities
            ),
            resolved=self.resolved,
            sampled=self.total,
            entities_sampled=self.entities_sampled,
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-able counts: each facet a list of {"value", "count"} ({"label"} for tags,
        {"id", "filter"} for entities)."""

        def pairs(rows: tuple[tuple[str, int], ...]) -> list[dict[str, object]]:
            return [{"value": v, "count": n} for v, n in rows]

        return {
            "total": self.total,
            "month": pairs(self.months),
            "origin": pairs(self.origins),
            "class": pairs(self.classifications),
            "tag": [{"value": c, "label": lab, "count": n} for c, lab, n in self.tags],
            "entities": {kind: [e.to_dict() for e in rows] for kind, rows in self.entities},
            "resolved": self.resolved,
            "sampled": self.sampled,
            "entities_sampled": self.entities_sampled,
        }


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


def period_key(year: int | None, month: int | None, period: str) -> str | None:
    """The ``count_by`` key of a cable dated ``year``/``month`` (see PERIODS)."""
    if year is None or (period == "month" and month is None):
        return None
    return f"{year:04d}" if period == "year" else f"{year:04d}-{month:02d}"


def sort_counts(
    rows: Iterable[tuple[str | None, str | None, int]],
) -> list[tuple[str | None, str | None, int]]:
    """``count_by`` rows in their order: by period then group, None last in each."""
    return sorted(rows, key=lambda r: (r[0] is None, r[0] or "", r[1] is None, r[1] or ""))


def year_month(date: str | None) -> tuple[int | None, int | None]:
    """The year and month of an ISO date (``2009-10-05``), each None when absent."""
    if date is None or len(date) < 4 or not date[:4].isdigit():
        return None, None
    year = int(date[:4])
    if len(date) >= 7 and date[4] == "-" and date[5:7].isdigit():
        return year, int(date[5:7])
    return year, None


def entity_names(cable: Cable) -> Counter[tuple[str, str]]:
    """How often each (type, name key) is mentioned in ``cable``: the tagger's mentions, and
    the imported marks for names the tagger did not find (the ``per:`` ``org:`` ``loc:``
    ``misc:`` filters search both)."""
    names = Counter((m.type, entity_key(m.text)) for m in cable.mentions)
    imported = Counter((a.type, entity_key(a.text)) for a in cable.annotations)
    for key, count in imported.items():
        if key not in names:
            names[key] = count
    return Counter({key: n for key, n in names.items() if key[1]})
