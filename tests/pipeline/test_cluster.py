"""The Ray runner on a real local Ray cluster (2 CPUs, 127.0.0.1): ingest and tag store exactly
what the local runner stores, into SQLite and PostgreSQL; a worker killed midway is started
again by Ray and a driver killed midway is run again, with the same result."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cablescope.model.serialize import cable_to_dict
from cablescope.pipeline.entities import TaggingSpec
from cablescope.pipeline.ingest import WriteTo, ingest
from cablescope.pipeline.retag import RetagTo, retag
from cablescope.query import parse_query
from cablescope.pipeline.runner import Job
from cablescope.readers.archive import total_bytes
from cablescope.store.base import RecordStore
from cablescope.store.sqlite import SqliteStore
from tests.conftest import ROOT, corpus_pages, needs_shared
from tests.postgres import postgres_cluster, postgres_url

ray = pytest.importorskip("ray", reason="Ray is not installed (the ray extra)")

from cablescope.pipeline.cluster import RayRunner, connect  # noqa: E402

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = needs_shared


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A Ray cluster of this machine's for the module: its address."""
    connect("local", 2)
    try:
        yield ray.get_runtime_context().gcs_address
    finally:
        ray.shutdown()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """42 real Cablegate pages, one in 160 of the corpus."""
    folder = tmp_path_factory.mktemp("pages")
    for name, data in corpus_pages(every=160):
        (folder / Path(name).name).write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def spec() -> TaggingSpec:
    return TaggingSpec.named("cablescope")


def _records(store: RecordStore) -> list[dict[str, object]]:
    out = [cable_to_dict(c) for c in store.iter_cables()]
    for record in out:
        for source in record["sources"]:  # type: ignore[attr-defined]
            source["path"] = Path(source["path"]).name
    return sorted(out, key=lambda r: str(r["id"]))


@pytest.fixture(scope="module")
def local(
    pages: Path, spec: TaggingSpec, tmp_path_factory: pytest.TempPathFactory
) -> list[dict[str, object]]:
    """What the local runner stores of ``pages``, tagged."""
    path = tmp_path_factory.mktemp("local") / "local.db"
    with SqliteStore.open(str(path)) as store:
        ingest([str(pages)], store, workers=2, tagging=spec)
        records = _records(store)
    assert len(records) == len(list(pages.iterdir())) and all(r["mentions"] for r in records)
    return records


def test_ray_ingest_and_tag_store_what_the_local_runner_stores(
    cluster: str, pages: Path, spec: TaggingSpec, local: list[dict[str, object]], tmp_path: Path
) -> None:
    runner = RayRunner(spec, cluster, 2)
    steps: list[int] = []
    with SqliteStore.open(str(tmp_path / "ray.db")) as store:
        summary = ingest([str(pages)], store, runner=runner, on_bytes=steps.append)
        assert (summary.new, summary.rejected) == (len(local), 0)
        # Progress counts the bytes of input whose work came back from the actors.
        assert sum(steps) == total_bytes([str(pages)]) and len(steps) > 1
        assert _records(store) == local
        assert sum(runner.usage.words) == sum(len(str(r["text"]).split()) for r in local)
        assert len(runner.usage.words) == 2
        # Tagging again what is stored gives the same mentions.
        assert retag(store, spec, runner=runner).written == len(local)
        assert _records(store) == local


def test_ray_workers_write_postgres_alike(
    cluster: str,
    pages: Path,
    spec: TaggingSpec,
    local: list[dict[str, object]],
    postgres_url: str,
    tmp_path: Path,
) -> None:
    from cablescope.store.postgres import PostgresStore

    # Every worker stores what it reads; the driver only counts.
    junk = tmp_path / "junk.html"
    junk.write_bytes(b"\x00\x01 no cable here")
    runner = RayRunner(spec, cluster, 2, WriteTo(postgres_url))
    steps: list[int] = []
    with PostgresStore.open(postgres_url) as store:
        summary = ingest([str(pages), str(junk)], store, runner=runner, on_bytes=steps.append)
        assert (summary.new, summary.updated, summary.rejected) == (len(local), 0, 1)
        assert sum(steps) == total_bytes([str(pages), str(junk)])
        assert [p.path for p in store.problems()] == [str(junk)]
        assert _records(store) == local
        assert sum(runner.usage.words) == sum(len(str(r["text"]).split()) for r in local)
        again = ingest([str(pages)], store, runner=runner)
        assert (again.new, again.skipped) == (0, len(local))
        # Tagged again on Ray, every worker writing the cables of its jobs.
        runner = RayRunner(spec, cluster, 2, RetagTo(postgres_url))
        done = retag(store, spec, store.matching(parse_query("")), runner=runner, job="t")
        assert (done.written, done.resumed) == (len(local), 0)
        assert _records(store) == local
        assert sum(runner.usage.words) == sum(len(str(r["text"]).split()) for r in local)


def _actor_process(name: str) -> int:
    """The process id of a Ray worker running an actor of class ``name``, once one runs."""
    for _ in range(600):
        found = subprocess.run(["pgrep", "-f", f"ray::{name}"], capture_output=True, text=True)
        if found.stdout.split():
            return int(found.stdout.split()[0])
        time.sleep(0.1)
    raise AssertionError(f"no {name} actor started")


def test_a_killed_worker_is_run_again_by_ray(
    cluster: str, pages: Path, spec: TaggingSpec, local: list[dict[str, object]], tmp_path: Path
) -> None:
    runner = RayRunner(spec, cluster, 2)
    run = runner.run
    killed: list[int] = []

    def killing(jobs: Iterator[Job | list[object]]) -> Iterator[object]:
        def counted() -> Iterator[Job | list[object]]:
            for i, job in enumerate(jobs):
                if i == 2:
                    # An actor's process dies with jobs queued: Ray starts it again and Ray
                    # Data runs its jobs again.
                    killed.append(_actor_process("MapWorker"))
                    os.kill(killed[0], signal.SIGKILL)
                yield job

        return run(counted())

    runner.run = killing  # type: ignore[method-assign]
    with SqliteStore.open(str(tmp_path / "killed.db")) as store:
        summary = ingest([str(pages)], store, runner=runner)
        assert killed and summary.new == len(local)
        assert _records(store) == local


_DRIVER = """
import sys
from cablescope.pipeline import ingest as module
from cablescope.pipeline.cluster import RayRunner
from cablescope.pipeline.entities import TaggingSpec
from cablescope.store.sqlite import SqliteStore

module.BATCH = module.CHUNK = 4  # small jobs written in small batches: a kill leaves some behind
address, pages, db = sys.argv[1:]
with SqliteStore.open(db) as store:
    module.ingest([pages], store, runner=RayRunner(TaggingSpec.named("cablescope"), address, 2))
"""


def test_a_killed_driver_goes_on_where_it_stopped(
    cluster: str, pages: Path, local: list[dict[str, object]], tmp_path: Path
) -> None:
    db = tmp_path / "resumed.db"
    command = [sys.executable, "-c", _DRIVER, cluster, str(pages), str(db)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    driver = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    stored = 0
    deadline = time.monotonic() + 240
    while stored < 8 and driver.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists():
            with SqliteStore.open(str(db)) as store:
                stored = store.count()
    driver.send_signal(signal.SIGKILL)
    driver.wait()
    assert 0 < stored < len(local), stored
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    with SqliteStore.open(str(db)) as store:
        assert _records(store) == local


_TAGGER = """
import sys
from cablescope.pipeline import retag as module
from cablescope.pipeline.cluster import RayRunner
from cablescope.pipeline.entities import TaggingSpec
from cablescope.query import parse_query
from cablescope.store.sqlite import SqliteStore

module.BATCH = 4
address, db = sys.argv[1:]
spec = TaggingSpec.named("cablescope")
with SqliteStore.open(db) as store:
    ids = store.matching(parse_query(""))
    done = module.retag(store, spec, ids, runner=RayRunner(spec, address, 2), job="tag test")
print(done.written, done.resumed)
"""


def test_a_killed_tag_job_tags_only_what_is_left(
    cluster: str, pages: Path, local: list[dict[str, object]], tmp_path: Path
) -> None:
    db = tmp_path / "untagged.db"
    with SqliteStore.open(str(db)) as store:
        ingest([str(pages)], store, workers=0)
        assert not any(c.mentions for c in store.iter_cables())
    command = [sys.executable, "-c", _TAGGER, cluster, str(db)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    job = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done = 0
    deadline = time.monotonic() + 240
    while done < 8 and job.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        with SqliteStore.open(str(db)) as store:
            done = sum(1 for c in store.iter_cables() if c.mentions)
    job.send_signal(signal.SIGKILL)
    job.wait()
    assert 0 < done < len(local), done
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr[-2000:]
    written, resumed = map(int, again.stdout.split())
    assert resumed >= done - 4 and written + resumed == len(local)
    with SqliteStore.open(str(db)) as store:
        assert _records(store) == local
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT key FROM store_meta WHERE key LIKE 'job:%'").fetchall() == []


def test_the_commands_run_on_ray_and_say_how_fast(
    cluster: str, pages: Path, local: list[dict[str, object]], tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from cablescope.cli import cli

    db = str(tmp_path / "cli.db")
    done = CliRunner().invoke(
        cli, ["ingest", "--db", db, "--ray", cluster, "--workers", "2", str(pages)]
    )
    assert done.exit_code == 0, done.output
    lines = done.output.splitlines()
    assert (
        lines[0]
        == f"{len(local)} new, 0 updated, 0 unchanged cables from {len(local)} files; 0 rejected"
    )
    assert re.fullmatch(
        # Two workers, one of which may have had no job of the three ("-").
        r"[\d,]+ words in [\d,]+ s: [\d,]+ words/s; per worker, words/CPU-s: [\d,-]+, [\d,-]+",
        lines[1],
    )
    done = CliRunner().invoke(
        cli, ["tag", "--db", db, "--ray", cluster, "--workers", "2", "from:2009"]
    )
    assert done.exit_code == 0, done.output
    assert re.fullmatch(r"\d+ cables tagged", done.output.splitlines()[0])
    with SqliteStore.open(db) as store:
        assert _records(store) == local


def test_a_worker_that_cannot_load_its_model_is_one_error(
    cluster: str, pages: Path, tmp_path: Path
) -> None:
    from cablescope.errors import CablescopeError

    runner = RayRunner(TaggingSpec("cablescope", str(tmp_path / "no-model")), cluster, 1)
    with SqliteStore.open(str(tmp_path / "none.db")) as store:
        with pytest.raises(
            CablescopeError,
            match="^a Ray worker failed: spaCy pipeline .*no-model. is not installed",
        ) as failed:
            ingest([str(pages)], store, runner=runner)
        assert "\n" not in str(failed.value)
        assert store.count() == 0
