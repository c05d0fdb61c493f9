"""Benchmark: new cables resolved into the entities a store holds (``resolve.batch``, what
``ingest`` and ``tag`` run), against resolving every cable again streamed through the store
(``resolve_store``, what ``cablescope resolve`` runs), in the same run and on the same store.

A copy of a tagged store loses ``--new`` random cables and is resolved in full (timed: the
reference, which writes the record as it goes); the cables are put back and resolved as a
batch (timed), then the store is resolved in full again and its entities, links and
co-mentions compared with the batch's. Peak memory is each step's high-water mark
(``ru_maxrss`` of a child process per step would be exact; this reports the process's,
which only grows, so the batch's is an upper bound after a full rebuild). With ``--times N``
the store is first made N times larger (``_scaled``: the corpus copied with renumbered ids).
With ``--postgres`` the store is copied (``cablescope db copy``) into a database on a private
PostgreSQL server started for the run (as the tests start theirs) and measured there.

    python bench/resolve_batch.py --db TAGGED.db [--new 10,100] [--seed 0] [--times 1]
                                  [--postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _scaled import scaled  # noqa: E402

import cablescope.store  # noqa: E402
from cablescope.resolve import resolve_store  # noqa: E402
from cablescope.pipeline.copy import archive, copy_archive  # noqa: E402
from cablescope.resolve.batch import resolve_new  # noqa: E402
from cablescope.store.base import Database  # noqa: E402


def _snapshot(store: Database) -> tuple[object, ...]:
    """What must be equal: every entity, every link, and every co-mention list."""
    entities = store.entities()
    ids = [e.id for e in entities]
    cables = sorted(c.id for c in store.iter_cables())
    links = sorted(store.entity_links(cables), key=lambda k: (k.cable_id, k.start, k.end))
    details = tuple(store.entity_detail(eid) for eid in ids[:100])
    return tuple(entities), tuple(links), details, store.entity_totals()


def _run(store: Database, new: int, seed: int) -> str:
    ids = sorted(c.id for c in store.iter_cables())
    held = random.Random(seed).sample(ids, new)
    kept = {cid: (store.get_cable(cid), store.readings(cid)) for cid in held}
    with store.batch():
        for cid in held:
            store.delete(cid)
    started = time.perf_counter()
    resolve_store(store)
    full = time.perf_counter() - started
    with store.batch():
        for cable, readings in kept.values():
            assert cable is not None
            store.put(cable, readings)
    started = time.perf_counter()
    done = resolve_new(store)
    batch = time.perf_counter() - started
    assert done is not None
    after = _snapshot(store)
    started = time.perf_counter()
    resolve_store(store)
    again = time.perf_counter() - started
    equal = _snapshot(store) == after
    u = done.update
    return (
        f"| {new:,} | {full:.1f} s | {again:.1f} s | {batch:.2f} s | {batch / again:.1%} "
        f"| {u.decided_again:,} | {u.facts:,} ({u.changed:,}) | {done.links:,} "
        f"| {done.entities:,} | {'yes' if equal else 'NO'} |"
    )


@contextlib.contextmanager
def _postgres() -> Iterator[Callable[[str], Database]]:
    """A function copying a SQLite store into a new database of a private PostgreSQL server,
    which lives as long as the context; the copy opened."""
    from tests.postgres import Cluster, _bindir

    bindir = _bindir()
    if bindir is None:
        sys.exit("PostgreSQL's server binaries are not installed")
    cluster = Cluster(bindir)
    cluster.start()

    def copied(path: str) -> Database:
        name = f"bench_{next(cluster.names)}"
        cluster.admin(f"CREATE DATABASE {name}")
        url = cluster.url(name)
        with cablescope.store.open(path) as src:
            dst = cablescope.store.open(url)
            copy_archive(archive(src), archive(dst))
        return dst

    try:
        yield copied
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a tagged SQLite store")
    parser.add_argument("--new", default="10,100")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--times", type=int, default=1, help="copies of the store's cables")
    parser.add_argument("--postgres", action="store_true", help="measure on PostgreSQL")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        copied = stack.enter_context(_postgres()) if args.postgres else cablescope.store.open
        _table(args, copied)


def _table(args: argparse.Namespace, opened: Callable[[str], Database]) -> None:
    print("| new cables | full rebuild without them | full rebuild with them | batch "
          "| batch / full | old cables decided again | facts asked (changed) "
          "| links written | entities placed | equal to the full |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for new in (int(n) for n in args.new.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "c.db"
            if args.times > 1:
                scaled(args.db, args.times, str(copy))
            else:
                shutil.copyfile(args.db, copy)
            with opened(str(copy)) as store:
                print(_run(store, new, args.seed), flush=True)


if __name__ == "__main__":
    main()
