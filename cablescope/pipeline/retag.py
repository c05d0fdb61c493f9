"""Re-tagging a store: every stored reading's text tagged again (after ``ingest --no-ner``,
or with another tagger or a new model), the records re-merged and written back in batches.
Imported marks, sources and every other field stay as they were."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from cablescope.model import Cable
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ignore_interrupts
from cablescope.pipeline.merge import merge
from cablescope.store.base import RecordStore

BATCH = 256
"""Cables re-tagged and written per transaction."""

CHUNK = 16
"""Readings sent to a worker at a time."""

_TAGGING: Tagging | None = None


def retag(
    store: RecordStore,
    tagging: Tagging,
    cable_ids: Iterable[str] | None = None,
    *,
    workers: int | None = None,
) -> int:
    """Tag the readings of ``cable_ids`` (every stored cable when None) with ``tagging`` and
    store the re-merged records; returns how many cables were written."""
    global _TAGGING
    ids = list(cable_ids) if cable_ids is not None else [c.id for c in store.iter_cables()]
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    written = 0
    _TAGGING = tagging
    try:
        for start in range(0, len(ids), BATCH):
            by_id = store.readings_for(ids[start : start + BATCH])
            readings = [r for rs in by_id.values() for r in rs]
            tagged = iter(_tag(readings, count if len(readings) > CHUNK else 0))
            with store.batch():
                for cable_id, old in by_id.items():
                    fresh = [next(tagged) for _ in old]
                    store.put(merge(fresh), fresh)
                    written += 1
    finally:
        _TAGGING = None
    return written


def _tag_chunk(chunk: list[Cable]) -> list[Cable]:
    assert _TAGGING is not None
    return [c for c in _TAGGING.apply(list(chunk)) if isinstance(c, Cable)]


def _tag(readings: list[Cable], workers: int) -> Iterator[Cable]:
    chunks = [readings[i : i + CHUNK] for i in range(0, len(readings), CHUNK)]
    if workers <= 1:
        for chunk in chunks:
            yield from _tag_chunk(chunk)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=ignore_interrupts) as pool:
        for done in pool.map(_tag_chunk, chunks):
            yield from done
