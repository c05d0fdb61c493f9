"""The command-line contract: commands, JSON shapes, exit statuses, bad input, no tracebacks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import EXAMPLES

RECORD_FIELDS = {
    "id",
    "published_id",
    "id_inferred",
    "id_provisional",
    "date",
    "dates",
    "origin",
    "destinations",
    "classification",
    "handling",
    "tags",
    "subject",
    "references",
    "signer",
    "classified_by",
    "reasons",
    "declassify_on",
    "paragraphs",
    "redactions",
    "text",
    "raw",
    "header",
    "edits",
    "annotations",
    "mentions",
    "notes",
    "sources",
    "variants",
}
HIT_FIELDS = {
    "id",
    "date",
    "origin",
    "classification",
    "subject",
    "snippet",
    "score",
    "redactions",
}


def run(
    *args: str,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cablescope", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=300,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "examples.db")
    done = run("ingest", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    summary, resolved = done.stdout.strip().splitlines()
    assert summary == "11 new, 0 updated, 0 unchanged cables from 19 files; 0 rejected"
    assert re.fullmatch(r"resolved [\d,]+ entities from [\d,]+ mentions in 11 cables", resolved)
    return path


@pytest.fixture(scope="module")
def untagged_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The examples without the tagger: only the marks the seed came with are entities."""
    path = str(tmp_path_factory.mktemp("cli") / "untagged.db")
    done = run("ingest", "--no-ner", "--db", path, str(EXAMPLES))
    assert done.returncode == 0, done.stderr
    return path


def test_reingesting_the_same_bytes_changes_nothing(db: str) -> None:
    done = run("ingest", "--db", db, str(EXAMPLES))
    assert done.returncode == 0
    assert done.stdout.startswith("0 new, 0 updated, 11 unchanged cables")


def test_show_json_prints_the_canonical_record(db: str) -> None:
    done = run("show", "--db", db, "10MEXICO83", "--json")
    assert done.returncode == 0, done.stderr
    record = orjson.loads(done.stdout)
    assert set(record) == RECORD_FIELDS | {"entities"}
    assert record["id"] == "10MEXICO83"
    assert {s["format"] for s in record["sources"]} == {"wikileaks-html", "plusd"}
    # the PlusD form of the id finds the same cable
    again = run("show", "--db", db, "10MEXICO83_a", "--json")
    assert orjson.loads(again.stdout) == record


def test_show_text_and_unknown_id(db: str) -> None:
    done = run("show", "--db", db, "79TEHRAN8980")
    assert done.returncode == 0
    assert done.stdout.startswith("id ")
    assert "NEGOTIATIONS" in done.stdout
    missing = run("show", "--db", db, "99NOWHERE1")
    assert missing.returncode == 1
    assert missing.stderr.strip() == "Error: no cable '99NOWHERE1' in the database"


def test_search_json(db: str) -> None:
    done = run("search", "--db", db, "juarez", "--json", "--limit", "3")
    assert done.returncode == 0, done.stderr
    hits = orjson.loads(done.stdout)
    assert 1 <= len(hits) <= 3
    assert all(set(h) == HIT_FIELDS for h in hits)
    assert hits[0]["id"] in {"10MEXICO83", "09MEXICO2882"}
    assert "«" in hits[0]["snippet"]
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"organized crime" class:secret', {"10MEXICO83"}),
        ("tag:SNAR from:2009-01-01 to:2009-12-31", {"09MEXICO2882"}),
        ("origin:tehran", {"79TEHRAN8980", "72TEHRAN1164"}),
        ("mugab*", {"00HARARE5461"}),
        ("sedena NOT semar", set()),
    ],
)
def test_search_filters(db: str, query: str, expected: set[str]) -> None:
    done = run("search", "--db", db, query, "--json")
    assert done.returncode == 0, done.stderr
    assert {h["id"] for h in orjson.loads(done.stdout)} == expected


def test_search_lists_the_spellings_of_a_fuzzy_word(db: str) -> None:
    done = run("search", "--db", db, "strengthening~", "--limit", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == ["strengthening~: strengthening 2, strenthening 1", "2 matches"]
    none = run("search", "--db", db, "xyzzyq~ OR juarez~1")
    assert none.stdout.splitlines()[:3] == [
        "xyzzyq~: no spelling found",
        "juarez~1: juarez 2, juris 1",  # one letter more: juris is a vowel and a letter off
        "3 matches",
    ]
    as_json = run("search", "--db", db, "strengthening~", "--json")
    either = run("search", "--db", db, "strengthening OR strenthening", "--json")
    assert orjson.loads(as_json.stdout) == orjson.loads(either.stdout)  # the same list of hits


@pytest.mark.parametrize("query", ["~", "per:calderon~", '"organized crime"~', "juarez~9"])
def test_a_misplaced_tilde_is_a_one_line_error(db: str, query: str) -> None:
    done = run("search", "--db", db, query)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("Error: ") and done.stderr.count("\n") == 1
    assert "~" in done.stderr and "Traceback" not in done.stderr


def test_export_jsonl_has_every_cable_with_show_fields(db: str) -> None:
    done = run("export", "--db", db)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert len(lines) == 11
    assert all(set(orjson.loads(line)) == RECORD_FIELDS | {"entities"} for line in lines)


def test_stats_and_problems(db: str) -> None:
    stats = run("stats", "--db", db, "--json")
    data = orjson.loads(stats.stdout)
    assert data["cables"] == 11
    assert run("problems", "--db", db).stdout.strip() == "no problems"
    text = run("stats", "--db", db).stdout
    assert "by year:" in text and "by origin:" in text and "by classification:" in text


def test_database_from_environment(db: str, tmp_path: Path) -> None:
    done = run("stats", "--json", env={"CABLESCOPE_DB": db}, cwd=tmp_path)
    assert orjson.loads(done.stdout)["cables"] == 11
    nothing = run("stats", cwd=tmp_path)
    assert nothing.returncode == 1
    assert "no database at cablescope.db" in nothing.stderr


def test_bad_inputs_are_rejected_one_line_each_and_nothing_is_lost(tmp_path: Path) -> None:
    db = str(tmp_path / "bad.db")
    assert run("ingest", "--db", db, str(EXAMPLES / "html")).returncode == 0
    before = run("export", "--db", db).stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (bad / "page.html").write_text("<html><body><p>Hello</p></body></html>")
    page = (EXAMPLES / "html" / "10CAIRO263.html").read_bytes()
    (bad / "truncated.html").write_bytes(page[: len(page) // 2])
    (bad / "utf16.txt").write_bytes("CONFIDENTIAL MEXICO 000083".encode("utf-16"))
    shutil.copy(EXAMPLES / "telegram" / "07KINGSTON382.txt", bad / "good.txt")
    done = run("ingest", "--db", db, str(bad), str(tmp_path / "missing.html"))
    assert done.returncode == 1
    assert done.stdout.splitlines()[0] == (
        "1 new, 0 updated, 0 unchanged cables from 6 files; 6 rejected"
    )
    assert "Traceback" not in done.stderr
    problems = run("problems", "--db", db).stdout.strip().splitlines()
    assert len(problems) == 6
    reasons = "\n".join(problems)
    for name in (
        "empty.txt",
        "binary.bin",
        "page.html",
        "truncated.html",
        "utf16.txt",
        "missing.html",
    ):
        assert name in reasons
    after = run("export", "--db", db).stdout.splitlines()
    assert all(line in after for line in before.splitlines())


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("ingest", "--db", str(tmp_path / "x.db")).returncode == 2
    assert run("search").returncode == 2
    assert run("export", "--format", "xml").returncode == 2
    assert run("no-such-command").returncode == 2


def test_not_a_database_is_one_line(tmp_path: Path) -> None:
    fake = tmp_path / "fake.db"
    fake.write_text("this is not a database\n" * 100)
    done = run("stats", "--db", str(fake))
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_broken_pipe_is_quiet(db: str) -> None:
    done = subprocess.run(
        f"{sys.executable} -m cablescope export --db {db} | head -c 10",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "Traceback" not in done.stderr
    assert "BrokenPipe" not in done.stderr


def test_a_problem_is_recorded_once_and_forgotten_once_the_file_reads(tmp_path: Path) -> None:
    db = str(tmp_path / "mend.db")
    cable = tmp_path / "07KINGSTON382.txt"
    cable.write_bytes(b"")
    assert run("ingest", "--db", db, str(cable)).returncode == 1
    assert run("ingest", "--db", db, str(cable)).returncode == 1
    assert run("problems", "--db", db).stdout.strip() == f"{cable}\tread\tempty file"
    shutil.copy(EXAMPLES / "telegram" / "07KINGSTON382.txt", cable)
    assert run("ingest", "--db", db, str(cable)).returncode == 0
    assert run("problems", "--db", db).stdout.strip() == "no problems"


def test_show_inline_gives_back_the_seed_marks(tmp_path: Path) -> None:
    from cablescope.repair.marks import find_marks

    db = str(tmp_path / "inline.db")
    assert run("ingest", "--db", db, str(EXAMPLES / "annotated")).returncode == 0
    done = run("show", "--db", db, "09MEXICO2882", "--inline", "--layer", "imported")
    assert done.returncode == 0, done.stderr
    inline = done.stdout
    assert "[PER Keith Mines  ]" in inline
    assert "[LOC Ciudad Juarez  ]" in inline
    marks = find_marks(inline)
    assert len(marks) == 107
    record = orjson.loads(run("show", "--db", db, "09MEXICO2882", "--json").stdout)
    assert [m.type for m in marks] == [a["type"] for a in record["annotations"]]
    assert [inline[m.inner_start : m.inner_end].strip() for m in marks] == [
        a["text"] for a in record["annotations"]
    ]
    assert run("show", "--db", db, "09MEXICO2882", "--inline", "--json").returncode == 2


def test_export_inline_and_conll(tmp_path: Path) -> None:
    db = str(tmp_path / "formats.db")
    assert run("ingest", "--db", db, str(EXAMPLES / "annotated")).returncode == 0
    inline = run("export", "--db", db, "--format", "inline", "--layer", "imported").stdout
    assert inline.startswith("### 09MEXICO2882\nCONFIDENTIAL [LOC MEXICO  ] 002882")
    conll = run("export", "--db", db, "--format", "conll", "--layer", "imported").stdout
    conll = conll.splitlines()
    assert conll[0] == "-DOCSTART- -X- -X- O"
    assert "Keith _ _ B-PER" in conll and "Mines _ _ I-PER" in conll
    assert sum(line.endswith(("B-PER", "B-ORG", "B-LOC", "B-MISC")) for line in conll) == 107


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('per:"keith mines"', {"09MEXICO2882"}),
        ("per:breuer loc:juarez", {"09MEXICO2882"}),
        ("org:pgr", {"09MEXICO2882"}),
        ("misc:mexican dinner", {"09MEXICO2882"}),
        ("per:nobody", set()),
        ("juarez -per:mines", {"10MEXICO83"}),
    ],
)
def test_entity_filters(untagged_db: str, query: str, expected: set[str]) -> None:
    done = run("search", "--db", untagged_db, query, "--json")
    assert done.returncode == 0, done.stderr
    assert {h["id"] for h in orjson.loads(done.stdout)} == expected


def test_a_filter_only_hit_shows_its_mention_in_its_sentence(untagged_db: str) -> None:
    done = run("search", "--db", untagged_db, 'per:"keith mines"')
    assert done.returncode == 0, done.stderr
    snippet = done.stdout.splitlines()[-1]
    assert "«Keith Mines»" in snippet, done.stdout  # its first mention, signing the cable


def test_ingest_stores_the_tagged_entities(db: str, untagged_db: str) -> None:
    record = orjson.loads(run("show", "--db", db, "10MEXICO83", "--json").stdout)
    mentions = record["mentions"]
    assert len(mentions) >= 10
    text = record["text"]
    for m in mentions:
        assert text[m["start"] : m["end"]] == m["text"]
        assert m["type"] in {"PER", "ORG", "LOC", "MISC"}
        assert m["backend"] in {"cablescope", "rules"}
        assert 0.0 <= m["score"] <= 1.0
    assert [(m["start"], m["end"]) for m in mentions] == sorted(
        (m["start"], m["end"]) for m in mentions
    )
    bare = orjson.loads(run("show", "--db", untagged_db, "10MEXICO83", "--json").stdout)
    assert bare["mentions"] == [] and bare["entities"] == []
    assert {k: v for k, v in bare.items() if k not in ("mentions", "entities")} == {
        k: v for k, v in record.items() if k not in ("mentions", "entities")
    }
    named = {(e["type"], e["id"]): e["mentions"] for e in record["entities"]}
    assert sum(named.values()) == len(mentions) and all(i for _, i in named)


def test_show_inline_marks_the_tagged_entities(db: str) -> None:
    from cablescope.repair.marks import find_marks

    record = orjson.loads(run("show", "--db", db, "10MEXICO83", "--json").stdout)
    inline = run("show", "--db", db, "10MEXICO83", "--inline").stdout
    marks = find_marks(inline)
    assert [(m.type, inline[m.inner_start : m.inner_end].strip()) for m in marks] == [
        (m["type"], m["text"]) for m in record["mentions"]
    ]


def test_tagged_entities_are_searchable(db: str) -> None:
    record = orjson.loads(run("show", "--db", db, "10MEXICO83", "--json").stdout)
    found = next(m for m in record["mentions"] if m["type"] == "LOC")
    query = f'loc:"{found["text"]}" id:10MEXICO83'
    hits = orjson.loads(run("search", "--db", db, query, "--json").stdout)
    assert [h["id"] for h in hits] == ["10MEXICO83"]


def test_ingest_with_an_unknown_tagger_fails_in_one_line(tmp_path: Path) -> None:
    done = run("ingest", "--db", str(tmp_path / "x.db"), "--tagger", "nope", str(EXAMPLES))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "Error: no tagger named 'nope'; available: cablescope, auto, minilm, minilm:<folder>, "
        "imported, static, spacy:<pipeline>"
    )
    assert not (tmp_path / "x.db").exists()
