"""A person named short whose links are ambiguous stays its own entity, and its page lists
the people it may be: on the real Madrid cable whose "Chavez" is a Spanish politician, the
entity ``Chavez`` lists Hugo Chavez among them, on every store, in the CLI and in the API."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cablescope.cli import cli
from cablescope.model import Cable
from cablescope.resolve import resolve_store
from cablescope.resolve.lookup import with_candidates
from cablescope.store.base import Database
from tests.conftest import needs_shared
from tests.postgres import postgres_cluster, postgres_url
from tests.resolve.corpus import cut_pages, tagged_store
from tests.resolve.test_evidence_corpus import CABLES
from tests.resolve.test_stream import _store

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = needs_shared


@pytest.fixture(scope="module")
def cables(tmp_path_factory: pytest.TempPathFactory) -> list[Cable]:
    pages = cut_pages(tmp_path_factory.mktemp("chavez"), CABLES)
    with tagged_store(pages, tmp_path_factory.mktemp("tagged") / "c.db") as store:
        return list(store.iter_cables())


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(
    request: pytest.FixtureRequest, cables: list[Cable], tmp_path: Path
) -> Iterator[Database]:
    made = _store(request.param, tmp_path / "c.db", request)
    with made.batch():
        for cable in cables:
            made.put(cable, [cable])
    resolve_store(made)
    yield made
    made.close()


def test_an_ambiguous_surname_lists_the_people_it_may_be(store: Database) -> None:
    detail = store.entity_detail("per:chavez")
    assert detail is not None
    assert {a.key: dict(a.methods) for a in detail.links} == {"chavez": {"ambiguous": 1}}
    listed = with_candidates(store, detail).candidates
    assert listed[0][:2] == ("per:hugo-chavez", "Hugo Chavez")
    assert all(n >= m for (_, _, n), (_, _, m) in zip(listed, listed[1:]))
    hugo = store.entity_detail("per:hugo-chavez")
    assert hugo is not None and with_candidates(store, hugo).candidates == ()


def test_a_key_part_is_matched_as_written_not_as_a_pattern(store: Database) -> None:
    assert store.entities_keyed_within("chavez", "PER", 1)[0][0] == "per:hugo-chavez"
    assert store.entities_keyed_within("%", "PER") == []
    assert store.entities_keyed_within("_havez", "PER") == []


def test_cli_and_api_show_the_candidates(cables: list[Cable], tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    from cablescope.store import SqliteStore

    with SqliteStore.open(db) as made:
        with made.batch():
            for cable in cables:
                made.put(cable, [cable])
        resolve_store(made)
    shown = CliRunner().invoke(cli, ["entity", "per:chavez", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "may be:" in shown.output and "Hugo Chavez (per:hugo-chavez)" in shown.output
    as_json = CliRunner().invoke(cli, ["entity", "per:chavez", "--json", "--db", db])
    assert json.loads(as_json.output)["candidates"][0]["id"] == "per:hugo-chavez"
