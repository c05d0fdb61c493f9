"""Real Cablegate pages for resolution tests: chosen pages cut from the shared corpus into a
folder, ingested and tagged by the shipped model the tests were written against (``pinned``)."""

from __future__ import annotations

import tarfile
from collections.abc import Collection
from pathlib import Path

from cablescope.model.entity import Resolution
from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.store.sqlite import SqliteStore
from cablescope.resolve.cluster import resolve
from cablescope.tagging.registry import get_tagger
from cablescope.tagging.spacy_backend import CAPITALS
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


def pinned() -> Tagging:
    """The tagging the resolution tests on corpus pages were written against: the shipped
    model for text in capitals, which tagged every text until the default became two models.
    These tests pin what resolution makes of a page's mentions; the model for mixed case
    reads some of their pages otherwise (``First Lady Cristina Fernandez de Kirchner`` an
    organisation, one ``Gutierrez`` a place, ``Okram Ibobi Singh`` found whole), which
    `cablescope eval` measures as tagging."""
    return Tagging(get_tagger("cablescope", model=str(CAPITALS)))


def tagged_store(pages: Path, path: Path, tagging: Tagging | None = None) -> SqliteStore:
    """A SQLite store at ``path`` with ``pages`` ingested and tagged (not resolved)."""
    store = SqliteStore.open(str(path))
    ingest([str(pages)], store, workers=1, tagging=tagging or pinned())
    return store


def resolved(folder: Path, cables: Collection[str]) -> Resolution:
    """The resolution of the Cablegate pages of ``cables`` as ``pinned`` tags them
    (``folder``: where the pages and the store go)."""
    (folder / "pages").mkdir()
    pages = cut_pages(folder / "pages", cables)
    with tagged_store(pages, folder / "c.db") as store:
        return resolve(store.iter_cables())


def links(resolution: Resolution, cable_id: str, key: str) -> list[tuple[str, str]]:
    """(entity id, method) of each link of ``cable_id`` whose mention has name key ``key``."""
    return [(k.entity_id, k.method) for k in resolution.links
            if k.cable_id == cable_id and k.key == key]  # fmt: skip
