"""Benchmark: ``resolve_store`` over a whole tagged corpus store, against bare references in
the same run, and the latencies of ``cablescope entity ID`` and ``entities --top 20``.

Store: a copy of a database that holds the whole corpus tagged (``--db``, copied to a
temporary file so the original is never written); without ``--db`` the corpus is ingested and
tagged first (about five minutes). References: one SQL ``GROUP BY`` over
``cable_entities`` (counting names per type and key, no resolution), and reading every record
(``iter_cables``), which resolution must do. Latencies: the library calls the commands make,
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
            resolution = resolve_store(store)
            resolve_s = time.perf_counter() - started
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
    print(f"resolve_store (read, resolve, save)      {resolve_s:8.2f} s")
    print(f"entities --top 20: library {list_ms:7.1f} ms, command {cli_list:7.1f} ms")
    print(f"entity {top}: library {show_top:7.1f} ms, command {cli_top:7.1f} ms")
    print(f"entity {person}: library {show_per:7.1f} ms, command {cli_per:7.1f} ms")


if __name__ == "__main__":
    main()
