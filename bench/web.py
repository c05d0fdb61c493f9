"""The web UI under load: 20 concurrent clients for 30 s over search, cable and overview
URLs, against a bare static file served by the same server in the same run.

    python bench/web.py [DB]   (DB: a COPY of a corpus database; without it the corpus is
                                ingested, tagged and resolved first, about six minutes)

Prints p50/p95 per kind of URL and the error count; also the median of one search page
with facets, one client at a time. Then the memory curve: the server's resident memory
(this process; uvicorn runs in a thread of it) sampled every 10 s while the mix runs for
--memory-seconds more (120 by default) after the warm-up above; it must level off.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import socket
import statistics
import sys
import threading
import time

import tempfile
from pathlib import Path

import httpx
import uvicorn

from cablescope.store.sqlite import SqliteStore
from cablescope.web import create_app
from cablescope.web.server import config

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import tagged_corpus  # noqa: E402

CLIENTS = 20
SECONDS = 30.0
QUERIES = [
    "",
    "mugabe",
    "juarez OR mexico",
    "tag:SNAR",
    "from:2009 origin:mexico",
    "per:calderon",
    "nuclear iran",
    '"human rights"',
    "class:secret visa",
    "org:farc",
    "drugs -cartel",
    "loc:kabul",
    "oil from:2008 to:2009",
    "election fraud",
    "tag:KCRM sort",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def client(
    base: str, urls: list[str], until: float, out: dict[str, list[float]], errors: list[str]
) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as http:
        while time.monotonic() < until:
            kind, url = random.choice(urls).split(" ", 1)
            start = time.perf_counter()
            response = await http.get(url)
            out.setdefault(kind, []).append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {url}")


async def load(base: str, urls: list[str]) -> tuple[dict[str, list[float]], list[str]]:
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    until = time.monotonic() + SECONDS
    await asyncio.gather(*(client(base, urls, until, out, errors) for _ in range(CLIENTS)))
    return out, errors


def rss_mb() -> float:
    """Resident memory of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def sampled(base: str, urls: list[str], seconds: float) -> list[tuple[float, float]]:
    """Run the mix for ``seconds`` and sample RSS every 10 s: (elapsed, MB) pairs."""
    samples = [(0.0, rss_mb())]
    start = time.monotonic()
    until = start + seconds
    out: dict[str, list[float]] = {}
    errors: list[str] = []
    tasks = [asyncio.create_task(client(base, urls, until, out, errors)) for _ in range(CLIENTS)]
    while time.monotonic() < until:
        await asyncio.sleep(10)
        samples.append((time.monotonic() - start, rss_mb()))
    await asyncio.gather(*tasks)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", help="a COPY of a corpus database")
    parser.add_argument("--memory-seconds", type=float, default=120.0)
    opts = parser.parse_args()
    if opts.db is not None:
        run(opts.db, opts.memory_seconds)
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "corpus.db"
        tagged_corpus(db, resolve=True)
        run(str(db), opts.memory_seconds)


def run(db: str, memory_seconds: float = 120.0) -> None:
    with SqliteStore.open(db) as store:
        ids = [c.id for c, _ in zip(store.iter_cables(), range(100000))]
    random.seed(5)
    sample = random.sample(ids, min(200, len(ids)))
    port = free_port()
    print(f"server RSS at start: {rss_mb():.0f} MB")
    server = uvicorn.Server(config(create_app(db), port=port))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"

    with httpx.Client(base_url=base, timeout=60) as http:
        single = []
        for q in QUERIES:  # first visit of each query: no cached facets
            start = time.perf_counter()
            assert http.get("/search", params={"q": q}).status_code == 200
            single.append(time.perf_counter() - start)
    print(
        f"search page with facets, first visit of {len(QUERIES)} queries, one client: "
        f"median {statistics.median(single) * 1000:.0f} ms, "
        f"max {max(single) * 1000:.0f} ms"
    )

    mixed = (
        [f"search /search?q={httpx.QueryParams({'q': q})['q']}" for q in QUERIES]
        + [f"api /api/search?q={q}" for q in QUERIES[:5]]
        + [f"cable /cables/{cid}" for cid in sample]
        + ["overview /"] * 3
    )
    static = ["static /static/style.css"]
    for name, urls in (("reference: a static file", static), ("mix", mixed)):
        out, errors = asyncio.run(load(base, urls))
        total = sum(len(v) for v in out.values())
        print(
            f"{name}: {total} requests in {SECONDS:.0f} s by {CLIENTS} clients "
            f"({total / SECONDS:.0f}/s), {len(errors)} errors"
        )
        for kind, times in sorted(out.items()):
            print(
                f"  {kind:8} n={len(times):5}  p50 {quantile(times, 0.5) * 1000:7.1f} ms"
                f"  p95 {quantile(times, 0.95) * 1000:7.1f} ms"
            )
        for error in errors[:5]:
            print("  error:", error)
    print(f"server RSS after warm-up: {rss_mb():.0f} MB")
    if memory_seconds > 0:
        curve = asyncio.run(sampled(base, mixed, memory_seconds))
        print(f"server RSS under the mix for {memory_seconds:.0f} s more (s: MB):")
        print("  " + ", ".join(f"{t:.0f}: {mb:.0f}" for t, mb in curve))
        print(f"  growth over the run: {curve[-1][1] - curve[0][1]:+.0f} MB")
    server.should_exit = True


if __name__ == "__main__":
    main()
