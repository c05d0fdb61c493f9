"""Every command, and the web server, work with ``--db postgresql://…`` and answer as they do
on SQLite: the same archive ingested into both gives the same output, command by command."""

from __future__ import annotations

import re
from collections.abc import Iterator

import orjson
import pytest

from tests.cli.test_cli import run
from tests.conftest import EXAMPLES
from tests.postgres import Cluster, has_postgres, postgres_cluster

pytestmark = pytest.mark.skipif(not has_postgres(), reason="PostgreSQL is not installed")

__all__ = ["postgres_cluster"]


@pytest.fixture(scope="module")
def both(
    postgres_cluster: Cluster, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The examples (their imported marks resolved) in SQLite and in PostgreSQL."""
    name = postgres_cluster.create()
    urls = (str(tmp_path_factory.mktemp("pg") / "c.db"), postgres_cluster.url(name))
    for url in urls:
        done = run("ingest", "--no-ner", "--db", url, str(EXAMPLES))
        assert done.returncode == 0, done.stderr
        assert run("resolve", "--db", url).returncode == 0
    yield urls
    postgres_cluster.drop(name)


COMMANDS = [
    ("stats", "--json"),
    ("search", "juarez OR mugabe", "--json"),
    ("search", "per:calderon", "--json"),
    ("search", "from:2009 -tag:SNAR", "--json"),
    ("show", "10MEXICO83", "--json"),
    ("show", "09MEXICO2882", "--inline"),
    ("export",),
    ("export", "--format", "conll"),
    ("export", "juarez OR mexico", "--format", "inline", "--layer", "imported"),
    ("problems",),
    ("refs", "10MEXICO83", "--json"),
    ("timeline", "--by", "year", "--group", "origin", "--json"),
    ("graph", "--kind", "refs", "--format", "json"),
    ("graph", "--kind", "entities", "--format", "json"),
    ("diff", "10MEXICO83"),
    ("redactions", "--json"),
    ("entities", "--top", "10", "--json"),
    ("entity", "Tello Peon", "--json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(a) for a in COMMANDS])
def test_a_command_answers_the_same_on_postgresql(
    both: tuple[str, str], args: tuple[str, ...]
) -> None:
    sqlite, postgres = (run(*args, "--db", url) for url in both)
    assert postgres.returncode == sqlite.returncode == 0, postgres.stderr
    if args[0] == "search":
        # Each engine ranks by its own measure (bm25, ts_rank_cd): the order must agree, the
        # numbers cannot.
        assert _unscored(postgres.stdout) == _unscored(sqlite.stdout)
        return
    assert postgres.stdout.replace(both[1], "DB") == sqlite.stdout.replace(both[0], "DB")


def _unscored(text: str | bytes) -> object:
    """Hits without their engine's score, and of each snippet the words it marks (each
    engine picks its own window of text around them)."""
    hits = orjson.loads(text)
    hits = hits["results"] if isinstance(hits, dict) else hits
    return [
        {
            **{k: v for k, v in hit.items() if k not in ("score", "snippet")},
            "marked": sorted({w.casefold() for w in re.findall("«([^»]*)»", hit["snippet"])}),
        }
        for hit in hits
    ]


def test_curation_answers_the_same_on_postgresql(both: tuple[str, str]) -> None:
    for url in both:
        for args in (
            ("entity", "merge", "Tello Peon", "Calderon"),
            ("entity", "split", "per:tello-peon", "--alias", "Calderon"),
            ("entity", "rename", "per:calderon", "Felipe Calderon"),
        ):
            done = run(*args, "--db", url)
            assert done.returncode == 0, (url, done.stderr)
    sqlite, postgres = (run("entities", "--json", "--db", url).stdout for url in both)
    assert postgres == sqlite


def test_the_web_serves_a_postgresql_archive(both: tuple[str, str]) -> None:
    from fastapi.testclient import TestClient

    from cablescope.web import create_app

    answers = []
    for url in both:
        with TestClient(create_app(url)) as client:
            answers.append(
                [
                    _unscored(client.get("/api/search", params={"q": "juarez"}).content),
                    client.get("/api/search", params={"q": "mexico"}).json()["facets"],
                    client.get("/api/cables/10MEXICO83").json(),
                    client.get("/").status_code,
                    client.get("/entities").status_code,
                ]
            )
    assert answers[0] == answers[1]
