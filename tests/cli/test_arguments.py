"""Arguments that are not valid Unicode (a Latin-1 terminal, stray bytes) give an answer or
one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("args") / "c.db")
    done = subprocess.run(
        [sys.executable, "-m", "cablescope", "ingest", "--no-ner", "--db", path, str(EXAMPLES)],
        capture_output=True,
    )
    assert done.returncode == 0, done.stderr
    return path


def run_bytes(*args: bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"cablescope", *args], capture_output=True, env=env
    )


@pytest.mark.parametrize(
    ("args", "status", "says"),
    [
        ((b"search", b"id:\xff"), 0, b"no matches"),
        ((b"search", b"\xe9t\xe9"), 0, b"no matches"),
        ((b"search", b"juar\xe9z OR mugabe"), 0, b"HARARE"),
        ((b"show", b"10MEXICO83\xff"), 1, "no cable '10MEXICO83ÿ'".encode()),
        ((b"refs", b"08LIMA\xff1348"), 1, b"Error: "),
        ((b"timeline", b"tag:\xff"), 0, b"no matches"),
        ((b"redactions", b"origin:\xe9"), 0, b""),
    ],
)
def test_undecodable_arguments_are_cleaned_at_the_boundary(
    db: str, args: tuple[bytes, ...], status: int, says: bytes
) -> None:
    done = run_bytes(*args, b"--db", db.encode())
    assert b"Traceback" not in done.stderr, done.stderr
    assert done.returncode == status, done.stderr
    assert says in done.stdout + done.stderr
    if status:
        assert len(done.stderr.strip().splitlines()) == 1


def test_a_latin1_path_is_left_as_the_bytes_it_names(tmp_path: Path) -> None:
    folder = tmp_path / os.fsdecode(b"caf\xe9")
    folder.mkdir()
    (folder / "10MEXICO83.html").write_bytes((EXAMPLES / "html" / "10MEXICO83.html").read_bytes())
    done = run_bytes(b"ingest", b"--no-ner", b"--db", str(tmp_path / "p.db").encode(),
                     os.fsencode(folder))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"1 new")
    shown = run_bytes(b"show", b"10MEXICO83", b"--json", b"--db", str(tmp_path / "p.db").encode())
    assert b"caf\\\\xe9" in shown.stdout
