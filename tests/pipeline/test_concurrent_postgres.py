"""Four ingests into one PostgreSQL database at once lose nothing and duplicate nothing.

Two of them read the Cablegate pages of the same cables, two their annotated bodies (one
of those the pages as well): every cable ends with one record citing both sources, as a
serial ingest makes it. A batch locks the cables it reads the readings of until it
commits, so a reading another process stores meanwhile is merged, not overwritten.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cablescope.pipeline.ingest import ingest
from cablescope.store.sqlite import SqliteStore
from tests.pipeline.test_concurrent import _state, _twins
from tests.conftest import CORPUS_TAR, REVEAL_TAR
from tests.postgres import postgres_cluster, postgres_url

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = pytest.mark.skipif(
    not (CORPUS_TAR.is_file() and REVEAL_TAR.is_file()), reason="../shared corpus is not present"
)

_INGEST = """
import sys
from cablescope.pipeline.ingest import ingest
from cablescope.store.postgres import PostgresStore
with PostgresStore.open(sys.argv[1]) as store:
    summary = ingest(sys.argv[2:], store, workers=0)
print(summary.new, summary.updated, summary.unchanged)
"""


def test_four_ingest_processes_at_once_lose_and_duplicate_nothing(
    tmp_path: Path, postgres_url: str
) -> None:
    from cablescope.store.postgres import PostgresStore

    pages, bodies = _twins(tmp_path, 150)
    inputs = [[pages], [bodies], [bodies, pages], [pages]]
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", _INGEST, postgres_url, *map(str, paths)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for paths in inputs
    ]
    outs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], outs
    news = [int(out.split()[0]) for out, _ in outs]
    assert sum(news) == 150, outs
    with SqliteStore.open(str(tmp_path / "serial.db")) as serial:
        ingest([str(bodies)], serial, workers=0)
        ingest([str(pages)], serial, workers=0)
        expected = _state(serial)
    with PostgresStore.open(postgres_url) as store:
        assert store.count() == 150
        assert store.stats().readings == 300
        assert _state(store) == expected
    assert all(len(shas) == 2 and marks > 0 for shas, marks, _ in expected.values())
