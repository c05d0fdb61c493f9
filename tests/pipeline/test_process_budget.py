"""A file that takes too long to read is skipped as a Problem; the rest of the ingest is stored."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from cablescope.pipeline import ingest as ingest_module
from cablescope.pipeline.ingest import ingest
from cablescope.readers import _budget
from cablescope.store.sqlite import SqliteStore
from tests.conftest import EXAMPLES
from tests.readers.makers import quote_tail_pdf

OTHERS = ("html/10CAIRO263.html", "telegram/07KINGSTON382.txt", "body/00HARARE5461.txt")


@pytest.mark.parametrize("pool", [False, True], ids=["in-process", "worker-processes"])
def test_a_crafted_pdf_is_a_problem_and_the_other_files_are_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pool: bool
) -> None:
    monkeypatch.setattr(_budget, "DEFAULT", _budget.Budget(seconds=3.0))
    if pool:
        monkeypatch.setattr(ingest_module, "SMALL_RUN", 0)
    folder = tmp_path / "in"
    folder.mkdir()
    crafted = folder / "00DAMASCUS2976.pdf"
    crafted.write_bytes(quote_tail_pdf("Page 1 of 1", 160_000))
    for name in OTHERS:
        (folder / Path(name).name).write_bytes((EXAMPLES / name).read_bytes())
    started = time.monotonic()
    with SqliteStore.open(str(tmp_path / "db.sqlite")) as store:
        summary = ingest([str(folder)], store, workers=2 if pool else 1)
        stored = sorted(c.id for c in store.iter_cables())
        listed = [(p.path, p.stage) for p in store.problems()]
    assert time.monotonic() - started < 20, summary.problems
    assert stored == ["00HARARE5461", "07KINGSTON382", "10CAIRO263"]
    assert summary.rejected == 1
    [problem] = summary.problems
    assert (problem.path, problem.stage) == (str(crafted), "read")
    assert listed == [(str(crafted), "read")]


def test_an_ingest_off_the_main_thread_still_keeps_the_time_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    folder = tmp_path / "upload"
    folder.mkdir()
    (folder / "slow.pdf").write_bytes(quote_tail_pdf("Page 1 of 1", 160_000))
    monkeypatch.setattr(_budget, "DEFAULT", _budget.Budget(seconds=2.0))
    outcome: list[object] = []

    def run() -> None:
        with SqliteStore.open(str(tmp_path / "t.db")) as store:
            outcome.append(ingest([str(folder)], store, workers=1))

    started = time.monotonic()
    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert time.monotonic() - started < 30
    [summary] = outcome
    assert [p.stage for p in summary.problems] == ["read"]  # type: ignore[attr-defined]
