"""``cablescope eval``: tables, JSON by corpus, skipped corpora, one-line errors."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from cablescope.cli import cli
from cablescope.evaluation import read_cable_gold
from cablescope.tagging.load import DEFAULT_TAGGER

needs_gold = pytest.mark.skipif(not any(read_cable_gold()), reason="cable gold set absent")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["eval", *args])
    return result.exit_code, result.stdout, result.stderr


@needs_gold
def test_prints_a_table_per_corpus(tmp_path: Path) -> None:
    code, out, _ = run("--tagger", "static", "--shared", str(tmp_path))
    assert code == 0
    blocks = out.split("\n\n## ")
    assert out.startswith("## conll-valid: tagger static, rules off: skipped")
    assert "## historylab: tagger static, rules on: skipped" in out
    assert "cables: tagger static, rules on, 24 documents, " in blocks[-1]
    assert "words/s" in blocks[-1]
    for row in ("| type | P | R | F1 | support |", "| PER |", "| MISC |", "| micro |"):
        assert row in blocks[-1]


@needs_gold
def test_no_rules_and_one_corpus(tmp_path: Path) -> None:
    code, out, _ = run("--tagger", "static", "--corpus", "cables", "--no-rules")
    assert code == 0
    assert out.startswith("## cables: tagger static, rules off, 24 documents")
    assert "conll-valid" not in out


@needs_gold
def test_json_gives_a_dict_per_corpus(tmp_path: Path) -> None:
    code, out, _ = run(
        "--tagger", "static", "--corpus", "cables", "--corpus", "conll-valid", "--json",
        "--shared", str(tmp_path),
    )  # fmt: skip
    assert code == 0
    data = orjson.loads(out)
    assert list(data) == ["cables", "conll-valid"]
    cables = data["cables"]
    assert cables["tagger"] == "static"
    assert cables["rules"] is True and cables["skipped"] is None
    assert cables["documents"] == 24
    assert set(cables["exact"]) == {"PER", "ORG", "LOC", "MISC", "micro"}
    assert cables["exact"]["micro"]["support"] > 1000
    assert cables["overlap"] is None
    assert data["conll-valid"]["skipped"]


def test_rules_on_news_scores_conll_through_the_rules(tmp_path: Path) -> None:
    conll = tmp_path / "ner" / "conll2003"
    conll.mkdir(parents=True)
    conll.joinpath("valid.txt").write_text(
        "-DOCSTART- -X- -X- O\n\nLONDON NNP B-NP B-LOC\n1996-08-30 CD I-NP O\n", encoding="utf-8"
    )
    shared = ("--tagger", "static", "--corpus", "conll-valid", "--shared", str(tmp_path))
    assert run(*shared)[1].startswith("## conll-valid: tagger static, rules off, 1 documents")
    code, out, _ = run(*shared, "--rules-on-news")
    assert code == 0
    assert out.startswith("## conll-valid: tagger static, rules on, 1 documents")
    assert run(*shared, "--rules-on-news", "--no-rules")[1].startswith(
        "## conll-valid: tagger static, rules off"
    )


def test_shared_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CABLESCOPE_SHARED", str(tmp_path / "elsewhere"))
    code, out, _ = run("--tagger", "static", "--corpus", "historylab")
    assert code == 0
    assert str(tmp_path / "elsewhere") in out


def test_unknown_tagger_is_one_line() -> None:
    code, out, err = run("--tagger", "nosuch", "--corpus", "cables")
    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("Error: no tagger named 'nosuch'")


def test_missing_pipeline_is_one_line() -> None:
    code, _, err = run("--tagger", "spacy:no_such_pipeline_xx", "--corpus", "cables")
    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "no_such_pipeline_xx" in err


def test_unknown_corpus_is_a_usage_error() -> None:
    code, _, err = run("--tagger", "static", "--corpus", "wikinews")
    assert code == 2
    assert "wikinews" in err


def test_help_names_the_default_tagger() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert DEFAULT_TAGGER in out
