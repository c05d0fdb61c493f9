"""The resolve, entities and entity commands: JSON contract, curation, one-line errors."""

from __future__ import annotations

import orjson
import pytest

from tests.cli.test_cli import run
from tests.cli.test_links_cli import one_line_error
from tests.conftest import EXAMPLES

ENTITY_FIELDS = {"id", "name", "type", "aliases", "mentions", "cables", "first_seen", "last_seen"}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The examples without tagging: the annotated cable's imported marks are resolved."""
    path = str(tmp_path_factory.mktemp("entities") / "c.db")
    done = run("ingest", "--no-ner", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    return path


def test_unresolved_store_says_so_in_one_line(tmp_path_factory: pytest.TempPathFactory) -> None:
    path = str(tmp_path_factory.mktemp("bare") / "c.db")
    assert run("ingest", "--no-ner", "--db", path, str(EXAMPLES / "body")).returncode == 0
    err = one_line_error(run("entities", "--db", path))
    assert "run `cablescope resolve` first" in err


def test_resolve_then_list_and_show(db: str) -> None:
    done = run("resolve", "--db", db)
    assert done.returncode == 0 and "entities from" in done.stdout
    listed = orjson.loads(
        run("entities", "--db", db, "--json", "--type", "PER", "--top", "3").stdout
    )
    assert len(listed) == 3 and all(set(e) >= ENTITY_FIELDS for e in listed)
    assert all(e["type"] == "PER" for e in listed)
    assert [e["mentions"] for e in listed] == sorted((e["mentions"] for e in listed), reverse=True)
    first = listed[0]
    shown = orjson.loads(run("entity", first["id"], "--db", db, "--json").stdout)
    assert set(shown) >= ENTITY_FIELDS | {"cable_ids", "co_mentions", "timeline"}
    assert shown["cable_ids"] == ["09MEXICO2882"]
    assert shown["timeline"] == [{"month": "2009-10", "cables": 1}]
    by_name = run("entity", "--db", db, first["name"].upper())
    assert by_name.returncode == 0 and first["id"] in by_name.stdout


def test_curation_commands(db: str) -> None:
    done = run("entity", "merge", "Tello Peon", "Calderon", "--db", db)
    assert done.returncode == 0, done.stderr
    shown = orjson.loads(run("entity", "per:tello-peon", "--db", db, "--json").stdout)
    assert "Calderon" in shown["aliases"]
    done = run("entity", "split", "per:tello-peon", "--alias", "Calderon", "--db", db)
    assert done.returncode == 0, done.stderr
    assert run("entity", "per:calderon", "--db", db).returncode == 0
    done = run("entity", "rename", "per:calderon", "Felipe Calderon", "--db", db)
    assert done.returncode == 0, done.stderr
    assert run("entity", "per:felipe-calderon", "--db", db).returncode == 0
    again = run("resolve", "--db", db)
    assert "3 judgements applied" in again.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("entity", "nobody-at-all"), "no entity 'nobody-at-all'"),
        (("entity", "merge", "per:tello-peon", "per:tello-peon"), "same entity"),
        (("entity", "split", "per:oscar-rocha"), "give one of --alias"),
        (("entity", "split", "per:oscar-rocha", "--alias", "Nobody"), "no alias 'Nobody'"),
        (("entity", "rename", "per:oscar-rocha", "!!!"), "a name with letters or digits"),
        (("entity", "rename", "per:oscar-rocha", "(?) //"), "a name with letters or digits"),
    ],
)
def test_errors_are_one_line(db: str, args: tuple[str, ...], says: str) -> None:
    done = run(*args, "--db", db)
    assert done.returncode != 0
    assert says in done.stderr and "Traceback" not in done.stderr
