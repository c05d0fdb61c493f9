"""One entity layer in the commands, and how sure each link is: `search --facets`, `show`
and `export` name resolved entities (names as tagged before resolution); `entity ID` shows
how sure the links of each alias are; `entity review` lists the least certain links, and
`entity confirm` / `entity reject` judge one with one command."""

from __future__ import annotations

import shutil
from pathlib import Path

import orjson
import pytest

from tests.cli.test_cli import run
from tests.cli.test_links_cli import one_line_error
from tests.conftest import EXAMPLES

MINES = "per:keith-mines"
GUTIERREZ = "per:geronimo-gutierrez-fernandez"


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The examples without tagging, never resolved: the annotated cable's marks are names."""
    path = str(tmp_path_factory.mktemp("review") / "plain.db")
    done = run("ingest", "--no-ner", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture
def resolved(plain: str, tmp_path: Path) -> str:
    """A copy of ``plain``, resolved."""
    path = str(tmp_path / "resolved.db")
    shutil.copy(plain, path)
    done = run("resolve", "--db", path)
    assert done.returncode == 0, done.stderr
    return path


def _json(*args: str) -> object:
    done = run(*args)
    assert done.returncode == 0, done.stderr
    return orjson.loads(done.stdout)


def test_facets_names_before_resolution_and_entities_after(plain: str, resolved: str) -> None:
    before = _json("search", "juarez", "--facets", "100", "--json", "--db", plain)
    assert isinstance(before, dict) and before["resolved"] is False
    assert {"id": None, "value": "keith mines", "count": 1, "filter": 'per:"keith mines"'} in (
        before["entities"]["PER"]
    )
    text = run("search", "juarez", "--facets", "5", "--db", plain).stdout
    assert "entities not resolved" in text
    after = _json("search", "", "--facets", "50", "--json", "--db", resolved)
    assert isinstance(after, dict) and after["resolved"] is True
    rows = {r["id"]: r for r in after["entities"]["PER"]}
    shown = _json("entity", MINES, "--json", "--db", resolved)
    assert isinstance(shown, dict)
    assert rows[MINES] == {
        "id": MINES, "value": shown["name"], "count": shown["cables"], "filter": f"entity:{MINES}"
    }  # fmt: skip
    found = _json("search", f"entity:{MINES}", "--json", "--db", resolved)
    assert isinstance(found, list) and [h["id"] for h in found] == shown["cable_ids"]
    text = run("search", "", "--facets", "3", "--db", resolved).stdout
    first = after["entities"]["PER"][0]
    assert f"{first['count']}  {first['value']}  entity:{first['id']}" in text
    assert "by origin:" in text


def test_show_and_export_name_resolved_entities(plain: str, resolved: str) -> None:
    record = _json("show", "09MEXICO2882", "--json", "--db", resolved)
    assert isinstance(record, dict)
    people = {e["id"]: e for e in record["entities"] if e["type"] == "PER"}
    assert people[GUTIERREZ]["name"] == "Geronimo Gutierrez Fernandez"
    entity = _json("entity", GUTIERREZ, "--json", "--db", resolved)
    assert isinstance(entity, dict) and entity["cable_ids"] == ["09MEXICO2882"]
    assert people[GUTIERREZ]["mentions"] == entity["mentions"] > 1  # each way he is named
    text = run("show", "09MEXICO2882", "--db", resolved).stdout
    assert f"Geronimo Gutierrez Fernandez [{GUTIERREZ}]" in text
    exported = [orjson.loads(line) for line in run("export", "--db", resolved).stdout.splitlines()]
    assert next(r for r in exported if r["id"] == "09MEXICO2882") == record
    bare = _json("show", "09MEXICO2882", "--json", "--db", plain)
    assert isinstance(bare, dict)
    names = {(e["name"], e["id"]) for e in bare["entities"] if e["type"] == "PER"}
    assert ("Gutierrez", None) in names and ("Geronimo Gutierrez Fernandez", None) in names
    assert "names as tagged" in run("show", "09MEXICO2882", "--db", plain).stdout


def test_entity_shows_how_sure_each_alias_is(resolved: str) -> None:
    shown = _json("entity", GUTIERREZ, "--json", "--db", resolved)
    assert isinstance(shown, dict)
    links = {a["key"]: a for a in shown["alias_links"]}
    assert sum(a["mentions"] for a in links.values()) == shown["mentions"]
    full = links["geronimo gutierrez fernandez"]
    assert (full["mean"], full["min"], full["methods"]) == (1.0, 1.0, {"exact": full["mentions"]})
    short = links["gutierrez"]
    assert short["aliases"] == ["Gutierrez"] and short["mean"] < 1
    assert short["methods"] == {"same-cable": short["mentions"]}
    text = run("entity", GUTIERREZ, "--db", resolved).stdout
    assert "how sure their links are" in text
    assert f"Gutierrez ({short['mentions']})" in text and f"{short['mean']:.2f}  same-cable" in text


def test_review_then_confirm_and_reject(resolved: str) -> None:
    items = _json("entity", "review", "--json", "--db", resolved)
    assert isinstance(items, list) and items
    means = [i["mean"] for i in items]
    assert means == sorted(means) and all(m < 1 for m in means)
    short = next(i for i in items if (i["entity"]["id"], i["key"]) == (GUTIERREZ, "gutierrez"))
    assert short["alias"] == "Gutierrez" and not short["alone"]
    assert short["samples"] and all(s["mention"] == "Gutierrez" for s in short["samples"])
    assert {s["cable_id"] for s in short["samples"]} == {"09MEXICO2882"}
    text = run("entity", "review", "--db", resolved).stdout
    assert f"cablescope entity confirm {GUTIERREZ} Gutierrez" in text
    assert "«Gutierrez»" in text
    first = items[0]
    assert text.startswith(f"1. {first['alias']} → {first['entity']['name']} ")
    assert len(_json("entity", "review", "--json", "--top", "2", "--db", resolved)) == 2  # type: ignore[arg-type]
    assert _json("entity", "review", "--json", "--type", "LOC", "--db", resolved) == []

    done = run("entity", "confirm", GUTIERREZ, "Gutierrez", "--db", resolved)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recorded: confirm geronimo gutierrez fernandez | gutierrez")
    after = _json("entity", "review", "--json", "--db", resolved)
    assert isinstance(after, list)
    assert (GUTIERREZ, "gutierrez") not in {(i["entity"]["id"], i["key"]) for i in after}
    shown = _json("entity", GUTIERREZ, "--json", "--db", resolved)
    assert isinstance(shown, dict)
    short = {a["key"]: a for a in shown["alias_links"]}["gutierrez"]
    assert (short["mean"], short["methods"]) == (1.0, {"curated": short["mentions"]})

    rejected = next(i for i in after if i["entity"]["id"] != GUTIERREZ)
    done = run("entity", "reject", rejected["entity"]["id"], rejected["alias"], "--db", resolved)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("recorded: split ")
    left = _json("entity", rejected["entity"]["id"], "--json", "--db", resolved)
    assert isinstance(left, dict) and rejected["key"] not in {a["key"] for a in left["alias_links"]}
    again = run("resolve", "--db", resolved)
    assert "2 judgements applied" in again.stdout


def test_judging_errors_are_one_line(resolved: str) -> None:
    err = one_line_error(run("entity", "confirm", GUTIERREZ, "Nobody", "--db", resolved))
    assert "no alias 'Nobody' to confirm" in err
    err = one_line_error(run("entity", "reject", MINES, "Keith Mines", "--db", resolved))
    assert "nothing would be kept" in err
    assert run("entity", "review", "--top", "0", "--db", resolved).returncode == 2


def test_review_needs_a_resolved_database(plain: str) -> None:
    err = one_line_error(run("entity", "review", "--db", plain))
    assert "run `cablescope resolve` first" in err


def test_every_option_is_documented() -> None:
    from cablescope.cli.app import search
    from cablescope.cli.entities import confirm_command, reject_command, review_command

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "links.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in (review_command, confirm_command, reject_command):
        assert f"entity {command.name}" in guide and f"entity {command.name}" in readme
        for param in command.params:
            for name in param.opts:
                if name.startswith("--") and name != "--db":
                    assert name in guide, f"entity {command.name} {name} is not in docs/links.md"
    assert "--facets" in guide and "--facets" in readme and "entity:ID" in guide
    assert ["--facets"] in [p.opts for p in search.params]
