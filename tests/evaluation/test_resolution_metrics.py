"""The resolution yardstick's arithmetic on hand-made examples: pairwise and B-cubed scores,
finding a judged mention again after the text moved, matching it to the system's links."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.evaluation.clusters import cluster_scores, confusions
from cablescope.evaluation.resolution import GoldMention, judge, relocate, score_judged
from cablescope.model import Cable, Mention
from cablescope.model.entity import Link


def test_pairwise_and_bcubed_by_hand() -> None:
    # gold {0,1} {2,3}; system {0,1,2} {3}
    s = cluster_scores(["a", "a", "b", "b"], ["x", "x", "x", "y"])
    assert (s.pairs, s.gold_pairs, s.common) == (3, 2, 1)
    assert s.precision == pytest.approx(1 / 3)
    assert s.recall == pytest.approx(1 / 2)
    assert s.b3_precision == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert s.b3_recall == pytest.approx((1 + 1 + 1 / 2 + 1 / 2) / 4)
    assert s.b3_f1 == pytest.approx(12 / 17)


def test_none_labels_are_clusters_of_their_own() -> None:
    # two NIL mentions the system puts together: a wrong pair, no gold pair
    s = cluster_scores([None, None, "a"], ["x", "x", None])
    assert (s.pairs, s.gold_pairs, s.common) == (1, 0, 0)
    assert s.precision == 0.0 and s.recall is None
    assert s.b3_precision == pytest.approx(2 / 3) and s.b3_recall == 1.0


def test_confusions_name_the_merges_and_splits() -> None:
    gold = ["hugo", "hugo", "chaves", "nestor", "cristina", None]
    system = ["chavez", "chavez", "chavez", "kirchner", "kirchner", "kirchner"]
    merged = confusions(system, [g or "NIL" for g in gold])
    assert [(c.label, c.parts, c.pairs) for c in merged] == [
        ("kirchner", (("NIL", 1), ("cristina", 1), ("nestor", 1)), 3),
        ("chavez", (("hugo", 2), ("chaves", 1)), 2),
    ]
    split = confusions(["a", "a", "a", "b"], ["x", None, "y", "y"], none="-")
    assert [(c.label, c.parts, c.pairs) for c in split] == [
        ("a", (("-", 1), ("x", 1), ("y", 1)), 3)
    ]


def test_nothing_to_score() -> None:
    s = cluster_scores([], [])
    assert s.mentions == 0 and s.precision is None and s.b3_f1 is None
    with pytest.raises(ValueError):
        cluster_scores(["a"], [])


labels = st.lists(st.sampled_from(["a", "b", "c", None]), max_size=12)


@given(labels)
def test_the_same_partition_scores_one_whatever_its_labels(gold: list[str | None]) -> None:
    renamed = [None if g is None else g.upper() for g in gold]
    s = cluster_scores(gold, renamed)
    assert s.pairs == s.gold_pairs == s.common
    if gold:
        assert s.b3_precision == s.b3_recall == pytest.approx(1.0)


@given(st.data())
def test_scores_are_ratios(data: st.DataObject) -> None:
    gold = data.draw(labels)
    system = data.draw(
        st.lists(st.sampled_from(["x", "y", None]), min_size=len(gold), max_size=len(gold))
    )
    s = cluster_scores(gold, system)
    assert s.common <= min(s.pairs, s.gold_pairs)
    for v in (s.precision, s.recall, s.b3_precision, s.b3_recall, s.b3_f1):
        assert v is None or 0.0 <= v <= 1.0
    # swapping gold and system swaps precision and recall
    t = cluster_scores(system, gold)
    assert (t.precision, t.b3_precision) == (s.recall, s.b3_recall)


TEXT = (
    "1. President Chavez met the GOB delegation in Caracas. Later, Chavez told the "
    "press that Chavez would visit Brasilia, where the GOB hosts him."
)


def _gold(text: str, surface: str, nth: int = 0, referent: str = "hugo-chavez") -> GoldMention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    end = start + len(surface)
    return GoldMention(
        "09CARACAS1",
        start,
        end,
        surface,
        text[max(0, start - 40) : start],
        text[end : end + 40],
        "PER",
        referent,
        "random",
    )


def test_relocate_after_text_moved() -> None:
    g = _gold(TEXT, "Chavez", 2)
    assert relocate(TEXT, g) == (g.start, g.end)
    moved = "PARAGRAPH ADDED IN FRONT.\n" + TEXT.replace("Later, ", "Later,\n  ")
    start, end = relocate(moved, g) or (0, 0)
    assert moved[start:end] == "Chavez"
    assert moved[start - 15 : start] == "the press that "


def test_relocate_surface_broken_over_lines() -> None:
    g = _gold(TEXT, "President Chavez")
    broken = TEXT.replace("President Chavez", "President\nChavez")
    start, end = relocate(broken, g) or (0, 0)
    assert broken[start:end] == "President\nChavez"


def test_relocate_refuses_a_guess() -> None:
    g = _gold(TEXT, "GOB", 1)
    assert relocate(TEXT.replace("GOB", "GOV"), g) is None
    # two occurrences and neither context agrees: no guess
    rewritten = "The GOB said no. Then the GOB said yes."
    assert relocate(rewritten, g) is None
    # one occurrence alone is taken
    assert relocate("only the GOB here", g) == (9, 12)


class FakeStore:
    def __init__(self, cables: Iterable[Cable], links: Iterable[Link]) -> None:
        self.cables = {c.id: c for c in cables}
        self.links = list(links)

    def get_cable(self, cable_id: str) -> Cable | None:
        return self.cables.get(cable_id)

    def entity_links(self, cable_ids: Iterable[str]) -> list[Link]:
        wanted = set(cable_ids)
        return [k for k in self.links if k.cable_id in wanted]


def _at(surface: str, nth: int = 0) -> tuple[int, int]:
    g = _gold(TEXT, surface, nth)
    return g.start, g.end


def test_judge_counts_untagged_and_unlocated_apart() -> None:
    tagged = [
        Mention(*_at("President Chavez"), "PER", "President Chavez", "test"),
        Mention(*_at("Chavez", 1), "PER", "Chavez", "test"),
        Mention(*_at("GOB"), "ORG", "GOB", "test"),
        Mention(*_at("GOB", 1), "ORG", "GOB", "test"),
    ]
    links = [
        Link("09CARACAS1", *_at("President Chavez"), "per:hugo-chavez", 1.0, "exact"),
        Link("09CARACAS1", *_at("Chavez", 1), "per:hugo-chavez", 1.0, "same-cable"),
        Link("09CARACAS1", *_at("GOB"), "org:gob", 1.0, "exact"),
        Link("09CARACAS1", *_at("GOB", 1), "org:gob", 1.0, "exact"),
    ]
    store = FakeStore([Cable(id="09CARACAS1", text=TEXT, mentions=tuple(tagged))], links)
    gold = [
        _gold(TEXT, "Chavez", 0),  # inside the tagged "President Chavez"
        _gold(TEXT, "Chavez", 1),
        _gold(TEXT, "Chavez", 2),  # not tagged
        _gold(TEXT, "GOB", 0, "gob-venezuela"),
        _gold(TEXT, "GOB", 1, "gob-brazil"),
        GoldMention("09OTHER1", 0, 3, "GOB", "", " said", "ORG", "gob-brazil", "random"),
    ]
    judged = judge(store, gold)
    assert [j.entity for j in judged] == [
        "per:hugo-chavez",
        "per:hugo-chavez",
        None,
        "org:gob",
        "org:gob",
        None,
    ]
    result = score_judged(judged)
    assert (result.judged, result.unlocated, result.untagged) == (6, 1, 1)
    assert result.all.mentions == 4
    # the two Chavez mentions are a right pair, the two GOB mentions a wrong one
    assert (result.all.pairs, result.all.gold_pairs, result.all.common) == (2, 1, 1)
    assert result.all.precision == 0.5 and result.all.recall == 1.0
    assert "link P" in result.report()
