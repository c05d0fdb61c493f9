"""Commands that do what people expect: export of a search as CSV, search order and
negation, filter errors, the entity graph's types, timelines that fit a terminal, ner on
standard input, English counts, origins as written, serve on a busy port."""

from __future__ import annotations

import csv
import io
import re
import socket
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from cablescope.cli._common import plural, progress
from cablescope.cli.app import cli
from cablescope.cli.render import render_hits
from cablescope.grammar.posts import posts, proper_origin
from cablescope.query import parse_query
from cablescope.store.base import Hit, SearchResult
from tests.conftest import EXAMPLES


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("commands") / "examples.db")
    done = invoke("ingest", "--db", path, str(EXAMPLES))
    assert done.exit_code == 0, done.output
    return path


def ids_of(jsonl: str) -> list[str]:
    return [orjson.loads(line)["id"] for line in jsonl.splitlines()]


def test_export_query_writes_the_cables_the_search_finds(db: str) -> None:
    found = invoke("search", "--db", db, "--json", "--limit", "100", "tag:SNAR OR mugab*")
    wanted = {hit["id"] for hit in orjson.loads(found.stdout)}
    done = invoke("export", "--db", db, "tag:SNAR", "OR", "mugab*")
    assert done.exit_code == 0, done.output
    exported = ids_of(done.stdout)
    assert set(exported) == wanted and len(exported) == len(wanted) >= 2
    everything = ids_of(invoke("export", "--db", db).stdout)
    assert exported == [i for i in everything if i in wanted]  # same date order


def test_export_csv_has_one_row_per_cable_with_the_chosen_fields(db: str) -> None:
    fields = "id,date,origin,classification,subject,people"
    done = invoke("export", "--db", db, "--format", "csv", "--fields", fields)
    assert done.exit_code == 0, done.output
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == fields.split(",")
    records = [orjson.loads(line) for line in invoke("export", "--db", db).stdout.splitlines()]
    assert [r[0] for r in rows[1:]] == [r["id"] for r in records]
    for row, record in zip(rows[1:], records, strict=True):
        assert row[1] == (record["date"] or "")
        assert row[3] == (record["classification"] or "")
        assert row[4] == (record["subject"] or "")
        people = [e["name"] for e in record["entities"] if e["type"] == "PER"]
        assert row[5] == "; ".join(people)
    assert any(row[5] for row in rows[1:])


def test_export_csv_refuses_an_unknown_field(db: str) -> None:
    done = invoke("export", "--db", db, "--format", "csv", "--fields", "id,colour")
    assert done.exit_code == 2
    assert "no field 'colour'; choose from id," in done.output


def test_export_conll_of_a_query_matches_the_whole_export(db: str) -> None:
    one = invoke("export", "--db", db, "--format", "conll", "id:10MEXICO83").stdout
    everything = invoke("export", "--db", db, "--format", "conll").stdout
    assert one.startswith("-DOCSTART- -X- -X- O\n") and one.count("-DOCSTART-") == 1
    assert one in everything
    assert re.search(r"^\S+ _ _ B-PER$", one, re.M)


def test_progress_shows_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    for stream, shown in ((io.StringIO(), False), (Terminal(), True)):
        monkeypatch.setattr(sys, "stderr", stream)
        with progress(3, "exporting") as step:
            for _ in range(3):
                step(1)
        assert ("exporting" in stream.getvalue()) is shown
        assert ("100%" in stream.getvalue()) is shown


def test_search_sorts_by_date_either_way(db: str) -> None:
    def dates(*sort: str) -> list[str]:
        done = invoke("search", "--db", db, "--json", "--limit", "50", "the", *sort)
        assert done.exit_code == 0, done.output
        return [hit["date"] or "" for hit in orjson.loads(done.stdout)]

    newest = dates("--sort", "date")
    assert len(newest) >= 5 and newest == sorted(newest, reverse=True)
    assert dates("--sort", "oldest") == sorted(newest)
    assert sorted(dates("--sort", "relevance")) == sorted(newest)
    assert dates("--sort", "relevance") != newest


def test_search_offset_pages_through_a_date_order(db: str) -> None:
    def ids(*args: str) -> list[str]:
        done = invoke("search", "--db", db, "--json", "--sort", "oldest", "the", *args)
        return [hit["id"] for hit in orjson.loads(done.stdout)]

    assert ids("--limit", "2", "--offset", "2") == ids("--limit", "4")[2:]


def test_a_leading_minus_word_is_a_query_word(db: str) -> None:
    with_dash = invoke("search", "--db", db, "--json", "juarez", "-semar")
    assert with_dash.exit_code == 0, with_dash.output
    quoted = invoke("search", "--db", db, "--json", "--", "juarez -semar")
    assert orjson.loads(with_dash.stdout) == orjson.loads(quoted.stdout)
    alone = invoke("search", "--db", db, "--json", "--limit", "100", "-semar")
    assert alone.exit_code == 0, alone.output
    everything = orjson.loads(invoke("search", "--db", db, "--json", "--limit", "100", "").stdout)
    assert 0 < len(orjson.loads(alone.stdout)) < len(everything)
    # -h still asks for help, and a word that merely starts like it is a query word
    assert "Search subjects and texts." in invoke("search", "-h").stdout
    assert invoke("search", "--db", db, "-hamas").exit_code == 0


@pytest.mark.parametrize("query", ["per:", 'per:""', "chavez per:"])
def test_an_empty_entity_filter_says_it_needs_a_value(db: str, query: str) -> None:
    done = invoke("search", "--db", db, query)
    assert done.exit_code == 1
    assert done.output == 'Error: per: needs a value, as in per:"Hugo Chavez"\n'


def test_entity_graph_by_type_without_isolated_nodes(db: str) -> None:
    def graph(*args: str) -> dict[str, list[dict[str, object]]]:
        done = invoke("graph", "--db", db, "--kind", "entities", "--min-weight", "2", *args)
        assert done.exit_code == 0, done.output
        made: dict[str, list[dict[str, object]]] = orjson.loads(done.stdout)
        return made

    # with --min-weight 2 an entity of a single cable has no edge left
    full = graph("--isolated")
    linked = graph()
    ends = {e["source"] for e in linked["edges"]} | {e["target"] for e in linked["edges"]}
    assert {n["id"] for n in linked["nodes"]} == ends
    assert len(linked["nodes"]) < len(full["nodes"]) and linked["edges"] == full["edges"]
    people = graph("--type", "per", "--isolated")
    assert people["nodes"] and {n["type"] for n in people["nodes"]} == {"PER"}
    assert {n["id"] for n in people["nodes"]} == {
        n["id"] for n in full["nodes"] if n["type"] == "PER"
    }
    two = graph("--type", "PER", "--type", "LOC")
    assert {n["type"] for n in two["nodes"]} <= {"PER", "LOC"}


@pytest.mark.parametrize("group", ["origin", "class", "tag"])
@pytest.mark.parametrize("by", ["month", "year"])
def test_timeline_groups_fit_80_columns(db: str, group: str, by: str) -> None:
    done = invoke("timeline", "--db", db, "--group", group, "--by", by, "--top", "0")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0] == "11 cables"
    names = {s["name"] for s in orjson.loads(
        invoke("timeline", "--db", db, "--group", group, "--by", by, "--top", "0", "--json").stdout
    )["series"]}  # fmt: skip
    header = lines[2].split()
    if header[1:3] == ["A", "B"]:  # keys, with the names under the table
        legend = [re.fullmatch(r"[A-Z]+  (.+) \([\d,]+\)", line) for line in lines]
        assert {m.group(1).upper() for m in legend if m} == {n.upper() for n in names}
    else:
        assert all(n[:10] in lines[2] for n in names)


def test_timeline_chart_says_where_it_wrote(db: str, tmp_path: Path) -> None:
    chart = tmp_path / "counts.svg"
    done = CliRunner().invoke(cli, ["timeline", "--db", db, "--chart", str(chart)])
    assert done.exit_code == 0, done.output
    assert f"chart written to {chart.resolve()}\n" in done.stderr
    assert chart.read_bytes().startswith(b"<?xml")


def test_ner_reads_standard_input() -> None:
    text = "Hugo Chavez met Condoleezza Rice in Caracas.\r\n"
    done = invoke("ner", "-", stdin=text)
    assert done.exit_code == 0, done.output
    found = [orjson.loads(line) for line in done.stdout.splitlines()]
    assert found and {f["file"] for f in found} == {"-"}
    assert all(text[f["start"] : f["end"]] == f["text"] for f in found)
    assert {"Hugo Chavez", "Caracas"} <= {f["text"] for f in found}


def test_counts_read_as_english() -> None:
    assert [plural(n, "match", "matches") for n in (0, 1, 2, 1089)] == [
        "0 matches",
        "1 match",
        "2 matches",
        "1,089 matches",
    ]
    hit = Hit("10MEXICO83", "2010-01-20", "Embassy Port Of Spain", "SECRET", "S", "", 1.0, 1)
    shown = render_hits(SearchResult(parse_query("x"), 1, (hit,), 20, 0))
    assert shown.splitlines()[0] == "1 match"
    assert "Embassy Port of Spain  SECRET  1 redaction" in shown


def test_one_cable_reads_as_one(db: str) -> None:
    done = invoke("search", "--db", db, "id:10MEXICO83")
    assert done.stdout.splitlines()[0] == "1 match"
    assert invoke("timeline", "--db", db, "id:10MEXICO83").stdout.startswith("1 cable\n")


@pytest.mark.parametrize(
    ("origin", "proper"),
    [
        ("Embassy Port Of Spain", "Embassy Port of Spain"),
        ("Consulate Rio De Janeiro", "Consulate Rio de Janeiro"),
        ("Embassy Dar Es Salaam", "Embassy Dar es Salaam"),
        ("Embassy La Paz", "Embassy La Paz"),
        ("Embassy The Hague", "Embassy The Hague"),
        ("Secretary of State", "Secretary of State"),
        ("Mission USNATO", "Mission USNATO"),
    ],
)
def test_origins_keep_their_proper_case(origin: str, proper: str) -> None:
    assert proper_origin(origin) == proper


def test_proper_origins_only_change_case() -> None:
    for post in posts():
        shown = proper_origin(post.origin)
        assert shown.upper() == post.origin.upper()
        assert shown.split(" ")[:2] == post.origin.split(" ")[:2]


def test_serve_on_a_busy_port_says_so_before_any_url(db: str) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        done = CliRunner().invoke(cli, ["serve", "--db", db, "--port", str(port)])
    assert done.exit_code == 1
    assert done.stdout == ""
    assert done.stderr == (
        f"Error: port {port} on 127.0.0.1 is in use by another program; stop it or pass --port N\n"
    )
