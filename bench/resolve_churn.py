"""Benchmark: how far new cables reach into the decisions already made, the measure an
incremental resolution is bounded by.

Resolution decides each mention from its own cable and the key-level tables of the whole
archive (``resolve.tables``), so a new cable can change the decision of an old one: a second
cable defining ``DOD`` joins the acronym to its expansion everywhere; one more cable naming
Tony Blair beside "Blair" lets old cables' "Blair" link to him. This resolves the tagged
store with ``--new`` random cables held back and with all of them, decides every old cable
both ways and counts the old cables whose labels (entity membership) or only confidences
and methods change, against the time the tables and the decisions take; and how many old
cables name a key whose view (``_views.Views``: what the decisions read of it) changed, the
cables an incremental resolution would decide again, with any changed cable those miss; and
the same for the facts each cable's decisions read (``resolve.facts``), or, with
``--questions``, for finer facts (``_reads``: a full name's signature, its periods, a
short name's candidates, each a fact of its own).

    python bench/resolve_churn.py --db TAGGED.db [--new 10,100] [--seed 0]
        [--questions [--beyond] [--grain 0.1]]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cablescope.store  # noqa: E402
from cablescope.model import Cable  # noqa: E402
from cablescope.resolve.cluster import Decide  # noqa: E402
from cablescope.resolve.facts import Fact, answer  # noqa: E402
from cablescope.resolve.gather import Seen, seen  # noqa: E402
from cablescope.resolve.stream import _tables  # noqa: E402
from cablescope.resolve.tables import Tables  # noqa: E402
from _reads import changed as changed_facts  # noqa: E402
from _reads import beyond, grain, instrument, recordable, record  # noqa: E402
from _views import Views  # noqa: E402

Read = tuple[Cable, Seen]


class _Cables:
    """Some cables as the store's ``iter_cables`` gives them, for ``resolve_store``'s own
    reads."""

    def __init__(self, cables: Sequence[Read]) -> None:
        self.cables = [c for c, _ in cables]

    def iter_cables(self) -> Iterator[Cable]:
        return iter(self.cables)


def tables(cables: Sequence[Read]) -> Tables:
    """The tables of ``cables``, summed by ``resolve_store``'s two reads."""
    return _tables(_Cables(cables), lambda _n: None)


def churn(cables: Sequence[Read], new: int, seed: int) -> list[str]:
    """Report lines for ``new`` random cables of ``cables`` joining the rest."""
    held = set(random.Random(seed).sample(range(len(cables)), new))
    old = [c for i, c in enumerate(cables) if i not in held]
    started = time.perf_counter()
    before = Decide(tables(old))
    after = Decide(tables(cables))
    built = (time.perf_counter() - started) / 2
    labels = confidences = mentions = rows = 0
    changed: list[int] = []
    started = time.perf_counter()
    for i, (_, s) in enumerate(old):
        a, b = before.cable(i, s), after.cable(i, s)
        mentions += len(b)
        was = {(m.start, m.end): (m.type, m.label) for m in a}
        now = {(m.start, m.end): (m.type, m.label) for m in b}
        if was != now:
            labels += 1
            changed.append(i)
            rows += sum(1 for span in was.keys() | now.keys() if was.get(span) != now.get(span))
        elif [(m.confidence, m.method) for m in a] != [(m.confidence, m.method) for m in b]:
            confidences += 1
            changed.append(i)
    decided = (time.perf_counter() - started) / 2
    share = (labels + confidences) / len(old)
    started = time.perf_counter()
    flagged, keys, moved = _flagged(old, before, after)
    viewed = time.perf_counter() - started
    missed = sorted(set(changed) - flagged)
    read = _read(old, before, after, set(changed))
    return [
        f"| {new} | {len(old):,} | {labels:,} ({rows:,} mentions) | {confidences:,} "
        f"| {share:.1%} | {len(flagged):,} ({len(flagged) / len(old):.1%}) | {len(missed)} "
        f"| {moved:,} of {keys:,} | {built:.1f} s | {decided:.1f} s | {viewed:.1f} s |",
        *(f"  missed: {old[i][1].id}" for i in missed[:20]),
        *read,
    ]


QUESTIONS = False
"""Whether ``_read`` records the facts by the questions of ``_reads`` (an experiment) rather
than as ``Decide`` records them."""


def _recorded(decide: Decide, i: int, s: Seen) -> frozenset[Fact]:
    if QUESTIONS:
        return record(decide, i, s)
    facts: set[Fact] = set()
    decide.cable(i, s, facts)
    return frozenset(facts)


def _changed(facts: set[Fact], before: Decide, after: Decide) -> set[Fact]:
    if QUESTIONS:
        return changed_facts(facts, before, after)
    return {f for f in facts if answer(before, f) != answer(after, f)}


def _read(old: Sequence[Read], before: Decide, after: Decide, moved: set[int]) -> list[str]:
    """Report lines for the facts each old cable's decisions read (``resolve.facts``): the
    cables with a fact whose answer the new cables changed, against those whose decisions
    did."""
    if QUESTIONS:
        instrument()
        recordable(before)
    started = time.perf_counter()
    facts = [_recorded(before, i, s) for i, (_, s) in enumerate(old)]
    recorded = time.perf_counter() - started
    distinct = set().union(*facts)
    started = time.perf_counter()
    moved_facts = _changed(distinct, before, after)
    answered = time.perf_counter() - started
    flagged = {i for i, f in enumerate(facts) if f & moved_facts}
    kinds: Counter[str] = Counter()
    alone: Counter[str] = Counter()
    for i in flagged:
        names = {str(f[0]) for f in facts[i] & moved_facts}
        kinds.update(names)
        if len(names) == 1:
            alone.update(names)
    missed = sorted(moved - flagged)
    per = sum(len(f) for f in facts) / len(facts)
    return [
        f"  facts read: {len(distinct):,} distinct, {per:.0f} per cable; answers changed: "
        f"{len(moved_facts):,}; cables flagged by their facts: {len(flagged):,} "
        f"({len(flagged) / len(old):.1%}), changed but not flagged: {len(missed)}; recording "
        f"{recorded:.1f} s, answering both ways {answered:.1f} s",
        "  flagged cables by the kind of fact that changed (alone): "
        + ", ".join(f"{k} {n:,} ({alone[k]:,})" for k, n in kinds.most_common()),
        *(f"  missed by facts: {old[i][1].id}" for i in missed[:20]),
    ]


def _keys(s: Seen) -> set[str]:
    """The keys whose views decide the cable ``s``: its names' and its acronyms' meanings."""
    return {span.key for span in s.spans} | set(s.acronyms.values())


def _flagged(old: Sequence[Read], before: Decide, after: Decide) -> tuple[set[int], int, int]:
    """The old cables naming a key whose view the new cables changed (all of them when the
    views every cable reads changed), how many keys the old cables name and how many of
    those views changed."""
    was, now = Views(before), Views(after)
    keys = set().union(*(_keys(s) for _, s in old))
    moved = {k for k in keys if was.of(k) != now.of(k)}
    if was.common != now.common:
        return set(range(len(old))), len(keys), len(moved)
    return {i for i, (_, s) in enumerate(old) if _keys(s) & moved}, len(keys), len(moved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a tagged, resolved store")
    parser.add_argument("--new", default="10,100")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--grain",
        type=float,
        default=0.0,
        help="floor signature shares to multiples of this (an experiment)",
    )
    parser.add_argument(
        "--beyond",
        action="store_true",
        help="keep a short name decided from the archive as one fact",
    )
    args = parser.parse_args()
    if args.beyond:
        beyond()
    if args.grain:
        instrument()
        grain(args.grain)
    with cablescope.store.open(args.db) as store:
        cables = sorted(((c, seen(c)) for c in store.iter_cables()), key=lambda r: r[0].id)
    mentions = sum(len(s.spans) for _, s in cables)
    print(f"{len(cables):,} cables, {mentions:,} spans; seed {args.seed}\n")
    print("| new cables | old cables | old cables relabelled | only confidence or method "
          "| old cables to decide again | flagged by the views | changed, not flagged "
          "| keys whose view changed | tables and `Decide`, once | deciding every old "
          "cable, once | the views, both |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for new in (int(n) for n in args.new.split(",")):
        print("\n".join(churn(cables, new, args.seed)), flush=True)


if __name__ == "__main__":
    main()
