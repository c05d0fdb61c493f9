"""Resolution brought up to date batch by batch (``resolve.incremental``) is, after every
batch, the resolution of every cable so far made again from nothing: the same entities and
links, with curation judgements re-applied alike; and it decides again only the old cables
holding a fact whose answer a batch changed."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from cablescope.errors import EntityError
from cablescope.model import Cable
from cablescope.model.entity import Judgement
from cablescope.resolve import resolve_store
from cablescope.resolve.cluster import Decide, resolve
from cablescope.resolve.facts import Fact, Reads, answer
from cablescope.resolve.gather import lower_words, seen
from cablescope.resolve.incremental import Incremental
from cablescope.resolve.lookup import curate
from cablescope.resolve.people import FEWEST, LEANING, People, reach
from cablescope.resolve.tables import Names, Tables
from cablescope.store import MemoryStore
from tests.conftest import needs_shared
from tests.resolve.test_inplace import _random_judgement, cables

__all__ = ["cables"]

pytestmark = needs_shared


def _batches(found: list[Cable], seed: int, n: int) -> list[list[Cable]]:
    shuffled = found[:]
    random.Random(seed).shuffle(shuffled)
    return [shuffled[i::n] for i in range(n)]


@pytest.mark.parametrize(("seed", "n"), [(0, 3), (1, 5), (2, 2)])
def test_each_batch_leaves_the_resolution_a_full_one_gives(
    cables: list[Cable], seed: int, n: int
) -> None:
    resolution = Incremental()
    so_far: list[Cable] = []
    again = 0
    for batch in _batches(cables, seed, n):
        update = resolution.add(batch)
        so_far += batch
        assert update.added == len(batch)
        assert update.decided_again <= len(so_far) - len(batch)
        again += update.decided_again
        assert resolution.resolution() == resolve(so_far)
        assert resolution.stale() == []
    # Later batches change some old decisions (Sarkozy, Lula and the Kirchners are named
    # short in cables of one batch and in full in another), but not every one.
    assert 0 < again < (n - 1) * len(cables)


def _judgements(found: list[Cable]) -> list[Judgement]:
    store = MemoryStore()
    with store.batch():
        for cable in found:
            store.put(cable, [cable])
    resolve_store(store)
    rng = random.Random(3)
    for _ in range(6):
        curate(store, *_random_judgement(store, rng), later=True)
    return list(store.judgements())


def test_judgements_re_apply_as_in_a_full_resolution(cables: list[Cable]) -> None:
    judgements = _judgements(cables)
    resolution = Incremental()
    for batch in _batches(cables, 4, 3):
        resolution.add(batch)
    made = resolution.resolution(judgements)
    assert made == resolve(cables, judgements)
    assert made.applied + made.skipped == len(judgements) and made.applied


def test_a_cable_already_resolved_is_refused(cables: list[Cable]) -> None:
    resolution = Incremental()
    resolution.add(cables[:3])
    with pytest.raises(EntityError, match=cables[0].id):
        resolution.add([cables[5], cables[0]])
    # Refused whole: the cable before the repeated one is not half added.
    assert resolution.resolution() == resolve(cables[:3])
    resolution.add([cables[5]])
    assert resolution.resolution() == resolve([*cables[:3], cables[5]])


def test_a_cable_read_nothing_unrecorded(cables: list[Cable]) -> None:
    """Every fact a cable's decisions read has an answer, and the reads go nowhere unless a
    cable is being recorded."""
    tables = Tables()
    found = [seen(c) for c in cables]
    for cable, s in zip(cables, found, strict=True):
        tables.add(s, lower_words(cable.text))
    decide = Decide(tables)
    facts: set[Fact] = set()
    decide.cable(0, found[0], facts)
    assert decide.reads.facts is None
    assert {f[0] for f in facts} >= {"is_person", "normal", "root", "why", "by_role"}
    for fact in facts:
        answer(decide, fact)
    quiet = Reads()
    quiet("normal", "sarkozy")
    assert quiet.facts is None


def test_a_signature_changes_only_where_reach_says(cables: list[Cable]) -> None:
    """``reach`` gives a full name's signatures at both lifts, and as cables naming none of
    its keys are added, they change only once the archive reaches the size it gives."""
    tables = Tables()
    found = [seen(c) for c in cables]
    for cable, s in zip(cables, found, strict=True):
        tables.add(s, lower_words(cable.text))
        tables.add_near(s, lambda _full, _key: True)
    fulls = [f for f in tables.near if tables.df[f] >= FEWEST]
    assert fulls
    changed = 0
    for full in fulls:
        low, high, least = reach(tables, full)
        people = People(tables, Names(tables))
        assert set(people.signature(full)) == high and set(people.signature(full, LEANING)) == low
        for more in (1, 5, 50, 500):
            bigger = replace(tables, cables=tables.cables + more)
            people = People(bigger, Names(bigger))
            now = set(people.signature(full)), set(people.signature(full, LEANING))
            if now != (high, low):
                changed += 1
                assert bigger.cables + 1 >= least
    assert changed
