"""Entity pages and the entity API: the CLI's records, the shared error shape, links from
cables and facets, and markup in entity names shown as text."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablescope.resolve.lookup import RESOLVE_FIRST
import cablescope.store
from cablescope.web import create_app
from cablescope.web._entities import in_sentence
from tests.web.conftest import EXAMPLES, PAYLOADS, XSS_ID

MINES = "per:keith-mines"
CRAFTED = "per:keith-img-src-x-onerror-alert-3-mines"


def test_entity_api_is_the_entity_json_record(client: TestClient, web_db: Path) -> None:
    body = client.get(f"/api/entities/{MINES}").json()
    with cablescope.store.open(str(web_db)) as store:
        detail = store.entity_detail(MINES)
    assert detail is not None and body == detail.to_dict()
    assert {"id", "name", "type", "aliases", "mentions", "cables", "first_seen", "last_seen",
            "cable_ids", "co_mentions", "timeline"} <= set(body)  # fmt: skip
    listed = client.get("/api/entities", params={"type": "PER", "top": 5}).json()
    assert listed and all(e["type"] == "PER" for e in listed) and len(listed) <= 5


def test_network_is_the_neighbourhood(client: TestClient) -> None:
    graph = client.get(f"/api/entities/{MINES}/network", params={"top": 5}).json()
    assert graph["kind"] == "entities" and not graph["directed"]
    ids = [n["id"] for n in graph["nodes"]]
    assert ids[0] == MINES and len(ids) == 6
    assert graph["nodes"][0]["centre"] == 1
    assert {e["target"] for e in graph["edges"] if e["source"] == MINES} == set(ids[1:])
    assert all(e["source"] in ids and e["target"] in ids for e in graph["edges"])


def test_entity_page(client: TestClient) -> None:
    response = client.get(f"/entities/{MINES}")
    assert response.status_code == 200
    page = response.text
    assert 'id="aliases"' in page and 'id="co-mentions"' in page
    assert f'src="/charts/entity/{MINES.replace(":", "%3A")}.svg"' in page
    assert 'href="/cables/09MEXICO2882"' in page
    assert "<mark>Keith Mines</mark>" in page  # the mention in its sentence
    assert '<script src="/static/entity.js"></script>' in page
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert (
        "'unsafe-inline'"
        not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
    )
    chart = client.get(f"/charts/entity/{MINES}.svg")
    assert chart.status_code == 200 and b"<svg" in chart.content
    assert chart.headers["content-security-policy"] == "script-src 'none'"
    assert client.get("/static/cytoscape/cytoscape.min.js").status_code == 200
    assert client.get("/static/entity.js").status_code == 200


def test_other_pages_allow_no_script(client: TestClient) -> None:
    for path in ("/", "/search?q=juarez", "/cables/10MEXICO83", "/entities"):
        assert "script-src 'none'" in client.get(path).headers["content-security-policy"], path


def test_entities_page_lists_by_type(client: TestClient) -> None:
    page = client.get("/entities").text
    top = client.get("/api/entities", params={"type": "PER", "top": 1}).json()[0]["id"]
    assert f'href="/entities/{top.replace(":", "%3A")}"' in page
    only = client.get("/entities", params={"type": "ORG"}).text
    assert 'class="ent ent-org"' in only and 'class="ent ent-per"' not in only
    assert client.get("/entities", params={"type": "PEOPLE"}).status_code == 422


def test_cables_and_facets_link_entity_pages(client: TestClient) -> None:
    cable = client.get("/cables/09MEXICO2882").text
    assert 'href="/entities/per%3Akeith-mines">Keith Mines</a>' in cable
    search = client.get("/search", params={"q": "juarez"}).text
    assert 'class="ent ent-per entity-link" href="/entities/' in search
    assert "/search?q=juarez+entity%3Aper%3A" in search  # the filter stays a click away


def test_entity_errors_share_one_shape(client: TestClient) -> None:
    for path in ("/api/entities/per:nobody", "/api/entities/per:nobody/network",
                 "/charts/entity/per:nobody.svg"):  # fmt: skip
        response = client.get(path)
        assert response.status_code == 404, path
        if path.startswith("/api"):
            assert response.json()["error"]["code"] == "not_found"
    page = client.get("/entities/per:nobody")
    assert page.status_code == 404 and 'id="error"' in page.text
    assert client.get("/api/entities/x/network", params={"top": 0}).status_code == 422


def test_unresolved_database_says_so(tmp_path: Path) -> None:
    from cablescope.pipeline.ingest import ingest

    path = tmp_path / "plain.db"
    with cablescope.store.open(str(path)) as store:
        ingest([str(EXAMPLES / "annotated")], store, workers=1)
    with TestClient(create_app(str(path))) as plain:
        response = plain.get(f"/api/entities/{MINES}")
        assert response.status_code == 409
        assert response.json()["error"] == {
            "status": 409, "code": "not_resolved", "message": RESOLVE_FIRST}  # fmt: skip
        assert plain.get("/entities").status_code == 409
        cable = plain.get("/cables/09MEXICO2882").text
        assert "/search?q=per%3A%22Keith+Mines%22" in cable  # search links, as before
        overview = plain.get("/").text
        assert 'id="not-resolved"' in overview and "Most mentioned names" in overview
        assert "/search?q=per%3A%22keith+mines%22" in overview  # names as tagged
        search = plain.get("/search", params={"q": "juarez"}).text
        assert 'id="facet-not-resolved"' in search and "entity-link" not in search
        facets = plain.get("/api/search", params={"q": "juarez"}).json()["facets"]
        assert facets["resolved"] is False
        assert {"id": None, "value": "keith mines", "count": 1, "filter": 'per:"keith mines"'} in (
            facets["entities"]["PER"]
        )
        assert plain.get("/entities/review").status_code == 409
        assert plain.get("/api/entities/review").status_code == 409


@pytest.mark.parametrize(
    "path", [f"/entities/{CRAFTED}", "/entities?type=PER", f"/cables/{XSS_ID}"]
)
def test_markup_in_entity_names_is_escaped(client: TestClient, path: str) -> None:
    page = client.get(path).text
    assert "Keith &lt;img src=x onerror=alert(3)&gt;Mines" in page
    for payload in PAYLOADS:
        assert payload not in page
    assert "<img src=x" not in page.lower()
    scripts = page.lower().count("<script")
    assert scripts == (2 if path.startswith("/entities/") else 0)  # only our two files


def test_markup_in_entity_json_is_plain_data(client: TestClient) -> None:
    body = client.get(f"/api/entities/{CRAFTED}").json()
    assert body["name"] == "Keith <img src=x onerror=alert(3)>Mines"
    network = client.get(f"/api/entities/{CRAFTED}/network").json()
    assert network["nodes"][0]["label"] == body["name"]


def test_mention_in_its_sentence() -> None:
    text = "First one. Then <b>Keith Mines</b> met\nthe team. After that."
    start = text.index("Keith")
    shown = str(in_sentence(text, start, start + len("Keith Mines")))
    assert shown == "Then &lt;b&gt;<mark>Keith Mines</mark>&lt;/b&gt; met the team."
    assert "<mark>" not in str(in_sentence("a \ue000b\ue001 c", 0, 1)).replace("<mark>a</mark>", "")
