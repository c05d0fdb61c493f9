"""Real Cablegate pages for resolution tests: chosen pages cut from the shared corpus into a
folder, ingested and tagged by the shipped model."""

from __future__ import annotations

import tarfile
from collections.abc import Collection
from pathlib import Path

from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.store.sqlite import SqliteStore
from cablescope.tagging.registry import get_tagger
from tests.conftest import CORPUS_TAR


def cut_pages(folder: Path, cables: Collection[str]) -> Path:
    """``folder`` with the Cablegate pages of ``cables`` (ids) written into it."""
    with tarfile.open(CORPUS_TAR, "r|gz") as tar:
        for member in tar:
            if member.isfile() and Path(member.name).stem in cables:
                handle = tar.extractfile(member)
                assert handle is not None
                (folder / Path(member.name).name).write_bytes(handle.read())
    assert len(list(folder.iterdir())) == len(cables)
    return folder


def tagged_store(pages: Path, path: Path, tagging: Tagging | None = None) -> SqliteStore:
    """A SQLite store at ``path`` with ``pages`` ingested and tagged (not resolved)."""
    store = SqliteStore.open(str(path))
    ingest([str(pages)], store, workers=1, tagging=tagging or Tagging(get_tagger("cablescope")))
    return store
