"""Ingest: expand inputs, read and build cables in worker processes, merge and store them.

Readers and the record builder run in a small process pool; the parent only
decompresses archives, merges readings and writes the database, in one transaction
per batch, so an interrupted run leaves whole batches behind and a re-run
picks up where it stopped: input files read whole before are skipped by their sha256
before any parsing. What a batch's cables already hold is read inside the transaction
that writes them, so several ingests may write one database at once.
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import io
import itertools
import signal
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Literal

from cablescope.errors import Interrupted
from cablescope.grammar.ids import without_year
from cablescope.model import Cable, Envelope, Input, Problem
from cablescope.pipeline.merge import merge
from cablescope.pipeline.process import process_input, process_pairs
from cablescope.pipeline.runner import (
    Job,
    LocalRunner,
    Runner,
    Stage,
    WritesThere,
    local_workers,
)
from cablescope.readers._budget import enforceable
from cablescope.readers._streams import View
from cablescope.readers.archive import expand
from cablescope.readers.detect import read
from cablescope.store.base import SeenInput, Store

if TYPE_CHECKING:
    from cablescope.model.basis import Totals

BATCH = 1500
# Inputs above this size (a cables.csv dump) are read in the parent as a stream
# and only their rows travel to the workers.
STREAM_ABOVE = 32 * 1024 * 1024
SMALL_RUN = 64
# Inputs go to the workers in chunks of CHUNK files or CHUNK_BYTES.
CHUNK = 16
CHUNK_BYTES = 4 * 1024 * 1024

Outcome = Literal["new", "updated", "unchanged"]
Result = Cable | Problem | SeenInput
"""What the workers send back: cables, the Problems that kept cables out, and after each input
file read to its end without a Problem, its SeenInput; or, from workers that write them
(``WriteTo``), what they wrote (``Written``)."""


@dataclass(frozen=True, slots=True)
class Done:
    """Bytes of input whose work is done. One follows each job through the runner as a result
    of its own, so that it comes back after that job's results, whichever runner runs it."""

    size: int


class _Meter:
    """The on-disk bytes ``expand`` reports, until they are taken."""

    def __init__(self) -> None:
        self.reported = 0

    def __call__(self, size: int) -> None:
        self.reported += size

    def take(self) -> int:
        size, self.reported = self.reported, 0
        return size


class _Position:
    """Opens ``inp`` counting the bytes read from it: how far a stream's reader has come."""

    def __init__(self, inp: Input) -> None:
        self._open = inp.open
        self.bytes = 0

    def open(self) -> BinaryIO:
        inner = self._open()

        def read(size: int) -> bytes:
            data = inner.read(size)
            self.bytes += len(data)
            return data

        return io.BufferedReader(View(read, inner.close))


@dataclass(slots=True)
class Summary:
    """What one ingest run did."""

    new: int = 0
    updated: int = 0
    files: int = 0
    skipped: int = 0
    rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    resolution: Totals | None = None
    # Cables seen unchanged, by id: one cable read from several unchanged files counts once,
    # and not at all when another of its files changed it.
    unchanged_ids: set[str] = field(default_factory=set)
    changed_ids: set[str] = field(default_factory=set)
    unchanged_rows: int = 0

    @property
    def unchanged(self) -> int:
        """Cables whose every input this run was already stored."""
        return len(self.unchanged_ids - self.changed_ids) + self.unchanged_rows

    def absorb(self, written: Written) -> None:
        """Count what a worker wrote."""
        self.new += written.new
        self.updated += written.updated
        self.unchanged_ids.update(written.unchanged)
        self.changed_ids.update(written.changed)
        self.rejected += len(written.rejected)
        self.problems.extend(written.rejected)
        self.warnings.extend(written.warnings)

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged cables "
            f"from {self.files} files; {self.rejected} rejected"
        )

    def saved(self) -> str:
        """What an interrupted run kept, for its last line."""
        return (
            f"interrupted: {self.new} new and {self.updated} updated cables saved "
            f"({self.unchanged} unchanged, {self.rejected} rejected); "
            "run the same command again to go on"
        )


@dataclass(frozen=True, slots=True)
class Written:
    """What a worker that writes (``WriteTo``) stored of one job: as ``Summary`` counts it,
    and the words of the cables it wrote."""

    new: int
    updated: int
    unchanged: tuple[str, ...]
    changed: tuple[str, ...]
    rejected: tuple[Problem, ...]
    warnings: tuple[Problem, ...]
    words: int


class WriteTo(WritesThere):
    """Stores each job's results in the database at ``url`` where the job ran, as ingest's
    driver otherwise does with the results sent back, and sends back what it wrote
    (``Written``): for a database server that every worker of a cluster writes to."""

    def __call__(self, results: list[Result]) -> list[Written]:
        summary = Summary()
        cables: list[Cable] = []
        seen: list[SeenInput] = []
        warned: list[Problem] = []
        rejected: list[Problem] = []
        for result in results:
            if isinstance(result, Problem):
                (rejected if result.rejected else warned).append(result)
            elif isinstance(result, SeenInput):
                seen.append(result)
            else:
                cables.append(result)
        words = sum(len(c.text.split()) for c in cables)
        # A file read whole without a problem forgets the problems it had; the rows of a dump
        # come in many jobs, and one job must not forget what another rejected.
        for path in sorted({s.path for s in seen}):
            self.store.clear_problems(path)
        _save(self.store, cables, seen, warned, summary, False)
        for problem in rejected:
            _reject(self.store, summary, problem)
        return [
            Written(summary.new, summary.updated, tuple(summary.unchanged_ids),
                    tuple(summary.changed_ids), tuple(summary.problems),
                    tuple(summary.warnings), words)
        ]  # fmt: skip


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    workers: int | None = None,
    on_bytes: Callable[[int], None] | None = None,
    tagging: Stage = None,
    resolve: bool = False,
    on_resolving: Callable[[int], None] | None = None,
    runner: Runner | None = None,
) -> Summary:
    """Read every path (file, directory or archive) into ``store``; with ``tagging`` (a
    loaded ``Tagging`` or a ``TaggingSpec``), each cable's entities are found in the workers
    as it is read, and with ``resolve`` as well the store's entities are resolved again when
    any cable was added or changed (``summary.resolution``; ``on_resolving`` is called as
    that goes, see ``resolve.resolve_changed``: only the new cables when nothing else
    changed). The work runs on ``runner`` when given (which
    then tags as it was made to), else on ``workers`` local processes (default 2; none for a
    handful of files).

    ``on_bytes`` is called with the on-disk bytes of input whose work has come back from the
    runner (the compressed bytes of an archive, the rows of a streamed dump as they go), so
    that its calls add up to ``readers.archive.total_bytes(paths)``, known before any input
    is read."""
    summary = Summary()
    meter = _Meter()
    inputs = _weighed(expand(list(paths), on_bytes=meter), meter)
    # A file rejected before and read now has its old problem forgotten.
    mend = bool(store.problems())
    pending: list[Cable] = []
    seen: list[SeenInput] = []
    warned: list[Problem] = []
    results = _results(inputs, meter, summary, runner or _local(tagging, workers), store)
    try:
        for result in results:
            if isinstance(result, Done):
                if on_bytes is not None:
                    on_bytes(result.size)
            elif isinstance(result, Problem) and not result.rejected:
                # Stored with the batch of its cable, after that batch forgets old problems.
                warned.append(result)
            elif isinstance(result, Problem):
                _reject(store, summary, result)
            elif isinstance(result, SeenInput):
                seen.append(result)
            elif isinstance(result, Written):
                summary.absorb(result)
            else:
                pending.append(result)
                if len(pending) >= BATCH:
                    _save(store, pending, seen, warned, summary, mend)
        _save(store, pending, seen, warned, summary, mend)
    except KeyboardInterrupt:
        results.close()
        # What the workers finished is kept: written whole, or (a second Ctrl-C) not at all.
        _save(store, pending, [], warned, summary, mend)
        raise Interrupted(summary.saved()) from None
    finally:
        results.close()
    if resolve and (tagging is not None or runner is not None) and (summary.new or summary.updated):
        from cablescope.resolve import resolve_changed

        try:
            summary.resolution = resolve_changed(store, on_resolving)
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted: {summary.new} new and {summary.updated} updated cables saved;"
                " their entities were not resolved: run `cablescope resolve`"
            ) from None
    return summary


def _read_files(chunk: list[tuple[str, bytes, str]]) -> list[Result]:
    """Every cable of each (path, bytes, sha256) input, each input's SeenInput after its
    cables when none of it was rejected."""
    out: list[Result] = []
    for path, data, sha in chunk:
        results = process_input(path, data, digest=sha)
        out.extend(results)
        if results and not any(isinstance(r, Problem) and r.rejected for r in results):
            ids = tuple(dict.fromkeys(r.id for r in results if isinstance(r, Cable)))
            out.append(SeenInput(sha, path, ids))
    return out


def _reject(store: Store, summary: Summary, problem: Problem) -> None:
    """Record an error: the input, or a cable of it, stays out."""
    summary.rejected += 1
    summary.problems.append(problem)
    store.add_problem(problem)


def _local(tagging: Stage, workers: int | None) -> LocalRunner:
    return LocalRunner(tagging, local_workers(workers))


Weighed = tuple[Input | Problem, int]
"""An input and the on-disk bytes it accounts for."""


def _weighed(inputs: Iterator[Input | Problem], meter: _Meter) -> Iterator[Weighed]:
    """Each input with the bytes ``expand`` reported from its start to the next one's: its own,
    since it reports how far reading came when the input is done with, as it goes on."""
    previous: Input | Problem | None = None
    for item in inputs:
        if previous is not None:
            yield previous, meter.take()
        previous = item
    if previous is not None:
        yield previous, meter.take()


def _results(
    inputs: Iterator[Weighed], meter: _Meter, summary: Summary, runner: Runner, store: Store
) -> Generator[Result | Done, None, None]:
    head: list[Weighed] = []
    for item in inputs:
        head.append(item)
        if len(head) > SMALL_RUN:
            break
    else:
        if isinstance(runner, LocalRunner):
            # A handful of files: starting processes would cost more than it saves.
            runner = LocalRunner(runner.stage, 0)
    if isinstance(runner, LocalRunner) and runner.workers <= 1:
        # Off the main thread (a web request) no reading could be stopped at its time
        # budget; one worker process's main thread can.
        runner = LocalRunner(runner.stage, 0 if enforceable() else 1)
    yield from runner.run(_jobs(itertools.chain(head, inputs), meter, summary, store))


def _jobs(
    stream: Iterator[Weighed], meter: _Meter, summary: Summary, store: Store
) -> Iterator[Job | list[Result | Done]]:
    """Work for the pool in chunks (one task per input costs more than a page's parsing),
    or finished results (Problems found while expanding), each followed by the bytes of input
    it accounts for (``Done``). Inputs whose bytes were read whole before, and rows of a
    streamed dump already stored, are counted and left out here, before any parsing or
    tagging."""
    chunk: list[tuple[str, bytes, str]] = []
    size = 0
    weight = 0
    for item, own in stream:
        if isinstance(item, Problem):
            weight += own
            yield [item]
            continue
        summary.files += 1
        if item.size <= STREAM_ABOVE:
            data = item.read()
            chunk.append((item.path, data, hashlib.sha256(data).hexdigest()))
            size += item.size
            weight += own
            if len(chunk) >= CHUNK or size >= CHUNK_BYTES:
                yield from _fresh_files(chunk, summary, store)
                yield from _marker(weight)
                chunk, size, weight = [], 0, 0
            continue
        # Its bytes are handed on as its rows go, in the share of it read so far.
        position = _Position(item)
        whole, item = item.size, dataclasses.replace(item, open=position.open)
        counted = 0
        pairs: list[tuple[Envelope, str]] = []
        for pair in read(item):
            if isinstance(pair, Problem):
                yield [pair]
                continue
            pairs.append(pair)
            if len(pairs) >= CHUNK:
                yield from _fresh_pairs(pairs, summary, store)
                pairs = []
                share = own * min(position.bytes, whole) // max(whole, 1)
                yield from _marker(weight + share - counted)
                counted, weight = share, 0
        if pairs:
            yield from _fresh_pairs(pairs, summary, store)
        weight += own - counted
    if chunk:
        yield from _fresh_files(chunk, summary, store)
    # What no input accounts for: a folder or an archive with nothing to read.
    yield from _marker(weight + meter.take())


def _marker(size: int) -> Iterator[list[Result | Done]]:
    if size:
        yield [Done(size)]


def _fresh_files(
    chunk: list[tuple[str, bytes, str]], summary: Summary, store: Store
) -> Iterator[Job]:
    # One question to the store per chunk: on a server each is a round trip.
    known = store.known_inputs(sha for _, _, sha in chunk)
    fresh = [item for item in chunk if item[2] not in known]
    summary.skipped += len(chunk) - len(fresh)
    for cables in known.values():
        summary.unchanged_ids.update(cables)
    if fresh:
        yield _read_files, (fresh,)


def _fresh_pairs(
    pairs: list[tuple[Envelope, str]], summary: Summary, store: Store
) -> Iterator[Job]:
    stored = store.stored_shas(env.sha256 for env, _ in pairs)
    fresh = [(env, raw) for env, raw in pairs if env.sha256 not in stored]
    summary.unchanged_rows += len(pairs) - len(fresh)
    if fresh:
        yield process_pairs, (fresh,)


def _save(
    store: Store,
    cables: list[Cable],
    seen: list[SeenInput],
    warned: list[Problem],
    summary: Summary,
    mend: bool,
) -> None:
    """Write and forget ``cables``, ``seen`` and ``warned``; a Ctrl-C meanwhile waits for the
    end of it, so that what is counted is what was written."""
    if not (cables or seen or warned):
        return
    with deferred_interrupts():
        _flush(store, cables, seen, warned, summary, mend)
        summary.warnings.extend(warned)
        cables.clear()
        seen.clear()
        warned.clear()


@contextmanager
def deferred_interrupts() -> Iterator[None]:
    """Ctrl-C inside the block is raised when the block ends (on the main thread; elsewhere
    signals never arrive anyway)."""
    caught: list[int] = []
    try:
        previous = signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    except ValueError:
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def _flush(
    store: Store,
    cables: list[Cable],
    seen: list[SeenInput],
    warned: list[Problem],
    summary: Summary,
    mend: bool,
) -> None:
    by_id: dict[str, list[Cable]] = collections.defaultdict(list)
    for cable in cables:
        by_id[cable.id].append(cable)
    outcomes: dict[str, Outcome] = {}
    with store.batch():
        # Read inside the transaction that writes: another process's ingest may have stored
        # readings of these cables since they were parsed.
        known = store.known_shas(list(by_id))
        _adopt_provisional(store, by_id)
        for cable_id, incoming in by_id.items():
            outcomes[cable_id] = _apply(store, cable_id, incoming, known.get(cable_id, set()))
        if mend:
            for path in {cable.sources[0].path for cable in cables} | {s.path for s in seen}:
                store.clear_problems(path)
        for problem in warned:
            store.add_problem(problem)
        if seen:
            store.add_inputs(seen)
    for cable_id, outcome in outcomes.items():
        if outcome == "unchanged":
            summary.unchanged_ids.add(cable_id)
        else:
            summary.changed_ids.add(cable_id)
            if outcome == "new":
                summary.new += 1
            else:
                summary.updated += 1


def _adopt_provisional(store: Store, by_id: dict[str, list[Cable]]) -> None:
    """A cable stored under a provisional id without its year (``MEXICO999``) joins the
    full id that arrives (``09MEXICO999``) when nothing contradicts it: its readings are
    added to the incoming ones and the provisional record goes."""
    short: dict[str, str] = {}
    for cable_id, incoming in by_id.items():
        if any(not c.id_provisional for c in incoming):
            key = without_year(cable_id)
            if key is not None and key not in by_id:
                short[key] = cable_id
    if not short:
        return
    for key, readings in store.readings_for(short).items():
        target = by_id[short[key]]
        if all(r.id_provisional and _agrees(r, target[0]) for r in readings):
            target.extend(readings)
            store.delete(key)
            # Their files stay read: the next ingest skips them as before.
            store.add_inputs(
                SeenInput(r.sources[0].sha256, r.sources[0].path, (short[key],)) for r in readings
            )


def _agrees(provisional: Cable, cable: Cable) -> bool:
    """Whether a provisional reading can be ``cable``: the same year where it has a date, the
    same subject where both have one."""
    if provisional.date and cable.date and provisional.date[:4] != cable.date[:4]:
        return False
    return not (provisional.subject and cable.subject and provisional.subject != cable.subject)


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
    # Readings adopted from a provisional record carry the id they were read under.
    readings = [r if r.id == cable_id else dataclasses.replace(r, id=cable_id) for r in readings]
    store.put(merge(readings), readings)
    return "updated" if known else "new"
