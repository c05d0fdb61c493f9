"""Ingest: expand inputs, read and build cables in worker processes, merge and store them.

Readers and the record builder run in a small process pool; the parent only
decompresses archives, merges readings and writes SQLite, in one transaction
per batch, so an interrupted run leaves whole batches behind and a re-run
picks up where it stopped (known bytes are recognised by their sha256).
"""

from __future__ import annotations

import collections
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from cablescope.model import Cable, Envelope, Input, Problem
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.merge import merge
from cablescope.pipeline.process import process_inputs, process_pairs
from cablescope.readers.archive import expand
from cablescope.readers.detect import read
from cablescope.store.base import Store

if TYPE_CHECKING:
    from cablescope.resolve.records import Resolution

BATCH = 1500
# Inputs above this size (a cables.csv dump) are read in the parent as a stream
# and only their rows travel to the workers.
STREAM_ABOVE = 32 * 1024 * 1024
SMALL_RUN = 64
# Inputs go to the workers in chunks of CHUNK files or CHUNK_BYTES, and WINDOW chunks
# per worker are kept queued: enough to keep it busy while the parent writes a batch.
CHUNK = 16
CHUNK_BYTES = 4 * 1024 * 1024
WINDOW = 16

Outcome = Literal["new", "updated", "unchanged"]


@dataclass(slots=True)
class Summary:
    """What one ingest run did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    files: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    resolution: Resolution | None = None

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged cables "
            f"from {self.files} files; {self.rejected} rejected"
        )


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
    tagging: Tagging | None = None,
    resolve: bool = False,
) -> Summary:
    """Read every path (file, directory or archive) into ``store``; with ``tagging``, each
    cable's entities are found in the workers as it is read, and with ``resolve`` as well the
    store's entities are resolved again when any cable was added or changed
    (``summary.resolution``)."""
    global _TAGGING
    summary = Summary()
    inputs = expand(list(paths), on_bytes=on_bytes)
    # A file rejected before and read now has its old problem forgotten.
    mend = bool(store.problems())
    pending: list[Cable] = []
    # The workers are forked after this is set, so they share the loaded model.
    _TAGGING = tagging
    try:
        for result in _results(inputs, summary, workers):
            if isinstance(result, Problem):
                _reject(store, summary, result)
                continue
            pending.append(result)
            if len(pending) >= BATCH:
                _flush(store, pending, summary, mend)
                pending = []
        if pending:
            _flush(store, pending, summary, mend)
    finally:
        _TAGGING = None
    if resolve and tagging is not None and (summary.new or summary.updated):
        from cablescope.resolve import resolve_store

        summary.resolution = resolve_store(store)
    return summary


_TAGGING: Tagging | None = None


def _work(task: Callable[..., list[Cable | Problem]], *args: Any) -> list[Cable | Problem]:
    """One job, in a worker or in the parent: read and build, then tag."""
    results = task(*args)
    return _TAGGING.apply(results) if _TAGGING is not None else results


def _reject(store: Store, summary: Summary, problem: Problem) -> None:
    summary.rejected += 1
    summary.problems.append(problem)
    store.add_problem(problem)


Job = tuple[Callable[..., list[Cable | Problem]], tuple[Any, ...]]


def _results(
    inputs: Iterator[Input | Problem], summary: Summary, workers: int | None
) -> Iterator[Cable | Problem]:
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    head: list[Input | Problem] = []
    for item in inputs:
        head.append(item)
        if len(head) > SMALL_RUN:
            break
    else:
        count = 0  # a handful of files: starting processes would cost more than it saves
    jobs = _jobs(itertools.chain(head, inputs), summary)
    if count <= 1:
        for job in jobs:
            yield from job if isinstance(job, list) else _work(job[0], *job[1])
        return
    yield from _parallel(jobs, count)


def _jobs(
    stream: Iterator[Input | Problem], summary: Summary
) -> Iterator[Job | list[Cable | Problem]]:
    """Work for the pool in chunks (one task per input costs more than a page's parsing),
    or finished results (Problems found while expanding)."""
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for item in stream:
        if isinstance(item, Problem):
            yield [item]
            continue
        summary.files += 1
        if item.size <= STREAM_ABOVE:
            chunk.append((item.path, item.read()))
            size += item.size
            if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
                yield process_inputs, (chunk,)
                chunk, size = [], 0
            continue
        pairs: list[tuple[Envelope, str]] = []
        for pair in read(item):
            if isinstance(pair, Problem):
                yield [pair]
                continue
            pairs.append(pair)
            if len(pairs) >= CHUNK:
                yield process_pairs, (pairs,)
                pairs = []
        if pairs:
            yield process_pairs, (pairs,)
    if chunk:
        yield process_inputs, (chunk,)


def _parallel(jobs: Iterator[Job | list[Cable | Problem]], count: int) -> Iterator[Cable | Problem]:
    context = multiprocessing.get_context("fork")
    window: collections.deque[Future[list[Cable | Problem]] | list[Cable | Problem]]
    window = collections.deque()
    limit = count * WINDOW
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=ignore_interrupts
    ) as pool:
        for job in jobs:
            window.append(job if isinstance(job, list) else pool.submit(_work, job[0], *job[1]))
            while len(window) >= limit:
                yield from _done(window.popleft())
        while window:
            yield from _done(window.popleft())


def _done(
    item: Future[list[Cable | Problem]] | list[Cable | Problem],
) -> list[Cable | Problem]:
    return item if isinstance(item, list) else item.result()


def ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle: it stops between batches and exits cleanly.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _flush(store: Store, cables: list[Cable], summary: Summary, mend: bool) -> None:
    by_id: dict[str, list[Cable]] = collections.defaultdict(list)
    for cable in cables:
        by_id[cable.id].append(cable)
    known = store.known_shas(list(by_id))
    with store.batch():
        for cable_id, incoming in by_id.items():
            outcome = _apply(store, cable_id, incoming, known.get(cable_id, set()))
            if outcome == "new":
                summary.new += 1
            elif outcome == "updated":
                summary.updated += 1
            else:
                summary.unchanged += 1
        if mend:
            for path in {cable.sources[0].path for cable in cables}:
                store.clear_problems(path)


def _apply(store: Store, cable_id: str, incoming: list[Cable], known: set[str]) -> Outcome:
    fresh: dict[str, Cable] = {}
    for cable in incoming:
        sha = cable.sources[0].sha256
        if sha not in known:
            fresh.setdefault(sha, cable)
    if not fresh:
        return "unchanged"
    existing = store.readings(cable_id) if known else []
    readings = existing + list(fresh.values())
    store.put(merge(readings), readings)
    return "updated" if known else "new"
