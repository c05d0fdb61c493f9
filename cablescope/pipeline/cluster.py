"""The Ray runner (extra ``cablescope[ray]``): ingest and ``tag`` jobs run through Ray Data,
``map_batches`` over a pool of actors that each hold one loaded tagging for all their jobs.

The jobs are made on the driver as it reads its inputs (a tarball, a folder, a cables.csv),
so the dataset's source is the driver itself: it puts each job, pickled, on a bounded Ray
queue on its own node, which one read task there turns into blocks of one job each. The
queue's bound keeps the driver's memory bounded however large the input. Ray Data streams
the jobs to the actors and their results back as they are made; the driver puts them in the
order of the jobs and writes them. An actor that dies is restarted by Ray and its unfinished
jobs run again (Ray Data's own ``max_restarts`` and ``max_task_retries``): results are the
same whichever actor makes them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import re
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from cablescope.errors import CablescopeError, MissingExtra
from cablescope.model import Cable
from cablescope.pipeline.ingest import Written
from cablescope.pipeline.retag import Rewritten
from cablescope.pipeline.runner import Job, Stage, Then

INSTALL = "Ray is not installed; install it with: pip install 'cablescope[ray]'"

_CAUSE = re.compile(r"^(?:[a-z_]\w*\.)+[A-Z]\w*: ")
"""The ``module.Class: `` before the message of an exception Ray passes on."""

QUEUED = 4
"""Jobs waiting on the driver's queue per actor: enough that none waits for the driver
between jobs, while the driver holds no more than that many jobs' inputs."""

Result = tuple[int, list[Any], str, float, int]
"""A job's number, its results, the actor that made them, its CPU seconds and words."""


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
        # The commands print their own lines. Ray's Python notes on starting (a new instance,
        # its token) are below ERROR, and its core's, on this process's stderr, are quietened
        # unless RAY_BACKEND_LOG_LEVEL says otherwise: Ray Data's actors would otherwise each
        # log an error that their (shared) arguments are in the object store (Ray issue 53727).
        # What goes wrong in a run comes back as an exception, which the runner reports.
        quiet = "RAY_BACKEND_LOG_LEVEL" not in os.environ
        if quiet:
            os.environ["RAY_BACKEND_LOG_LEVEL"] = "fatal"
        options: dict[str, Any] = {
            "include_dashboard": False,
            "log_to_driver": False,
            "logging_level": logging.ERROR,
        }
        if address == "local":
            options.update(address="local", num_cpus=cpus, _node_ip_address="127.0.0.1")
        else:
            options.update(address=address)
        with _stderr_closed() if quiet else contextlib.nullcontext():
            ray.init(**options)  # its core says on stderr which level it took
    return ray


@contextlib.contextmanager
def _stderr_closed() -> Iterator[None]:
    """This process's file descriptor 2 on the null device for the block."""
    sys.stderr.flush()
    saved = os.dup(2)
    with open(os.devnull, "wb") as null:
        os.dup2(null.fileno(), 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


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
    in the order they first answered, and when the work began."""

    seconds: list[float] = field(default_factory=list)
    words: list[int] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    actors: dict[str, int] = field(default_factory=dict)

    def add(self, actor: str, seconds: float, words: int) -> None:
        """Count a job of ``actor``."""
        i = self.actors.setdefault(actor, len(self.actors))
        if i >= len(self.seconds):
            self.seconds.append(0.0)
            self.words.append(0)
        self.seconds[i] += seconds
        self.words[i] += words

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
    every worker writes. The actors of a run end with it."""

    def __init__(
        self,
        stage: Stage,
        address: str = "auto",
        workers: int | None = None,
        then: Then | None = None,
    ) -> None:
        self.ray = connect(address, workers)
        self.workers = workers or max(1, int(self.ray.cluster_resources().get("CPU", 1)))
        self.stage, self.then = stage, then
        # A worker that got no job (a small input, taken by the first one ready) shows "-".
        self.usage = Usage([0.0] * self.workers, [0] * self.workers)

    def run(self, jobs: Iterable[Job | list[Any]]) -> Iterator[Any]:
        from ray.util.queue import Full, Queue

        from cablescope.pipeline import _raydata

        # Ray Data logs each dataset's plan, end and settings; the commands show their own
        # progress. Its logging is set up as it is imported, so this comes after.
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        node = self.ray.get_runtime_context().get_node_id()
        here = {"num_cpus": 0, "label_selector": {"ray.io/node-id": node}}
        feed = Queue(maxsize=self.workers * QUEUED, actor_options=here)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Ray Data's advice on pools of one input at a time
            data = _raydata.dataset(feed, node, self.workers, self.stage, self.then, _words)
        back: queue.SimpleQueue[Result | BaseException | None] = queue.SimpleQueue()
        reader = threading.Thread(target=_collect, args=(_raydata.results(data), back))
        reader.start()
        made: dict[int, list[Any]] = {}
        arrived: dict[int, Result] = {}
        sent = taken = 0

        def ready(wait: bool) -> Iterator[Any]:
            # Results come as the actors finish them; they go on in the order of the jobs.
            nonlocal taken
            while taken < sent:
                if taken in made:
                    yield from made.pop(taken)
                    taken += 1
                elif taken in arrived:
                    _, results, actor, seconds, words = arrived.pop(taken)
                    self.usage.add(actor, seconds, words)
                    yield from results
                    taken += 1
                else:
                    try:
                        item = back.get(block=wait or not reader.is_alive())
                    except queue.Empty:
                        return
                    result = self._result(item, taken)
                    arrived[result[0]] = result

        def put(item: bytes) -> Iterator[Any]:
            # A bounded wait, so that a run that failed (its error waiting in ``back``) is not
            # waited on for ever.
            while True:
                try:
                    feed.put(item, timeout=1.0)
                    return
                except Full:
                    yield from ready(False)
                    if not reader.is_alive():
                        yield from ready(True)

        try:
            for job in jobs:
                if isinstance(job, list):
                    made[sent] = job
                else:
                    yield from put(pickle.dumps((sent, *job)))
                sent += 1
                yield from ready(False)
            yield from put(_raydata.END)
            yield from ready(True)
        finally:
            # A run ended early (Ctrl-C, an error) stops at once: without its queue, the
            # dataset's source fails and Ray Data ends the run.
            with contextlib.suppress(Exception):
                self.ray.kill(feed.actor)
            reader.join(timeout=60)

    def _result(self, item: Result | BaseException | None, due: int) -> Result:
        if item is None:
            raise CablescopeError(f"Ray ended the run before job {due}")
        if isinstance(item, CablescopeError):
            raise item
        if isinstance(item, self.ray.exceptions.RayError):
            # An actor that could not start (a model missing on its node) or died for good:
            # Ray's message ends with the worker's own exception, "module.Name: message".
            last = (str(item).strip().splitlines() or [type(item).__name__])[-1]
            raise CablescopeError(f"a Ray worker failed: {_CAUSE.sub('', last)}") from None
        if isinstance(item, BaseException):
            raise item
        return item


def _collect(results: Iterator[Result], back: queue.SimpleQueue[Result | BaseException | None]
             ) -> None:  # fmt: skip
    """Put each of ``results`` on ``back`` as it comes, then None; or the error that ended
    them, for the driver's thread to raise."""
    try:
        for result in results:
            back.put(result)
        back.put(None)
    except BaseException as error:
        back.put(error)
