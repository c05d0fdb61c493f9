"""The resolution gold set is sound: every referent is registered, every judged mention is
found again in the text cablescope builds today from the corpus pages, and ``eval
--resolution`` scores databases built from those pages (a real resolution, a perfect one, one
that lumps everything together) with the figures the gold set implies."""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import orjson
import pytest

import cablescope.store
from cablescope.evaluation.resolution import NIL, GoldMention, read_gold, read_referents, relocate
from cablescope.model import Mention
from cablescope.model.entity import Entity, Link, Resolution
from cablescope.model.mention import ENTITY_TYPES
from tests.cli.test_cli import run
from tests.conftest import CORPUS_TAR, corpus_pages

GOLD = read_gold()
REFERENTS = read_referents()


def test_enough_mentions_drawn_both_ways() -> None:
    draws = Counter(g.draw.split(":")[0] for g in GOLD)
    assert len(GOLD) >= 300 and draws["random"] >= 120 and draws["hard"] >= 180
    assert len({g.draw for g in GOLD if g.draw.startswith("hard:")}) >= 20
    assert len({(g.cable_id, g.start) for g in GOLD}) == len(GOLD)


def test_every_referent_is_registered_with_its_type() -> None:
    assert REFERENTS[NIL].type == "-"
    assert all(r.type in ENTITY_TYPES for r in REFERENTS.values() if r.id != NIL)
    for g in GOLD:
        assert g.referent in REFERENTS, g
        assert g.type == REFERENTS[g.referent].type, g
    assert {g.referent for g in GOLD} == set(REFERENTS)


def test_mentions_carry_their_context() -> None:
    for g in GOLD:
        assert g.surface.strip() and g.end - g.start == len(g.surface), g
        assert len(g.left) <= 40 and len(g.right) <= 40, g
        assert len(g.left) == min(40, g.start), g


def test_hard_referents_come_in_groups_across_cables() -> None:
    cables: dict[str, set[str]] = {}
    for g in GOLD:
        if g.draw.startswith("hard:") and not g.nil:
            cables.setdefault(g.referent, set()).add(g.cable_id)
    assert sum(len(c) >= 3 for c in cables.values()) >= 25


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not CORPUS_TAR.is_file():
        pytest.skip("../shared/corpus is not present")
    folder = tmp_path_factory.mktemp("gold-pages")
    wanted = {g.cable_id for g in GOLD}
    for name, data in corpus_pages():
        if Path(name).stem in wanted:
            (folder / Path(name).name).write_bytes(data)
    assert {p.stem for p in folder.iterdir()} == wanted
    return folder


def _ingest(pages: Path, path: Path, results: dict[str, list[Mention]] | None = None) -> None:
    from cablescope.pipeline.entities import Tagging
    from cablescope.pipeline.ingest import ingest
    from cablescope.tagging.base import StaticTagger

    tagging = None if results is None else Tagging(StaticTagger(results), rules=None)
    with cablescope.store.open(str(path)) as store:
        summary = ingest([str(pages)], store, workers=1, tagging=tagging, resolve=bool(results))
        assert summary.rejected == 0


@pytest.fixture(scope="module")
def plain(pages: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The gold cables ingested without tagging."""
    path = tmp_path_factory.mktemp("gold-plain") / "c.db"
    _ingest(pages, path)
    return path


@pytest.fixture(scope="module")
def texts(plain: Path) -> dict[str, str]:
    with cablescope.store.open(str(plain)) as store:
        return {c.id: c.text for c in store.iter_cables()}


def _spans(texts: dict[str, str]) -> list[tuple[GoldMention, int, int]]:
    found = []
    for g in GOLD:
        span = relocate(texts[g.cable_id], g)
        assert span is not None, f"{g.cable_id}: {g.surface!r} is no longer found"
        found.append((g, *span))
    return found


def test_every_mention_is_found_again_in_todays_text(texts: dict[str, str]) -> None:
    for g, start, end in _spans(texts):
        assert texts[g.cable_id][start:end].split() == g.surface.split()


def _eval(path: Path) -> dict[str, object]:
    done = run("eval", "--resolution", "--db", str(path), "--json")
    assert done.returncode == 0, done.stderr
    result = orjson.loads(done.stdout)
    assert isinstance(result, dict)
    return result


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


GOLD_PAIRS = sum(_pairs(n) for r, n in Counter(g.referent for g in GOLD).items() if r != NIL)


def _resolve_as(plain: Path, path: Path, links: Iterable[Link]) -> Path:
    shutil.copyfile(plain, path)
    links = list(links)
    count = Counter(k.entity_id for k in links)
    entities = tuple(
        Entity(eid, eid, "MISC", eid, (), n, n, None, None) for eid, n in sorted(count.items())
    )
    with cablescope.store.open(str(path)) as store:
        store.save_resolution(Resolution(entities, tuple(links)))
    return path


def test_a_perfect_resolution_scores_one(
    plain: Path, texts: dict[str, str], tmp_path: Path
) -> None:
    links = [
        Link(g.cable_id, start, end, f"misc:{g.referent}", 1.0, "exact")
        for g, start, end in _spans(texts)
        if not g.nil
    ]
    result = _eval(_resolve_as(plain, tmp_path / "perfect.db", links))
    # nothing tagged the NIL mentions and nothing links them: they are left out
    nils = sum(g.nil for g in GOLD)
    assert (result["judged"], result["unlocated"], result["untagged"]) == (len(GOLD), 0, nils)
    scores = result["scores"]
    assert isinstance(scores, dict)
    assert scores["gold_pairs"] == scores["system_pairs"] == scores["common_pairs"] == GOLD_PAIRS
    for key in ("link_precision", "link_recall", "b3_precision", "b3_recall", "b3_f1"):
        assert scores[key] == pytest.approx(1.0), key
    assert result["merged"] == [] and result["split"] == []


def test_one_entity_for_everything_keeps_recall_and_loses_precision(
    plain: Path, texts: dict[str, str], tmp_path: Path
) -> None:
    links = [Link(g.cable_id, s, e, "misc:everything", 1.0, "exact") for g, s, e in _spans(texts)]
    result = _eval(_resolve_as(plain, tmp_path / "blob.db", links))
    scores = result["scores"]
    assert isinstance(scores, dict)
    n = len(GOLD)
    assert scores["system_pairs"] == _pairs(n) and scores["common_pairs"] == GOLD_PAIRS
    assert scores["link_precision"] == pytest.approx(GOLD_PAIRS / _pairs(n))
    assert scores["link_recall"] == scores["b3_recall"] == pytest.approx(1.0)
    sizes = Counter(g.referent for g in GOLD)
    expected_b3p = sum(1 if g.nil else sizes[g.referent] for g in GOLD) / n**2
    assert scores["b3_precision"] == pytest.approx(expected_b3p)
    merged = result["merged"]
    assert isinstance(merged, list) and [m["label"] for m in merged] == ["misc:everything"]


def test_the_resolver_on_the_gold_spans(pages: Path, texts: dict[str, str], tmp_path: Path) -> None:
    results: dict[str, list[Mention]] = {}
    for g, start, end in _spans(texts):
        text = texts[g.cable_id]
        kind = "MISC" if g.nil else g.type
        results.setdefault(text, []).append(Mention(start, end, kind, text[start:end], "gold"))
    path = tmp_path / "resolved.db"
    _ingest(pages, path, results)
    result = _eval(path)
    assert (result["unlocated"], result["untagged"]) == (0, 0)
    scores = result["scores"]
    assert isinstance(scores, dict)
    assert scores["mentions"] == len(GOLD) and scores["gold_pairs"] == GOLD_PAIRS
    assert scores["common_pairs"] <= min(scores["system_pairs"], GOLD_PAIRS)
    by_draw = result["by_draw"]
    assert isinstance(by_draw, dict) and set(by_draw) == {"random", "hard"}
    split = result["split"]
    assert isinstance(split, list) and all(s["label"] in REFERENTS for s in split)
    text = run("eval", "--resolution", "--db", str(path))
    assert text.returncode == 0 and "link P" in text.stdout and "B3 F1" in text.stdout


def test_unresolved_database_and_missing_gold_say_so_in_one_line(
    plain: Path, tmp_path: Path
) -> None:
    done = run("eval", "--resolution", "--db", str(plain))
    assert done.returncode == 1 and "cablescope resolve" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("eval", "--resolution", "--db", str(plain), "--gold", str(tmp_path))
    assert done.returncode == 1 and "no resolution gold set at" in done.stderr
    missing = run("eval", "--resolution", "--db", str(tmp_path / "none.db"))
    assert missing.returncode == 1 and "no database at" in missing.stderr
