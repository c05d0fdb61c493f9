"""Re-tagging a stored archive."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from cablescope.model.serialize import cable_to_dict
from cablescope.pipeline import retag as retag_module
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.pipeline.retag import retag
from cablescope.query import parse_query
from cablescope.store.sqlite import SqliteStore
from cablescope.tagging.base import StaticTagger
from cablescope.tagging.registry import get_tagger
from tests.cli.test_cli import run
from tests.conftest import EXAMPLES


def _records(path: Path) -> dict[str, dict[str, object]]:
    with SqliteStore.open(str(path)) as store:
        return {c.id: cable_to_dict(c) for c in store.iter_cables()}


def test_retagging_an_untagged_store_equals_tagging_at_ingest(tmp_path: Path) -> None:
    tagging = Tagging(get_tagger("cablescope"))
    with SqliteStore.open(str(tmp_path / "tagged.db")) as store:
        ingest([str(EXAMPLES)], store, tagging=tagging)
    with SqliteStore.open(str(tmp_path / "later.db")) as store:
        ingest([str(EXAMPLES)], store)
        assert all(not c.mentions for c in store.iter_cables())
        assert retag(store, tagging, workers=2).written == store.count()
    assert _records(tmp_path / "later.db") == _records(tmp_path / "tagged.db")


def test_retagging_replaces_mentions_and_keeps_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    with SqliteStore.open(str(db)) as store:
        ingest([str(EXAMPLES / "html")], store, tagging=Tagging(get_tagger("cablescope")))
    before = _records(db)
    with SqliteStore.open(str(db)) as store:
        assert retag(store, Tagging(StaticTagger(), rules=None), ["10MEXICO83"]).written == 1
    after = _records(db)
    assert after["10MEXICO83"]["mentions"] == []
    assert {k: v for k, v in after["10MEXICO83"].items() if k != "mentions"} == {
        k: v for k, v in before["10MEXICO83"].items() if k != "mentions"
    }
    assert {k: v for k, v in after.items() if k != "10MEXICO83"} == {
        k: v for k, v in before.items() if k != "10MEXICO83"
    }


def test_tag_command(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    assert run("ingest", "--no-ner", "--db", db, str(EXAMPLES / "html")).returncode == 0
    assert run("search", "--db", db, "per:calderon", "--json").stdout.strip() == "[]"
    done = run("tag", "--db", db, "origin:mexico")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "1 cable tagged"
    assert done.stdout.splitlines()[1].startswith("resolved ")
    hits = orjson.loads(run("search", "--db", db, "per:calderon", "--json").stdout)
    assert [h["id"] for h in hits] == ["10MEXICO83"]
    missing = run("tag", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "no database" in missing.stderr


def test_an_interrupted_job_goes_on_where_its_last_batch_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retag_module, "BATCH", 4)
    tagging = Tagging(get_tagger("cablescope"))
    with SqliteStore.open(str(tmp_path / "whole.db")) as store:
        ingest([str(EXAMPLES)], store, workers=0, tagging=tagging)
        whole = [(c.id, c.mentions) for c in store.iter_cables()]
    with SqliteStore.open(str(tmp_path / "stopped.db")) as store:
        ingest([str(EXAMPLES)], store, workers=0)
        ids = store.matching(parse_query(""))
        batches: list[int] = []

        def stop(n: int) -> None:
            batches.append(n)
            if len(batches) == 2:
                raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            retag(store, tagging, ids, workers=0, job="tag test", on_cables=stop)
        done = retag(store, tagging, ids, workers=0, job="tag test")
        assert (done.resumed, done.written) == (8, len(ids) - 8)
        assert [(c.id, c.mentions) for c in store.iter_cables()] == whole
        # Done: the same job again tags everything.
        assert retag(store, tagging, ids, workers=0, job="tag test").resumed == 0
