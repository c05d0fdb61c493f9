"""Benchmark: ``CableRules().apply`` on 300 corpus cables with synthetic mentions, against a
bare baseline in the same run.

Cables: the first 300 pages of the Cablegate tarball read by cablescope's own pipeline.
Mentions: every run of capitalised words, typed PER, ORG, LOC, MISC in turn, plus each of
the first 25 non-blank lines whole. Baseline: one precompiled ``\\b[A-Z][a-z]+\\b`` finditer
over the same texts.

    python bench/rules.py [--corpus PATH] [--cables N] [--repeat N]
"""

from __future__ import annotations

import argparse
import re
import sys
import tarfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.model import Cable, Mention  # noqa: E402
from cablescope.pipeline.process import process_input  # noqa: E402
from cablescope.tagging.rules import CableRules  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
TYPES = ("PER", "ORG", "LOC", "MISC")
RUN = re.compile(r"[A-Z][\w.'/&-]*(?:[ \t]+[A-Z][\w.'/&-]*)*")
WORD = re.compile(r"\b[A-Z][a-z]+\b")


def texts(corpus: Path, limit: int) -> list[str]:
    out: list[str] = []
    with tarfile.open(corpus, mode="r|gz") as tar:
        for member in tar:
            if len(out) >= limit:
                break
            handle = tar.extractfile(member) if member.name.endswith(".html") else None
            if handle is None:
                continue
            out += [c.text for c in process_input(member.name, handle.read())
                    if isinstance(c, Cable) and c.text]  # fmt: skip
    return out[:limit]


def synthetic(text: str) -> list[Mention]:
    out = [
        Mention(m.start(), m.end(), TYPES[i % 4], m.group(), "bench")
        for i, m in enumerate(RUN.finditer(text))
    ]
    at = 0
    for i, line in enumerate(text.split("\n")[:25]):
        if stripped := line.strip():
            start = at + line.index(stripped)
            out.append(Mention(start, start + len(stripped), TYPES[(i + 1) % 4], stripped, "bench"))
        at += len(line) + 1
    return out


def best(seconds: list[float], n: int) -> float:
    return min(seconds) / n * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--cables", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    cases = [(text, synthetic(text)) for text in texts(args.corpus, args.cables)]
    rules = CableRules()
    base: list[float] = []
    timed: list[float] = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for text, _mentions in cases:
            for _m in WORD.finditer(text):
                pass
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        for text, mentions in cases:
            rules.apply(text, mentions)
        timed.append(time.perf_counter() - start)
    n = len(cases)
    per = sum(len(m) for _, m in cases) / n
    chars = sum(len(t) for t, _ in cases) / n
    print(f"{n} cables, {chars:.0f} chars and {per:.0f} mentions each on average")
    print(f"baseline (one regex finditer): {best(base, n):.3f} ms/cable")
    print(f"CableRules().apply:            {best(timed, n):.3f} ms/cable"
          f" ({best(timed, n) / best(base, n):.1f}x baseline)")  # fmt: skip


if __name__ == "__main__":
    main()
