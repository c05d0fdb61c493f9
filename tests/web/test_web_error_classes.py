"""The API answers each error by its class, whatever its message says."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cablescope import errors
from cablescope.web.errors import install


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.QueryError, 400, "bad_query"),
        (errors.EntityNotFound, 404, "not_found"),
        (errors.EntitiesNotResolved, 409, "not_resolved"),
        (errors.EntityError, 400, "bad_entity"),
        (errors.StoreBusy, 503, "busy"),
    ],
)
def test_status_follows_the_class(error: type[Exception], status: int, code: str) -> None:
    app = FastAPI()
    install(app)

    @app.get("/api/x")
    def fail() -> None:
        # A message that names another error: only the class may decide.
        raise error("no entity here; entities have not been resolved")

    response = TestClient(app).get("/api/x")
    assert response.status_code == status
    assert response.json() == {
        "error": {
            "status": status,
            "code": code,
            "message": "no entity here; entities have not been resolved",
        }
    }


def test_every_error_is_in_the_one_tree() -> None:
    from cablescope.tagging import base

    assert issubclass(errors.WebError, errors.CablescopeError)
    assert issubclass(errors.StoreBusy, errors.StoreError)
    assert not any(
        isinstance(value, type)
        and issubclass(value, Exception)
        and value.__module__ != "cablescope.errors"
        for value in vars(base).values()
    )
