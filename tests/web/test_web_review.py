"""One entity layer on every page, and how sure each link is: the overview, the search
facets and the entity pages give the same cable counts; entity pages show each alias's
confidence; the review list (API and page) offers the least certain links first, and
`POST /api/entities/confirm` judges one."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cablescope.store
from cablescope.analysis.review import review
from cablescope.query import parse_query
from cablescope.web import create_app

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
OVERVIEW_FIGURE = re.compile(
    r'data-entity="([^"]+)">[^<]*</a> <span class="muted" data-cables="(\d+)"'
)
"""An entity on the overview and the figure shown beside it."""


@pytest.fixture()
def writable(web_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    path = tmp_path / "copy.db"
    shutil.copy(web_db, path)
    with TestClient(create_app(str(path), token=TOKEN)) as test_client:
        yield test_client, path


def test_overview_facets_and_entity_pages_agree(client: TestClient, web_db: Path) -> None:
    facets = client.get("/api/search", params={"q": "", "facets": "true"}).json()["facets"]
    assert facets["resolved"] is True
    overview = client.get("/").text
    shown = {m.group(1): int(m.group(2)) for m in OVERVIEW_FIGURE.finditer(overview)}
    assert shown
    with cablescope.store.open(str(web_db)) as store:
        for kind, rows in facets["entities"].items():
            for row in rows:
                detail = store.entity_detail(row["id"])
                assert detail is not None and detail.entity.type == kind
                assert row["value"] == detail.entity.name
                assert row["count"] == detail.entity.cables == len(detail.cable_ids)
                assert len(store.matching(parse_query(row["filter"]))) == row["count"]
    counted = {row["id"]: row["count"] for rows in facets["entities"].values() for row in rows}
    for eid, n in shown.items():  # the overview's figure is the facet's and the page's
        assert counted.get(eid, n) == n
        page = client.get(f"/entities/{eid}").text
        assert f"in {n:,} cables" in page


def test_entity_page_shows_how_sure_each_alias_is(client: TestClient, web_db: Path) -> None:
    with cablescope.store.open(str(web_db)) as store:
        item = review(store, top=1)[0]
        detail = store.entity_detail(item.entity.id)
    assert detail is not None
    body = client.get(f"/api/entities/{item.entity.id}").json()
    assert body["alias_links"] == detail.to_dict()["alias_links"]
    assert sum(a["mentions"] for a in body["alias_links"]) == body["mentions"]
    page = client.get(f"/entities/{item.entity.id}").text
    row = page.split(f'data-key="{item.links.key}"')[1].split("</tr>")[0]
    assert f"{item.links.mean:.2f}" in row and 'class="num uncertain"' in row
    for method, n in item.links.methods:
        assert f'{method} <span class="muted">{n}</span>' in row
    assert 'href="/entities/review"' in page


def test_review_api_is_the_cli_list(client: TestClient, web_db: Path) -> None:
    body = client.get("/api/entities/review", params={"top": 5, "samples": 2}).json()
    with cablescope.store.open(str(web_db)) as store:
        assert body == [i.to_dict() for i in review(store, 5, samples=2)]
    assert body, "the examples have short names linked to full names"
    means = [i["mean"] for i in body]
    assert means == sorted(means) and all(i["min"] < 1 for i in body)
    assert all(not i["alone"] and i["samples"] for i in body)
    first = body[0]["samples"][0]
    assert unescape(first["mention"]).strip()
    person = client.get("/api/entities/review", params={"type": "PER"}).json()
    assert all(i["entity"]["type"] == "PER" for i in person)
    alone = client.get("/api/entities/review", params={"alone": "true"}).json()
    assert all(i["alone"] and i["key"] for i in alone)
    assert client.get("/api/entities/review", params={"top": 0}).status_code == 422
    assert client.get("/api/entities/review", params={"alone": "maybe"}).status_code == 422
    assert client.get("/api/entities/confirm").status_code == 405


def test_review_page_without_a_token_shows_the_commands(client: TestClient) -> None:
    response = client.get("/entities/review")
    assert response.status_code == 200
    page = response.text
    assert 'id="review-readonly"' in page and 'class="confirm"' not in page
    assert "cablescope entity confirm " in page
    assert "review.js" not in page
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert 'id="review-link"' in client.get("/entities").text


def test_confirm_takes_the_item_off_the_list(writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    page = client.get("/entities/review").text
    assert 'id="review-token"' in page and '<script src="/static/review.js"></script>' in page
    assert client.get("/static/review.js").status_code == 200
    first = client.get("/api/entities/review").json()[0]
    body = {"id": first["entity"]["id"], "alias": first["alias"]}
    assert client.post("/api/entities/confirm", json=body).status_code == 401
    done = client.post("/api/entities/confirm", json=body, headers=AUTH)
    assert done.status_code == 200, done.text
    assert done.json()["recorded"]["kind"] == "confirm"
    left = client.get("/api/entities/review").json()
    assert (first["entity"]["id"], first["key"]) not in {
        (i["entity"]["id"], i["key"]) for i in left
    }
    links = client.get(f"/api/entities/{first['entity']['id']}").json()["alias_links"]
    confirmed = {a["key"]: a for a in links}[first["key"]]
    assert confirmed["methods"] == {"curated": confirmed["mentions"]}
    with cablescope.store.open(str(path)) as store:
        assert [j.kind for j in store.judgements()] == ["confirm"]
    wrong = client.post(
        "/api/entities/confirm", json={"id": body["id"], "alias": "Nobody At All"}, headers=AUTH
    )
    assert wrong.status_code == 400 and wrong.json()["error"]["code"] == "bad_entity"
