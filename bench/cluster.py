"""Benchmark: ingest with entities on Ray against the local runner, in the same run, on the
same pages.

Input: the first --pages Cablegate pages of the corpus tarball, written to a temporary
tarball. Ray runs on a cluster of this machine's (``ray.init``, --cpus CPUs) started before
any timing. Each side ingests the tarball with entities into a new SQLite file, the driver
writing: the local runner with 2 processes, Ray with 1 and with 2 actors. Times are wall
clock from the runner's creation (so each loads its model inside the time) to the last
write; the sides run in turn, --repeat times, and the best of each is kept. Mentions of the
stored cables are compared across all sides.

    python bench/cluster.py [--corpus PATH] [--pages N] [--repeat N] [--out FILE]
                            [--chunks 4,16,64]

``--chunks`` instead times Ray with 2 workers at each number of pages per job (``CHUNK``).

Targets (issue 13): Ray with 2 workers at least 1.8 times Ray with 1, and at least 0.9 times
the local runner with 2 processes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from tagging import CORPUS, pages  # noqa: E402

from cablescope.pipeline.entities import TaggingSpec  # noqa: E402
from cablescope.pipeline.ingest import ingest  # noqa: E402
from cablescope.pipeline.runner import LocalRunner, Runner  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402


def publish(lines: list[str], out: Path | None) -> None:
    """Print the report ``lines`` and, with ``out``, write them there too."""
    text = "\n".join(lines) + "\n"
    print(text)
    if out:
        out.write_text(text)


def run(tarball: Path, db: Path, make: Callable[[], Runner]) -> tuple[float, int, list[object]]:
    """Seconds, words stored and the mentions of every cable, ingesting ``tarball``."""
    db.unlink(missing_ok=True)
    started = time.perf_counter()
    runner = make()
    with SqliteStore.open(str(db)) as store:
        ingest([str(tarball)], store, runner=runner)
        seconds = time.perf_counter() - started
        cables = sorted(store.iter_cables(), key=lambda c: c.id)
    words = sum(len(c.text.split()) for c in cables)
    return seconds, words, [(c.id, c.mentions) for c in cables]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--chunks", help="pages per job to time Ray with 2 workers at")
    args = parser.parse_args()
    if args.chunks:
        chunks(args)
        return

    from cablescope.pipeline.cluster import RayRunner, connect

    ray = connect("local", args.cpus)
    spec = TaggingSpec.named("cablescope")
    sides: dict[str, Callable[[], Runner]] = {
        "local, 2 processes": lambda: LocalRunner(spec, 2),
        "Ray, 1 worker": lambda: RayRunner(spec, "local", 1),
        "Ray, 2 workers": lambda: RayRunner(spec, "local", 2),
    }
    best: dict[str, float] = {}
    words = 0
    mentions: dict[str, list[object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(tmp) / "pages.tar.gz"
        count = pages(args.corpus, args.pages, tarball)
        for _ in range(args.repeat):
            for name, make in sides.items():
                seconds, words, mentions[name] = run(tarball, Path(tmp) / "bench.db", make)
                best[name] = min(best.get(name, seconds), seconds)
                print(f"{name}: {seconds:.1f} s", file=sys.stderr)
    ray.shutdown()
    same = len({repr(m) for m in mentions.values()}) == 1
    local, one, two = best.values()
    lines = [
        f"{count} pages, {words:,} words; best of {args.repeat}; mentions identical: {same}",
        "",
        "| runner | seconds | words/s |",
        "|---|---|---|",
        *(f"| {name} | {s:.1f} | {words / s:,.0f} |" for name, s in best.items()),
        "",
        f"Ray 2 workers / Ray 1 worker: {one / two:.2f}x (target 1.8x)",
        f"Ray 2 workers / local 2 processes: {local / two:.2f}x (target 0.9x)",
    ]
    publish(lines, args.out)


def chunks(args: argparse.Namespace) -> None:
    """Ray with 2 workers at each job size of ``args.chunks``."""
    from cablescope.pipeline import ingest as module
    from cablescope.pipeline.cluster import RayRunner, connect

    ray = connect("local", args.cpus)
    spec = TaggingSpec.named("cablescope")
    sizes = [int(n) for n in args.chunks.split(",")]
    best: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(tmp) / "pages.tar.gz"
        count = pages(args.corpus, args.pages, tarball)
        for _ in range(args.repeat):
            for size in sizes:
                module.CHUNK = size
                seconds, words, _ = run(
                    tarball, Path(tmp) / "bench.db", lambda: RayRunner(spec, "local", 2)
                )
                best[size] = min(best.get(size, seconds), seconds)
                print(f"{size} pages a job: {seconds:.1f} s", file=sys.stderr)
    ray.shutdown()
    lines = [
        f"{count} pages, {words:,} words, Ray with 2 workers; best of {args.repeat}",
        "",
        "| pages a job | seconds | words/s |",
        "|---:|---:|---:|",
        *(f"| {n} | {s:.1f} | {words / s:,.0f} |" for n, s in best.items()),
    ]
    publish(lines, args.out)


if __name__ == "__main__":
    main()
