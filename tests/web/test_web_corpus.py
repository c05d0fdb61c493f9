"""One entity layer on real cables: Cablegate pages tagged by the shipped model and resolved
(those naming Hugo Chavez or Barack Obama, and a spread of the rest), where `u.s.`, `us` and
`united states` are one place. For the empty query, an entity's facet count, the figure the
overview shows beside it, its cable count on its entity page and in the API, the cables
`entity:ID` finds and those `cablescope entity ID --json` lists are one number.

``CABLESCOPE_RESOLVED_DB`` names a resolved database to check instead (the whole corpus).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cablescope.store
from cablescope.query import parse_query
from cablescope.web import create_app
from tests.analysis.test_chart import assert_readable
from tests.conftest import corpus_pages, needs_shared

pytestmark = needs_shared

NAMES = ("united states", "barack obama", "hugo chavez")
FIGURE = re.compile(r'data-entity="([^"]+)">[^<]*</a> <span class="muted" data-cables="(\d+)"')
SPREAD = 80
"""One page in this many, besides those naming Chavez or Obama."""
NAMING = 40
"""At most this many pages naming each of Chavez and Obama."""


@pytest.fixture(scope="module")
def resolved_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("CABLESCOPE_RESOLVED_DB")
    if given:
        return Path(given)
    from cablescope.pipeline.entities import Tagging
    from cablescope.pipeline.ingest import ingest
    from cablescope.tagging.registry import get_tagger

    folder = tmp_path_factory.mktemp("corpus-pages")
    naming = {b"Chavez": 0, b"Obama": 0}
    for i, (name, data) in enumerate(corpus_pages()):
        named = [word for word, n in naming.items() if n < NAMING and word in data]
        for word in named:
            naming[word] += 1
        if named or i % SPREAD == 0:
            (folder / Path(name).name).write_bytes(data)
    path = tmp_path_factory.mktemp("corpus-db") / "resolved.db"
    with cablescope.store.open(str(path)) as store:
        tagging = Tagging(get_tagger("cablescope"))
        summary = ingest([str(folder)], store, workers=1, tagging=tagging, resolve=True)
        assert summary.rejected == 0 and summary.resolution is not None
    return path


@pytest.fixture(scope="module")
def site(resolved_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(resolved_db))) as client:
        yield client


def test_facets_overview_and_entity_pages_agree(site: TestClient, resolved_db: Path) -> None:
    facets = site.get("/api/search", params={"q": ""}).json()["facets"]
    assert facets["resolved"] is True
    overview = {m.group(1): int(m.group(2)) for m in FIGURE.finditer(site.get("/").text)}
    with cablescope.store.open(str(resolved_db)) as store:
        wanted = {i for name in NAMES for i in store.entity_ids_named(name)[:1]}
        assert "loc:united-states" in wanted and len(wanted) == len(NAMES)
        counted = {r["id"]: r["count"] for rows in facets["entities"].values() for r in rows}
        asked = store.facets(parse_query(""), top=1000)
        counted |= {e.id: e.cables for _, rows in asked.entities for e in rows}
        assert wanted <= set(counted) and set(overview) <= set(counted)
        for eid in sorted(wanted | set(overview)):
            detail = store.entity_detail(eid)
            assert detail is not None
            n = counted[eid]
            assert n == detail.entity.cables == len(detail.cable_ids), eid
            assert overview.get(eid, n) == n, eid
            assert len(store.matching(parse_query(f"entity:{eid}"))) == n, eid
            assert site.get(f"/api/entities/{eid}").json()["cables"] == n, eid
            assert f"in {n:,} cables" in site.get(f"/entities/{eid}").text, eid
    assert "loc:united-states" in overview


def test_one_place_for_every_way_it_is_written(site: TestClient, resolved_db: Path) -> None:
    body = site.get("/api/entities/loc:united-states").json()
    keys = {a["key"] for a in body["alias_links"]}
    assert {"us", "united states"} <= keys
    places = site.get("/api/search", params={"q": ""}).json()["facets"]["entities"]["LOC"]
    names = [r["value"].casefold() for r in places]
    assert names.count("united states") == 1 and "us" not in names and "u.s." not in names


@pytest.mark.parametrize("group", ["origin", "class"])
def test_the_overview_charts_are_small_and_readable(site: TestClient, group: str) -> None:
    chart = site.get("/charts/timeline.svg", params={"group": group})
    assert chart.status_code == 200 and len(chart.content) < 40_000
    assert_readable(chart.content)
