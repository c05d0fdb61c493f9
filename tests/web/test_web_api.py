"""The JSON API: shapes, the shared error shape, cursors, and agreement with the CLI."""

from __future__ import annotations

import base64

import pytest
from fastapi.testclient import TestClient

from cablescope.query import parse_query
from cablescope.analysis.search import search
from cablescope.model.serialize import cable_to_dict
import cablescope.store
from tests.web.conftest import PAYLOADS, XSS_ID


def test_search_shape_matches_the_cli(client: TestClient, web_db: object) -> None:
    body = client.get("/api/search", params={"q": "juarez OR mugabe", "limit": 3}).json()
    assert set(body) >= {"results", "facets", "next", "total"}
    with cablescope.store.open(str(web_db)) as store:
        cli = [hit.to_dict() for hit in search(store, "juarez OR mugabe", limit=3).hits]
    assert body["results"] == cli
    facets = body["facets"]
    assert set(facets) == {"total", "month", "origin", "class", "tag", "entities", "resolved",
                           "sampled", "entities_sampled"}  # fmt: skip
    assert facets["sampled"] is None and facets["entities_sampled"] is None
    assert facets["total"] == body["total"] and facets["resolved"] is True
    with cablescope.store.open(str(web_db)) as store:
        assert facets == store.facets(parse_query("juarez OR mugabe")).to_dict()
        for rows in facets["entities"].values():
            for row in rows:  # each a resolved entity, its filter finding the cables counted
                assert row["filter"] == f"entity:{row['id']}"
                narrowed = parse_query(f"(juarez OR mugabe) {row['filter']}")
                assert len(store.matching(narrowed)) == row["count"]


def test_search_lists_the_spellings_of_fuzzy_words(client: TestClient, web_db: object) -> None:
    body = client.get("/api/search", params={"q": "strengthening~ -juarez~"}).json()
    assert body["variants"] == [
        {
            "term": "strengthening~",
            "words": [
                {"word": "strengthening", "cables": 2},
                {"word": "strenthening", "cables": 1},
            ],
            "more": 0,
        },
        {"term": "juarez~", "words": [{"word": "juarez", "cables": 3}], "more": 0},
    ]
    with cablescope.store.open(str(web_db)) as store:
        plain = search(store, "(strengthening OR strenthening) -juarez", limit=20)
    assert [h["id"] for h in body["results"]] == [h.id for h in plain.hits]
    assert body["total"] == plain.total == body["facets"]["total"]
    assert client.get("/api/search", params={"q": "juarez"}).json()["variants"] == []
    cursor = client.get("/api/search", params={"q": "strengthening~", "limit": 1}).json()["next"]
    second = client.get("/api/search", params={"q": "strengthening~", "limit": 1, "cursor": cursor})
    assert second.status_code == 200 and len(second.json()["results"]) == 1


def test_a_misplaced_tilde_is_a_bad_query(client: TestClient) -> None:
    for q in ("~", "per:calderon~", "juarez~7"):
        answer = client.get("/api/search", params={"q": q})
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "bad_query"


def test_the_document_describes_the_variants(client: TestClient) -> None:
    schemas = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert "fuzzy word" in schemas["Search"]["properties"]["variants"]["description"]
    assert set(schemas["Variants"]["properties"]) == {"term", "words", "more"}
    assert set(schemas["Spelling"]["properties"]) == {"word", "cables"}


def test_entity_facets_of_many_matches_say_they_are_about(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cablescope.store import _sqlaliases

    monkeypatch.setattr(_sqlaliases, "ENTITY_SAMPLE", 2)
    client.app.state.cache.clear()  # type: ignore[attr-defined]
    facets = client.get("/api/search", params={"q": "juarez OR mugabe"}).json()["facets"]
    assert facets["entities_sampled"] == facets["total"] // -(-facets["total"] // 2)
    page = client.get("/search", params={"q": "juarez OR mugabe"}).text
    assert 'id="entities-sampled"' in page and "Entity counts are about" in page
    client.app.state.cache.clear()  # type: ignore[attr-defined]


def test_cable_is_the_show_json_record(client: TestClient, web_db: object) -> None:
    with cablescope.store.open(str(web_db)) as store:
        cable = store.get_cable("10MEXICO83")
    assert cable is not None
    body = client.get("/api/cables/10MEXICO83").json()
    assert {k: v for k, v in body.items() if k != "entities"} == cable_to_dict(cable)
    with cablescope.store.open(str(web_db)) as store:
        resolved = store.resolved_entities(["10MEXICO83"])["10MEXICO83"]
    assert {(e["id"], e["name"], e["type"]): e["mentions"] for e in body["entities"]} == resolved
    assert client.get("/api/cables/10mexico083").status_code == 200


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
@pytest.mark.parametrize("q", ["", "the", "from:2009"])
def test_cursor_pages_give_each_hit_once(client: TestClient, q: str, sort: str) -> None:
    seen: list[str] = []
    params: dict[str, str | int] = {"q": q, "sort": sort, "limit": 2, "facets": "false"}
    total = None
    for _ in range(100):
        body = client.get("/api/search", params=params).json()
        total = body["total"]
        seen.extend(hit["id"] for hit in body["results"])
        if body["next"] is None:
            break
        params["cursor"] = body["next"]
    assert len(seen) == len(set(seen)) == total


def test_relevance_pages_follow_the_ranking(client: TestClient) -> None:
    whole = client.get("/api/search", params={"q": "the", "limit": 50}).json()["results"]
    first = client.get("/api/search", params={"q": "the", "limit": 3}).json()
    second = client.get("/api/search", params={"q": "the", "limit": 3, "cursor": first["next"]})
    ids = [h["id"] for h in first["results"] + second.json()["results"]]
    assert ids == [h["id"] for h in whole[:6]]


def test_errors_share_one_shape(client: TestClient) -> None:
    cases = [
        ("/api/cables/00NOWHERE1", 404, "not_found"),
        ("/api/refs/00NOWHERE1", 404, "not_found"),
        ("/api/search?limit=0", 422, "bad_params"),
        ("/api/search?sort=size", 422, "bad_params"),
        ("/api/timeline?by=decade", 422, "bad_params"),
        ("/api/search?q=from:notadate", 400, "bad_query"),
        ("/api/search?cursor=!!!", 400, "bad_cursor"),
        ("/api/nothing", 404, "not_found"),
    ]
    for path, status, code in cases:
        response = client.get(path)
        assert response.status_code == status, path
        error = response.json()["error"]
        assert error["status"] == status and error["code"] == code, path
        assert isinstance(error["message"], str) and error["message"]


def test_cursor_of_another_sort_is_refused(client: TestClient) -> None:
    body = client.get("/api/search", params={"q": "", "limit": 1, "sort": "newest"}).json()
    response = client.get("/api/search", params={"cursor": body["next"], "sort": "oldest"})
    assert response.status_code == 400
    assert "newest" in response.json()["error"]["message"]
    forged = base64.urlsafe_b64encode(b'["newest", {"a": 1}, "X"]').decode()
    assert client.get("/api/search", params={"cursor": forged, "sort": "newest"}).status_code == 400


def test_refs_timeline_graph(client: TestClient) -> None:
    refs = client.get("/api/refs/10MEXICO83").json()
    assert refs["id"] == "10MEXICO83" and "missing" in refs
    line = client.get("/api/timeline", params={"by": "year", "group": "origin"}).json()
    assert line["by"] == "year" and line["series"]
    graph = client.get("/api/graph", params={"kind": "entities"}).json()
    assert graph["nodes"]
    assert client.get("/api/graph").json()["kind"] == "refs"


def test_markup_is_plain_data_in_json(client: TestClient) -> None:
    record = client.get(f"/api/cables/{XSS_ID}").json()
    assert record["subject"].startswith(PAYLOADS[0])
    assert PAYLOADS[3] in record["text"]
    hits = client.get("/api/search", params={"q": "script alert"}).json()
    assert XSS_ID in [h["id"] for h in hits["results"]]
    names = [row["value"] for row in hits["facets"]["entities"]["PER"]]
    assert any("<img" in name for name in names)


def test_openapi_docs_load_nothing_from_outside(client: TestClient) -> None:
    page = client.get("/api/docs").text
    assert "/static/swagger/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert client.get("/static/swagger/swagger-ui-bundle.js").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert {"/api/search", "/api/cables/{cable_id}", "/api/refs/{cable_id}"} <= set(schema["paths"])


def test_search_after_agrees_with_offset_search(web_db: object) -> None:
    with cablescope.store.open(str(web_db)) as store:
        query = parse_query("the")
        whole = store.search(query, limit=100)
        paged = store.search_after(query, 100, "relevance", None)
    assert [h.id for h in paged.hits] == [h.id for h in whole.hits]
