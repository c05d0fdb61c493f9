"""The diff and redactions commands: a re-released cable beside the original, text and JSON,
exit statuses, one-line errors; redaction counts in search and show."""

from __future__ import annotations

import orjson
import pytest

from tests.cli.test_cli import run
from tests.conftest import EXAMPLES, ROOT
from tests.releases import second_release


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """examples/ ingested, then a second release of 10MEXICO83 beside the original."""
    folder = tmp_path_factory.mktemp("compare")
    path = str(folder / "examples.db")
    done = run("ingest", "--no-ner", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    again = run("ingest", "--no-ner", "--db", path, str(second_release(folder)))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("0 new, 1 updated"), again.stdout
    return path


def one_line_error(done: object) -> str:
    assert done.returncode == 1  # type: ignore[attr-defined]
    err: str = done.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    return err.strip()


def test_diff_of_two_releases(db: str) -> None:
    done = run("diff", "10MEXICO83", "--db", db, "--sources", "10MEXICO83.html", "2011")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "10MEXICO83: 3 sources"
    assert lines[1].startswith(" *a  wikileaks-html  cf06bf02  ")
    assert lines[3].startswith("  c  plusd ")
    assert lines[5] == (
        "text, a -> b: 1 word deleted, 2 inserted, in 2 places "
        "(2,668 and 2,669 words; typesetting ignored; --exact counts it)"
    )
    assert lines[7].startswith("@@ a ") and lines[7].endswith(" ¶5 @@")
    assert lines[8] == (
        "two percent of those detained are {+ever+} brought to [-trail.-]{+trial.+} "
        "Only 2 percent of those arrested"
    )
    assert "\x1b[" not in done.stdout
    fields = done.stdout.split("fields that differ:\n")[1]
    assert "  dates\n    a  created 2010-01-29T20:08:00Z; released 2010-12-02T21:09:00Z;" in fields
    assert "released 2011-08-30T17:02:00Z" in fields


def test_diff_json(db: str) -> None:
    done = run("diff", "10mexico83", "--db", db, "--json", "--context", "1")
    assert done.returncode == 0, done.stderr
    data = orjson.loads(done.stdout)
    assert data["compared"] == ["a", "c"]
    assert [s["format"] for s in data["sources"]] == ["wikileaks-html", "wikileaks-html", "plusd"]
    edits = [
        (s["op"], s["a"], s["b"])
        for h in data["text"]["hunks"]
        for s in h["segments"]
        if s["op"] != "equal"
    ]
    assert edits == [
        ("replace", "ascendency,", "ascendancy,"),
        ("replace", "trail.", "trial."),
        ("replace", "lightening", "lightning"),
        ("replace", "vitrolic", "vitriolic"),
    ]
    assert [f["field"] for f in data["fields"]][:3] == ["published_id", "dates", "origin"]


def test_diff_exact(db: str) -> None:
    done = run("diff", "10MEXICO83", "--db", db, "--exact", "--sources", "plusd", "cf06bf")
    assert done.returncode == 0, done.stderr
    assert "typesetting counted" in done.stdout
    assert "[-1.-]{+¶1.+}" in done.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["99NOWHERE1"], "Error: no cable '99NOWHERE1' in the database"),
        (["09PARIS997"], "Error: 09PARIS997 has one source; nothing to compare"),
        (["10MEXICO83", "--sources", "pdf", "plusd"], "Error: no source 'pdf' of 10MEXICO83"),
        (
            ["10MEXICO83", "--sources", "wikileaks-html", "plusd"],
            "Error: 'wikileaks-html' names 2 sources of 10MEXICO83",
        ),
    ],
)
def test_diff_errors(db: str, args: list[str], message: str) -> None:
    assert one_line_error(run("diff", "--db", db, *args)).startswith(message)


def test_redactions_text_and_json(db: str) -> None:
    done = run("redactions", "--db", db)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2 of 11 matching cables carry redactions, 29 redacted spans in all"
    assert lines[2] == "00HARARE5461  2000-09  Embassy Harare  CONFIDENTIAL  28 redactions"
    assert lines[4].startswith("  ¶1 (C) 1 · ¶2 (C) 1 · ¶3 (C) 9 · ")
    spans = run("redactions", "--db", db, "--spans", "origin:cairo")
    assert "    ¶1   Ms. Simpson can be reached via XXXXXXXXXXXX." in spans.stdout
    data = orjson.loads(run("redactions", "--db", db, "--json", "redacted:yes").stdout)
    assert (data["matched"], data["redacted"], data["spans"]) == (2, 2, 29)
    assert [c["id"] for c in data["cables"]] == ["00HARARE5461", "10CAIRO263"]


def test_redactions_errors(db: str) -> None:
    err = one_line_error(run("redactions", "--db", db, "redacted:maybe"))
    assert err == "Error: redacted: takes yes or no, not 'maybe'"


def test_search_and_show_count_redactions(db: str) -> None:
    hits = orjson.loads(run("search", "--db", db, "--json", "redacted:yes").stdout)
    assert [(h["id"], h["redactions"]) for h in hits] == [("10CAIRO263", 1), ("00HARARE5461", 28)]
    text = run("search", "--db", db, "mugabe").stdout
    assert "00HARARE5461  2000-09  Embassy Harare  CONFIDENTIAL  28 redactions" in text
    shown = run("show", "--db", db, "00HARARE5461").stdout
    assert "redactions      28 in 9 of 10 numbered paragraphs" in shown


def test_every_option_is_documented() -> None:
    from cablescope.cli.compare import diff_command, redactions_command

    guide = (ROOT / "docs" / "links.md").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "redacted:yes" in readme and "redacted:" in guide
    for command in (diff_command, redactions_command):
        assert f"cablescope {command.name}" in readme
        for param in command.params:
            for name in param.opts:
                if name.startswith("--") and name != "--db":
                    assert name in guide, f"{command.name} {name} is not in docs/links.md"
