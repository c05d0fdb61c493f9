"""Benchmark: peak memory and time of a full ``cablescope resolve`` at 1×, 2× and 4× the
tagged corpus, and a reference in the same run: the peak memory of reading every record
(``iter_cables``), which resolution must do at least. With ``--new N``, N random cables are
held back from the full resolution and then resolved into its entities as a batch
(``resolve.batch``, what ``ingest`` does), whose time and peak memory are reported too. Last,
the store is resolved in full again: a ``cablescope resolve`` of a store that holds entities
and a record already, which it empties in the same transaction.

The larger stores are the corpus store copied with renumbered ids (``_scaled``): the same
names N times over, so the entity table stays one copy's size while the mentions grow
N-fold. Each measurement runs in a fresh interpreter and reports its own peak RSS.

    python bench/resolve_memory.py --db TAGGED.db [--times 1,2,4] [--new 100]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from _scaled import scaled  # noqa: E402

import cablescope.store  # noqa: E402
from cablescope.model import Cable  # noqa: E402

_CHILD = """
import json, resource, sys, time
import cablescope.store
from cablescope.resolve import resolve_store
with cablescope.store.open(sys.argv[2]) as store:
    started = time.perf_counter()
    if sys.argv[1] == "read":
        n = sum(1 for _ in store.iter_cables())
        summary = f"{n} cables read"
    elif sys.argv[1] == "batch":
        from cablescope.resolve.batch import resolve_new
        done = resolve_new(store)
        assert done is not None
        summary = f"{done.update.added} new, {done.update.decided_again} old decided again"
    else:
        summary = resolve_store(store).summary()
    seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, "summary": summary}))
"""


def measure(what: str, db: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, what, str(db)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT)},
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a store holding the tagged corpus")
    parser.add_argument("--times", default="1,2,4")
    parser.add_argument("--new", type=int, default=0, help="cables resolved as a batch")
    opts = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for times in (int(t) for t in opts.times.split(",")):
            db = Path(folder) / f"x{times}.db"
            cables = scaled(opts.db, times, str(db))
            read = measure("read", db)
            held = _hold_back(db, opts.new)
            resolved = measure("resolve", db)
            batch = None
            if held:
                with cablescope.store.open(str(db)) as store, store.batch():
                    for cable, readings in held:
                        store.put(cable, readings)
                batch = measure("batch", db)
            again = measure("resolve", db)
            rows.append((times, cables, read, resolved, batch, again))
            db.unlink()
            print(f"{times}x done: {resolved['summary']}", file=sys.stderr)
    print("| corpus | cables | read every record: peak MB | resolve: s | resolve: peak MB "
          "| batch: s | batch: peak MB | resolve again: s | resolve again: peak MB |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for times, cables, read, resolved, batch, again in rows:
        print(
            f"| {times}× | {cables:,} | {read['peak_mb']:.0f} | {resolved['seconds']:.1f}"
            f" | {resolved['peak_mb']:.0f} | {_shown(batch, 'seconds', '.1f')}"
            f" | {_shown(batch, 'peak_mb', '.0f')} | {again['seconds']:.1f}"
            f" | {again['peak_mb']:.0f} |"
        )


def _shown(measured: dict[str, object] | None, what: str, spec: str) -> str:
    return "-" if measured is None else format(measured[what], spec)


def _hold_back(db: Path, new: int) -> list[tuple[Cable, list[Cable]]]:
    """Take ``new`` random cables out of the store at ``db``; them with their readings."""
    if not new:
        return []
    with cablescope.store.open(str(db)) as store:
        ids = sorted(c.id for c in store.iter_cables())
        held = []
        with store.batch():
            for cid in random.Random(0).sample(ids, new):
                cable = store.get_cable(cid)
                assert cable is not None
                held.append((cable, store.readings(cid)))
                store.delete(cid)
    return held


if __name__ == "__main__":
    main()
