"""A fuzzing campaign: mutated real inputs through ``ingest`` into a SQLite store, random
queries through ``parse_query`` and the store's search, each against a time budget.

An input passes when ingest returns (its cables stored, or Problems recorded) within the
budget and the file yields at least one cable or Problem; a query passes when it returns
hits or raises QueryError within the budget. Anything else is a failure, saved with a
reproducer (the bytes or the query, the campaign seed, the input's number and its
mutations) under a temporary folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import heapq
import json
import random
import re
import signal
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cablescope.query import parse_query
from cablescope.analysis.search import search
from cablescope.errors import QueryError
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.store.base import SORTS
from cablescope.store.sqlite import SqliteStore
from tests.fuzz import queries
from tests.fuzz.mutate import mutate
from tests.fuzz.seeds import Seed, load

QUERY_TAGGED = ("html/10MEXICO83.html", "body/09MEXICO2882.txt")
"""The example cables the query store always tags, so entity filters have entities to find."""

HARD_FACTOR = 4.0
"""An input still running after this many budgets is interrupted (and fails)."""


class Overtime(BaseException):
    """Raised into an input that ran past its hard limit; a BaseException so that no
    ``except Exception`` on the way swallows it."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Interrupt the block with Overtime after ``seconds`` (main thread only; elsewhere the
    block runs to its end and only its measured time counts)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum: int, frame: object) -> None:
        raise Overtime(f"still running after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True, slots=True)
class Failure:
    """One input or query that did not behave: ``reason`` is exception, over budget or
    silent (a file that gave neither a cable nor a Problem)."""

    what: str
    number: int
    kind: str
    source: str
    mutations: tuple[str, ...]
    reason: str
    seconds: float
    error: str
    reproducer: str | None = None

    def line(self) -> str:
        last = self.error.strip().splitlines()[-1] if self.error.strip() else ""
        how = "+".join(self.mutations)
        return (
            f"{self.what} #{self.number} {self.kind} {self.source} [{how}] {self.reason} "
            f"after {self.seconds:.2f} s: {last[:200]} -> {self.reproducer}"
        )


@dataclass(frozen=True, slots=True)
class Known:
    """A failure already reported and not fixed yet: counted apart, not as a failure."""

    name: str
    pattern: str

    def matches(self, failure: Failure) -> bool:
        text = " ".join((failure.kind, failure.reason, failure.error, *failure.mutations))
        return re.search(self.pattern, text, re.S) is not None


KNOWN: tuple[Known, ...] = ()
"""Failures the slice in ``make test`` tolerates, each proven by its own strict-xfail test
in test_fuzz.py, so the entry must go when the fix lands."""


@dataclass(slots=True)
class Report:
    """What a campaign tried and what went wrong."""

    seed: int
    budget: float
    tried: Counter[str] = field(default_factory=Counter)
    mutations: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[str] = field(default_factory=Counter)
    queries: int = 0
    query_errors: int = 0
    read_after: Counter[str] = field(default_factory=Counter)
    once: Counter[str] = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    known: Counter[str] = field(default_factory=Counter)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0
    folder: Path | None = None

    @property
    def over_budget(self) -> int:
        return sum(1 for f in self.failures if f.reason == "over budget")

    def timed(self, seconds: float, label: str) -> None:
        item = (seconds, label)
        if len(self.slowest) < 10:
            heapq.heappush(self.slowest, item)
        else:
            heapq.heappushpop(self.slowest, item)

    def lines(self) -> list[str]:
        files = sum(self.tried.values())
        out = [
            f"seed {self.seed}, budget {self.budget:g} s per input, {self.seconds:.0f} s",
            f"files: {files} ({', '.join(f'{k} {n}' for k, n in sorted(self.tried.items()))})",
            f"mutations: {', '.join(f'{k} {n}' for k, n in sorted(self.mutations.items()))}",
            f"outcomes: {', '.join(f'{k} {n}' for k, n in sorted(self.outcomes.items()))}",
            "still read after one mutation (files with a cable / files): "
            + ", ".join(f"{k} {self.read_after[k]}/{n}" for k, n in sorted(self.once.items())),
            f"queries: {self.queries} ({self.query_errors} QueryError)",
            f"failures: {len(self.failures)} ({self.over_budget} over budget)",
        ]
        out += [f"  {failure.line()}" for failure in self.failures]
        if self.known:
            out.append("known: " + ", ".join(f"{k} {n}" for k, n in sorted(self.known.items())))
        out.append("slowest:")
        out += [f"  {s:6.2f} s  {label}" for s, label in sorted(self.slowest, reverse=True)]
        return out


READ_BYTES_PER_S = 200_000
"""A slow rate for reading, repairing and parsing on a loaded two-core machine (a 2.4 MB
annotated body of one line of dots reads in 7.5 s, linearly)."""

TAG_BYTES_PER_S = 10_000
"""A slow rate for the model on a loaded two-core machine (it reads about 25,000 characters
a second there): what tagging an input may add to its budget."""


@dataclass
class Campaign:
    """State of one run: seeds, the store being filled, where reproducers go."""

    seed: int
    budget: float = 5.0
    pages: int = 24
    known_slow: bool = False
    huge: bool = True
    tag_share: float = 0.0
    tag_limit: float = float("inf")
    rotate: int = 200
    report: Report = dataclasses.field(init=False)
    seeds: list[Seed] = dataclasses.field(init=False)
    work: Path = dataclasses.field(init=False)

    def __post_init__(self) -> None:
        self.report = Report(self.seed, self.budget)
        self.seeds = load(self.pages, self.seed)
        self._scratch = tempfile.TemporaryDirectory(prefix="cablescope-fuzz-work-")
        self.work = Path(self._scratch.name)
        self._store: SqliteStore | None = None
        self._stored = 0
        self._stores = 0
        self._tagging: Tagging | None = None
        self._query_store: SqliteStore | None = None
        self._vocabulary: list[str] = []

    def close(self) -> None:
        for store in (self._store, self._query_store):
            if store is not None:
                store.close()
        self._scratch.cleanup()

    # --- files --------------------------------------------------------------------------

    def allowed(self, size: int, tagged: bool) -> float:
        """The time budget of one input: ``budget``, plus what reading (READ_BYTES_PER_S)
        and, when it is tagged, the model (TAG_BYTES_PER_S) need for its size. Both are
        linear in the input; the budget is there to catch work that grows faster."""
        linear = size / READ_BYTES_PER_S + (size / TAG_BYTES_PER_S if tagged else 0.0)
        return self.budget + linear

    def tagging(self) -> Tagging:
        if self._tagging is None:
            from cablescope.tagging.load import DEFAULT_TAGGER, load_tagger
            from cablescope.tagging.rules import CableRules

            self._tagging = Tagging(load_tagger(DEFAULT_TAGGER), CableRules())
        return self._tagging

    def store(self) -> SqliteStore:
        if self._store is None or self._stored >= self.rotate:
            if self._store is not None:
                self._check_store(self._store)
                self._store.close()
            for old in self.work.glob("files-*.db*"):
                old.unlink()
            self._stores += 1
            self._store = SqliteStore.open(str(self.work / f"files-{self._stores}.db"))
            self._stored = 0
        self._stored += 1
        return self._store

    def _check_store(self, store: SqliteStore) -> None:
        """A store filled with damaged cables still counts and searches."""
        start = time.perf_counter()
        try:
            with deadline(self.budget * HARD_FACTOR):
                store.stats()
                search(store, "the OR embassy", limit=50)
        except (Exception, Overtime) as err:  # noqa: BLE001 - every error is a finding
            self._fail("store", -1, "store", "store", (), "exception", start, err, None)

    def file(self, number: int) -> None:
        """Input ``number`` of this campaign: made from (seed, number) alone."""
        rng = random.Random(f"{self.seed}:file:{number}")
        seed = rng.choice(self.seeds)
        data, names = mutate(rng, seed, self.seeds, known=self.known_slow, huge=self.huge)
        tagged = rng.random() < self.tag_share and len(data) <= self.tag_limit
        self.report.tried[seed.kind] += 1
        self.report.mutations.update(names)
        path = self.work / f"{number:06d}-{_safe(seed.name)}"
        path.write_bytes(data)
        store = self.store()
        tagging = self.tagging() if tagged else None  # loaded once, outside the clock
        allowed = self.allowed(len(data), tagged)
        start = time.perf_counter()
        try:
            with deadline(allowed * HARD_FACTOR):
                summary = ingest(
                    [str(path)],
                    store,
                    workers=0,
                    tagging=tagging,
                    resolve=tagged,
                )
        except (Exception, Overtime) as err:  # noqa: BLE001 - every error is a finding
            reason = "over budget" if isinstance(err, Overtime) else "exception"
            self._fail("file", number, seed.kind, seed.name, names, reason, start, err, data)
            with contextlib.suppress(Exception):
                store.close()
            self._store = None  # a store an exception went through is not trusted further
            return
        finally:
            path.unlink()
        seconds = time.perf_counter() - start
        label = f"file #{number} {seed.kind} {seed.name} [{'+'.join(names)}] {len(data)} B"
        self.report.timed(seconds, label)
        self.report.outcomes.update(
            new=summary.new,
            updated=summary.updated,
            unchanged=summary.unchanged,
            rejected=summary.rejected,
            tagged=int(tagged),
        )
        if not seed.is_archive and len(names) == 1:
            self.report.once[names[0]] += 1
            self.report.read_after[names[0]] += bool(summary.new or summary.updated
                                                     or summary.unchanged)
        if seconds > allowed:
            error = f"took {seconds:.2f} s, budget {allowed:.1f} s"
            self._fail("file", number, seed.kind, seed.name, names, "over budget", start,
                       error, data)
        elif not seed.is_archive and not (
            summary.new or summary.updated or summary.unchanged or summary.rejected
        ):
            error = "neither a cable nor a Problem came out of the file"
            self._fail("file", number, seed.kind, seed.name, names, "silent", start, error, data)
        for problem in summary.problems:
            if not problem.message or not problem.path.startswith(str(path)):
                error = f"malformed Problem: {problem!r}"
                self._fail("file", number, seed.kind, seed.name, names, "exception", start,
                           error, data)

    # --- queries ------------------------------------------------------------------------

    def query_store(self) -> SqliteStore:
        """A store of real cables (the examples and some corpus pages), tagged and resolved
        as the CLI ingests them, for the queries to search."""
        if self._query_store is None:
            from tests.fuzz.seeds import EXAMPLES

            folder = self.work / "real"
            folder.mkdir()
            for seed in self.seeds[: self.pages]:
                (folder / _safe(seed.name)).write_bytes(seed.data)
            store = SqliteStore.open(str(self.work / "queries.db"))
            # Tagging is the slow stage: a short campaign tags two cables, a long one all.
            tagged = [str(EXAMPLES / name) for name in QUERY_TAGGED]
            rest = [str(EXAMPLES), str(folder)]
            if self.tag_share > 0:
                tagged, rest = tagged + rest, []
            ingest(tagged, store, workers=0, tagging=self.tagging(), resolve=True)
            ingest(rest, store, workers=0)
            self._query_store = store
            words = re.findall(r"[A-Za-z]{4,}", " ".join(c.text for c in store.iter_cables()))
            self._vocabulary = sorted(set(words))
        return self._query_store

    def query(self, number: int) -> None:
        rng = random.Random(f"{self.seed}:query:{number}")
        store = self.query_store()
        text = queries.query(rng, self._vocabulary)
        self.report.queries += 1
        start = time.perf_counter()
        try:
            with deadline(self.budget * HARD_FACTOR):
                try:
                    parsed = parse_query(text)
                except QueryError:
                    self.report.query_errors += 1
                    return
                markers = rng.choice((("«", "»"), ("<mark>", "</mark>"), ("", "")))
                result = search(store, parsed, limit=rng.choice((1, 20, 200)), markers=markers)
                if result.total < len(result.hits):
                    raise AssertionError(f"total {result.total} < {len(result.hits)} hits")
                store.search_after(parsed, limit=20, sort=rng.choice(SORTS))
                if rng.random() < 0.25:
                    store.facets(parsed)
        except (Exception, Overtime) as err:  # noqa: BLE001 - every error is a finding
            reason = "over budget" if isinstance(err, Overtime) else "exception"
            self._fail("query", number, "query", "-", (), reason, start, err, text)
            return
        seconds = time.perf_counter() - start
        self.report.timed(seconds, f"query #{number} {text[:60]!r} ({len(text)} chars)")
        if seconds > self.budget:
            error = f"took {seconds:.2f} s, budget {self.budget:g} s"
            self._fail("query", number, "query", "-", (), "over budget", start, error, text)

    # --- failures -----------------------------------------------------------------------

    def _fail(
        self,
        what: str,
        number: int,
        kind: str,
        source: str,
        mutations: list[str] | tuple[str, ...],
        reason: str,
        start: float,
        error: BaseException | str,
        reproducer: bytes | str | None,
    ) -> None:
        seconds = time.perf_counter() - start
        if isinstance(error, BaseException):
            text = "".join(traceback.format_exception(error))
        else:
            text = error
        failure = Failure(what, number, kind, source, tuple(mutations), reason, seconds, text)
        for known in KNOWN:
            if known.matches(failure):
                self.report.known[known.name] += 1
                return
        if reproducer is not None:
            failure = dataclasses.replace(failure, reproducer=self._save(failure, reproducer))
        self.report.failures.append(failure)

    def _save(self, failure: Failure, reproducer: bytes | str) -> str:
        if self.report.folder is None:
            self.report.folder = Path(tempfile.mkdtemp(prefix="cablescope-fuzz-"))
        stem = self.report.folder / f"{failure.what}-{failure.number:06d}"
        meta = {**dataclasses.asdict(failure), "seed": self.report.seed}
        if isinstance(reproducer, str):
            meta["query"] = reproducer
            target = stem.with_suffix(".json")
        else:
            target = stem.parent / f"{stem.name}-{_safe(failure.source)}"
            target.write_bytes(reproducer)
            stem.with_suffix(".json").write_text(json.dumps(meta, indent=1))
            return str(target)
        target.write_text(json.dumps(meta, indent=1))
        return str(target)


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]", "_", name)[-80:] or "input"


def run(
    seed: int,
    files: int | None = None,
    queries_count: int | None = None,
    seconds: float | None = None,
    log: Callable[[str], None] | None = None,
    **options: object,
) -> Report:
    """Run a campaign: ``files`` inputs and ``queries_count`` queries, or as many as fit
    in ``seconds`` (two queries per input)."""
    campaign = Campaign(seed, **options)  # type: ignore[arg-type]
    started = time.perf_counter()
    try:
        number = 0
        while True:
            elapsed = time.perf_counter() - started
            if seconds is not None and elapsed >= seconds:
                break
            more_files = files is None or number < files
            more_queries = queries_count is None or 2 * number < queries_count
            if seconds is None and not (more_files or more_queries):
                break
            if more_files:
                campaign.file(number)
            if more_queries:
                for sub in (2 * number, 2 * number + 1):
                    if queries_count is None or sub < queries_count:
                        campaign.query(sub)
            number += 1
            if log is not None and number % 100 == 0:
                report = campaign.report
                log(f"{number} inputs, {report.queries} queries, "
                    f"{len(report.failures)} failures, {elapsed:.0f} s")
    finally:
        campaign.report.seconds = time.perf_counter() - started
        campaign.close()
    return campaign.report
