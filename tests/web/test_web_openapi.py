"""The OpenAPI document is exact: schemathesis drives every operation of the served
document over HTTP (a real uvicorn server, write routes on) and checks every answer against
it (status listed, body of the documented shape, 405 with Allow, no server error); real
answers with data validate too; HEAD answers where GET does; requests uvicorn cannot parse
still get the error shape.

Bounded and repeatable: a fixed number of examples per operation, derandomized (a fixed
seed), no deadline.
"""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import schemathesis
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from cablescope.web import api as cable_api
from cablescope.web import cable_page, create_app, entity_api, entity_pages, pages, write
from tests.web.conftest import served

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
EXAMPLES = 25

CONFIG = SchemathesisConfig.from_dict(
    {
        "checks": {
            # The query language, cursors and curation rules are more than a JSON schema
            # can say: a well-typed request may still be refused with the documented 400.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            }
        },
        # Any bytes are a valid file, so a "negative" upload (text where the document says
        # binary) is still a file the route must take; it answers for each one it rejects.
        "operations": [
            {
                "include-path": "/api/ingest",
                "checks": {"negative_data_rejection": {"enabled": False}},
            }
        ],
    }
)


@pytest.fixture(scope="module")
def base(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server with writes on, over a copy of ``web_db`` (the fuzzed writes change it)."""
    path = tmp_path_factory.mktemp("openapi") / "copy.db"
    shutil.copy(web_db, path)
    app = create_app(str(path), token=TOKEN, max_upload=200_000, tagger="imported")
    with served(app) as url:
        yield url


@pytest.fixture(scope="module")
def api(base: str) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_url(f"{base}/api/openapi.json", config=CONFIG)


schema = schemathesis.pytest.from_fixture("api")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_to_the_document(case: schemathesis.Case) -> None:
    case.call_and_validate(headers=AUTH)


REAL = [
    ("/api/search", {}, {"q": "juarez OR mugabe", "limit": 2}),
    ("/api/search", {}, {"q": "", "sort": "oldest", "facets": "false"}),
    ("/api/cables/{cable_id}", {"cable_id": "10MEXICO83"}, {}),
    ("/api/cables/{cable_id}", {"cable_id": "09MEXICO9999"}, {}),
    ("/api/refs/{cable_id}", {"cable_id": "10MEXICO83"}, {}),
    ("/api/timeline", {}, {"group": "tag", "by": "year"}),
    ("/api/graph", {}, {"q": "juarez"}),
    ("/api/graph", {}, {"q": "juarez", "kind": "entities"}),
    ("/api/entities", {}, {"type": "PER", "top": 5}),
    ("/api/entities/{entity_id}", {"entity_id": "per:keith-mines"}, {}),
    ("/api/entities/{entity_id}/network", {"entity_id": "loc:mexico"}, {"top": 5}),
]


@pytest.mark.parametrize(("path", "where", "query"), REAL)
def test_real_answers_have_the_documented_shape(
    api: schemathesis.BaseSchema, path: str, where: dict[str, str], query: dict[str, object]
) -> None:
    case = api[path]["GET"].Case(path_parameters=where, query=query)
    response = case.call_and_validate(headers=AUTH)
    assert response.status_code == 200
    assert response.json()


def test_json_answers_have_schemas_and_errors_one_shape(base: str) -> None:
    document = httpx.get(f"{base}/api/openapi.json").json()
    assert "HTTPValidationError" not in document["components"]["schemas"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert not operation["summary"].startswith("Api "), (path, method)
            for status, answer in operation["responses"].items():
                schema = answer["content"]["application/json"]["schema"]
                assert schema != {"type": "string"}, (path, method, status)
                if status != "200":
                    assert schema == {"$ref": "#/components/schemas/Error"}, (path, status)


@pytest.mark.parametrize(
    "path",
    [
        "/api/search?q=juarez",
        "/api/cables/10MEXICO83",
        "/",
        "/search?q=juarez",
        "/cables/10MEXICO83",
        "/entities/per:keith-mines",
        "/static/style.css",
    ],
)
def test_head_answers_where_get_does(base: str, path: str) -> None:
    got = httpx.get(f"{base}{path}")
    head = httpx.head(f"{base}{path}")
    assert got.status_code == head.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [
        ("DELETE", "/api/cables/10MEXICO83", "GET, HEAD"),
        ("GET", "/api/entities/merge", "POST"),
        ("OPTIONS", "/api/entities/merge", "POST"),
        ("PUT", "/api/ingest", "POST"),
        ("TRACE", "/api/search", "GET, HEAD"),
    ],
)
def test_405_says_what_is_allowed(base: str, method: str, path: str, allow: str) -> None:
    response = httpx.request(method, f"{base}{path}", headers=AUTH)
    assert response.status_code == 405
    assert response.headers["allow"] == allow
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_unknown_parameters_are_refused(base: str) -> None:
    response = httpx.get(f"{base}/api/search", params={"q": "juarez", "limt": 5})
    assert response.status_code == 422
    assert "limt" in response.json()["error"]["message"]


def test_a_cursor_of_another_query_is_refused_not_a_crash(base: str) -> None:
    dated = httpx.get(f"{base}/api/search", params={"q": "", "limit": 1}).json()["next"]
    scored = httpx.get(f"{base}/api/search", params={"q": "the", "limit": 1}).json()["next"]
    for q, cursor in (("the", dated), ("", scored)):
        response = httpx.get(f"{base}/api/search", params={"q": q, "cursor": cursor})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["code"] == "bad_cursor"


@pytest.mark.parametrize(
    ("request_head", "status", "code"),
    [
        (
            b"GET /api/search?q=" + b"x" * 40_000 + b" HTTP/1.1\r\nHost: t\r\n\r\n",
            414,
            "uri_too_long",
        ),
        (
            b"GET /api/search HTTP/1.1\r\nHost: t\r\nX-Big: " + b"x" * 40_000 + b"\r\n\r\n",
            431,
            "headers_too_large",
        ),
        (b"GET /api/search HTTP/1.1\r\nHost t\r\n\r\n", 400, "bad_request"),
    ],
)
def test_unreadable_requests_get_the_error_shape(
    base: str, request_head: bytes, status: int, code: str
) -> None:
    where = urlsplit(base)
    with socket.create_connection((where.hostname, where.port), timeout=10) as sock:
        # In pieces, as a slow client sends it: h11 limits what it buffers unparsed.
        for start in range(0, len(request_head), 1024):
            try:
                sock.sendall(request_head[start : start + 1024])
            except OSError:  # the server has answered and closed
                break
            time.sleep(0.002)
        answer = b""
        while part := sock.recv(65536):
            answer += part
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0].startswith(f"HTTP/1.1 {status} ".encode()), head
    assert b"content-type: application/json" in head.lower()
    assert httpx.Response(status, content=body).json()["error"]["code"] == code


def test_every_operation_is_described_in_words(client: TestClient) -> None:
    """No summary is FastAPI's default (the function's name, "Api Search"), and every
    operation, and every page route besides, says what it answers."""
    routers = (cable_api, entity_api, write, pages, cable_page, entity_pages)
    routes = [r for m in routers for r in m.router.routes if isinstance(r, APIRoute)]
    assert len(routes) > 20
    for route in routes:
        assert route.description and len(route.description.split()) >= 5, route.path
    document = client.get("/api/openapi.json").json()
    defaults = {r.name.replace("_", " ").title() for r in routes}
    operations = [o for ops in document["paths"].values() for o in ops.values()]
    assert len(operations) == sum(len(r.methods) for r in routes if r.include_in_schema)
    for operation in operations:
        assert operation["summary"] not in defaults, operation["summary"]
        assert operation["operationId"].replace("_", " ").title() not in operation["summary"]
        assert len(operation["description"].split()) >= 10, operation["summary"]
        assert len(operation["tags"]) == 1
    described = {tag["name"] for tag in document["tags"] if tag["description"]}
    assert {t for o in operations for t in o["tags"]} <= described
