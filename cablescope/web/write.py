"""The write routes: entity curation and ingest by upload, off unless the app has a token.

Each request must carry ``Authorization: Bearer TOKEN`` (compared in constant time). The
database is opened read-write only here, one writer at a time; the other routes keep their
read-only connections.
"""

from __future__ import annotations

import hmac
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from cablescope.resolve.lookup import confirm_args, curate, merge_args, rename_args, split_args
from cablescope.model.basis import Totals
from cablescope.model.entity import Judgement
from cablescope import store
from cablescope.store import Database
from cablescope.web._deps import known_params
from cablescope.web.api import JSON
from cablescope.web._upload import FIELD, receive, too_large
from cablescope.web import schemas
from cablescope.web.errors import WebError
from cablescope.web.schemas import errors

if TYPE_CHECKING:
    from cablescope.pipeline.ingest import Summary

router = APIRouter(prefix="/api", tags=["write"], dependencies=[Depends(known_params)])

MAX_UPLOAD = 64 * 1024 * 1024
"""Default limit on one upload request's size, in bytes."""

_LOCK = threading.Lock()


def authorised(request: Request) -> None:
    """403 when the app has no token (writes are off), 401 without the right bearer token."""
    token: str | None = request.app.state.token
    if not token:
        raise WebError(
            403, "forbidden", "write routes are off; start `cablescope serve --token TOKEN`"
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode(), token.encode()
    ):
        raise WebError(401, "unauthorized", "send the header Authorization: Bearer TOKEN")


Auth = Annotated[None, Depends(authorised)]


@contextmanager
def writable(request: Request) -> Iterator[Database]:
    """The database opened read-write for one write, one writer at a time; cached answers
    are dropped afterwards."""
    with _LOCK, store.open(request.app.state.url) as db:
        try:
            yield db
        finally:
            request.app.state.cache.clear()


class Merge(BaseModel):
    """Merge entity ``b`` into entity ``a`` (ids or names); ``a`` keeps its name."""

    a: str = Field(min_length=1, max_length=500)
    b: str = Field(min_length=1, max_length=500)
    later: bool = False


class Split(BaseModel):
    """Move the mentions of one ``alias``, or those in ``cables``, out of entity ``id``."""

    id: str = Field(min_length=1, max_length=500)
    alias: str | None = Field(default=None, max_length=500)
    cables: list[str] | None = Field(default=None, max_length=10000)
    later: bool = False


class Rename(BaseModel):
    """Give entity ``id`` the name ``name`` (its id follows the name)."""

    id: str = Field(min_length=1, max_length=500)
    name: str = Field(min_length=1, max_length=500)
    later: bool = False


class Confirm(BaseModel):
    """Entity ``id``'s mentions as ``alias`` are links to it (the review list's confirm)."""

    id: str = Field(min_length=1, max_length=500)
    alias: str = Field(min_length=1, max_length=500)
    later: bool = False


def _answer(judgement: Judgement, resolution: Totals | None) -> JSON:
    return JSON(
        {
            "recorded": {"kind": judgement.kind, "args": list(judgement.args)},
            "resolved": resolution.summary() if resolution else None,
        }
    )


CURATION = errors(400, 401, 403, 404, 409, 422)


@router.post(
    "/entities/merge",
    response_class=JSON,
    response_model=schemas.Curated,
    summary="Merge two entities",
    response_description="The judgement recorded, and the resolution's summary.",
    responses=CURATION,
)
def api_merge(request: Request, _: Auth, body: Merge) -> JSON:
    """`cablescope entity merge A B`: entity ``b`` becomes part of ``a``. The judgement is
    kept and re-applied by every resolution; the store is resolved at once unless
    ``later``. Needs the bearer token (401 without it, 403 on a server without one); 400
    `bad_entity` for a merge the CLI would refuse, 404 for an unknown entity."""
    with writable(request) as db:
        return _answer(*curate(db, "merge", merge_args(db, body.a, body.b), later=body.later))


@router.post(
    "/entities/split",
    response_class=JSON,
    response_model=schemas.Curated,
    summary="Split an entity",
    response_description="The judgement recorded, and the resolution's summary.",
    responses=CURATION,
)
def api_split(request: Request, _: Auth, body: Split) -> JSON:
    """`cablescope entity split ID --alias NAME | --cables ID,...`: the mentions of one
    alias, or those in the given cables, become an entity of their own. Needs the bearer
    token; 400 `bad_entity` without exactly one of ``alias`` and ``cables``, or for an
    alias the entity lacks."""
    with writable(request) as db:
        args = split_args(db, body.id, body.alias, body.cables)
        return _answer(*curate(db, "split", args, later=body.later))


@router.post(
    "/entities/rename",
    response_class=JSON,
    response_model=schemas.Curated,
    summary="Rename an entity",
    response_description="The judgement recorded, and the resolution's summary.",
    responses=CURATION,
)
def api_rename(request: Request, _: Auth, body: Rename) -> JSON:
    """`cablescope entity rename ID NAME`: the entity is shown as ``name`` (its id follows
    the name). Needs the bearer token; 400 `bad_entity` for a name without letters."""
    with writable(request) as db:
        args = rename_args(db, body.id, body.name)
        return _answer(*curate(db, "rename", args, later=body.later))


@router.post(
    "/entities/confirm",
    response_class=JSON,
    response_model=schemas.Curated,
    summary="Confirm an alias's links",
    response_description="The judgement recorded, and the resolution's summary.",
    responses=CURATION,
)
def api_confirm(request: Request, _: Auth, body: Confirm) -> JSON:
    """`cablescope entity confirm ID ALIAS`: the entity's mentions as ``alias`` are links
    to it; they become certain (confidence 1, method `curated`) and leave the review list.
    To reject them, split the alias off (`POST /api/entities/split` with ``alias``). Needs
    the bearer token; 400 `bad_entity` for an alias the entity lacks."""
    with writable(request) as db:
        args = confirm_args(db, body.id, body.alias)
        return _answer(*curate(db, "confirm", args, later=body.later))


def limited(request: Request) -> int:
    """The app's upload limit; 413 at once when the request declares a larger body
    (``Content-Length``). Bodies that do not declare one are counted as they arrive."""
    cap: int = request.app.state.max_upload
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > cap:
        raise too_large(cap)
    return cap


UPLOAD = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {
                    FIELD: {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "minItems": 1,
                        "description": "Cables in any format cablescope reads, or archives "
                        "(.tar.gz, .zip) of them.",
                    }
                },
                "required": [FIELD],
            }
        }
    },
}


@router.post(
    "/ingest",
    response_class=JSON,
    response_model=schemas.Ingested,
    summary="Ingest uploaded cables",
    response_description="What `cablescope ingest` says of the files.",
    responses=errors(400, 401, 403, 413),
    openapi_extra={"requestBody": UPLOAD},
)
async def api_ingest(request: Request) -> JSON:
    """Ingest uploaded files and archives (.tar.gz, .zip) as `cablescope ingest` does: the
    same safe archive handling, tagging, then resolution. Needs the bearer token, checked
    before the body is read (401, or 403 on a server without one); a body over the
    server's upload limit is refused with 413, at once when its `Content-Length` says so,
    else as soon as the limit is passed. 400 `bad_upload` for a body that is not
    multipart/form-data with at least one part named `files`."""
    authorised(request)  # before a byte of the body is read
    cap = limited(request)
    folder = Path(tempfile.mkdtemp(prefix="cablescope-upload-"))
    try:
        await receive(request, folder, cap)
        summary = await run_in_threadpool(_ingest, request, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return JSON(
        {
            "summary": summary.line(),
            "new": summary.new,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "files": summary.files,
            "rejected": summary.rejected,
            "problems": [
                {"path": Path(p.path or "").name, "message": p.message} for p in summary.problems
            ],
            "resolved": summary.resolution.summary() if summary.resolution else None,
        }
    )


def _ingest(request: Request, folder: Path) -> Summary:
    from cablescope.pipeline.ingest import ingest

    tagging = request.app.state.tagging()
    with writable(request) as db:
        return ingest([str(folder)], db, workers=1, tagging=tagging, resolve=True)
