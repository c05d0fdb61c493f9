"""The write routes: entity curation and ingest by upload, off unless the app has a token.

Each request must carry ``Authorization: Bearer TOKEN`` (compared in constant time). The
database is opened read-write only here, one writer at a time; the other routes keep their
read-only connections.
"""

from __future__ import annotations

import hmac
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Request, UploadFile
from pydantic import BaseModel, Field

from cablescope.resolve.lookup import curate, merge_args, rename_args, split_args
from cablescope.resolve.records import Judgement, Resolution
from cablescope.store.sqlite import SqliteStore
from cablescope.web.api import JSON
from cablescope.web.errors import WebError

router = APIRouter(prefix="/api", tags=["write"])

MAX_UPLOAD = 64 * 1024 * 1024
"""Default limit on one upload request's size, in bytes."""

_LOCK = threading.Lock()
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


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
def writable(request: Request) -> Iterator[SqliteStore]:
    """The database opened read-write for one write, one writer at a time; cached answers
    are dropped afterwards."""
    with _LOCK, SqliteStore.open(request.app.state.stores.path) as db:
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


def _answer(judgement: Judgement, resolution: Resolution | None) -> JSON:
    return JSON(
        {
            "recorded": {"kind": judgement.kind, "args": list(judgement.args)},
            "resolved": resolution.summary() if resolution else None,
        }
    )


@router.post("/entities/merge", response_class=JSON)
def api_merge(request: Request, _: Auth, body: Merge) -> JSON:
    """`cablescope entity merge A B`: the judgement is kept and re-applied by every
    resolution; resolves at once unless ``later``."""
    with writable(request) as db:
        return _answer(*curate(db, "merge", merge_args(db, body.a, body.b), later=body.later))


@router.post("/entities/split", response_class=JSON)
def api_split(request: Request, _: Auth, body: Split) -> JSON:
    """`cablescope entity split ID --alias NAME | --cables ID,...`."""
    with writable(request) as db:
        args = split_args(db, body.id, body.alias, body.cables)
        return _answer(*curate(db, "split", args, later=body.later))


@router.post("/entities/rename", response_class=JSON)
def api_rename(request: Request, _: Auth, body: Rename) -> JSON:
    """`cablescope entity rename ID NAME`."""
    with writable(request) as db:
        args = rename_args(db, body.id, body.name)
        return _answer(*curate(db, "rename", args, later=body.later))


def limited(request: Request) -> None:
    """413 when the request says it is larger than the app's upload limit (checked again
    on the files received, for requests that do not say)."""
    size = request.headers.get("content-length", "")
    if size.isdigit() and int(size) > request.app.state.max_upload:
        raise _too_large(request)


def _too_large(request: Request) -> WebError:
    limit = request.app.state.max_upload
    return WebError(413, "too_large", f"uploads are limited to {limit:,} bytes")


def _safe_name(name: str | None, n: int) -> str:
    base = _UNSAFE.sub("_", Path(name or "").name).lstrip(".")
    return f"{n:03d}-{base or 'upload'}"


@router.post("/ingest", response_class=JSON, dependencies=[Depends(limited)])
def api_ingest(
    request: Request, _: Auth, files: Annotated[list[UploadFile], File(description="cables")]
) -> JSON:
    """Ingest uploaded files and archives (.tar.gz, .zip) as `cablescope ingest` does:
    the same safe archive handling, tagging, then resolution."""
    from cablescope.pipeline.ingest import ingest

    folder = Path(tempfile.mkdtemp(prefix="cablescope-upload-"))
    try:
        total = 0
        for n, upload in enumerate(files):
            target = folder / _safe_name(upload.filename, n)
            with target.open("wb") as out:
                while chunk := upload.file.read(1024 * 1024):
                    total += len(chunk)
                    if total > request.app.state.max_upload:
                        raise _too_large(request)
                    out.write(chunk)
        tagging = request.app.state.tagging()
        with writable(request) as db:
            summary = ingest([str(folder)], db, workers=1, tagging=tagging, resolve=True)
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
