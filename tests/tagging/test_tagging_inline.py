"""The inline format round-trips through the repair stage's mark reader."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.repair.marks import find_marks
from cablescope.tagging.inline import render_inline

WORDS = ["Tello", "Peon", "PGR", "Ciudad", "Juarez", "met", "in", "the", ",", "Mexican"]
TYPES = ["PER", "ORG", "LOC", "MISC"]


def test_render_inline() -> None:
    text = "Keith Mines met PGR in Mexico."
    spans = [(0, 11, "PER"), (16, 19, "ORG"), (23, 29, "LOC")]
    assert render_inline(text, spans) == ("[PER Keith Mines  ] met [ORG PGR  ] in [LOC Mexico  ].")
    with pytest.raises(ValueError):
        render_inline(text, [(0, 11, "PER"), (6, 19, "ORG")])


@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 39), st.sampled_from(TYPES)), max_size=8),
)
def test_rendered_marks_are_read_back(words: list[str], picks: list[tuple[int, str]]) -> None:
    text = " ".join(words)
    starts, pos = [], 0
    for word in words:
        starts.append(pos)
        pos += len(word) + 1
    chosen = {i: kind for i, kind in picks if i < len(words)}
    spans = [(starts[i], starts[i] + len(words[i]), kind) for i, kind in sorted(chosen.items())]
    marked = render_inline(text, spans)
    marks = find_marks(marked)
    assert [(m.type, marked[m.inner_start : m.inner_end].strip()) for m in marks] == [
        (kind, text[s:e]) for s, e, kind in spans
    ]
