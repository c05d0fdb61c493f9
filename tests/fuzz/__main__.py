"""``python -m tests.fuzz --minutes 10 --seed 7``: a fuzzing campaign of any length.

Prints what was tried by kind and mutation, the outcomes, every failure with the path of
its reproducer, and the slowest inputs; exits 1 when anything failed.
"""

from __future__ import annotations

import argparse
import sys

from tests.fuzz.campaign import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--minutes", type=float, default=None, help="run this long")
    parser.add_argument("--files", type=int, default=None, help="or this many inputs")
    parser.add_argument("--queries", type=int, default=None, help="and this many queries")
    parser.add_argument("--budget", type=float, default=5.0, help="seconds per input")
    parser.add_argument("--pages", type=int, default=40, help="corpus pages among the seeds")
    parser.add_argument("--tag-share", type=float, default=0.25,
                        help="share of inputs ingested with entity tagging and resolution")
    parser.add_argument("--tag-limit", type=int, default=256 * 1024,
                        help="tag only inputs up to this many bytes (a line of megabytes takes "
                        "the model minutes; tests/fuzz/test_fuzz.py covers any length)")
    parser.add_argument("--known-slow", action="store_true",
                        help="also run the mutations with a known time-budget failure")
    args = parser.parse_args(argv)
    if args.minutes is None and args.files is None and args.queries is None:
        args.minutes = 10.0
    report = run(
        args.seed,
        files=args.files,
        queries_count=args.queries,
        seconds=None if args.minutes is None else args.minutes * 60,
        log=lambda line: print(line, file=sys.stderr, flush=True),
        budget=args.budget,
        pages=args.pages,
        tag_share=args.tag_share,
        tag_limit=args.tag_limit,
        known_slow=args.known_slow,
    )
    print("\n".join(report.lines()))
    if report.folder is not None:
        print(f"reproducers in {report.folder}")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
