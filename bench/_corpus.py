"""What the store benchmarks share: the ingested corpus and a median timer."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cablescope.pipeline.ingest import ingest  # noqa: E402
from cablescope.store.sqlite import SqliteStore  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "cablegate-html-2011-04.tar.gz"


def median_ms(
    fn: Callable[[], object], runs: int = 30, before: Callable[[], None] | None = None
) -> float:
    """The median time of ``runs`` calls of ``fn`` in ms; ``before`` runs untimed before each."""
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@contextmanager
def corpus_store(db: Path | None) -> Iterator[SqliteStore]:
    """The store at ``db``, or else a temporary one with the whole corpus ingested."""
    with tempfile.TemporaryDirectory() as tmp:
        store = SqliteStore.open(str(db or Path(tmp) / "corpus.db"))
        try:
            if db is None:
                ingest([str(CORPUS)], store)
            yield store
        finally:
            store.close()


def tagged_corpus(path: Path, *, resolve: bool = False) -> None:
    """Ingest the whole corpus into a new store at ``path`` with entities tagged by the
    default model, as ``cablescope ingest`` does (about five minutes on two cores), and with
    ``resolve`` resolve them."""
    from cablescope.pipeline.entities import Tagging
    from cablescope.tagging.registry import get_tagger

    with SqliteStore.open(str(path)) as store:
        ingest([str(CORPUS)], store, tagging=Tagging(get_tagger("cablescope")))
        if resolve:
            from cablescope.resolve import resolve_store

            resolve_store(store)
