"""Reliability campaigns on the real corpus: what ingest keeps when it is raced or killed.

    python bench/reliability.py concurrent --trials 3
        the corpus tarball and 1,000 annotated bodies of the same cables ingested into one
        database at once, by two processes; every reading and imported mark is compared with
        a serial ingest of the same inputs.
    python bench/reliability.py kill --times 10 [--seed N]
        an ingest of the corpus killed with SIGKILL at a random moment, then run again to the
        end, ten times; the result is compared with an ingest that was never interrupted.

Each prints what was tried, how many failed and what was lost (readings, marks, cables).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.pipeline.ingest import ingest  # noqa: E402
from cablescope.pipeline.process import process_input  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus"
CORPUS = SHARED / "cablegate-html-2011-04.tar.gz"
REVEAL = SHARED / "reveal-annotated.tar.gz"

State = dict[str, tuple[tuple[str, ...], int]]


def _state(db: Path) -> State:
    with SqliteStore.open(str(db)) as store:
        return {
            c.id: (
                tuple(sorted(r.sources[0].sha256 for r in store.readings(c.id))),
                len(c.annotations),
            )
            for c in store.iter_cables()
        }


def _bodies(folder: Path, count: int) -> Path:
    """``count`` annotated bodies of corpus cables that read as their cable."""
    with tarfile.open(CORPUS, "r|gz") as tar:
        ids = {Path(m.name).stem for m in tar if m.isfile()}
    out = folder / "bodies"
    out.mkdir()
    found = 0
    with tarfile.open(REVEAL, "r|gz") as tar:
        for member in tar:
            cable_id = Path(member.name).stem
            if found >= count or not member.name.startswith("annotated/") or cable_id not in ids:
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            data = handle.read()
            if [getattr(c, "id", None) for c in process_input(member.name, data)] == [cable_id]:
                (out / f"{cable_id}.txt").write_bytes(data)
                found += 1
    return out


def _cli(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "cablescope", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _lost(expected: State, got: State) -> tuple[int, int, int]:
    """Cables, readings and imported marks of ``expected`` that ``got`` lacks."""
    cables = readings = marks = 0
    for cable_id, (shas, n) in expected.items():
        have = got.get(cable_id)
        if have is None:
            cables += 1
            readings += len(shas)
            marks += n
            continue
        readings += len(set(shas) - set(have[0]))
        marks += max(0, n - have[1])
    return cables, readings, marks


def concurrent(trials: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bodies = _bodies(folder, 1000)
        with SqliteStore.open(str(folder / "serial.db")) as store:
            ingest([str(CORPUS)], store)
            ingest([str(bodies)], store)
        expected = _state(folder / "serial.db")
        readings = sum(len(shas) for shas, _ in expected.values())
        failed = 0
        for trial in range(trials):
            db = folder / f"race{trial}.db"
            runs = [
                _cli("ingest", "--no-ner", "--db", str(db), str(CORPUS)),
                _cli("ingest", "--no-ner", "--workers", "1", "--db", str(db), str(bodies)),
            ]
            codes = [run.wait() for run in runs]
            lost = _lost(expected, _state(db))
            failed += any(codes) or any(lost)
            print(
                f"trial {trial + 1}: exit {codes}, lost {lost[0]} cables, {lost[1]} of "
                f"{readings} readings, {lost[2]} marks"
            )
        print(f"concurrent ingests: {trials} tried, {failed} failed")


def kill(times: int, seed: int) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        with SqliteStore.open(str(folder / "clean.db")) as store:
            ingest([str(CORPUS)], store)
        whole = time.monotonic() - started
        expected = _state(folder / "clean.db")
        failed = 0
        for attempt in range(times):
            db = folder / f"killed{attempt}.db"
            when = rng.uniform(0.5, max(1.0, whole * 1.5))
            run = _cli("ingest", "--no-ner", "--db", str(db), str(CORPUS))
            try:
                run.wait(timeout=when)
                killed = False
            except subprocess.TimeoutExpired:
                run.kill()
                run.wait()
                killed = True
            before = len(_state(db)) if db.exists() else 0
            code = _cli("ingest", "--no-ner", "--db", str(db), str(CORPUS)).wait()
            lost = _lost(expected, _state(db))
            failed += bool(code) or any(lost)
            print(
                f"attempt {attempt + 1}: killed at {when:.1f} s ({'yes' if killed else 'done'}),"
                f" {before} cables stored then; rerun exit {code}, lost {lost[0]} cables,"
                f" {lost[1]} readings"
            )
        print(f"kill -9: {times} tried, {failed} failed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="what", required=True)
    sub.add_parser("concurrent").add_argument("--trials", type=int, default=3)
    killing = sub.add_parser("kill")
    killing.add_argument("--times", type=int, default=10)
    killing.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.what == "concurrent":
        concurrent(args.trials)
    else:
        kill(args.times, args.seed)


if __name__ == "__main__":
    main()
