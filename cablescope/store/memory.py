"""MemoryStore: the Store and SearchIndex in a dict, for tests and small tools."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager

from cablescope.query import Query
from cablescope.query.fuzzy import expand
from cablescope.errors import StoreError
from cablescope.model import Cable, Problem
from cablescope.model.entity import (
    AliasLinks,
    Entity,
    EntityDetail,
    Judgement,
    Link,
    Resolution,
)
from cablescope.model.basis import Draft, Member, Named, Patch, Placed, Staged, Tally, Totals
from cablescope.store import _memcurate, _rows, _scan
from cablescope.store._memrecord import Record
from cablescope.model.tagcodes import label
from cablescope.store.base import (
    ENTITY_TYPES,
    MARKERS,
    CableInfo,
    EntityText,
    FacetEntity,
    Facets,
    Hit,
    ProblemRecord,
    RecordedFact,
    SearchResult,
    SeenInput,
    Stats,
    SortKey,
    entity_names,
    marking,
    period_key,
    ranked,
    sort_key,
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
        self._writes = 0
        self._resolved: tuple[int, Resolution] | None = None
        self._judgements: list[Judgement] = []
        self._docs = _scan.Docs()
        self._inputs: dict[str, SeenInput] = {}
        self._jobs: dict[str, int] = {}
        self._record = Record()

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
        self._inputs = {}
        self._jobs = {}
        self._record = Record()

    @contextmanager
    def batch(self, *, large: bool = False) -> Iterator[None]:
        """All writes in the block are kept, or none (on an exception)."""
        saved = (dict(self._live()), list(self._problems), dict(self._inputs), dict(self._jobs))
        entities = (self._resolved, list(self._judgements), self._docs.linked)
        record = self._record.copy()
        try:
            yield
        except BaseException:
            self._cables, self._problems, self._inputs, self._jobs = saved
            self._resolved, self._judgements, self._docs.linked = entities
            self._record = record
            raise

    def put(self, merged: Cable, readings: Sequence[Cable]) -> None:
        """Replace the merged record and reading set of ``merged.id``."""
        entry = (merged, tuple(unique_readings(readings)))
        self._live()[merged.id] = entry
        self._writes += 1
        if merged.id in self._record.holdings:
            self._record.clear()

    def delete(self, cable_id: str) -> bool:
        """Remove a cable and its readings; False if absent."""
        self._writes += 1
        entry = self._live().pop(cable_id, None)
        if entry is None:
            return False
        if cable_id in self._record.holdings:
            self._record.clear()
        gone = {sha for sha, _ in entry[1]} | {r.sources[0].path for _, r in entry[1]}
        self._inputs = {
            sha: seen
            for sha, seen in self._inputs.items()
            if sha not in gone and seen.path not in gone
        }
        return True

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

    def stored_shas(self, shas: Iterable[str]) -> set[str]:
        """Which of these source hashes some stored reading has."""
        wanted = set(shas)
        return {sha for _, readings in self._live().values() for sha, _ in readings} & wanted

    def known_inputs(self, shas: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """The input files among ``shas`` read whole before: sha256 -> their cables' ids."""
        self._live()
        return {sha: self._inputs[sha].cables for sha in shas if sha in self._inputs}

    def add_inputs(self, inputs: Iterable[SeenInput]) -> None:
        """Remember input files read whole."""
        self._live()
        self._inputs.update((i.sha256, i) for i in inputs)

    def iter_inputs(self) -> Iterator[SeenInput]:
        """Every input file read whole (``add_inputs``), by sha256."""
        self._live()
        return iter([self._inputs[sha] for sha in sorted(self._inputs)])

    def _expanded(self, query: Query) -> Query:
        """``query`` with its fuzzy terms replaced by their spellings in the cables."""
        return expand(query, _scan.Vocabulary(self._ordered(), self._docs))

    def _ordered(self) -> list[Cable]:
        cables = [entry[0] for entry in self._live().values()]
        return sorted(cables, key=lambda c: (c.date is None, c.date or "", c.id))

    def iter_cables(self) -> Iterator[Cable]:
        """Every merged record by date then id, undated last."""
        return iter(self._ordered())

    def entity_texts(
        self, layer: str, cable_ids: Iterable[str] | None = None
    ) -> Iterator[EntityText]:
        """The text and ``layer`` entity spans of the stored cables; see
        RecordStore.entity_texts."""
        if cable_ids is None:
            cables = self._ordered()
        else:
            live = self._live()
            cables = [live[cid][0] for cid in cable_ids if cid in live]
        for cable in cables:
            yield EntityText.of(cable, layer)

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

    def checkpoint(self, job: str) -> int | None:
        """How far ``job`` had gone; see RecordStore.checkpoint."""
        self._live()
        return self._jobs.get(job)

    def set_checkpoint(self, job: str, done: int | None) -> None:
        """Record how far ``job`` has gone (None: forget it); see RecordStore.set_checkpoint."""
        self._live()
        if done is None:
            self._jobs.pop(job, None)
        else:
            self._jobs[job] = done

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
        query = self._expanded(query)
        return _scan.search(self._ordered(), query, limit, offset, markers, self._docs)

    def search_after(
        self,
        query: Query,
        limit: int = 20,
        sort: str = "relevance",
        after: SortKey | None = None,
        markers: tuple[str, str] = MARKERS,
    ) -> SearchResult:
        """Every hit sorted in Python, then the page after ``after``; see SearchIndex."""
        query = self._expanded(query)
        found = _scan.search(self._ordered(), query, self.count(), 0, markers, self._docs)
        by_score = ranked(query, sort)
        newest = by_score or sort != "oldest"

        def key(hit: Hit) -> tuple[float | str, str]:
            return sort_key(hit, query, sort)

        def before(a: SortKey, b: SortKey) -> bool:
            if by_score:
                return (-float(a[0]), a[1]) < (-float(b[0]), b[1])
            return (a > b) if newest else (a < b)

        hits = sorted(found.hits, key=lambda h: (key(h)[0], h.id))
        if by_score:
            hits.sort(key=lambda h: (-h.score, h.id))
        elif newest:
            hits.reverse()
        if after is not None:
            hits = [h for h in hits if before(after, key(h))]
        return SearchResult(query, found.total, tuple(hits[: max(limit, 0)]), limit, 0)

    def facets(self, query: Query, top: int = 10) -> Facets:
        """Counts of the matching cables; see SearchIndex.facets."""
        query = self._expanded(query)
        cables = [cable for _, cable in _scan.matching(self._ordered(), query, self._docs)]
        months: Counter[str] = Counter()
        entities: dict[str, Counter[tuple[str | None, str]]] = {k: Counter() for k in ENTITY_TYPES}
        info = {e.id: e for e in self._entities()}
        in_cable: dict[str, set[str]] = {}
        for eid, cids in self._docs.linked.items():
            for cid in cids:
                in_cable.setdefault(cid, set()).add(eid)
        for cable in cables:
            year, month = year_month(cable.date)
            if year is not None and month is not None:
                months[f"{year:04d}-{month:02d}"] += 1
            if self._resolved is not None:
                for eid in in_cable.get(cable.id, ()):
                    entities[info[eid].type][eid, info[eid].name] += 1
                continue
            for kind, name in entity_names(cable):
                if kind in entities:
                    entities[kind][None, name] += 1

        def most(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
            return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top])

        def largest(kind: str) -> tuple[FacetEntity, ...]:
            rows = sorted(entities[kind].items(), key=lambda kv: (-kv[1], kv[0][0] or kv[0][1]))
            return tuple(FacetEntity(kind, i, name, n) for (i, name), n in rows[:top])

        tags = most(Counter(code for c in cables for code in {t.code.upper() for t in c.tags}))
        return Facets(
            total=len(cables),
            months=tuple(sorted(months.items())),
            origins=most(Counter(c.origin for c in cables if c.origin)),
            classifications=most(Counter(m for c in cables if (m := marking(c)))),
            tags=tuple((code, label(code), n) for code, n in tags),
            entities=tuple((kind, largest(kind)) for kind in ENTITY_TYPES),
            resolved=self._resolved is not None,
        )

    def optimize(self) -> None:
        """Nothing to do: every count is made when asked."""

    def most_cited(self, top: int = 10) -> list[tuple[str, int]]:
        """The ``top`` ids (stored or not) that most stored cables cite, with how many."""
        counts = Counter(
            ref for c in self._ordered() for ref in {r.id for r in c.references if r.id}
        )
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]

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
        query = self._expanded(query)
        return sorted(cable.id for _, cable in _scan.matching(self._ordered(), query, self._docs))

    def count_by(
        self, query: Query, period: str, group: str | None = None
    ) -> list[tuple[str | None, str | None, int]]:
        """Matching cables per (period, group value); see Store.count_by."""
        query = self._expanded(query)
        counts: Counter[tuple[str | None, str | None]] = Counter()
        for _, cable in _scan.matching(self._ordered(), query, self._docs):
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

    def save_resolution(self, resolution: Resolution) -> None:
        """Replace the resolved entities with ``resolution``, as of the cables stored now."""
        self._live()
        self._keep(self._writes, resolution)

    def save_streamed(
        self, links: Iterable[Staged], placed: Callable[[], Sequence[Placed]]
    ) -> None:
        """Replace the resolved entities with a streamed resolution; see EntityCuration."""
        self.save_resolution(_memcurate.streamed(links, placed))

    def _keep(self, writes: int, resolution: Resolution) -> None:
        self._resolved = (writes, resolution)
        linked: dict[str, set[str]] = {}
        for k in resolution.links:
            linked.setdefault(k.entity_id, set()).add(k.cable_id)
        self._docs.linked = {eid: frozenset(cids) for eid, cids in linked.items()}

    def entities_state(self) -> str:
        """``none`` (never resolved), ``stale`` (cables written since) or ``fresh``."""
        if self._resolved is None:
            return "none"
        return "fresh" if self._resolved[0] == self._writes else "stale"

    def _entities(self) -> tuple[Entity, ...]:
        self._live()
        return self._resolved[1].entities if self._resolved else ()

    def entities(self, kind: str | None = None, top: int | None = None) -> list[Entity]:
        """Resolved entities, most mentioned first, of type ``kind`` or all, the first ``top``."""
        found = sorted(
            (e for e in self._entities() if kind is None or e.type == kind),
            key=lambda e: (-e.mentions, e.id),
        )
        return found if top is None else found[:top]

    def entity_ids_named(self, key: str) -> list[str]:
        """Ids of the entities named ``key``, else going by it as an alias."""
        ranked = sorted(self._entities(), key=lambda e: (-e.mentions, e.id))
        named = [e.id for e in ranked if e.key == key]
        if named:
            return named
        counts = {e.id: sum(a.count for a in e.aliases if a.key == key) for e in ranked}
        return sorted((i for i, n in counts.items() if n), key=lambda i: (-counts[i], i))

    def entity_detail(
        self, entity_id: str, window: tuple[int, int] | None = None
    ) -> EntityDetail | None:
        """One resolved entity with its cables, co-mentions and timeline; see EntityIndex."""
        entity = next((e for e in self._entities() if e.id == entity_id), None)
        if entity is None or self._resolved is None:
            return None
        links = self._resolved[1].links
        where = {k.cable_id for k in links if k.entity_id == entity_id}
        cables = sorted(
            (c for c in (self.get_cable(cid) for cid in where) if c is not None),
            key=lambda c: (c.date is None, c.date or "", c.id),
        )
        shared = Counter(
            dict.fromkeys((k.entity_id, k.cable_id) for k in links if k.cable_id in where)
        )
        co = Counter(e for e, _ in shared if e != entity_id)
        info = {e.id: e for e in self._entities()}
        months = Counter(c.date[:7] for c in cables if c.date and len(c.date) >= 7)
        if window is not None:
            cables, months = cables[window[0] : window[0] + window[1]], Counter()
        return EntityDetail(
            entity,
            tuple(c.id for c in cables),
            tuple(
                (i, info[i].name, info[i].type, n)
                for i, n in sorted(co.items(), key=lambda x: (-x[1], x[0]))[:20]
            ),
            tuple(sorted(months.items())),
            tuple(self.alias_links(entity_id)),
        )

    def entity_timeline(self, entity_id: str) -> tuple[tuple[str, int], ...]:
        """The entity's cables per month; see EntityIndex."""
        detail = self.entity_detail(entity_id)
        return () if detail is None else detail.timeline

    def entities_keyed_within(
        self, part: str, kind: str, top: int = 200
    ) -> list[tuple[str, str, str, int]]:
        """Entities of type ``kind`` whose key holds ``part``; see EntityIndex."""
        found = [e for e in self._entities() if e.type == kind and part in e.key]
        found.sort(key=lambda e: (-e.cables, e.id))
        return [(e.id, e.name, e.key, e.cables) for e in found[:top]]

    def resolved_entities(
        self, cable_ids: Iterable[str]
    ) -> dict[str, Counter[tuple[str, str, str]]]:
        """(entity id, name, type) mention counts of the cables among ``cable_ids``."""
        wanted = set(cable_ids)
        info = {e.id: e for e in self._entities()}
        found: dict[str, Counter[tuple[str, str, str]]] = {}
        for k in self._resolved[1].links if self._resolved else ():
            if k.cable_id in wanted and k.cable_id in self._cables:
                e = info[k.entity_id]
                found.setdefault(k.cable_id, Counter())[e.id, e.name, e.type] += 1
        return found

    def shared_cables(self, entity_id: str, others: Iterable[str]) -> dict[str, set[str]]:
        """For each of ``others``, the cables of ``entity_id`` that mention it too."""
        links = self._resolved[1].links if self._resolved else ()
        where: dict[str, set[str]] = {}
        for k in links:
            if k.cable_id in self._cables:
                where.setdefault(k.entity_id, set()).add(k.cable_id)
        mine = where.get(entity_id, set())
        found = {o: where.get(o, set()) & mine for o in dict.fromkeys(others)}
        return {o: cids for o, cids in found.items() if cids}

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]:
        """The link of every mention in the stored cables among ``cable_ids``."""
        wanted = set(cable_ids) & set(self._cables)
        links = self._resolved[1].links if self._resolved else ()
        return sorted(
            (k for k in links if k.cable_id in wanted), key=lambda k: (k.cable_id, k.start, k.end)
        )

    def _links(self) -> tuple[Link, ...]:
        return self._resolved[1].links if self._resolved else ()

    def alias_links(self, entity_id: str) -> list[AliasLinks]:
        """How sure the links of each alias of an entity are; see EntityIndex."""
        found = _rows.alias_links(k for k in self._links() if k.entity_id == entity_id)
        return sorted(found, key=lambda a: (-a.mentions, a.key))

    def uncertain_aliases(
        self, top: int = 20, kind: str | None = None, alone: bool = False
    ) -> list[AliasLinks]:
        """The least certain aliases first; see EntityIndex."""
        info = {e.id: e for e in self._entities()}
        every = _rows.alias_links(self._links())
        keys: dict[str, set[str]] = {}
        for a in every:
            keys.setdefault(a.entity_id, set()).add(a.key)
        found = [
            a
            for a in every
            if not a.certain
            and (kind is None or info[a.entity_id].type == kind)
            and (a.key == info[a.entity_id].key or keys[a.entity_id] == {a.key}) == alone
        ]
        found.sort(key=lambda a: (a.mean, -a.mentions, a.entity_id, a.key))
        return found[:top]

    def alias_mentions(self, entity_id: str, key: str, limit: int = 10) -> list[Link]:
        """The links of an entity through one alias; see EntityIndex."""
        links = [k for k in self._links() if k.entity_id == entity_id and k.key == key]
        links.sort(key=lambda k: (k.confidence, k.cable_id, k.start, k.end))
        return links[:limit]

    def _based(self) -> Resolution:
        self._live()
        if self._resolved is None or self._resolved[1].basis is None:
            raise StoreError("the in-memory store holds no entities saved with their basis")
        return self._resolved[1]

    def entity_names(self) -> tuple[Named, ...] | None:
        """The names curation gave clusters; see EntityCuration."""
        self._live()
        resolution = self._resolved[1] if self._resolved else None
        return resolution.basis.names if resolution and resolution.basis else None

    def entity_totals(self) -> Totals:
        """How many entities, links and linked cables; see EntityCuration."""
        self._live()
        found = self._resolved[1] if self._resolved else Resolution((), ())
        cables = len({k.cable_id for k in found.links})
        return Totals(len(found.entities), len(found.links), cables, found.applied, found.skipped)

    def entity_drafts(self, labels: Iterable[str] = (), root: str | None = None) -> list[Draft]:
        """Entities by cluster label or base id; see EntityCuration."""
        wanted = set(labels)
        return sorted(
            (
                d
                for d in _memcurate.drafts(self._based())
                if d.label in wanted
                or (root is not None and (d.base == root or d.base.startswith(root + "-")))
            ),
            key=lambda d: d.id,
        )

    def keyed_drafts(self, key: str) -> list[tuple[Draft, int]]:
        """Entities named ``key`` or going by it; see EntityCuration."""
        resolution = self._based()
        counts = {
            e.id: sum(a.count for a in e.aliases if a.key == key) for e in resolution.entities
        }
        return sorted(
            (
                (d, counts[d.id])
                for d in _memcurate.drafts(resolution)
                if d.key == key or counts[d.id]
            ),
            key=lambda x: x[0].id,
        )

    def entity_members(self, entity_ids: Iterable[str]) -> dict[str, list[Member]]:
        """The links of entities with their basis; see EntityCuration."""
        return _memcurate.members(self._based(), entity_ids)

    def cable_members(self, cable_ids: Iterable[str]) -> dict[str, list[Staged]]:
        """The links of cables with their basis and cluster label; see EntityCuration."""
        return _memcurate.cable_members(self._based(), cable_ids)

    def entity_tallies(self, entity_ids: Iterable[str]) -> dict[str, Tally]:
        """The links of entities summed; see EntityCuration."""
        return _memcurate.tallies(self._based(), entity_ids)

    def apply_curation(self, patch: Patch) -> None:
        """Change the stored entities; see EntityCuration."""
        assert self._resolved is not None
        writes = self._writes if patch.fresh else self._resolved[0]
        self._keep(writes, _memcurate.apply(self._based(), patch))

    def record_state(self, name: str) -> bytes | None:
        """The blob saved under ``name``, or None; see ResolutionRecord."""
        return self.record_states([name]).get(name)

    def record_states(self, names: Iterable[str]) -> dict[str, bytes]:
        """The blobs saved under those of ``names`` that have one; see ResolutionRecord."""
        self._live()
        states = self._record.states
        return {name: states[name] for name in names if name in states}

    def save_record_state(self, name: str, blob: bytes) -> None:
        """Save ``blob`` under ``name``, replacing what was there."""
        self.save_record_states({name: blob})

    def save_record_states(self, blobs: Mapping[str, bytes]) -> None:
        """Save each blob under its name, replacing what was there."""
        self._live()
        self._record.states.update((name, bytes(blob)) for name, blob in blobs.items())

    def unrecorded_cables(self) -> list[str]:
        """The ids of the stored cables the record does not hold, sorted."""
        return sorted(cid for cid in self._live() if cid not in self._record.holdings)

    def recorded_count(self) -> int:
        """How many cables the record holds."""
        self._live()
        return len(self._record.holdings)

    def recorded_facts(
        self, keyed: Iterable[tuple[str, str]] = (), questions: Iterable[str] = ()
    ) -> list[RecordedFact]:
        """The stored facts asked by these (question, key) pairs or questions, each once."""
        self._live()
        return self._record.asked(keyed, questions)

    def recorded_keys(self, questions: Iterable[str]) -> set[str]:
        """The keys the stored facts of ``questions`` are found by."""
        self._live()
        return self._record.keys(questions)

    def every_recorded_fact(self) -> Iterator[RecordedFact]:
        """Every stored fact, as stored now."""
        self._live()
        return iter(list(self._record.facts.values()))

    def fact_holders(self, digests: Iterable[bytes]) -> set[str]:
        """The ids of the cables holding any of the facts ``digests``."""
        self._live()
        return self._record.holders(digests)

    def held_facts(self, cable_ids: Iterable[str]) -> dict[str, set[bytes]]:
        """The digests each of ``cable_ids`` holds; cables holding none are left out."""
        self._live()
        return self._record.held(cable_ids)

    def hold_facts(
        self,
        held: Mapping[str, Collection[RecordedFact]],
        known: Mapping[str, Collection[bytes]] | None = None,
    ) -> None:
        """Make the facts each cable holds exactly these, all at once; see ResolutionRecord."""
        self._live()
        with self.batch():
            self._record.hold(held)

    def record_answers(self, changed: Iterable[tuple[bytes, str]]) -> None:
        """Give stored facts new answers: (digest, answer) pairs."""
        self._live()
        with self.batch():
            self._record.answer(changed)

    def clear_record(self) -> None:
        """Forget the states, facts, holdings and recorded cables."""
        self._live()
        self._record.clear()

    def add_judgement(self, judgement: Judgement) -> None:
        """Keep a curation judgement."""
        self._live()
        self._judgements.append(judgement)

    def judgements(self) -> list[Judgement]:
        """Every curation judgement, oldest first."""
        self._live()
        return list(self._judgements)


def _group_values(cable: Cable, group: str | None) -> list[str | None]:
    """The values ``cable`` counts under when counts are split by ``group``."""
    if group == "origin":
        return [cable.origin]
    if group == "class":
        return [marking(cable)]
    if group == "tag":
        return list(dict.fromkeys(t.code.upper() for t in cable.tags)) or [None]
    return [None]
