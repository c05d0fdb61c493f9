"""Resolution on real Cablegate cables, tagged by the shipped model: a merge that must happen
(Jorge Tello Peon), one that must not (Lino and Lucio Gutierrez, two posts, two periods), an
acronym the cable defines (DBWG), and curation that survives a full re-ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablescope.pipeline.entities import Tagging
from cablescope.pipeline.ingest import ingest
from cablescope.resolve import resolve_store
from cablescope.resolve.lookup import judge
from cablescope.store.sqlite import SqliteStore
from tests.conftest import needs_shared
from tests.resolve.corpus import cut_pages, pinned, tagged_store

CABLES = ("09MEXICO2882", "09MEXICO3468", "10MEXICO83", "05BUENOSAIRES496", "09QUITO246")

pytestmark = needs_shared


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cut_pages(tmp_path_factory.mktemp("resolve"), CABLES)


@pytest.fixture(scope="module")
def tagging() -> Tagging:
    return pinned()


@pytest.fixture(scope="module")
def db(pages: Path, tagging: Tagging, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("db") / "c.db"
    with tagged_store(pages, path, tagging) as store:
        resolve_store(store)
    return path


def _links(store: SqliteStore, cable_id: str) -> list[tuple[str, str, str]]:
    """(surface, entity id, method) of every resolved mention of the cable."""
    cable = store.get_cable(cable_id)
    assert cable is not None
    rows = store._conn.execute(
        "SELECT start, end, entity_id, method FROM entity_mentions WHERE cable_id = ?",
        (cable_id,),
    ).fetchall()
    return [(cable.text[s:e], eid, how) for s, e, eid, how in rows]


def test_tello_peon_variants_are_one_person(db: Path) -> None:
    with SqliteStore.open(str(db)) as store:
        found = _links(store, "09MEXICO2882") + _links(store, "09MEXICO3468")
        tello = {eid for surface, eid, _ in found if "tello" in surface.casefold()}
        assert tello == {"per:jorge-tello-peon"}
        detail = store.entity_detail("per:jorge-tello-peon")
        assert detail is not None
        assert {"Tello Peon", "Jorge Tello Peon", "Jorge Tello", "Tello"} <= {
            a.surface for a in detail.entity.aliases
        }
        assert detail.cable_ids == ("09MEXICO2882", "09MEXICO3468")


def test_two_gutierrez_stay_apart(db: Path) -> None:
    with SqliteStore.open(str(db)) as store:
        lino = {eid for s, eid, _ in _links(store, "05BUENOSAIRES496") if s == "Gutierrez"}
        lucio = {eid for s, eid, _ in _links(store, "09QUITO246") if s == "Gutierrez"}
        assert lino == {"per:lino-gutierrez"}
        assert lucio == {"per:lucio-gutierrez"}
        assert store.entity_ids_named("gutierrez") != store.entity_ids_named("lino gutierrez")


def test_an_acronym_defined_in_the_cable(db: Path) -> None:
    with SqliteStore.open(str(db)) as store:
        found = {
            (s, eid) for s, eid, _ in _links(store, "10MEXICO83") if "DBWG" in s or "Bilateral" in s
        }
        assert {eid for _, eid in found} == {"org:defense-bilateral-working-group"}
        assert {s for s, _ in found} >= {"DBWG", "Defense Bilateral Working Group"}


def test_curation_survives_a_full_reingest(
    db: Path, pages: Path, tagging: Tagging, tmp_path: Path
) -> None:
    path = tmp_path / "curated.db"
    path.write_bytes(db.read_bytes())
    with SqliteStore.open(str(path)) as store:
        judge(store, "split", "jorge tello peon", "tello")
        judge(store, "merge", "lino gutierrez", "lucio gutierrez")
        judge(store, "rename", "lino gutierrez", "The Gutierrez Brothers")
        for cid in CABLES:
            store.delete(cid)
        assert store.entities_state() == "stale"
        ingest([str(pages)], store, workers=1, tagging=tagging)
        resolution = resolve_store(store)
        assert (resolution.applied, resolution.skipped) == (3, 0)
        ids = {e.id for e in store.entities()}
        assert "per:the-gutierrez-brothers" in ids
        assert "per:lucio-gutierrez" not in ids and "per:lino-gutierrez" not in ids
        tello = {eid for s, eid, _ in _links(store, "09MEXICO3468") if s == "Tello"}
        assert tello == {"per:tello"}
