"""The ResolutionRecord contract, run against every backend: named state, facts held by
cables, and the record cleared when a cable it holds is written again or deleted."""

from __future__ import annotations

import dataclasses
import hashlib

import pytest

from cablescope.model import Cable
from cablescope.store.base import RecordedFact, Store


def fact(
    name: str, question: str = "alias", key: str | None = None, answer: str = "yes"
) -> RecordedFact:
    """A fact whose digest is that of ``name``, asked by ``question`` and ``key`` (``name``
    when not given)."""
    digest = hashlib.blake2b(name.encode(), digest_size=16).digest()
    return RecordedFact(digest, question, name if key is None else key, f"fact {name}", answer)


A, B, C, D = fact("a"), fact("b"), fact("c", "acronym"), fact("d", "acronym", "a")


def every(store: Store) -> dict[bytes, RecordedFact]:
    found = list(store.every_recorded_fact())
    assert len(found) == len({f.digest for f in found}), "each fact once"
    return {f.digest: f for f in found}


def stored(store: Store, cables: list[Cable]) -> list[str]:
    with store.batch():
        for cable in cables:
            store.put(cable, [cable])
    return [c.id for c in cables]


def test_state_round_trip_and_replace(store: Store) -> None:
    assert store.record_state("model") is None
    blob = bytes(range(256)) * 3
    store.save_record_state("model", blob)
    store.save_record_state("other", b"")
    assert store.record_state("model") == blob
    assert store.record_state("other") == b""
    store.save_record_state("model", b"\x00second")
    assert store.record_state("model") == b"\x00second"
    assert store.record_state("missing") is None


def test_many_states_are_read_and_saved_at_once(store: Store) -> None:
    names = [f"near:person {i}" for i in range(1_200)]  # more than one IN list of names
    store.save_record_states({name: name.encode() * 2 for name in names})
    store.save_record_states({names[0]: b"again", "model": b"m"})
    found = store.record_states([*names, "missing", names[0]])
    assert found == {names[0]: b"again"} | {name: name.encode() * 2 for name in names[1:]}
    assert store.record_states([]) == {} and store.record_state("model") == b"m"
    store.clear_record()
    assert store.record_states([*names, "model"]) == {}


def test_hold_facts_stores_new_facts_with_their_answers(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    assert store.recorded_count() == 0
    assert store.unrecorded_cables() == sorted(ids)
    assert every(store) == {}
    store.hold_facts({ids[0]: [A, B], ids[1]: (B, C)})
    assert every(store) == {A.digest: A, B.digest: B, C.digest: C}
    assert store.held_facts(ids) == {ids[0]: {A.digest, B.digest}, ids[1]: {B.digest, C.digest}}
    assert store.recorded_count() == 2
    assert store.unrecorded_cables() == sorted(ids[2:])


def test_a_stored_fact_keeps_its_stored_answer(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A]})
    changed = dataclasses.replace(A, answer="no")
    store.hold_facts({ids[1]: [changed]})
    store.hold_facts({ids[0]: [changed, B]})
    assert every(store)[A.digest].answer == "yes"
    assert store.recorded_facts([("alias", "a")]) == [A]
    assert store.held_facts(ids[:2]) == {ids[0]: {A.digest, B.digest}, ids[1]: {A.digest}}


def test_hold_facts_replaces_holdings_and_removes_unheld_facts(
    store: Store, cables: list[Cable]
) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A, B], ids[1]: [B]})
    store.hold_facts({ids[0]: [C]})
    assert store.held_facts(ids) == {ids[0]: {C.digest}, ids[1]: {B.digest}}
    assert set(every(store)) == {B.digest, C.digest}, "A is held by no cable any more"
    store.hold_facts({ids[1]: []})
    assert store.held_facts(ids) == {ids[0]: {C.digest}}
    assert every(store) == {C.digest: C}
    assert store.recorded_count() == 2
    assert store.fact_holders([A.digest, B.digest]) == set()


def test_hold_facts_given_what_the_cables_held_does_as_without(
    store: Store, cables: list[Cable]
) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A, B], ids[1]: [B, D]})
    with store.batch():
        known = store.held_facts(ids[:2])
        store.hold_facts({ids[0]: [B, C], ids[1]: [D]}, known)
    assert store.held_facts(ids) == {ids[0]: {B.digest, C.digest}, ids[1]: {D.digest}}
    assert every(store) == {B.digest: B, C.digest: C, D.digest: D}
    assert store.fact_holders([A.digest]) == set()
    assert store.recorded_count() == 2


def test_a_cable_holding_no_facts_counts_as_recorded(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [], ids[2]: ()})
    assert store.recorded_count() == 2
    assert store.unrecorded_cables() == sorted(set(ids) - {ids[0], ids[2]})
    assert store.held_facts(ids) == {}
    assert every(store) == {}
    store.hold_facts({})
    assert store.recorded_count() == 2


def test_recorded_facts_by_question_and_key(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A, B, C], ids[1]: [C, D]})
    assert store.recorded_facts() == []
    assert store.recorded_facts([("alias", "a")]) == [A]
    assert store.recorded_facts([("acronym", "a")]) == [D]
    assert store.recorded_facts([("alias", "c"), ("acronym", "b"), ("other", "a")]) == []
    by_digest = sorted([A, C], key=lambda f: f.digest)
    assert store.recorded_facts([("alias", "a"), ("acronym", "c"), ("alias", "a")]) == by_digest
    acronyms = sorted([C, D], key=lambda f: f.digest)
    assert store.recorded_facts(questions=["acronym"]) == acronyms
    assert store.recorded_facts(questions=iter(["acronym", "acronym", "nothing"])) == acronyms
    both = store.recorded_facts(iter([("acronym", "c"), ("alias", "b")]), ["acronym"])
    assert both == sorted([B, C, D], key=lambda f: f.digest), "each fact once"


def test_recorded_keys_by_question(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    assert store.recorded_keys(["alias"]) == set()
    store.hold_facts({ids[0]: [A, B, C], ids[1]: [C, D]})
    assert store.recorded_keys(["alias"]) == {A.key, B.key}
    assert store.recorded_keys(iter(["acronym", "alias", "nothing"])) == {
        A.key,
        B.key,
        C.key,
        D.key,
    }
    store.hold_facts({ids[0]: [C]})
    assert store.recorded_keys(["alias"]) == set(), "unheld facts are gone with their keys"


def test_fact_holders_and_held_facts(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A, B], ids[1]: [B, C], ids[2]: []})
    assert store.fact_holders([A.digest]) == {ids[0]}
    assert store.fact_holders(iter([B.digest])) == {ids[0], ids[1]}
    assert store.fact_holders([A.digest, C.digest, D.digest]) == {ids[0], ids[1]}
    assert store.fact_holders([D.digest]) == set()
    assert store.fact_holders([]) == set()
    assert store.held_facts(iter([ids[1], ids[2], "99NOWHERE1"])) == {ids[1]: {B.digest, C.digest}}
    assert store.held_facts([]) == {}


def test_record_answers_changes_only_the_answers_given(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A, B], ids[1]: [C]})
    store.record_answers(iter([(A.digest, "no"), (C.digest, ""), (D.digest, "never")]))
    store.record_answers([])
    assert every(store) == {
        A.digest: dataclasses.replace(A, answer="no"),
        B.digest: B,
        C.digest: dataclasses.replace(C, answer=""),
    }
    assert store.recorded_facts([("alias", "a")])[0].answer == "no"
    assert store.held_facts(ids) == {ids[0]: {A.digest, B.digest}, ids[1]: {C.digest}}
    store.hold_facts({ids[2]: [dataclasses.replace(A, answer="again")]})
    assert every(store)[A.digest].answer == "no"


def test_putting_new_cables_leaves_the_record_alone(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables[:2])
    store.save_record_state("model", b"m")
    store.hold_facts({ids[0]: [A], ids[1]: [B]})
    assert store.unrecorded_cables() == []
    later = stored(store, cables[2:])
    assert store.unrecorded_cables() == sorted(later)
    assert store.recorded_count() == 2
    assert set(every(store)) == {A.digest, B.digest}
    assert store.record_state("model") == b"m"


@pytest.mark.parametrize("in_batch", [False, True])
def test_putting_a_recorded_cable_again_clears_the_record(
    store: Store, cables: list[Cable], in_batch: bool
) -> None:
    ids = stored(store, cables)
    store.save_record_state("model", b"m")
    store.hold_facts({ids[0]: [A], ids[1]: [B]})
    changed = dataclasses.replace(cables[1], subject="ANOTHER SUBJECT")
    if in_batch:
        with store.batch():
            store.put(cables[3], [cables[3]])
            store.put(changed, [changed])
            assert store.recorded_count() == 0
    else:
        store.put(changed, [changed])
    assert store.recorded_count() == 0
    assert every(store) == {} and store.held_facts(ids) == {}
    assert store.record_state("model") is None
    assert store.unrecorded_cables() == sorted(ids)


def test_deleting_a_cable_clears_the_record_only_when_it_holds_it(
    store: Store, cables: list[Cable]
) -> None:
    ids = stored(store, cables)
    store.save_record_state("model", b"m")
    store.hold_facts({ids[0]: [A], ids[1]: [B]})
    assert store.delete(ids[3])
    assert not store.delete("99NOWHERE1")
    assert store.recorded_count() == 2 and store.record_state("model") == b"m"
    assert store.delete(ids[0])
    assert store.recorded_count() == 0 and every(store) == {}
    assert store.record_state("model") is None
    assert store.unrecorded_cables() == sorted(set(ids) - {ids[0], ids[3]})


def test_a_batch_undone_keeps_the_record(store: Store, cables: list[Cable]) -> None:
    """Clearing the record on a write is part of the write's transaction, as is holding."""
    ids = stored(store, cables)
    store.hold_facts({ids[0]: [A], ids[1]: [B]})
    with pytest.raises(RuntimeError), store.batch():
        store.put(cables[0], [cables[0]])
        store.hold_facts({ids[2]: [C]})
        store.record_answers([(C.digest, "no")])
        raise RuntimeError("undo")
    assert store.recorded_count() == 2
    assert every(store) == {A.digest: A, B.digest: B}
    with pytest.raises(RuntimeError), store.batch():
        store.hold_facts({ids[0]: [C], ids[2]: [D]})
        raise RuntimeError("undo")
    assert store.held_facts(ids) == {ids[0]: {A.digest}, ids[1]: {B.digest}}
    assert every(store) == {A.digest: A, B.digest: B}


def test_clear_record(store: Store, cables: list[Cable]) -> None:
    ids = stored(store, cables)
    store.save_record_state("model", b"m")
    store.hold_facts({ids[0]: [A, B], ids[1]: []})
    store.clear_record()
    assert store.record_state("model") is None
    assert store.recorded_count() == 0 and every(store) == {}
    assert store.held_facts(ids) == {} and store.fact_holders([A.digest]) == set()
    assert store.recorded_facts([("alias", "a")], ["alias"]) == []
    assert store.unrecorded_cables() == sorted(ids)
    assert store.count() == len(cables), "the cables stay"
    store.hold_facts({ids[0]: [A]})
    assert every(store) == {A.digest: A}


def bulk(i: int, j: int) -> RecordedFact:
    """The ``j``th fact of cable ``i`` of the bulk test: neighbours share half their facts."""
    k = i * 25 + j
    return fact(f"f{k}", f"q{k % 7}", f"k{k}", f"a{k % 3}")


def test_thousands_of_cables_and_facts(store: Store) -> None:
    held = {f"C{i:05d}": [bulk(i, j) for j in range(50)] for i in range(2000)}
    store.hold_facts(held)
    facts = {f.digest: f for some in held.values() for f in some}
    assert store.recorded_count() == 2000
    assert every(store) == facts
    expected = {cid: {f.digest for f in some} for cid, some in held.items()}
    assert store.held_facts(held) == expected
    chosen = [bulk(i, 30).digest for i in range(0, 2000, 3)]
    holders = {cid for cid, digests in expected.items() if digests & set(chosen)}
    assert len(holders) > 1000
    assert store.fact_holders(chosen) == holders
    keyed = [(f"q{k % 7}", f"k{k}") for k in range(0, 3600, 3)]
    asked = set(keyed)
    matching = [f for f in facts.values() if (f.question, f.key) in asked]
    assert store.recorded_facts(keyed) == sorted(matching, key=lambda f: f.digest)
    assert len(matching) == 1200
    assert {f.digest for f in store.recorded_facts(questions=["q3"])} == {
        d for d, f in facts.items() if f.question == "q3"
    }
    # The first 700 cables hold other facts now: those only they held go.
    again = {f"C{i:05d}": [bulk(i + 5000, j) for j in range(10)] for i in range(700)}
    store.hold_facts(again)
    expected.update({cid: {f.digest for f in some} for cid, some in again.items()})
    left = set().union(*expected.values())
    assert len(left) < len(facts)
    assert set(every(store)) == left
    assert store.held_facts(held) == expected
    store.record_answers((d, "changed") for d in chosen)
    answered = {d for d, f in every(store).items() if f.answer == "changed"}
    assert answered == set(chosen) & left
