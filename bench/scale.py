"""Benchmark: cablescope at 1x, 10x and 37x the 6,712-cable corpus, beside Datasette on the
same SQLite file and, with --db, on PostgreSQL; one markdown table per engine.

At each scale N, in one run:

- ingest: a bare FTS5 load of the pages' bodies (bench/ingest.py's baseline), then
  `cablescope ingest CORPUS --no-ner` into a fresh database, each in a child process
  (bench/_scale_child.py): wall time per cable, the ratio of the two, the ingest's peak
  resident memory (the peak of its largest process, VmHWM, and of its whole process tree,
  sampled every 0.1 s; not wait4's ru_maxrss, which counts this process's own memory at
  the start: execve keeps the forked image's high-water mark) and the database's size.
  Target: ingest <= 2x the bare load, ms per cable within 20% of 1x, memory flat.
- p50 / p95 over --repeat timings, after one untimed call, of: `search` with each query of
  bench/search.py; `timeline --by year --group tag`; `refs` of the most cited cable;
  `graph --kind refs`. The commands run in this process through click, their output
  captured: opening the database and printing count, Python's start-up does not.
- the same of the web app (`cablescope serve`'s, in a child process): `/`,
  `/search?q=the`, `/api/search?q=...` (facets included) for each query, and the page of
  the entity with the most mentions. Its 60 s cache of facets is off (each request counts
  its facets, as the first visit of a query does); `/api/search` is also timed with the
  cache on and warm. Targets: /api/search p95 <= 300 ms, <= 100 ms for a selective query
  (at most 5% of the cables match), and at or below Datasette's; CLI search p95 <= 100 ms;
  `/` <= 200 ms; the entity page <= 300 ms; timeline <= 1 s.
- Datasette (the `bench` extra: `make install-bench`) serving the same file with its
  default settings (`datasette serve DB`: facets time out after 200 ms, the count after
  1 s), queried as its table page is: `_search` (raw FTS5 syntax) over cables_fts,
  filters for the query's class: and from:, three facets (origin, classification, year),
  20 rows without the long text and record columns, the count, no suggested facets. It
  ranks nothing (rows come in rowid order). Its counts must equal cablescope's.

The queried database is the ingested one (no entities: the entity page is not measured),
or with --tagged DB (a tagged and resolved 1x store, as `cablescope ingest CORPUS --db DB`
makes, about six minutes on two cores) that store copied N times (bench/_scaled.py) and
resolved, kept in --work as taggedN.db and reused by later runs.

Corpora: cablegate-xN.tar.gz of bench/scalecorpus.py, looked for in each --corpus-dir and
written to --work when absent (about 41 s + 6 s a copy); 1x is the original corpus.
--db postgresql://USER@HOST/NAME adds PostgreSQL's table (that database is EMPTIED);
--db postgresql starts a private server for the run, as bench/postgres.py does.
PostgreSQL's database is vacuumed and analysed before it is queried, as autovacuum does
within minutes: just after an ingest, the GIN index of the words still holds its pending
list (509 pages at 1x) and every search reads it, about four times slower.

    python bench/scale.py --times 1 [--times 10 --times 37] [--corpus-dir DIR ...]
        [--work DIR] [--tagged DB] [--db postgresql://... | --db postgresql]
        [--repeat R] [--out FILE] [--queries-only]

1x takes about a minute on two cores (CI runs it: `make scale`), two more with --db
postgresql, and --tagged adds the copy and resolution (1.5 minutes at 1x, the first time);
37x takes about an hour, more with --tagged or --db (Cablegate's size: 4.3 GB of pages,
make them once with `python bench/scalecorpus.py --times 37 --out DIR`). --queries-only
times the queries again over the xN.db an earlier run left in --work, without the loads
(SQLite only). --out writes the tables into FILE between two marker lines (added at its end
the first time), so docs/scale.md keeps its text.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import cablescope.store  # noqa: E402
from cablescope.analysis.search import search  # noqa: E402
from cablescope.cli.app import cli  # noqa: E402
from search import QUERIES  # noqa: E402
from web import free_port  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"
CHILD = BENCH / "_scale_child.py"
SELECTIVE = 0.05
"""A query is selective when at most this share of the cables match it."""
BUDGET = 120.0
"""Seconds one measurement may take; past it, it stops after 3 timings."""
BEGIN, END = "<!-- bench/scale.py: begin -->", "<!-- bench/scale.py: end -->"
PEER: dict[str, dict[str, str]] = {
    "juarez": {"_search": "juarez"},
    '"organized crime"': {"_search": '"organized crime"'},
    "mugab*": {"_search": "mugab*"},
    "sedena OR semar": {"_search": "sedena OR semar"},
    "nuclear class:secret from:2009": {
        "_search": "nuclear",
        "classification__startswith": "SECRET",
        "date__gte": "2009",
    },
    "the": {"_search": "the"},
}
"""Each benchmark query as Datasette's table page asks it."""
PEER_PARAMS: dict[str, str | list[str]] = {
    "_searchmode": "raw",
    "_fts_table": "cables_fts",
    "_fts_pk": "rid",
    "_size": "20",
    "_facet": ["origin", "classification", "year"],
    "_nocol": ["text", "record"],
    "_nosuggest": "1",
}
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.0f} s] {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True, slots=True)
class Stats:
    """p50 and p95 of n timings, in ms."""

    p50: float
    p95: float
    n: int

    @classmethod
    def of(cls, ms: list[float]) -> Stats:
        cuts = statistics.quantiles(ms, n=100, method="inclusive")
        return cls(statistics.median(ms), cuts[94], len(ms))

    def cell(self, ok: bool | None = None, repeat: int = 0) -> str:
        text = f"{self.p50:,.1f} / {self.p95:,.1f}"
        if self.n < repeat:
            text += f" (n={self.n})"
        return text + mark(ok)


def mark(ok: bool | None) -> str:
    return "" if ok is None else (" ✓" if ok else " ✗")


def timings(fn: Callable[[], object], repeat: int) -> Stats:
    """``repeat`` timings of ``fn`` after one untimed call (fewer, at least 3, past BUDGET)."""
    fn()
    ms: list[float] = []
    began = time.perf_counter()
    while len(ms) < repeat and (len(ms) < 3 or time.perf_counter() - began < BUDGET):
        start = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - start) * 1000)
    return Stats.of(ms)


@dataclass
class Row:
    target: str
    cells: dict[int, str] = field(default_factory=dict)


@dataclass
class Table:
    """One engine's rows: measurement -> target and a cell per scale."""

    engine: str
    rows: dict[str, Row] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    per_cable: dict[int, float] = field(default_factory=dict)

    def put(self, label: str, times: int, cell: str, target: str = "") -> None:
        self.rows.setdefault(label, Row(target)).cells[times] = cell

    def markdown(self, scales: list[int], header: str) -> str:
        lines = [f"### {self.engine}", "", header, ""]
        lines.append("| | target | " + " | ".join(f"{n}x" for n in scales) + " |")
        lines.append("|---|---|" + "---:|" * len(scales))
        for label, row in self.rows.items():
            cells = " | ".join(row.cells.get(n, "") for n in scales)
            lines.append(f"| {label} | {row.target} | {cells} |")
        lines += [""] + [f"- {note}" for note in self.notes]
        return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True, slots=True)
class Child:
    """What a child process took: wall seconds and peak RSS (of its largest process and of
    its whole tree, as sampled) in MB, with its output."""

    seconds: float
    largest_mb: float
    tree_mb: float
    output: str


def tree_rss_kb(pid: int) -> tuple[int, int]:
    """Resident memory of ``pid`` and all its descendants, and the largest peak (VmHWM) of
    any one of them so far, in kB."""
    total, largest, stack = 0, 0, [pid]
    while stack:
        proc = Path("/proc") / str(stack.pop())
        try:
            for line in (proc / "status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                elif line.startswith("VmHWM:"):
                    largest = max(largest, int(line.split()[1]))
            for task in (proc / "task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total, largest


def run_child(args: list[str]) -> Child:
    """Run ``python args...`` to its end; raises CalledProcessError when it fails."""
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], stdout=out, stderr=subprocess.STDOUT)
        peak = [0, 0]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.1):
                total, largest = tree_rss_kb(proc.pid)
                peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, _ = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        output = out.read()
    if proc.returncode not in (0, 1):
        raise subprocess.CalledProcessError(proc.returncode, args, output)
    return Child(seconds, peak[1] / 1024, peak[0] / 1024, output)


@contextlib.contextmanager
def serving(command: list[str], port: int, ready: str) -> Iterator[httpx.Client]:
    """A client of the server ``command`` starts on ``port``, once ``ready`` answers 200."""
    with tempfile.TemporaryFile("w+") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=600) as http:
                deadline = time.monotonic() + 300
                while True:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        out.seek(0)
                        sys.exit(f"{command[1:3]} did not start:\n{out.read()}")
                    with contextlib.suppress(httpx.HTTPError):
                        if http.get(ready).status_code == 200:
                            break
                    time.sleep(0.2)
                yield http
        finally:
            proc.terminate()
            proc.wait()


def cablescope_web(url: str, ttl: float) -> contextlib.AbstractContextManager[httpx.Client]:
    port = free_port()
    command = [sys.executable, str(CHILD), "serve", url, str(port), str(ttl)]
    return serving(command, port, "/static/style.css")


def get(
    http: httpx.Client, path: str, params: dict[str, str | list[str]] | None = None
) -> Callable[[], httpx.Response]:
    def call() -> httpx.Response:
        response = http.get(path, params=params)
        if response.status_code != 200:
            sys.exit(f"{response.status_code} from {response.url}: {response.text[:300]}")
        return response

    return call


def command(*args: str) -> Callable[[], None]:
    """``cablescope ARGS`` in this process, its output captured."""

    def call() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            cli.main(args=list(args), prog_name="cablescope", standalone_mode=False)

    return call


class Postgres:
    """Fresh databases on the server ``spec`` names (``postgresql``: a private one)."""

    def __init__(self, spec: str) -> None:
        self.url = None if spec == "postgresql" else spec
        self.cluster = None
        if self.url is None:
            from tests.postgres import Cluster, _bindir

            bindir = _bindir()
            if bindir is None:
                sys.exit("PostgreSQL's server binaries (initdb, pg_ctl) are not installed")
            self.cluster = Cluster(bindir)
            self.cluster.start()

    def fresh(self, name: str) -> str:
        import psycopg

        if self.cluster is not None:
            self.cluster.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.cluster.admin(f"CREATE DATABASE {name}")
            return str(self.cluster.url(name))
        assert self.url is not None
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")
        return self.url

    @staticmethod
    def size(url: str) -> int:
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
        assert row is not None
        return int(row[0])

    @staticmethod
    def vacuum(url: str) -> float:
        """VACUUM ANALYZE the database, as autovacuum soon would after an ingest; seconds."""
        import psycopg

        start = time.perf_counter()
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
        return time.perf_counter() - start

    @staticmethod
    def version(url: str) -> str:
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return str(row[0]) if row else "?"

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


def corpus(times: int, dirs: list[Path], work: Path) -> Path:
    """The pages of ``times`` copies: found in ``dirs``, else written to ``work``."""
    if times == 1:
        return CORPUS
    name = f"cablegate-x{times}.tar.gz"
    for folder in [*dirs, work]:
        if (folder / name).exists():
            return folder / name
    from bench.scalecorpus import make

    log(f"writing {work / name}")
    return Path(make(CORPUS, work, times).outputs[0])


def sqlite_files(db: Path) -> list[Path]:
    return [db.with_name(db.name + suffix) for suffix in ("", "-wal", "-shm")]


def remove(db: Path) -> None:
    for path in sqlite_files(db):
        path.unlink(missing_ok=True)


def tagged_store(tagged: Path, times: int, work: Path, notes: list[str]) -> Path:
    """``tagged`` copied ``times`` times and resolved: work/taggedN.db, made when absent."""
    target = work / f"tagged{times}.db"
    if target.exists():
        notes.append(f"{times}x: the entity store {target} of an earlier run was reused.")
        return target
    from _scaled import scaled

    part = work / f"tagged{times}.part.db"
    remove(part)
    log(f"copying {tagged} {times} times into {part}")
    scaled(str(tagged), times, str(part))
    log(f"resolving {part}")
    resolve = [sys.executable, "-m", "cablescope", "resolve", "--db", str(part)]
    log(subprocess.run(resolve, check=True, capture_output=True, text=True).stdout.strip())
    for source, dest in zip(sqlite_files(part), sqlite_files(target)):
        if source.exists():
            source.replace(dest)
    return target


def ingest_rows(
    table: Table, times: int, pages: Path, url: str, reference: Child, against: str, limit: float
) -> tuple[Child, int]:
    """Ingest ``pages`` into ``url`` in a child process and put its rows, its time compared
    with ``reference`` (``against`` names it; target: at most ``limit`` times); the child
    and the number of cables stored."""
    log(f"{table.engine} {times}x: cablescope ingest {pages.name}")
    child = run_child(["-m", "cablescope", "ingest", str(pages), "--no-ner", "--db", url])
    with cablescope.store.open(url) as store:
        cables = store.count()
    table.put("cables", times, f"{cables:,}")
    per_cable = child.seconds * 1000 / cables
    table.per_cable.setdefault(times, per_cable)
    base = table.per_cable.get(1)
    ok = None if base is None or times == 1 else per_cable <= 1.2 * base
    table.put("ingest, ms per cable", times, f"{per_cable:.2f}{mark(ok)}", "within 20% of 1x")
    quotient = child.seconds / reference.seconds
    table.put(
        f"ingest / {against}",
        times,
        f"{quotient:.2f}x ({child.seconds:,.1f} s){mark(quotient <= limit)}",
        f"<= {limit:.2f}x",
    )
    table.put(
        "ingest peak RSS, MB: largest process / process tree",
        times,
        f"{child.largest_mb:,.0f} / {child.tree_mb:,.0f}",
        "flat",
    )
    last = child.output.strip().splitlines()[-1:] or [""]
    if " 0 rejected" not in last[0]:
        table.notes.append(f"{times}x ingest: {last[0]}")
    table.put(
        "database size, MB (KiB per cable)",
        times,
        f"{size_of(url) / 1e6:,.0f} ({size_of(url) / 1024 / cables:.1f})",
    )
    return child, cables


def size_of(url: str) -> int:
    """Bytes the database ``url`` takes (a SQLite file and its WAL)."""
    if url.startswith("postgresql"):
        return Postgres.size(url)
    return sum(p.stat().st_size for p in sqlite_files(Path(url))[:2] if p.exists())


def measure(
    table: Table,
    times: int,
    url: str,
    repeat: int,
    peer: Path | None,
    label: str,
) -> None:
    """The query rows of ``table`` at ``times``, over the database ``url`` (and Datasette
    over the SQLite file ``peer``); ``label`` names the database in a note."""
    with cablescope.store.open(url) as store:
        cables = store.count()
        totals = {q: search(store, q).total for q, _ in QUERIES}
        cited = store.most_cited(1)
        largest = store.entities(top=1)
    table.notes.append(f"{times}x: queries ran over {label} ({cables:,} cables).")

    log(f"{table.engine} {times}x: CLI")
    cli_rows: dict[str, Stats] = {}
    for q, _ in QUERIES:
        cli_rows[q] = timings(command("search", "--db", url, q), repeat)
    timeline = timings(command("timeline", "--db", url, "--by", "year", "--group", "tag"), repeat)
    refs = timings(command("refs", "--db", url, cited[0][0]), repeat) if cited else None
    graph = timings(command("graph", "--db", url, "--kind", "refs"), repeat)
    opening = timings(lambda: cablescope.store.open(url).close(), repeat)

    log(f"{table.engine} {times}x: web, cache off")
    with cablescope_web(url, 0) as http:
        overview = timings(get(http, "/"), repeat)
        page = timings(get(http, "/search", {"q": "the"}), repeat)
        api: dict[str, Stats] = {}
        for q, _ in QUERIES:
            found = get(http, "/api/search", {"q": q})().json()
            if found["total"] != totals[q]:
                table.notes.append(f"{times}x: /api/search {q!r} counted {found['total']:,}.")
            api[q] = timings(get(http, "/api/search", {"q": q}), repeat)
        entity = None
        if largest:
            entity = timings(get(http, f"/entities/{largest[0].id}"), repeat)
    log(f"{table.engine} {times}x: web, cache on")
    with cablescope_web(url, 60) as http:
        cached = {q: timings(get(http, "/api/search", {"q": q}), repeat) for q, _ in QUERIES}
    theirs = datasette(peer, totals, repeat, table.notes, times) if peer else {}

    for q, _ in QUERIES:
        selective = totals[q] <= SELECTIVE * cables
        share = f"{totals[q]:,} cables, {totals[q] / cables:.1%}"
        limit = 100 if selective else 300
        table.put(
            f"CLI `search '{q}'` ({share})",
            times,
            cli_rows[q].cell(cli_rows[q].p95 <= 100, repeat),
            "p95 <= 100 ms",
        )
        peer_p95 = theirs[q].p95 if q in theirs else None
        ok = api[q].p95 <= limit and (peer_p95 is None or api[q].p95 <= peer_p95)
        table.put(
            f"`/api/search?q={q}` facets, uncached",
            times,
            api[q].cell(ok, repeat),
            f"p95 <= {limit} ms" + (", <= Datasette" if peer else ""),
        )
        if peer:
            cell = theirs[q].cell(None, repeat) if q in theirs else "failed"
            table.put(f"Datasette `_search` {q}, 3 facets, count", times, cell)
        table.put(f"`/api/search?q={q}` facets, cached", times, cached[q].cell(None, repeat))
    table.put("overview `/`", times, overview.cell(overview.p95 <= 200, repeat), "p95 <= 200 ms")
    table.put("`/search?q=the` page", times, page.cell(None, repeat))
    if entity is not None:
        cell = entity.cell(entity.p95 <= 300, repeat) + f" ({largest[0].mentions:,} mentions)"
    else:
        cell = "not measured (no entities)"
    table.put("entity page of the largest entity", times, cell, "p95 <= 300 ms")
    table.put(
        "CLI `timeline --by year --group tag`",
        times,
        timeline.cell(timeline.p95 <= 1000, repeat),
        "p95 <= 1,000 ms",
    )
    table.put(
        "CLI `refs` of the most cited cable",
        times,
        refs.cell(None, repeat) + f" ({cited[0][1]:,} citing)" if refs else "no references",
    )
    table.put("CLI `graph --kind refs` (every cable)", times, graph.cell(None, repeat))
    table.put("CLI: opening and closing the database, in each command", times, opening.cell())


def datasette(
    db: Path, totals: dict[str, int], repeat: int, notes: list[str], times: int
) -> dict[str, Stats]:
    """Datasette's timings of each benchmark query over ``db`` (none when not installed)."""
    binary = Path(sys.executable).with_name("datasette")
    if not binary.exists():
        notes.append("Datasette not installed (make install-bench): not measured.")
        return {}
    log(f"Datasette {times}x")
    port = free_port()
    out: dict[str, Stats] = {}
    serve = [str(binary), "serve", str(db), "--host", "127.0.0.1", "--port", str(port)]
    with serving(serve, port, "/-/versions.json") as http:
        path = f"/{db.stem}/cables.json"
        for q, _ in QUERIES:
            params = {**PEER_PARAMS, **PEER[q]}
            found = get(http, path, params)().json()
            count = found["filtered_table_rows_count"]
            missing = {"origin", "classification", "year"} - set(found["facet_results"])
            if count is None:
                notes.append(f"{times}x: Datasette's count of {q!r} timed out (1 s).")
            elif count != totals[q]:
                notes.append(f"{times}x: Datasette counted {count:,} for {q!r}, not {totals[q]:,}.")
            if missing:
                notes.append(
                    f"{times}x: Datasette's facets {', '.join(sorted(missing))} of {q!r} "
                    "timed out (200 ms)."
                )
            if len(found["rows"]) != min(20, totals[q]):
                notes.append(f"{times}x: Datasette gave {len(found['rows'])} rows for {q!r}.")
            out[q] = timings(get(http, path, params), repeat)
    return out


def header(engine: str, repeat: int, extra: str) -> str:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return (
        f"{engine}: cablescope {commit or '?'}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}; {extra}. Cells: p50 / p95 ms "
        f"over {repeat} timings after one untimed call, unless named; ✓/✗: the target."
    )


def peer_version() -> str:
    try:
        return version("datasette")
    except PackageNotFoundError:
        return "not installed"


def write_out(path: Path, text: str) -> None:
    """``text`` between the markers of ``path`` (added at its end when absent)."""
    block = f"{BEGIN}\n{text}{END}\n"
    old = path.read_text() if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        new = head + block + rest.split(END, 1)[1].lstrip("\n")
    else:
        new = (old.rstrip("\n") + "\n\n" if old else "") + block
    path.write_text(new)


def run(args: argparse.Namespace, work: Path, postgres: Postgres | None) -> str:
    """Every scale of ``args``; the tables in markdown."""
    scales = sorted(set(args.times))
    lite, pg = Table("SQLite"), Table("PostgreSQL")
    loads = [os.getloadavg()[0]]
    pg_url = ""
    for times in scales:
        db = work / f"x{times}.db"
        if args.queries_only:
            if not db.exists():
                raise SystemExit(f"--queries-only: no {db} of an earlier run")
            lite.notes.append(f"{times}x: queries only, over {db.name} of an earlier run.")
            measure(lite, times, str(db), args.repeat, db, f"the ingested {db.name}")
            loads.append(os.getloadavg()[0])
            continue
        pages = corpus(times, args.corpus_dir, work)
        log(f"{times}x: bare FTS5 load of {pages}")
        bare_db = work / f"bare{times}.db"
        remove(bare_db)
        bare = run_child([str(CHILD), "bare", str(pages), str(bare_db)])
        remove(bare_db)
        lite.put("bare FTS5 load, s", times, f"{bare.seconds:,.1f}")
        remove(db)
        ingested, _ = ingest_rows(lite, times, pages, str(db), bare, "bare FTS5 load", 2.0)
        queried, label = db, f"the ingested {db.name}"
        if args.tagged is not None:
            queried = tagged_store(args.tagged, times, work, lite.notes)
            label = f"{queried.name}, {args.tagged.name} copied {times}x and resolved"
        measure(lite, times, str(queried), args.repeat, queried, label)
        loads.append(os.getloadavg()[0])
        if postgres is None:
            continue
        pg_url = postgres.fresh(f"scale_{times}")
        ingest_rows(pg, times, pages, pg_url, ingested, "SQLite's ingest", 1.5)
        label = "the ingested database"
        if args.tagged is not None:
            pg_url = postgres.fresh(f"tagged_{times}")
            log(f"PostgreSQL {times}x: cablescope db copy {queried.name}")
            copy = [sys.executable, "-m", "cablescope", "db", "copy", str(queried), pg_url]
            subprocess.run(copy, check=True, stdout=subprocess.DEVNULL)
            label = f"a copy of {queried.name} (`cablescope db copy`)"
        pg.notes.append(
            f"{times}x: VACUUM ANALYZE before the queries: {Postgres.vacuum(pg_url):.1f} s."
        )
        measure(pg, times, pg_url, args.repeat, None, label)
        loads.append(os.getloadavg()[0])
    load = f"load average {min(loads):.1f}-{max(loads):.1f}"
    versions = f"SQLite {sqlite3.sqlite_version}, Datasette {peer_version()}, {load}"
    text = lite.markdown(scales, header("SQLite", args.repeat, versions))
    if postgres is not None:
        server = f"PostgreSQL {Postgres.version(pg_url)}, {load}"
        text += "\n" + pg.markdown(scales, header("PostgreSQL", args.repeat, server))
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, action="append", help="1, 10, 37 (repeat it)")
    parser.add_argument("--corpus-dir", type=Path, action="append", default=[])
    parser.add_argument("--work", type=Path, help="databases and corpora (default: temporary)")
    parser.add_argument("--tagged", type=Path, help="a tagged and resolved 1x SQLite store")
    parser.add_argument("--db", help="postgresql://USER@HOST/NAME (EMPTIED), or postgresql")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--out", type=Path, help="write the tables into this markdown file")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="time the queries again over the xN.db an earlier run left in --work (SQLite)",
    )
    args = parser.parse_args()
    args.times = args.times or [1]
    if args.tagged is not None and not args.tagged.exists():
        parser.error(f"no store at {args.tagged}")
    if args.repeat < 3:
        parser.error("--repeat must be 3 or more")
    if args.queries_only and (args.work is None or args.db or args.tagged):
        parser.error("--queries-only needs --work, and neither --db nor --tagged")
    if args.db is not None and not args.db.startswith("postgresql"):
        parser.error("--db takes postgresql://USER@HOST/NAME or postgresql")
    with contextlib.ExitStack() as stack:
        if args.work is None:
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="scale-")))
        else:
            work = args.work
            work.mkdir(parents=True, exist_ok=True)
        postgres = None
        if args.db is not None:
            postgres = Postgres(args.db)
            stack.callback(postgres.close)
        text = run(args, work, postgres)
    print(text)
    if args.out is not None:
        write_out(args.out, text)
        log(f"written to {args.out}")


if __name__ == "__main__":
    main()
