"""Where ingest and ``tag`` do their reading, building and tagging: a ``Runner`` takes jobs
(a function and its arguments, or results already made) and yields their results in order,
each job's output tagged by the stage the runner was given.

``LocalRunner`` runs them in this process or in a pool of local processes; the Ray runner
(``pipeline.cluster``, extra ``cablescope[ray]``) on a cluster. A stage travels to the workers
as a ``TaggingSpec``, which each worker loads once, or, where processes fork, as the
``Tagging`` the parent loaded, which they inherit without a copy.
"""

from __future__ import annotations

import collections
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from cablescope.pipeline.entities import Tagging, TaggingSpec

if TYPE_CHECKING:
    from cablescope.store.base import Database

R = TypeVar("R")

Work = Callable[..., Sequence[Any]]
Job = tuple[Work, tuple[Any, ...]]
"""A function that reads, builds or passes through, and its arguments: all picklable."""

Stage = Tagging | TaggingSpec | None
"""What tags a job's output: nothing, a loaded tagging, or the description of one."""

WINDOW = 16
"""Jobs kept queued per worker: enough to keep it busy while the parent writes a batch."""


class Runner(Protocol):
    """Runs jobs and yields their results in the order of the jobs."""

    workers: int
    """How many jobs run at once (0: one at a time, in this process)."""

    def run(self, jobs: Iterable[Job | list[Any]]) -> Iterator[Any]:
        """The results of each job (tagged), or each list of results as it is, in order.
        Stopping the iteration stops the work."""
        ...


Then = Callable[[list[Any]], list[Any]]
"""What a worker does last with a job's tagged results, where it runs (store them); it
returns what goes back instead."""


class WritesThere:
    """The base of a ``Then`` that stores a job's results in the database at ``url`` where
    the job ran: only the URL travels to the worker, whose store opens at its first job."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._store: Database | None = None

    def __getstate__(self) -> str:
        return self.url

    def __setstate__(self, url: str) -> None:
        self.url, self._store = url, None

    @property
    def store(self) -> Database:
        """The worker's store, opened once."""
        if self._store is None:
            from cablescope import store

            self._store = store.open(self.url)
        return self._store


class Worker:
    """What runs the jobs in one process or actor: the stage loaded once, and ``then``."""

    def __init__(self, stage: Stage, then: Then | None = None) -> None:
        self.tagging = stage.load() if isinstance(stage, TaggingSpec) else stage
        self.then = then

    def __call__(self, task: Work, args: tuple[Any, ...]) -> list[Any]:
        results = list(task(*args))
        if self.tagging is not None:
            results = self.tagging.apply(results)
        return self.then(results) if self.then is not None else results


def local_workers(workers: int | None) -> int:
    """``workers``, or by default 2 local processes (1 on a one-core machine)."""
    return workers if workers is not None else min(2, os.cpu_count() or 1)


class LocalRunner:
    """Jobs run in this process (``workers`` 0) or in ``workers`` local processes, started
    by ``start`` (the platform's default method: ``fork``, ``spawn`` or ``forkserver``)."""

    def __init__(self, stage: Stage, workers: int, start: str | None = None) -> None:
        self.stage = stage
        self.workers = workers
        self.context = multiprocessing.get_context(start)

    def run(self, jobs: Iterable[Job | list[Any]]) -> Iterator[Any]:
        if self.workers <= 0:
            worker = Worker(self.stage)
            for job in jobs:
                yield from job if isinstance(job, list) else worker(*job)
            return
        stage = self.stage
        if isinstance(stage, TaggingSpec) and self.context.get_start_method() == "fork":
            stage = stage.load()  # loaded once here, inherited by every forked worker
        window: collections.deque[Future[list[Any]] | list[Any]] = collections.deque()
        limit = self.workers * WINDOW
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self.context,
            initializer=_start,
            initargs=(stage,),
        )
        try:
            for job in jobs:
                window.append(job if isinstance(job, list) else pool.submit(_job, *job))
                while len(window) >= limit:
                    yield from _done(window.popleft())
            while window:
                yield from _done(window.popleft())
        except BaseException:
            # Ctrl-C, or the consumer stopped: queued work is dropped and running work killed,
            # rather than waited for (minutes, when the workers tag).
            stop_pool(pool)
            raise
        pool.shutdown()


_WORKER: Worker | None = None
"""The worker of this pool process (set once as it starts; never set in a parent)."""


def _start(stage: Stage) -> None:
    global _WORKER
    ignore_interrupts()
    _WORKER = Worker(stage)


def _job(task: Work, args: tuple[Any, ...]) -> list[Any]:
    assert _WORKER is not None, "a pool job runs only in a started pool process"
    return _WORKER(task, args)


def _done(item: Future[list[R]] | list[R]) -> list[R]:
    return item if isinstance(item, list) else item.result()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what ``pool`` has queued and end its worker processes at once."""
    # Python 3.11 has no public way to end a pool's workers (3.14 adds terminate_workers).
    workers = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers.values():
        if process.is_alive():
            process.terminate()
    for process in workers.values():
        process.join(timeout=5)


def ignore_interrupts() -> None:
    """Leave Ctrl-C to the parent, which stops between batches and exits cleanly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def as_is(items: Sequence[R]) -> Sequence[R]:
    """A job that passes ``items`` on to the stage unchanged (re-tagging stored readings)."""
    return items
