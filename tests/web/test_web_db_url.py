"""The web app opens its database by URL, as the commands do."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablescope.errors import StoreError
from cablescope.web import create_app


def test_the_app_takes_a_sqlite_url(web_db: Path) -> None:
    with TestClient(create_app(f"sqlite:///{web_db}")) as client:
        by_url = client.get("/api/search", params={"q": "juarez"}).json()
    with TestClient(create_app(str(web_db))) as client:
        by_path = client.get("/api/search", params={"q": "juarez"}).json()
    assert by_url == by_path
    assert by_url["total"] > 0


def test_a_missing_sqlite_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no database at"):
        create_app(f"sqlite:///{tmp_path}/none.db")
