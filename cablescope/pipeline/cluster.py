"""The Ray runner (extra ``cablescope[ray]``): ingest and ``tag`` jobs run on the actors of a
Ray cluster, each actor holding one loaded tagging for all its jobs.

The jobs are made on the driver as it reads its inputs (a tarball, a folder, a cables.csv),
so they reach the actors as a stream: a bounded number are in flight at once, each sent to
the actor with the least work, and the results come back in the order of the jobs, for the
driver to write. An actor that dies is restarted by Ray and its unfinished jobs run again
(``max_restarts``, ``max_task_retries``): results are the same whichever actor makes them.
"""

from __future__ import annotations

import collections
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from cablescope.errors import CablescopeError, MissingExtra
from cablescope.model import Cable
from cablescope.pipeline.ingest import Written
from cablescope.pipeline.retag import Rewritten
from cablescope.pipeline.runner import Job, Stage, Then, Worker

INSTALL = "Ray is not installed; install it with: pip install 'cablescope[ray]'"

_CAUSE = re.compile(r"^(?:[a-z_]\w*\.)+[A-Z]\w*: ")
"""The ``module.Class: `` before the message of an exception Ray passes on."""

IN_FLIGHT = 4
"""Jobs queued per actor: enough that none waits for the driver between jobs."""


def import_ray() -> ModuleType:
    """The ``ray`` module; MissingExtra naming the install command when it is missing."""
    try:
        import ray
    except ImportError:
        raise MissingExtra(INSTALL) from None
    return ray


def connect(address: str, cpus: int | None = None) -> ModuleType:
    """Ray, joined to the cluster at ``address`` (``auto``: the one running here, as
    ``ray start`` left it) or, for ``local``, to a new cluster on this machine of ``cpus``
    CPUs (all of them by default)."""
    ray = import_ray()
    if not ray.is_initialized():
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
        if address == "local":
            options.update(address="local", num_cpus=cpus, _node_ip_address="127.0.0.1")
        else:
            options.update(address=address)
        ray.init(**options)
    return ray


class _Actor:
    """One Ray actor: a worker with the stage loaded, which also counts its own work."""

    def __init__(self, stage: Stage, then: Then | None) -> None:
        self.worker = Worker(stage, then)

    def run(self, task: Any, args: tuple[Any, ...]) -> tuple[list[Any], float, int]:
        started = time.process_time()
        done = self.worker(task, args)
        return done, time.process_time() - started, _words(done)


def _words(results: list[Any]) -> int:
    """The words of the cables ``results`` hold or say were written."""
    found = 0
    for item in results:
        if isinstance(item, Cable):
            found += len(item.text.split())
        elif isinstance(item, Written | Rewritten):
            found += item.words
    return found


@dataclass(slots=True)
class Usage:
    """CPU seconds each actor spent on jobs and the words of the cables they made, by actor
    index, and when the work began."""

    seconds: list[float] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        """Words per second overall and per CPU-second of each worker."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        each = ", ".join(f"{w / s:,.0f}" if s else "-" for w, s in zip(self.words, self.seconds))
        return (f"{sum(self.words):,} words in {elapsed:,.0f} s: "
                f"{sum(self.words) / elapsed:,.0f} words/s; per worker, words/CPU-s: {each}")  # fmt: skip


class RayRunner:
    """Jobs run on ``workers`` actors of the Ray cluster at ``address`` (see ``connect``),
    one CPU each; by default as many as the cluster has CPUs. Each actor does ``then`` with
    the results of its jobs (see ``runner.Worker``): a database server's writes, so that
    every worker writes."""

    def __init__(
        self,
        stage: Stage,
        address: str = "auto",
        workers: int | None = None,
        then: Then | None = None,
    ) -> None:
        self.ray = connect(address, workers)
        self.workers = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        remote = self.ray.remote(num_cpus=1, max_restarts=-1, max_task_retries=-1)(_Actor)
        self.actors = [remote.remote(stage, then) for _ in range(self.workers)]
        self.usage = Usage([0.0] * self.workers, [0] * self.workers)

    def run(self, jobs: Iterable[Job | list[Any]]) -> Iterator[Any]:
        window: collections.deque[tuple[int, Any] | list[Any]] = collections.deque()
        load = [0] * self.workers
        try:
            for job in jobs:
                if isinstance(job, list):
                    window.append(job)
                else:
                    i = min(range(self.workers), key=load.__getitem__)
                    load[i] += 1
                    window.append((i, self.actors[i].run.remote(*job)))
                while len(window) >= self.workers * IN_FLIGHT:
                    yield from self._done(window.popleft(), load)
            while window:
                yield from self._done(window.popleft(), load)
        finally:
            for item in window:
                if not isinstance(item, list):
                    self.ray.cancel(item[1])

    def _done(self, item: tuple[int, Any] | list[Any], load: list[int]) -> list[Any]:
        if isinstance(item, list):
            return item
        i, ref = item
        try:
            done, seconds, words = self.ray.get(ref)
        except CablescopeError:
            raise
        except self.ray.exceptions.RayError as error:
            # An actor that could not start (a model missing on its node) or died for good:
            # Ray's message ends with the worker's own exception, "module.Name: message".
            last = (str(error).strip().splitlines() or [type(error).__name__])[-1]
            raise CablescopeError(f"a Ray worker failed: {_CAUSE.sub('', last)}") from None
        load[i] -= 1
        self.usage.seconds[i] += seconds
        self.usage.words[i] += words
        return done  # type: ignore[no-any-return]

    def close(self) -> None:
        """End the actors (the cluster stays)."""
        for actor in self.actors:
            self.ray.kill(actor)
