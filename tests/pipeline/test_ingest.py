"""Ingest wiring: serial and parallel runs agree, big dumps stream, readings merge."""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from cablescope.model import Cable
from cablescope.model.serialize import cable_to_dict
from cablescope.pipeline import ingest as ingest_module
from cablescope.pipeline.entities import Tagging, TaggingSpec
from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.retag import retag
from cablescope.pipeline.runner import Job, LocalRunner
from cablescope.readers.archive import total_bytes
from cablescope.tagging.registry import get_tagger
from cablescope.store.sqlite import SqliteStore
from tests.conftest import EXAMPLES, SHARED, needs_shared

CSV_SAMPLE = SHARED / "corpus" / "cables-csv-sample.csv"


def _export(db: Path) -> list[dict[str, object]]:
    with SqliteStore.open(str(db)) as store:
        out = [cable_to_dict(c) for c in store.iter_cables()]
    for record in out:
        for source in record["sources"]:  # type: ignore[attr-defined]
            source["path"] = Path(source["path"]).name
    return out


def _many_rows(n: int) -> bytes:
    """The CSV sample's first row repeated under n distinct ids, in the dump's own dialect."""
    sample = (EXAMPLES / "csv" / "cables-sample.csv").read_text()
    row = next(csv.reader(io.StringIO(sample), escapechar="\\", doublequote=False))
    out = io.StringIO()
    writer = csv.writer(
        out, escapechar="\\", doublequote=False, quoting=csv.QUOTE_ALL, lineterminator="\n"
    )
    for i in range(n):
        body = row[7].replace("BUENOS AIRES 2481", f"BUENOS AIRES {3000 + i}")
        writer.writerow([str(i + 1), row[1], f"66BUENOSAIRES{3000 + i}", *row[3:7], body])
    return out.getvalue().encode()


def _streamed_dump(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: int) -> Path:
    """A cables.csv of ``rows`` rows (``_many_rows``), big enough to be read as a stream."""
    dump = tmp_path / "cables.csv"
    dump.write_bytes(_many_rows(rows))
    monkeypatch.setattr(ingest_module, "STREAM_ABOVE", 1024)
    return dump


def test_parallel_and_serial_runs_store_the_same_records(tmp_path: Path) -> None:
    with SqliteStore.open(str(tmp_path / "serial.db")) as store:
        ingest([str(EXAMPLES)], store, workers=1)
    with SqliteStore.open(str(tmp_path / "parallel.db")) as store:
        ingest_module_small = ingest_module.SMALL_RUN
        try:
            ingest_module.SMALL_RUN = 2  # force the process pool on a small input
            ingest([str(EXAMPLES)], store, workers=2)
        finally:
            ingest_module.SMALL_RUN = ingest_module_small
    assert _export(tmp_path / "serial.db") == _export(tmp_path / "parallel.db")


@pytest.fixture(scope="module")
def tagging() -> Tagging:
    return Tagging(get_tagger("cablescope"))


def test_tagged_runs_match_in_parallel_and_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tagging: Tagging
) -> None:
    with SqliteStore.open(str(tmp_path / "serial.db")) as store:
        ingest([str(EXAMPLES)], store, workers=1, tagging=tagging)
    monkeypatch.setattr(ingest_module, "SMALL_RUN", 2)
    with SqliteStore.open(str(tmp_path / "parallel.db")) as store:
        ingest([str(EXAMPLES)], store, workers=2, tagging=tagging)
    serial, parallel = _export(tmp_path / "serial.db"), _export(tmp_path / "parallel.db")
    assert serial == parallel
    for record in serial:
        text = record["text"]
        mentions = record["mentions"]
        assert mentions, record["id"]
        for m in mentions:  # type: ignore[attr-defined]
            assert text[m["start"] : m["end"]] == m["text"]  # type: ignore[index]


def test_spawned_workers_load_the_spec_and_tag_alike(tmp_path: Path, tagging: Tagging) -> None:
    # Nothing is inherited under spawn: each worker loads the model the spec names.
    with SqliteStore.open(str(tmp_path / "serial.db")) as store:
        ingest([str(EXAMPLES)], store, workers=1, tagging=tagging)
    spec = TaggingSpec.named("cablescope")
    runner = LocalRunner(spec, 2, start="spawn")
    with SqliteStore.open(str(tmp_path / "spawned.db")) as store:
        summary = ingest([str(EXAMPLES)], store, runner=runner)
        assert summary.resolution is None
    assert _export(tmp_path / "serial.db") == _export(tmp_path / "spawned.db")
    with SqliteStore.open(str(tmp_path / "spawned.db")) as store:
        assert retag(store, tagging, workers=0).written == store.count()
        again = LocalRunner(spec, 2, start="spawn")
        assert retag(store, spec, runner=again).written == store.count()
    assert _export(tmp_path / "serial.db") == _export(tmp_path / "spawned.db")


def test_mentions_follow_the_text_a_merge_keeps(tmp_path: Path, tagging: Tagging) -> None:
    with SqliteStore.open(str(tmp_path / "merge.db")) as store:
        ingest([str(EXAMPLES / "plusd")], store, tagging=tagging)
        alone = store.get_cable("10MEXICO83")
        ingest([str(EXAMPLES / "html" / "10MEXICO83.html")], store, tagging=tagging)
        merged = store.get_cable("10MEXICO83")
    assert alone is not None and merged is not None and len(merged.sources) == 2
    assert merged.mentions
    assert all(merged.text[m.start : m.end] == m.text for m in merged.mentions)
    assert (merged.text == alone.text) == (merged.mentions == alone.mentions)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_big_dump_is_read_as_a_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    dump = _streamed_dump(tmp_path, monkeypatch, 300)
    monkeypatch.setattr(ingest_module, "SMALL_RUN", 0)
    with SqliteStore.open(str(tmp_path / "dump.db")) as store:
        summary = ingest([str(dump)], store, workers=workers)
        assert (summary.new, summary.rejected, summary.files) == (300, 0, 1)
        cable = store.get_cable("66BUENOSAIRES3123")
        assert cable is not None
        assert cable.origin == "Embassy Buenos Aires"
        assert cable.sources[0].path.endswith("cables.csv#row=124")


def test_plain_and_annotated_bodies_merge_keeping_every_mark(tmp_path: Path) -> None:
    with SqliteStore.open(str(tmp_path / "bodies.db")) as store:
        ingest(
            [
                str(EXAMPLES / "body" / "09MEXICO2882.txt"),
                str(EXAMPLES / "annotated" / "09MEXICO2882.txt"),
            ],
            store,
            workers=1,
        )
        cable = store.get_cable("09MEXICO2882")
        readings = store.readings("09MEXICO2882")
    assert cable is not None
    assert [s.format for s in cable.sources] == ["body-text", "body-annotated"]
    annotated = next(r for r in readings if r.sources[0].format == "body-annotated")
    assert len(annotated.annotations) == 107
    # the plain body's text is kept; every mark finds its place on it
    assert "[PER" not in cable.text
    assert len(cable.annotations) == 107
    for ann in cable.annotations:
        assert cable.text[ann.start : ann.end] == ann.text
    assert sum(a.text == "Keith Mines" for a in cable.annotations) == 2


class _CountingTagging(Tagging):
    """The shipped model, counting the cables it is asked to tag."""

    calls: list[int]

    def apply(self, results):  # type: ignore[no-untyped-def]
        self.calls.append(sum(isinstance(r, Cable) for r in results))
        return super().apply(results)


def test_unchanged_files_are_skipped_before_parsing_or_tagging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tagging: Tagging
) -> None:
    counting = _CountingTagging(tagging.tagger, tagging.rules)
    object.__setattr__(counting, "calls", [])
    with SqliteStore.open(str(tmp_path / "again.db")) as store:
        first = ingest([str(EXAMPLES)], store, workers=0, tagging=counting)
        assert sum(counting.calls) > 0 and first.rejected == 0
        before = _export(tmp_path / "again.db")

        def refuse(*args: object) -> None:
            raise AssertionError("an unchanged file was parsed again")

        monkeypatch.setattr(ingest_module, "process_input", refuse)
        monkeypatch.setattr(ingest_module, "process_pairs", refuse)
        counting.calls.clear()
        again = ingest([str(EXAMPLES)], store, workers=0, tagging=counting)
    assert sum(counting.calls) == 0
    assert (again.new, again.updated, again.rejected) == (0, 0, 0)
    assert again.skipped == again.files == first.files
    assert _export(tmp_path / "again.db") == before


def test_a_changed_file_is_read_again_and_a_deleted_cable_comes_back(tmp_path: Path) -> None:
    folder = tmp_path / "cables"
    folder.mkdir()
    page = EXAMPLES / "html" / "10MEXICO83.html"
    (folder / page.name).write_bytes(page.read_bytes())
    with SqliteStore.open(str(tmp_path / "changed.db")) as store:
        assert ingest([str(folder)], store, workers=0).new == 1
        (folder / page.name).write_bytes(page.read_bytes().replace(b"ascendency", b"ascendancy"))
        assert ingest([str(folder)], store, workers=0).updated == 1
        assert store.delete("10MEXICO83")
        assert ingest([str(folder)], store, workers=0).new == 1


def test_rows_of_a_streamed_dump_already_stored_are_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = _streamed_dump(tmp_path, monkeypatch, 40)
    with SqliteStore.open(str(tmp_path / "rows.db")) as store:
        assert ingest([str(dump)], store, workers=0).new == 40
        dump.write_bytes(_many_rows(50))
        parsed: list[int] = []
        real = ingest_module.process_pairs

        def counting(pairs):  # type: ignore[no-untyped-def]
            parsed.append(len(pairs))
            return real(pairs)

        monkeypatch.setattr(ingest_module, "process_pairs", counting)
        summary = ingest([str(dump)], store, workers=0)
    assert (summary.new, summary.unchanged) == (10, 40)
    assert sum(parsed) == 10


def test_ctrl_c_while_resolving_keeps_the_cables_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablescope.errors import Interrupted
    from cablescope.resolve import cluster

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    static = Tagging(get_tagger("static"), None)
    with SqliteStore.open(str(tmp_path / "resolve.db")) as store:
        monkeypatch.setattr(cluster.Decide, "cable", interrupted)
        with pytest.raises(Interrupted, match="entities were not resolved"):
            ingest([str(EXAMPLES / "html")], store, workers=0, tagging=static, resolve=True)
        assert store.count() == len(list((EXAMPLES / "html").iterdir()))
        assert store.entities_state() == "none"


class _Watched:
    """A runner that notes, in ``events``, each cable it hands back ("cable") beside the
    progress steps ingest reports (their sizes)."""

    def __init__(self, runner: LocalRunner, events: list[object]) -> None:
        self.runner = runner
        self.workers = runner.workers
        self.events = events

    def run(self, jobs: Iterable[Job | list[Any]]) -> Iterator[Any]:
        for result in self.runner.run(jobs):
            if isinstance(result, Cable):
                self.events.append("cable")
            yield result


@needs_shared
@pytest.mark.parametrize("workers", [0, 2])
def test_progress_is_in_bytes_of_input_and_comes_back_with_the_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    paths = [str(EXAMPLES), str(CSV_SAMPLE), str(tmp_path / "missing.html")]
    total = total_bytes(paths)
    monkeypatch.setattr(ingest_module, "CHUNK", 2)  # many steps from a small input
    events: list[object] = []
    with SqliteStore.open(str(tmp_path / "mixed.db")) as store:
        runner = _Watched(LocalRunner(None, workers), events)
        summary = ingest(paths, store, on_bytes=events.append, runner=runner)
    assert summary.files == 20 and summary.new > 10 and summary.rejected == 1
    steps = [e for e in events if isinstance(e, int)]
    # The total is known before anything is read, from stat; every step moves towards it.
    assert len(steps) > 5 and all(step > 0 for step in steps)
    assert sum(steps) == total > 300_000
    # Nothing is counted before work came back, and the last work counted is the end.
    assert events[0] == "cable" and isinstance(events[-1], int)
    done = list(itertools.accumulate(steps))
    assert done[len(done) // 2] < total * 0.9


def test_a_streamed_dump_shows_progress_as_its_rows_come_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = _streamed_dump(tmp_path, monkeypatch, 400)
    monkeypatch.setattr(ingest_module, "SMALL_RUN", 0)
    events: list[object] = []
    with SqliteStore.open(str(tmp_path / "dump.db")) as store:
        runner = _Watched(LocalRunner(None, 2), events)
        assert ingest([str(dump)], store, on_bytes=events.append, runner=runner).new == 400
    steps = [e for e in events if isinstance(e, int)]
    assert sum(steps) == dump.stat().st_size and all(step > 0 for step in steps)
    # Before, the one file counted whole at its end: now its rows count as they come back.
    assert len(steps) > 20
    cables = [events[: events.index(step)].count("cable") for step in steps[:-1]]
    assert cables == sorted(cables) and 0 < cables[0] < cables[-1] < 400
