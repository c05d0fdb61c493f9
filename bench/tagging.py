"""Benchmark: words per CPU-second of ingest with entities, end to end, against the same
ingest at a reference revision of cablescope in the same run.

Input: the first --pages Cablegate pages of the corpus tarball, written to a temporary
tarball. Each side runs in a fresh process: load the default model, ``ingest`` the pages
with entities into a new SQLite file (two worker processes), then ``resolve_store``.
CPU-seconds are ``resource.getrusage`` of that process and of its workers (the machine is
shared and busy, so wall time says little); words are the whitespace-separated tokens of
the stored texts. Peak memory: the parent's and the largest worker's maximum RSS (shared
pages of the model, forked from the parent, included). The mentions of every cable in the
two databases are then compared exactly.

The reference is ``git archive REV cablescope`` unpacked into a temporary folder (default:
the revision before the tagging changes of December 2026); the current side is the working
tree, or with ``--current REV`` that revision, unpacked the same way (so that uncommitted
work elsewhere in the tree does not count).

    python bench/tagging.py [--corpus PATH] [--pages N] [--reference REV] [--current REV]
                            [--split N]

``--split N`` also times, in one process over the first N pages, each stage a worker runs:
reading and building the cables, the model, the cable rules.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import pickle
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import astuple
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
REFERENCE = "f55ee51"


def cpu() -> tuple[float, float]:
    """CPU-seconds (user + system) of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def pages(corpus: Path, count: int, out: Path) -> int:
    """The first ``count`` .html members of ``corpus`` written to the tarball ``out``."""
    written = 0
    with tarfile.open(corpus, mode="r|gz") as source, tarfile.open(out, "w:gz") as target:
        for member in source:
            handle = source.extractfile(member) if member.name.endswith(".html") else None
            if handle is None:
                continue
            target.addfile(member, io.BytesIO(handle.read()))
            written += 1
            if written >= count:
                break
    return written


def export(revision: str, folder: Path) -> Path:
    """``git archive revision cablescope`` unpacked into ``folder``."""
    folder.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "cablescope"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run(code: str, tarball: str, db: str) -> dict[str, Any]:
    """One side, in this process: cablescope imported from ``code``."""
    sys.path.insert(0, code)
    from cablescope.pipeline.entities import Tagging
    from cablescope.pipeline.ingest import ingest
    from cablescope.resolve import resolve_store
    from cablescope.store.sqlite import SqliteStore
    from cablescope.tagging.registry import get_tagger

    start, wall = cpu(), time.perf_counter()
    tagging = Tagging(get_tagger("cablescope"))
    loaded = cpu()
    with SqliteStore.open(db) as store:
        ingest([tarball], store, tagging=tagging)
        ingested, ingest_wall = cpu(), time.perf_counter()
        resolve_store(store)
        done = cpu()
        found = {c.id: (c.text, [astuple(m) for m in c.mentions]) for c in store.iter_cables()}
    Path(db).with_suffix(".pickle").write_bytes(pickle.dumps(found))
    import cablescope

    return {
        "code": str(Path(cablescope.__file__).parent),
        "load": loaded[0] - start[0],
        "parent": ingested[0] - loaded[0],
        "workers": ingested[1] - loaded[1],
        "resolve": done[0] - ingested[0],
        "total": sum(done) - sum(start),
        "ingest_wall": ingest_wall - wall,
        "parent_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def side(code: Path, tarball: Path, db: Path) -> dict[str, Any]:
    """``run`` in a fresh interpreter, so that each side's CPU and memory are its own."""
    out = subprocess.run(
        [sys.executable, __file__, "--run", str(code), str(tarball), str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def stored(db: Path) -> dict[str, tuple[str, list[tuple[Any, ...]]]]:
    """Each cable's text and mentions, by id, as ``run`` left them beside ``db``."""
    found: dict[str, tuple[str, list[tuple[Any, ...]]]] = pickle.loads(
        db.with_suffix(".pickle").read_bytes()
    )
    return found


def split(corpus: Path, count: int) -> None:
    """CPU-seconds of each worker stage over the first ``count`` pages, in this process."""
    sys.path.insert(0, str(ROOT))
    from cablescope.model import Cable
    from cablescope.pipeline.process import process_input
    from cablescope.tagging.registry import get_tagger
    from cablescope.tagging.rules import CableRules

    tagger = get_tagger("cablescope")
    rules = CableRules()
    raw: list[tuple[str, bytes]] = []
    with tarfile.open(corpus, mode="r|gz") as tar:
        for member in tar:
            handle = tar.extractfile(member) if member.name.endswith(".html") else None
            if handle is not None:
                raw.append((member.name, handle.read()))
            if len(raw) >= count:
                break
    list(tagger.tag(["Warm-up text from Embassy Paris."]))
    times: dict[str, float] = {}
    at = time.process_time()
    cables = [c for name, data in raw for c in process_input(name, data) if isinstance(c, Cable)]
    texts = [c.text for c in cables if c.text.strip()]
    times["read and build"] = time.process_time() - at
    at = time.process_time()
    found = list(tagger.tag(texts))
    times["model (unwrap, spaCy, mentions)"] = time.process_time() - at
    at = time.process_time()
    for text, mentions in zip(texts, found, strict=True):
        rules.apply(text, mentions)
    times["cable rules"] = time.process_time() - at
    words = sum(len(t.split()) for t in texts)
    total = sum(times.values())
    print(f"\none process, {len(texts)} cables, {words:,} words: {words / total:,.0f} words/CPU-s")
    for stage, seconds in times.items():
        print(f"  {stage:34} {seconds:7.2f} s  {seconds / total:6.1%}")


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--run":
        print(json.dumps(run(*sys.argv[2:])))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--reference", default=REFERENCE)
    parser.add_argument("--current", default=None)
    parser.add_argument("--split", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        tarball = work / "pages.tar.gz"
        count = pages(args.corpus, args.pages, tarball)
        ref = export(args.reference, work / "reference")
        current = export(args.current, work / "current") if args.current else ROOT
        results = {
            f"reference ({args.reference})": side(ref, tarball, work / "reference.db"),
            f"current ({args.current or 'working tree'})": side(
                current, tarball, work / "current.db"
            ),
        }
        before, after = stored(work / "reference.db"), stored(work / "current.db")
    words = sum(len(text.split()) for text, _ in after.values())
    load = os.getloadavg()
    print(f"{count} pages, {len(after)} cables, {words:,} words; load average {load[0]:.1f}")
    print(f"{'CPU-seconds':24}" + "".join(f"{name:>28}" for name in results))
    for key in ("load", "parent", "workers", "resolve", "total"):
        print(f"{key:24}" + "".join(f"{r[key]:>28.1f}" for r in results.values()))
    print(
        f"{'words per CPU-second':24}"
        + "".join(f"{words / r['total']:>28,.0f}" for r in results.values())
    )
    print(f"{'ingest wall s':24}" + "".join(f"{r['ingest_wall']:>28.1f}" for r in results.values()))
    print(
        f"{'peak RSS parent MB':24}" + "".join(f"{r['parent_mb']:>28.0f}" for r in results.values())
    )
    print(
        f"{'peak RSS worker MB':24}" + "".join(f"{r['worker_mb']:>28.0f}" for r in results.values())
    )
    for name, r in results.items():
        print(f"{name}: cablescope from {r['code']}")
    first, second = results.values()
    print(f"speed-up: {first['total'] / second['total']:.2f}x")
    texts = sum(before[i][0] != after[i][0] for i in after if i in before)
    differ = [i for i in after if i not in before or before[i][1] != after[i][1]]
    mentions = sum(len(m) for _, m in after.values())
    print(
        f"mentions: {mentions:,} in {len(after)} cables; cables whose mentions differ: "
        f"{len(differ)}{' ' + ', '.join(differ[:10]) if differ else ''}; texts differ: {texts}"
    )
    if args.split:
        split(args.corpus, args.split)


if __name__ == "__main__":
    main()
