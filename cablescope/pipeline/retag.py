"""Re-tagging a store: every stored reading's text tagged again (after ``ingest --no-ner``,
or with another tagger or a new model), the records re-merged and written back in batches.
Imported marks, sources and every other field stay as they were."""

from __future__ import annotations

import hashlib
import itertools
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from cablescope.model import Cable
from cablescope.pipeline.merge import merge
from cablescope.pipeline.runner import Job, LocalRunner, Runner, Stage, as_is
from cablescope.store.base import RecordStore

BATCH = 256
"""Cables re-tagged and written per transaction."""

CHUNK = 16
"""Readings sent to a worker at a time."""


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
        count = workers if workers is not None else min(2, os.cpu_count() or 1)
        runner = LocalRunner(tagging, count if len(ids) > CHUNK else 0)
    written = 0
    batches: deque[tuple[int, dict[str, list[Cable]]]] = deque()
    tagged = runner.run(_jobs(store, ids, batches))
    for first in tagged:
        # The jobs of a batch are made (and its readings read) before its first result.
        end, by_id = batches.popleft()
        results = itertools.chain([first], tagged)
        with store.batch():
            for cable_id, old in by_id.items():
                fresh = [next(results) for _ in old]
                store.put(merge(fresh), fresh)
                written += 1
            if name is not None:
                store.set_checkpoint(name, skipped + end)
        if on_cables is not None:
            on_cables(len(by_id))
    if name is not None:
        store.set_checkpoint(name, None)
    return Retagged(written, skipped)


@dataclass(frozen=True, slots=True)
class Retagged:
    """What a re-tagging did: cables tagged and written, and cables a job interrupted before
    had already done (and were left as they were)."""

    written: int
    resumed: int = 0


def _jobs(
    store: RecordStore, ids: list[str], batches: deque[tuple[int, dict[str, list[Cable]]]]
) -> Iterator[Job]:
    """The readings of ``ids`` in chunks, BATCH cables at a time; each batch's readings go
    to ``batches`` as its jobs are made, for the writes, with how many ids are done after
    it."""
    for start in range(0, len(ids), BATCH):
        by_id = store.readings_for(ids[start : start + BATCH])
        readings = [r for rs in by_id.values() for r in rs]
        if not readings:
            continue
        batches.append((min(start + BATCH, len(ids)), by_id))
        for i in range(0, len(readings), CHUNK):
            yield as_is, (readings[i : i + CHUNK],)
