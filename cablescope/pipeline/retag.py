"""Re-tagging a store: every stored reading's text tagged again (after ``ingest --no-ner``,
or with another tagger or a new model), the records re-merged and written back in batches.
Imported marks, sources and every other field stay as they were."""

from __future__ import annotations

import hashlib
import itertools
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cablescope.model import Cable
from cablescope.pipeline.merge import merge
from cablescope.pipeline.runner import (
    Job,
    LocalRunner,
    Runner,
    Stage,
    WritesThere,
    as_is,
    local_workers,
)
from cablescope.store.base import RecordStore

BATCH = 256
"""Cables re-tagged and written per transaction."""

CHUNK = 16
"""Readings sent to a worker at a time (whole cables: a few more when a cable's readings
would be split)."""


def retag(
    store: RecordStore,
    tagging: Stage,
    cable_ids: Iterable[str] | None = None,
    *,
    workers: int | None = None,
    runner: Runner | None = None,
    job: str | None = None,
    on_cables: Callable[[int], None] | None = None,
) -> Retagged:
    """Tag the readings of ``cable_ids`` (every stored cable when None) with ``tagging`` (a
    loaded ``Tagging`` or a ``TaggingSpec``) and store the re-merged records, on ``runner``
    when given, else on ``workers`` local processes (default 2). With ``job`` (what names
    the work: tagger, model, query), each batch's writes record how far the job has gone, and
    the same job over the same cables, started again after an interruption, goes on from
    there. ``on_cables`` is called with the cables of each batch written."""
    ids = list(cable_ids) if cable_ids is not None else [c.id for c in store.iter_cables()]
    name = None
    skipped = 0
    if job is not None:
        name = f"{job} {hashlib.sha256(chr(10).join(ids).encode()).hexdigest()[:16]}"
        skipped = store.checkpoint(name) or 0
        ids = ids[skipped:]
    if runner is None:
        runner = LocalRunner(tagging, local_workers(workers) if len(ids) > CHUNK else 0)
    written = 0
    batches: deque[_Batch] = deque()
    tagged = runner.run(_jobs(store, ids, batches))
    for first in tagged:
        # The jobs of a batch are made (and its readings read) before its first result.
        batch = batches.popleft()
        if isinstance(first, Rewritten):
            # Workers wrote the batch's cables themselves, a job at a time: one report each.
            for _ in range(batch.jobs - 1):
                next(tagged)
            if name is not None:
                store.set_checkpoint(name, skipped + batch.end)
        else:
            results = itertools.chain([first], tagged)
            with store.batch():
                for cable_id, old in batch.readings.items():
                    fresh = [next(results) for _ in old]
                    store.put(merge(fresh), fresh)
                if name is not None:
                    store.set_checkpoint(name, skipped + batch.end)
        written += len(batch.readings)
        if on_cables is not None:
            on_cables(len(batch.readings))
    if name is not None:
        store.set_checkpoint(name, None)
    return Retagged(written, skipped)


@dataclass(frozen=True, slots=True)
class Retagged:
    """What a re-tagging did: cables tagged and written, and cables a job interrupted before
    had already done (and were left as they were)."""

    written: int
    resumed: int = 0


@dataclass(frozen=True, slots=True)
class _Batch:
    """The cables of one batch with their stored readings, how many ids are done after it,
    and how many jobs it was sent as."""

    readings: dict[str, list[Cable]]
    end: int
    jobs: int


@dataclass(frozen=True, slots=True)
class Rewritten:
    """What a worker that writes (``RetagTo``) stored of one job: how many cables."""

    cables: int
    words: int


class RetagTo(WritesThere):
    """Stores the re-tagged readings of each job's cables (whole cables: a job never splits
    one) in the database at ``url`` where the job ran, as ``retag``'s driver otherwise
    does, and sends back only how many it wrote: for a database server that every worker of
    a cluster writes to."""

    def __call__(self, readings: list[Cable]) -> list[Rewritten]:
        by_id: dict[str, list[Cable]] = {}
        for reading in readings:
            by_id.setdefault(reading.id, []).append(reading)
        with self.store.batch():
            for fresh in by_id.values():
                self.store.put(merge(fresh), fresh)
        return [Rewritten(len(by_id), sum(len(r.text.split()) for r in readings))]


def _jobs(store: RecordStore, ids: list[str], batches: deque[_Batch]) -> Iterator[Job]:
    """The readings of ``ids`` in jobs of whole cables (CHUNK readings or more each), BATCH
    cables at a time; each batch goes to ``batches`` as its jobs are made, for the writes."""
    for start in range(0, len(ids), BATCH):
        by_id = store.readings_for(ids[start : start + BATCH])
        chunks: list[list[Cable]] = []
        chunk: list[Cable] = []
        for readings in by_id.values():
            chunk.extend(readings)
            if len(chunk) >= CHUNK:
                chunks.append(chunk)
                chunk = []
        if chunk:
            chunks.append(chunk)
        if not chunks:
            continue
        batches.append(_Batch(by_id, min(start + BATCH, len(ids)), len(chunks)))
        for chunk in chunks:
            yield as_is, (chunk,)
