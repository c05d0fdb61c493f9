"""The Ray Data pieces of the Ray runner (``cluster.RayRunner``), apart so that only a run
on Ray imports Ray: the dataset's source, the jobs the driver puts on a Ray queue, and the
function each actor maps over them."""

from __future__ import annotations

import pickle
import time
from collections.abc import Callable, Iterator
from typing import Any

import pyarrow as pa
import ray
from ray.data import ActorPoolStrategy, DataContext, Dataset, read_datasource
from ray.data.block import BlockMetadata
from ray.data.datasource import Datasource, ReadTask

from cablescope.pipeline.runner import Stage, Then, Worker

END = b""
"""What the driver puts on the queue after its last job."""

IN_FLIGHT = 4
"""Jobs sent to an actor at once: enough that it never waits between jobs for Ray Data's
scheduling (a round of it takes some tenths of a second)."""

Words = Callable[[list[Any]], int]


class Jobs(Datasource):
    """The jobs the driver puts, pickled, on ``queue`` (a ``ray.util.queue.Queue``), read by
    one task, one block per job."""

    def __init__(self, queue: Any) -> None:
        self.queue = queue

    def estimate_inmemory_data_size(self) -> None:
        return None

    def get_read_tasks(self, parallelism: int, *args: Any, **kwargs: Any) -> list[ReadTask]:
        queue = self.queue

        def read() -> Iterator[pa.Table]:
            while (job := queue.get()) != END:
                yield pa.table({"job": pa.array([job], pa.large_binary())})

        return [ReadTask(read, BlockMetadata(num_rows=None, size_bytes=None, exec_stats=None))]


class Map:
    """What one actor maps over its batches, each one job: a worker with the stage loaded,
    which also says who it is and counts its own work."""

    def __init__(self, stage: Stage, then: Then | None, words: Words) -> None:
        self.worker = Worker(stage, then)
        self.words = words
        self.name = ray.get_runtime_context().get_actor_id() or ""

    def __call__(self, batch: pa.Table) -> pa.Table:
        done = []
        for blob in batch.column("job").to_pylist():
            seq, task, args = pickle.loads(blob)
            started = time.process_time()
            results = self.worker(task, args)
            seconds = time.process_time() - started
            done.append(pickle.dumps((seq, results, self.name, seconds, self.words(results))))
        return pa.table({"done": pa.array(done, pa.large_binary())})


def dataset(queue: Any, node: str, workers: int, stage: Stage, then: Then | None,
            words: Words) -> Dataset:  # fmt: skip
    """The jobs on ``queue``, read on the driver's ``node``, mapped by ``workers`` actors of
    one CPU each, results as they are made (the driver puts them in order)."""
    context = DataContext.get_current()
    context.enable_progress_bars = False
    # One job per block: blocks are otherwise filled up to 128 MiB, holding jobs back.
    context.target_max_block_size = 1024
    read = read_datasource(
        Jobs(queue), override_num_blocks=1, num_cpus=0, label_selector={"ray.io/node-id": node}
    )
    mapped: Dataset = read.map_batches(
        Map,
        fn_constructor_args=(stage, then, words),
        batch_size=1,
        batch_format="pyarrow",
        compute=ActorPoolStrategy(size=workers, max_tasks_in_flight_per_actor=IN_FLIGHT),
        num_cpus=1,
        max_restarts=-1,
        max_task_retries=-1,
    )
    return mapped


def results(dataset: Dataset) -> Iterator[tuple[int, list[Any], str, float, int]]:
    """Each job's number, results, actor, CPU seconds and words, as they come."""
    for batch in dataset.iter_batches(batch_size=None, batch_format="pyarrow"):
        table: pa.Table = batch
        for blob in table.column("done").to_pylist():
            yield pickle.loads(blob)
