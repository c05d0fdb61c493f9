"""The co-mentions of an entity whose cables a batch changed, mended from the changed cables
alone (``_sqlcurate._Moved``): whatever the batch does to the entities (keeps, renames, ends
or makes them) and to the cables it changes, a mended list is the top of the co-mentions a
full count gives, as far as it goes."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.store import _rows
from cablescope.store._sqlcurate import _Moved, _top

CABLES = [f"c{i}" for i in range(24)]
OLD = [f"e{i}" for i in range(12)]

Batch = tuple[dict[str, set[str]], dict[str, set[str]], dict[str, str], list[str], set[str]]
"""Entities per cable before and after a batch, the ids the placed entities had, the ids that
ended and the cables the batch changed."""


def _co(members: dict[str, set[str]], eid: str) -> list[tuple[str, int]]:
    """Every co-mention of ``eid``, counted in full."""
    found: Counter[str] = Counter()
    for named in members.values():
        if eid in named:
            found.update(named - {eid})
    return list(found.items())


@st.composite
def batches(draw: st.DrawFn) -> Batch:
    """A batch over ``CABLES`` and the entities ``OLD``."""
    before = {c: set(draw(st.sets(st.sampled_from(OLD), max_size=8))) for c in CABLES}
    changed = set(draw(st.sets(st.sampled_from(CABLES), min_size=1, max_size=10)))
    # An entity can end only if every cable it was in is one the batch changed.
    endable = [e for e in OLD if all(c in changed for c in CABLES if e in before[c])]
    ended = set(draw(st.sets(st.sampled_from(endable)))) if endable else set()
    fates = ["kept", "renamed", "placed", "moved"]
    fate = {e: draw(st.sampled_from(fates)) for e in OLD if e not in ended}
    free = sorted(ended)

    def new_id(own: str) -> str:
        # One ranked before the old ids (so that ties at the end of a list are broken anew),
        # or the id of an entity that ended.
        found = draw(st.sampled_from([own, *free]))
        if found in free:
            free.remove(found)
        return found

    now = {e: (new_id(f"a{e}") if f in ("renamed", "moved") else e) for e, f in fate.items()}
    made = [new_id(f"n{i}") for i in range(draw(st.integers(0, 3)))]
    old_of = {now[e]: e for e, f in fate.items() if f != "kept"} | dict.fromkeys(made, "")
    alive = sorted(now.values()) + made
    after = {}
    for c in CABLES:
        if c in changed:
            after[c] = set(draw(st.sets(st.sampled_from(alive), max_size=8)))
        else:
            after[c] = {now[o] for o in before[c]}
    # An entity the batch did not place keeps its cables (and a renamed one its links).
    for e, f in fate.items():
        if f == "kept" or f == "renamed":
            for c in changed:
                after[c].discard(now[e])
                if e in before[c]:
                    after[c].add(now[e])
    return before, after, old_of, sorted(ended), changed


@pytest.fixture(autouse=True)
def short_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_rows, "CO_MENTIONS", 3)
    monkeypatch.setattr(_rows, "CO_KEPT", 6)


@settings(max_examples=300, deadline=None)
@given(batches(), st.data())
def test_a_mended_list_is_the_top_of_a_full_count(batch: Batch, data: st.DataObject) -> None:
    before, after, old_of, ended, changed = batch
    new_of = {was: eid for eid, was in old_of.items() if was}
    wide = data.draw(st.sampled_from([e for e in OLD if e not in ended]))
    eid = new_of.get(wide, wide)
    listed = _top(_co(before, wide))
    if len(listed) < _rows.CO_MENTIONS:
        return
    moved = _Moved(
        old_of,
        ended,
        {c: before[c] for c in changed if before[c]},
        {c: after[c] for c in changed if after[c]},
    )
    mended = moved.mended(eid, wide, listed)
    full = sorted(_co(after, eid), key=lambda x: (-x[1], x[0]))
    if mended is not None:
        assert len(mended) >= _rows.CO_MENTIONS
        assert mended == full[: len(mended)]
