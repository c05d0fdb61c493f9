"""Benchmark: ``resolve_store`` over a whole tagged corpus store, against bare references in
the same run, curation judgements applied in place against the full re-resolution each
took before, and the latencies of ``cablescope entity ID`` and ``entities --top 20``.

Store: a copy of a database that holds the whole corpus tagged (``--db``, copied to a
temporary file so the original is never written); without ``--db`` the corpus is ingested and
tagged first (about five minutes). References: one SQL ``GROUP BY`` over
``cable_entities`` (counting names per type and key, no resolution), and reading every record
(``iter_cables``), which resolution must do, and a resolution made whole in memory and saved
whole (``cluster.resolve`` and ``save_resolution``, as before streaming). Curation: one
judgement of each kind on the largest entities, applied in place (``curate``, the call
behind ``cablescope entity merge|split|rename|confirm`` and the web routes). Latencies: the library calls the commands make,
and the commands themselves as subprocesses (interpreter start included), best of N.

    python bench/resolve.py [--db PATH] [--repeat N]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.resolve import resolve_store  # noqa: E402
from cablescope.resolve.cluster import resolve  # noqa: E402
from cablescope.resolve.lookup import (  # noqa: E402
    confirm_args,
    curate,
    merge_args,
    rename_args,
    split_args,
)

sys.path.insert(0, str(ROOT / "bench"))
from _corpus import tagged_corpus  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402


def best(repeat: int, call: object) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def command(db: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cablescope", *args, "--db", db], capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr


def judged(store: SqliteStore) -> list[tuple[str, float]]:
    """Time one judgement of each kind, applied in place, each on other large entities."""
    people = store.entities("PER", 40)
    places = store.entities("LOC", 2)
    full = next(e for e in people if " " in e.key)
    short = next(e for e in people if " " not in e.key and e.id != full.id)
    split = next(e for e in people if len({a.key for a in e.aliases}) > 2 and e.id != full.id)
    renamed = next(e for e in people if e.id not in {full.id, short.id, split.id})
    alias = split.aliases[-1].surface
    detail = store.entity_detail(places[0].id)
    assert detail is not None
    unsure = store.uncertain_aliases(1)[0]
    calls = [
        (f"merge {full.id} {short.id}", "merge", lambda: merge_args(store, full.id, short.id)),
        (f"rename {renamed.id}", "rename", lambda: rename_args(store, renamed.id, "Renamed")),
        (f"split {split.id} --alias", "split", lambda: split_args(store, split.id, alias)),
        (f"split {places[0].id} --cables (10)", "split",
         lambda: split_args(store, places[0].id, None, detail.cable_ids[:10])),
        (f"confirm {unsure.entity_id}", "confirm",
         lambda: confirm_args(store, unsure.entity_id, unsure.key)),
        (f"merge {places[1].id} {places[0].id}", "merge",
         lambda: merge_args(store, places[1].id, places[0].id)),
    ]  # fmt: skip
    found = []
    for what, kind, args in calls:
        started = time.perf_counter()
        _, done = curate(store, kind, args())
        found.append((what, time.perf_counter() - started))
        assert done is not None and done.applied, what
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=None)
    parser.add_argument("--repeat", type=int, default=5)
    opts = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "bench.db")
        if opts.db is None:
            tagged_corpus(Path(db))
        else:
            shutil.copyfile(opts.db, db)
        with SqliteStore.open(db) as store:
            cables = store.count()
            group_by = best(3, lambda: store._conn.execute(
                "SELECT type, name, sum(mentions), count(*) FROM cable_entities GROUP BY type, name"
            ).fetchall())  # fmt: skip
            read_all = best(1, lambda: sum(1 for _ in store.iter_cables()))
            started = time.perf_counter()
            store.save_resolution(resolve(store.iter_cables(), store.judgements()))
            whole_s = time.perf_counter() - started
            started = time.perf_counter()
            resolution = resolve_store(store)
            resolve_s = time.perf_counter() - started
            curation = judged(store)
            top = store.entities(top=1)[0].id
            person = store.entities("PER", 1)[0].id
            list_ms = best(opts.repeat, lambda: store.entities(top=20)) * 1000
            show_top = best(opts.repeat, lambda: store.entity_detail(top)) * 1000
            show_per = best(opts.repeat, lambda: store.entity_detail(person)) * 1000
        cli_list = best(opts.repeat, lambda: command(db, "entities", "--top", "20")) * 1000
        cli_top = best(opts.repeat, lambda: command(db, "entity", top)) * 1000
        cli_per = best(opts.repeat, lambda: command(db, "entity", person)) * 1000
    print(f"cables: {cables:,}; {resolution.summary()}")
    print(f"reference: GROUP BY over cable_entities  {group_by:8.2f} s")
    print(f"reference: read every record             {read_all:8.2f} s")
    print(f"reference: resolve in memory, save whole {whole_s:8.2f} s")
    print(f"resolve_store (streamed)                 {resolve_s:8.2f} s")
    for what, seconds in curation:
        print(f"curation in place: {what:<40} {seconds * 1000:8.0f} ms")
    print(f"entities --top 20: library {list_ms:7.1f} ms, command {cli_list:7.1f} ms")
    print(f"entity {top}: library {show_top:7.1f} ms, command {cli_top:7.1f} ms")
    print(f"entity {person}: library {show_per:7.1f} ms, command {cli_per:7.1f} ms")


if __name__ == "__main__":
    main()
