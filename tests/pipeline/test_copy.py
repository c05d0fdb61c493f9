"""``cablescope db copy`` moves a whole archive between engines: a corpus sample with
tagged and resolved entities, a curation judgement, a problem and its input files,
copied SQLite -> PostgreSQL -> SQLite, comes back the same in every respect a user can
see: the export, the readings, the entities and their links, the judgements, the
problems and the inputs read whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablescope import store
from cablescope.cli.app import cli
from cablescope.errors import StoreError
from cablescope.model.serialize import cable_to_dict
from cablescope.query import parse_query
from cablescope.pipeline.copy import archive, copy_archive
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.resolve.lookup import curate, rename_args
from cablescope.store.base import Store
from cablescope.tagging.registry import get_tagger
from tests.conftest import CORPUS_TAR, EXAMPLES, corpus_pages
from tests.postgres import postgres_cluster, postgres_url

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared corpus is not present")


def _everything(db: Store) -> dict[str, object]:
    """What a user can see of a database, in a comparable form."""
    cables = [cable_to_dict(c) for c in db.iter_cables()]
    ids = [c["id"] for c in cables]
    readings = {cid: [cable_to_dict(r) for r in rs] for cid, rs in db.readings_for(ids).items()}
    return {
        "export": cables,
        "readings": readings,
        "stats": db.stats().to_dict(),
        "entities": db.entities(),
        "links": db.entity_links(ids),
        "state": db.entities_state(),
        "judgements": db.judgements(),
        "problems": db.problems(),
        "inputs": list(archive(db).iter_inputs()),
    }


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite archive of about 250 corpus pages, the examples and one damaged file, with
    entities tagged and resolved and one rename judgement applied."""
    folder = tmp_path_factory.mktemp("copy")
    pages = folder / "pages"
    pages.mkdir()
    for name, data in corpus_pages(every=27):
        (pages / Path(name).name).write_bytes(data)
    shutil.copytree(EXAMPLES / "html", folder / "examples")
    (folder / "damaged.html").write_bytes(b"<html><body>not a cable</body></html>")
    path = folder / "source.db"
    with store.open(str(path)) as db:
        ingest(
            [str(pages), str(folder / "examples"), str(folder / "damaged.html")],
            db,
            workers=0,
            tagging=Tagging(get_tagger("cablescope")),
            resolve=True,
        )
        top = db.entities(kind="PER", top=1)[0]
        curate(db, "rename", rename_args(db, top.id, "The Most Named Person"))
    return path


def test_sqlite_to_postgres_and_back_keeps_everything(
    sample: Path, tmp_path: Path, postgres_url: str
) -> None:
    with store.open(str(sample)) as db:
        before = _everything(db)
    assert len(before["export"]) > 250  # type: ignore[arg-type]
    assert before["state"] == "fresh" and before["judgements"] and before["problems"]
    assert before["inputs"] and before["links"]
    assert any(e.name == "The Most Named Person" for e in before["entities"])  # type: ignore[attr-defined]
    back = tmp_path / "back.db"
    runner = CliRunner()
    there = runner.invoke(cli, ["db", "copy", str(sample), postgres_url])
    assert there.exit_code == 0, there.output
    assert f"copied {len(before['export']):,} cables" in there.output  # type: ignore[arg-type]
    with store.open(postgres_url) as db:
        assert _everything(db) == before
    again = runner.invoke(cli, ["db", "copy", postgres_url, f"sqlite:///{back}"])
    assert again.exit_code == 0, again.output
    with store.open(str(back)) as db:
        assert _everything(db) == before
        # The copy is a working archive: search gives the same answers.
        with store.open(str(sample)) as first:
            query = parse_query("subject:embassy OR minister")
            assert db.search(query).to_dict() == first.search(query).to_dict()


def test_stale_entities_stay_stale_and_a_full_destination_is_refused(
    sample: Path, tmp_path: Path
) -> None:
    stale = tmp_path / "stale.db"
    shutil.copy(sample, stale)
    with store.open(str(stale)) as db:
        first = next(db.iter_cables())
        db.put(first, db.readings(first.id))
        assert db.entities_state() == "stale"
        before = _everything(db)
        with store.open("memory:") as fake:
            copied = copy_archive(archive(db), archive(fake), batch=37)
            assert copied.cables == len(before["export"])  # type: ignore[arg-type]
            assert _everything(fake) == before
            with pytest.raises(StoreError, match="not empty"):
                copy_archive(archive(db), archive(fake))


def test_optimize_command(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    done = runner.invoke(cli, ["ingest", "--no-ner", "--db", db, str(EXAMPLES / "html")])
    assert done.exit_code == 0, done.output
    done = runner.invoke(cli, ["db", "optimize", "--db", db])
    assert done.exit_code == 0 and done.output.startswith(f"optimized {db} in "), done.output
    missing = runner.invoke(cli, ["db", "optimize", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1 and "no database at" in missing.output


def test_copy_from_a_missing_file_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["db", "copy", str(tmp_path / "none.db"), "memory:"])
    assert result.exit_code == 1
    assert "no database at" in result.output
    assert not (tmp_path / "none.db").exists()
