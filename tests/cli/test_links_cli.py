"""The refs, graph and timeline commands: JSON shapes, text, files, exit statuses, no tracebacks."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import orjson
import pytest

from tests.cli.test_cli import run
from tests.conftest import EXAMPLES, needs_shared


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("links") / "examples.db")
    done = run("ingest", "--no-ner", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    return path


@pytest.fixture(scope="module")
def thread_db(tmp_path_factory: pytest.TempPathFactory, thread_pages: Path) -> str:
    path = str(tmp_path_factory.mktemp("links") / "thread.db")
    done = run("ingest", "--no-ner", "--db", path, str(thread_pages))
    assert done.returncode == 0, done.stderr
    return path


def one_line_error(done: object, status: int = 1) -> str:
    assert done.returncode == status  # type: ignore[attr-defined]
    err: str = done.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 or status == 2
    return err


def test_refs_json_contract(db: str) -> None:
    done = run("refs", "00HARARE5461", "--db", db, "--json")
    assert done.returncode == 0, done.stderr
    data = orjson.loads(done.stdout)
    assert {"id", "cites", "cited_by", "missing"} <= set(data)
    assert (data["id"], data["cites"], data["cited_by"], data["missing"]) == (
        "00HARARE5461",
        ["00HARARE5346"],
        [],
        ["00HARARE5346"],
    )
    (ref,) = data["references"]
    assert ref["raw"] == "HARARE 5346" and ref["year_inferred"] is True
    assert ref["status"] == "released" and ref["month"] == "2000-09"


def test_refs_text(db: str) -> None:
    done = run("refs", "66buenosaires2481", "--db", db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("66BUENOSAIRES2481  1966-12-28  Embassy Buenos Aires")
    assert "cites 1, 1 missing:" in lines
    assert any(
        "66STATE106206  missing: never released by Cablegate" in line and "year inferred" in line
        for line in lines
    )
    assert lines[-1] == "cited by none"


def test_refs_of_an_unknown_cable(db: str) -> None:
    err = one_line_error(run("refs", "99NOWHERE1", "--db", db))
    assert "no cable '99NOWHERE1' in the database" in err


@needs_shared
def test_refs_of_a_thread(thread_db: str) -> None:
    done = run("refs", "08LIMA1348", "--db", thread_db, "--json")
    data = orjson.loads(done.stdout)
    assert data["cites"] == ["08LIMA389", "08LIMA1191", "08LIMA1081"]
    assert data["missing"] == ["08LIMA1191", "08LIMA1081"]
    text = run("refs", "06BRASILIA502", "--db", thread_db).stdout
    assert text.splitlines()[0] == (
        "06BRASILIA502  not in this database (never released by Cablegate)"
    )
    assert "cited by 2:" in text
    graph = run("graph", "--db", thread_db, "--all-cited", "--format", "graphml", "origin:lima")
    assert graph.returncode == 0, graph.stderr
    back = nx.parse_graphml(graph.stdout)
    assert back.nodes["08LIMA1191"]["status"] == "released"


def test_timeline_text_and_json(db: str) -> None:
    done = run("timeline", "--db", db, "--by", "year")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "11 cables"
    assert lines[1].split() == ["1966", "1", "█" * 17]  # the longest bar (2009, 3) is 50
    assert lines[2].split() == ["1967", "to", "1971", "0"]
    assert lines[-2].split() == ["2009", "3", "█" * 50]
    data = orjson.loads(run("timeline", "--db", db, "origin:mexico", "--json").stdout)
    assert data["total"] == 2 and data["by"] == "month"
    assert data["periods"][0] == "2009-10" and data["periods"][-1] == "2010-01"
    assert data["counts"] == [1, 0, 0, 1]
    assert [s["name"] for s in data["series"]] == ["all"]


def test_timeline_groups_and_chart(db: str, tmp_path: Path) -> None:
    chart = tmp_path / "t.svg"
    done = run("timeline", "--db", db, "--by", "year", "--group", "class", "--chart", str(chart))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[2].split()[:3] == ["all", "CONFIDENTIAL", "UNCLASSIFIED"]
    assert "<svg" in chart.read_text(encoding="utf-8")


def test_timeline_usage_errors(db: str, tmp_path: Path) -> None:
    err = one_line_error(run("timeline", "--db", db, "--by", "week"), status=2)
    assert "'week' is not one of 'month', 'year'" in err
    err = one_line_error(run("timeline", "--db", db, "--chart", str(tmp_path / "t.pdf")), 2)
    assert "name a .svg or .png file" in err
    err = one_line_error(run("timeline", "--db", db, "from:2009-13"))
    assert "not a date" in err
    err = one_line_error(run("timeline", "--db", db, "--chart", str(tmp_path / "no" / "t.svg")))
    assert "cannot write" in err


def test_graph_to_a_file(db: str, tmp_path: Path) -> None:
    out = tmp_path / "entities.gexf"
    done = run("graph", "--db", db, "--kind", "entities", "--format", "gexf", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert done.stderr.strip() == f"56 nodes, 1,540 edges -> {out}"
    back = nx.read_gexf(out)
    assert back.number_of_nodes() == 56 and not back.is_directed()


def test_graph_json_on_stdout(db: str) -> None:
    done = run("graph", "--db", db, "--all-cited", "from:2000")
    data = orjson.loads(done.stdout)
    assert data["kind"] == "refs" and data["query"] == "from:2000"
    assert {(e["source"], e["target"]) for e in data["edges"]} == {
        ("00HARARE5461", "00HARARE5346"),
        ("10CAIRO263", "10STATE17143"),
    }


def test_graph_usage_errors(db: str, tmp_path: Path) -> None:
    err = one_line_error(run("graph", "--db", db, "--kind", "people"), status=2)
    assert "'people' is not one of 'refs', 'entities'" in err
    err = one_line_error(run("graph", "--db", db, "--min-weight", "0"), status=2)
    assert "--min-weight" in err
    err = one_line_error(run("graph", "--db", str(tmp_path / "none.db")))
    assert "no database at" in err


def test_every_option_is_documented() -> None:
    from cablescope.cli.links import graph_command, refs_command, timeline_command

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "links.md").read_text(encoding="utf-8")
    readme = (root / "README.md").read_text(encoding="utf-8")
    for command in (refs_command, graph_command, timeline_command):
        assert f"cablescope {command.name}" in readme
        for param in command.params:
            for name in param.opts:
                if name.startswith("--") and name != "--db":
                    assert name in guide, f"{command.name} {name} is not in docs/links.md"
