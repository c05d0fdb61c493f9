"""``--db`` and ``$CABLESCOPE_DB`` take a database URL as well as a path."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.cli.test_cli import run
from tests.conftest import EXAMPLES


def test_commands_take_a_sqlite_url(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/archive.db"
    done = run("ingest", "--no-ner", "--db", url, str(EXAMPLES / "html"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "archive.db").is_file()
    stats = run("stats", "--json", env={"CABLESCOPE_DB": url}, cwd=tmp_path)
    assert stats.returncode == 0, stats.stderr
    by_path = run("stats", "--json", "--db", str(tmp_path / "archive.db"))
    assert orjson.loads(stats.stdout) == orjson.loads(by_path.stdout)
    assert orjson.loads(stats.stdout)["cables"] > 0


def test_a_missing_file_and_an_unknown_scheme_are_one_line(tmp_path: Path) -> None:
    missing = run("stats", "--db", "sqlite:///nothing.db", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        "Error: no database at nothing.db; run `cablescope ingest PATH...` first or pass --db"
    )
    unknown = run("stats", "--db", "mysql://localhost/cables", cwd=tmp_path)
    assert unknown.returncode == 1
    assert unknown.stderr.count("\n") == 1 and "not a database" in unknown.stderr
