"""The pages' mention snippets, source downloads and WikiLeaks links answer the same on
PostgreSQL as on SQLite: the web database copied into a private PostgreSQL cluster."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cablescope.store
from cablescope.pipeline.copy import copy_archive
from cablescope.web import create_app
from tests.postgres import Cluster, has_postgres, postgres_cluster

pytestmark = pytest.mark.skipif(not has_postgres(), reason="PostgreSQL is not installed")

__all__ = ["postgres_cluster"]

FILTERED = ('per:"keith mines"', "entity:per:keith-mines", "tag:SNAR per:calderon", "org:pgr")


@pytest.fixture(scope="module")
def sites(postgres_cluster: Cluster, web_db: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The web database on SQLite and its copy on PostgreSQL, each served."""
    name = postgres_cluster.create()
    url = postgres_cluster.url(name)
    with cablescope.store.open(str(web_db)) as src, cablescope.store.open(url) as dst:
        copy_archive(src, dst)
    with TestClient(create_app(str(web_db))) as sqlite, TestClient(create_app(url)) as postgres:
        yield sqlite, postgres
    postgres_cluster.drop(name)


@pytest.mark.parametrize("q", FILTERED)
def test_filter_only_snippets_are_the_same_sentence(
    sites: tuple[TestClient, TestClient], q: str
) -> None:
    answers = [
        sorted(
            (h["id"], h["snippet"])
            for h in site.get("/api/search", params={"q": q}).json()["results"]
        )
        for site in sites
    ]
    assert answers[0] == answers[1]
    assert answers[0] and all("«" in snippet for _, snippet in answers[0])


def test_sources_and_wikileaks_links_are_the_same(sites: tuple[TestClient, TestClient]) -> None:
    for cable_id in ("10MEXICO83", "00HARARE5461", "09MEXICO2882"):
        pages = [site.get(f"/cables/{cable_id}").text for site in sites]
        links = [
            re.findall(r'href="(https://wikileaks[^"]*|/cables/[^"]*/sources/\d+)"', p)
            for p in pages
        ]
        assert links[0] == links[1] and any("wikileaks" in link for link in links[0]), cable_id
        for link in links[0]:
            if link.startswith("/cables/"):
                sqlite, postgres = (site.get(link) for site in sites)
                assert sqlite.status_code == postgres.status_code == 200
                assert sqlite.content == postgres.content
                assert (
                    sqlite.headers["content-disposition"] == postgres.headers["content-disposition"]
                )


def test_the_network_is_thinned_alike(sites: tuple[TestClient, TestClient]) -> None:
    for entity in ("per:keith-mines", "loc:mexico"):
        sqlite, postgres = (site.get(f"/api/entities/{entity}/network").json() for site in sites)
        assert sqlite == postgres


def test_a_count_that_is_about_says_so(
    sites: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablescope.store.postgres import _search

    sqlite, postgres = sites
    # Every count of one word is then PostgreSQL's statistics', however few match.
    monkeypatch.setattr(_search, "EXACT", -1)
    api = postgres.get("/api/search", params={"q": "the", "facets": "false"}).json()
    assert api["exact"] is False
    assert sqlite.get("/api/search", params={"q": "the"}).json()["exact"] is True
    page = postgres.get("/search", params={"q": "the"}).text
    assert f'<h1 id="total">About {api["total"]:,} cable' in page
