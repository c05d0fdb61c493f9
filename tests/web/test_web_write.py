"""The write routes: off without a token (403), refused without the right one (401),
uploads over the limit refused (413), and curation and ingest doing what the CLI does."""

from __future__ import annotations

import io
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import cablescope.store
from cablescope.web import create_app
from tests.web.conftest import EXAMPLES

TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ROUTES = [
    ("/api/entities/merge", {"a": "per:keith-mines", "b": "loc:juarez"}),
    ("/api/entities/split", {"id": "loc:juarez", "alias": "Juarez"}),
    ("/api/entities/rename", {"id": "per:keith-mines", "name": "Keith W. Mines"}),
    ("/api/entities/confirm", {"id": "per:keith-mines", "alias": "Keith Mines"}),
]


@pytest.fixture()
def writable(web_db: Path, tmp_path: Path) -> Iterator[tuple[TestClient, Path]]:
    """A client with a token over a copy of ``web_db``, uploads limited to 200 kB."""
    path = tmp_path / "copy.db"
    shutil.copy(web_db, path)
    app = create_app(str(path), token=TOKEN, max_upload=200_000, tagger="imported")
    with TestClient(app) as test_client:
        yield test_client, path


@pytest.mark.parametrize(("path", "body"), ROUTES)
def test_writes_are_off_without_a_token(
    client: TestClient, path: str, body: dict[str, str]
) -> None:
    response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_upload_is_off_without_a_token(client: TestClient) -> None:
    files = {"files": ("a.txt", b"nothing", "text/plain")}
    assert client.post("/api/ingest", files=files).status_code == 403


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
    ],
)
def test_writes_need_the_bearer_token(
    writable: tuple[TestClient, Path], headers: dict[str, str]
) -> None:
    client, _ = writable
    for path, body in ROUTES:
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"
    files = {"files": ("a.txt", b"x", "text/plain")}
    assert client.post("/api/ingest", files=files, headers=headers).status_code == 401


def test_rename_merge_split_like_the_cli(writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    renamed = client.post("/api/entities/rename", json=ROUTES[2][1], headers=AUTH)
    assert renamed.status_code == 200, renamed.text
    assert renamed.json()["recorded"] == {
        "kind": "rename",
        "args": ["keith mines", "Keith W. Mines"],
    }
    assert "entities" in renamed.json()["resolved"]
    assert client.get("/api/entities/per:keith-w-mines").json()["name"] == "Keith W. Mines"
    assert client.get("/api/entities/per:keith-mines").status_code == 404
    merged = client.post(
        "/api/entities/merge", json={"a": "loc:ciudad-juarez", "b": "loc:juarez"}, headers=AUTH
    )
    assert merged.status_code == 200, merged.text
    aliases = client.get("/api/entities/loc:ciudad-juarez").json()["aliases"]
    assert "Juarez" in aliases
    split = client.post(
        "/api/entities/split", json={"id": "loc:ciudad-juarez", "alias": "Juarez"}, headers=AUTH
    )
    assert split.status_code == 200, split.text
    assert "Juarez" not in client.get("/api/entities/loc:ciudad-juarez").json()["aliases"]
    with cablescope.store.open(str(path)) as store:
        assert [j.kind for j in store.judgements()] == ["rename", "merge", "split"]
    later = client.post(
        "/api/entities/rename",
        json={"id": "loc:mexico", "name": "Mexico!", "later": True},
        headers=AUTH,
    )
    assert later.json()["resolved"] is None


def test_curation_errors_share_one_shape(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    cases = [
        (
            "/api/entities/merge",
            {"a": "per:keith-mines", "b": "per:keith-mines"},
            400,
            "bad_entity",
        ),
        ("/api/entities/merge", {"a": "per:nobody", "b": "loc:juarez"}, 404, "not_found"),
        ("/api/entities/split", {"id": "loc:juarez"}, 400, "bad_entity"),
        ("/api/entities/rename", {"id": "per:keith-mines", "name": "..."}, 400, "bad_entity"),
        ("/api/entities/rename", {"id": "per:keith-mines", "name": "!!!"}, 400, "bad_entity"),
        ("/api/entities/rename", {"id": "per:keith-mines"}, 422, "bad_params"),
    ]
    for path, body, status, code in cases:
        response = client.post(path, json=body, headers=AUTH)
        assert response.status_code == status, (path, body, response.text)
        assert response.json()["error"]["code"] == code


def test_upload_ingests_files_and_archives(writable: tuple[TestClient, Path]) -> None:
    client, path = writable
    files = [
        (
            "files",
            (
                "09PARIS997.txt",
                (EXAMPLES / "telegram" / "09PARIS997.txt").read_bytes(),
                "text/plain",
            ),
        ),
        (
            "files",
            (
                "../../cables.tar.gz",
                (EXAMPLES / "archives" / "cables.tar.gz").read_bytes(),
                "application/gzip",
            ),
        ),
    ]
    with cablescope.store.open(str(path)) as store:
        before = store.count()
    response = client.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rejected"] == 0 and body["files"] >= 4
    assert set(body) >= {"summary", "new", "updated", "unchanged", "problems", "resolved"}
    with cablescope.store.open(str(path)) as store:
        assert store.count() >= before
        assert store.get_cable("09PARIS997") is not None
        assert store.entities_state() == "fresh"


def test_unsafe_archive_is_rejected_not_extracted(
    writable: tuple[TestClient, Path], tmp_path: Path
) -> None:
    client, _ = writable
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        info = tarfile.TarInfo("../../escape.txt")
        data = (EXAMPLES / "telegram" / "09PARIS997.txt").read_bytes()
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    files = {"files": ("evil.tar.gz", buffer.getvalue(), "application/gzip")}
    response = client.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["rejected"] >= 1
    assert not (tmp_path.parent / "escape.txt").exists()


def test_upload_over_the_limit_is_refused(writable: tuple[TestClient, Path]) -> None:
    client, _ = writable
    files = {"files": ("big.txt", b"x" * 300_000, "text/plain")}
    response = client.post("/api/ingest", files=files, headers=AUTH)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
