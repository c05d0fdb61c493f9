"""Curation in place: on real Cablegate cables tagged by the shipped model, every judgement
kind applied in place leaves each store (in memory, SQLite, PostgreSQL) holding exactly what
a full re-resolution with the same judgements gives: entities, aliases, links with their
basis, cables per entity, co-mentions, how sure each alias's links are, the names curation
gave and the judgement counts."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cablescope.model import Cable
from cablescope.model.basis import Totals
from cablescope.model.entity import Entity, Resolution
from cablescope.pipeline.entities import Tagging
from cablescope.resolve import resolve_store
from cablescope.resolve.lookup import (
    Resolvable,
    confirm_args,
    curate,
    merge_args,
    rename_args,
    split_args,
)
from cablescope.store import MemoryStore, SqliteStore, _rows, _sqlcurate
from cablescope.store.base import Database
from cablescope.tagging.registry import get_tagger
from tests.conftest import needs_shared
from tests.postgres import has_postgres, postgres_cluster, postgres_url
from tests.resolve.corpus import cut_pages, tagged_store

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = needs_shared

CABLES = (
    "07PARIS921", "07PARIS1938", "08PARIS957", "07PARIS2027",
    "06BRASILIA2245", "02BRASILIA4227", "04BRASILIA564", "05BRASILIA1849",
    "05BUENOSAIRES141", "06BUENOSAIRES1912", "06BUENOSAIRES1610", "05BUENOSAIRES496",
    "06LAPAZ417", "09BRASILIA28", "08MANAMA144",
    "06MEXICO4937", "06MEXICO3081", "09MEXICO1055", "06SANJOSE158",
    "09MEXICO2882", "09MEXICO3468", "10MEXICO83", "09QUITO246",
)  # fmt: skip
"""Cables that share people and governments: Sarkozy, Lula, the Kirchners, Calderon, GOB."""

TABLES = (
    "entities", "entity_aliases", "entity_mentions", "entity_cables", "entity_alias_links",
    "entity_names", "store_meta",
)  # fmt: skip


def _shown_co() -> str:
    """The co-mentions kept ahead that an entity page shows: a list mended in place may keep
    fewer beyond those than a full save counts."""
    return (
        "SELECT entity_id, other_id, cables FROM (SELECT *, row_number() OVER (PARTITION BY"
        " entity_id ORDER BY cables DESC, other_id) AS n FROM entity_co) AS ranked"
        f" WHERE n <= {_rows.CO_MENTIONS}"
    )


@pytest.fixture(scope="module")
def cables(tmp_path_factory: pytest.TempPathFactory) -> list[Cable]:
    pages = cut_pages(tmp_path_factory.mktemp("inplace"), CABLES)
    path = tmp_path_factory.mktemp("tagged") / "c.db"
    with tagged_store(pages, path, Tagging(get_tagger("cablescope"))) as store:
        found = list(store.iter_cables())
    assert len(found) == len(CABLES) and all(c.mentions for c in found)
    return found


@pytest.fixture(autouse=True)
def co_mentions_counted_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """Co-mentions counted ahead for entities in three cables, top five shown and ten kept,
    so that the lists kept in ``entity_co`` are many and full on a few dozen cables."""
    monkeypatch.setattr(_rows, "AHEAD", 3)
    monkeypatch.setattr(_rows, "CO_MENTIONS", 5)
    monkeypatch.setattr(_rows, "CO_KEPT", 10)


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def pair(
    request: pytest.FixtureRequest, cables: list[Cable], tmp_path: Path
) -> Iterator[tuple[Database, Database]]:
    """Two stores of one kind holding ``cables``, resolved: one curated in place, one
    resolved again in full after each judgement."""
    made: list[Database] = []
    for name in ("inplace", "full"):
        store: Database
        if request.param == "memory":
            store = MemoryStore()
        elif request.param == "sqlite":
            store = SqliteStore.open(str(tmp_path / f"{name}.db"))
        else:
            if not has_postgres():
                pytest.skip("PostgreSQL server binaries are not installed")
            from cablescope.store.postgres import PostgresStore

            cluster = request.getfixturevalue("postgres_cluster")
            store = PostgresStore.open(cluster.url(cluster.create()))
        with store.batch():
            for cable in cables:
                store.put(cable, [cable])
        resolve_store(store)
        made.append(store)
    yield made[0], made[1]
    for store in made:
        store.close()


def _raw(store: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the entity tables, sorted (for the memory store, its entities and links
    with their basis)."""
    if isinstance(store, MemoryStore):
        kept = store._resolved[1] if store._resolved else None
        assert kept is not None and kept.basis is not None
        basis = kept.basis
        return {
            "entities": sorted(zip(kept.entities, basis.labels, basis.bases), key=repr),
            "links": sorted(zip(kept.links, basis.links), key=repr),
            "names": list(basis.names),
        }
    queries = {t: f"SELECT * FROM {t}" for t in TABLES} | {"entity_co": _shown_co()}
    if isinstance(store, SqliteStore):
        return {
            t: sorted(store._conn.execute(sql).fetchall(), key=repr) for t, sql in queries.items()
        }
    import psycopg

    with psycopg.connect(getattr(store, "url")) as conn:
        return {t: sorted(conn.execute(sql).fetchall(), key=repr) for t, sql in queries.items()}


def state(store: Database) -> dict[str, object]:
    """Everything the store answers of its entities (the details of those in most cables),
    and its entity tables."""
    entities = sorted(store.entities(), key=lambda e: e.id)
    widest = [e.id for e in sorted(entities, key=lambda e: (-e.cables, e.id))[:15]]
    cable_ids = sorted(c.id for c in store.iter_cables())
    members = store.entity_members(widest)
    tallies = store.entity_tallies(widest)
    # Summed links are their links counted.
    assert {eid: dict(t.forms) for eid, t in tallies.items()} == {
        eid: dict(Counter((m.key, m.surface, m.type) for m in ms)) for eid, ms in members.items()
    }
    assert {eid: t.cables for eid, t in tallies.items()} == {
        eid: frozenset(m.cable_id for m in ms) for eid, ms in members.items()
    }
    return {
        "entities": entities,
        "links": sorted(store.entity_links(cable_ids), key=repr),
        "details": {eid: store.entity_detail(eid) for eid in widest},
        "alias_links": {eid: store.alias_links(eid) for eid in widest},
        "members": {eid: sorted(ms, key=repr) for eid, ms in members.items()},
        "names": store.entity_names(),
        "totals": store.entity_totals(),
        "review": store.uncertain_aliases(50),
        "tables": _raw(store),
    }


def _check(inplace: Database, full: Database, kind: str, args: tuple[str, ...]) -> object:
    """Curate ``inplace`` and resolve ``full`` again with the same judgement; both hold the
    same. Returns what ``curate`` returned."""
    judgement, done = curate(inplace, kind, args)
    full.add_judgement(judgement)
    resolve_store(full)
    assert isinstance(done, Totals), "the judgement applied in place"
    got, want = state(inplace), state(full)
    for part in want:
        assert got[part] == want[part], f"{kind} {args}: {part} differ"
    return done


def _person_pair(store: Database) -> tuple[Entity, Entity]:
    """A person named by one word that another person's name ends with (Sarkozy, Nicolas
    Sarkozy), the fuller one first."""
    people = store.entities("PER")
    for short in people:
        if " " in short.key:
            continue
        for full in people:
            if full.key.endswith(" " + short.key):
                return full, short
    raise AssertionError("no person named short and in full")


def _aliased(store: Database, top: int = 0) -> Entity:
    """The ``top``-th entity with most mentions among those with aliases of three keys."""
    found = [e for e in store.entities() if len({a.key for a in e.aliases}) >= 3]
    return found[top]


def test_each_judgement_kind_applies_in_place_as_a_full_resolution(
    pair: tuple[Database, Database],
) -> None:
    inplace, full = pair
    first, short = _person_pair(inplace)
    _check(inplace, full, "merge", merge_args(inplace, first.id, short.id))
    merged = inplace.entity_ids_named(first.key)[0]
    _check(inplace, full, "rename", rename_args(inplace, merged, "The Merged Person"))
    # A rename to another entity's name: the two ids are numbered by mentions.
    other = next(e for e in inplace.entities("PER") if e.id != "per:the-merged-person")
    _check(inplace, full, "rename", rename_args(inplace, "per:the-merged-person", other.name))
    aliased = _aliased(inplace)
    own = next(a for a in aliased.aliases if a.key == aliased.key)
    # Splitting off the alias the entity is named by: its name and key change.
    _check(inplace, full, "split", split_args(inplace, aliased.id, own.surface))
    wide = next(e for e in inplace.entities() if e.cables >= 4)
    detail = inplace.entity_detail(wide.id)
    assert detail is not None
    _check(inplace, full, "split", split_args(inplace, wide.id, None, detail.cable_ids[::2]))
    named = inplace.uncertain_aliases(10, alone=True)
    review = inplace.uncertain_aliases(10)
    assert named and review, "the cables have links that are less than certain"
    confirmed, rejected = named[0], review[0]
    _check(inplace, full, "confirm", confirm_args(inplace, confirmed.entity_id, confirmed.key))
    # The same judgement again applies, and changes nothing more.
    _check(inplace, full, "confirm", confirm_args(inplace, confirmed.entity_id, confirmed.key))
    _check(inplace, full, "split", split_args(inplace, rejected.entity_id, rejected.key))
    # A merge of an entity renamed before: the name it was given goes.
    renamed = inplace.entity_ids_named(other.key)
    target = _aliased(inplace, 1)
    _check(inplace, full, "merge", merge_args(inplace, target.id, renamed[0]))
    skipped = inplace.entity_totals().skipped
    done = _check(inplace, full, "merge", ("no such entity", target.key))
    assert isinstance(done, Totals) and done.skipped == skipped + 1


def _random_judgement(store: Database, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    entities = store.entities()
    several = [e for e in entities if len({a.key for a in e.aliases}) > 1]
    e, other = rng.choice(several), rng.choice(entities)
    kind = rng.choice(["merge", "split", "cables", "rename", "collide", "confirm"])
    if kind == "merge" and other.id != e.id:
        return "merge", merge_args(store, e.id, other.id)
    if kind == "split":
        alias = rng.choice(e.aliases)
        if {a.key for a in e.aliases} != {alias.key}:
            return "split", split_args(store, e.id, alias.surface)
    if kind == "cables":
        detail = store.entity_detail(e.id)
        assert detail is not None
        count = max(1, len(detail.cable_ids) // 2)
        return "split", split_args(store, e.id, None, rng.sample(detail.cable_ids, count))
    if kind == "rename":
        return "rename", rename_args(store, e.id, rng.choice(e.aliases).surface + " II")
    if kind == "collide":
        return "rename", rename_args(store, e.id, other.name)
    return "confirm", confirm_args(store, e.id, rng.choice(e.aliases).surface)


@pytest.mark.parametrize(("seed", "chunk"), [(1, _sqlcurate.CHUNK), (2, 2)])
def test_random_judgements_apply_in_place_as_a_full_resolution(
    pair: tuple[Database, Database], seed: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With chunks of two, most judgements touch more cables than a chunk holds.
    monkeypatch.setattr(_sqlcurate, "CHUNK", chunk)
    inplace, full = pair
    rng = random.Random(seed)
    for _ in range(12):
        _check(inplace, full, *_random_judgement(inplace, rng))


def test_in_place_reads_no_cable_whole(
    pair: tuple[Database, Database], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A judgement applied in place reads only the entities it concerns: never every cable,
    never a full resolution."""
    inplace, _ = pair

    def refused(*_: object) -> Resolution:
        raise AssertionError("read every cable")

    monkeypatch.setattr(inplace, "iter_cables", refused)
    monkeypatch.setattr("cablescope.resolve.resolve_store", refused)
    # A merge moves entities whole: they are counted in the store, never read link by link.
    monkeypatch.setattr(inplace, "entity_members", refused)
    first, short = _person_pair(inplace)
    _, done = curate(inplace, "merge", merge_args(inplace, first.id, short.id))
    assert isinstance(done, Totals) and done.applied == 1
    assert short.id not in {e.id for e in inplace.entities()}


def test_stale_entities_are_resolved_again_in_full(
    pair: tuple[Database, Database], cables: list[Cable]
) -> None:
    """Entities older than the cables cannot be changed in place: the judgement applies by a
    full resolution, which takes in the cables written since."""
    store: Resolvable = pair[0]
    store.put(cables[0], [cables[0]])
    assert store.entities_state() == "stale"
    first, short = _person_pair(pair[0])
    judgement, done = curate(store, "merge", merge_args(store, first.id, short.id))
    assert done is not None and (done.applied, done.skipped) == (1, 0)
    assert store.entities_state() == "fresh" and store.judgements() == [judgement]


def test_a_judgement_for_later_changes_nothing(pair: tuple[Database, Database]) -> None:
    inplace, _ = pair
    before = state(inplace)
    first, short = _person_pair(inplace)
    judgement, done = curate(inplace, "merge", merge_args(inplace, first.id, short.id), later=True)
    assert done is None and inplace.judgements() == [judgement]
    assert state(inplace) == before


def test_judgements_kept_before_apply_with_the_next_full_resolution(
    pair: tuple[Database, Database],
) -> None:
    """The judgements stay the single record: a full resolution of the curated store gives
    what curation in place gave."""
    inplace, _ = pair
    rng = random.Random(3)
    for _ in range(4):
        curate(inplace, *_random_judgement(inplace, rng))
    before = state(inplace)
    totals = resolve_store(inplace)
    assert totals.applied + totals.skipped == len(inplace.judgements()) == 4
    assert state(inplace) == before
