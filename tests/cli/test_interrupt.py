"""Ctrl-C stops any command within seconds, at any stage, saying what was kept: exit 130, one
line, no traceback, and a database that a re-run completes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import orjson
import pytest

from tests.conftest import CORPUS_TAR

pytestmark = pytest.mark.skipif(not CORPUS_TAR.is_file(), reason="../shared is not present")

STOP_WITHIN = 10.0
"""Seconds from Ctrl-C to exit, generous for a loaded two-core machine (it takes about 1 s)."""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cablescope", *args], capture_output=True, text=True, timeout=600
    )


def _start(*args: str) -> subprocess.Popen[str]:
    # SIGINT ignored, as a shell leaves it for a background job: the command must install
    # its own handler for Ctrl-C to work at all.
    return subprocess.Popen(
        [sys.executable, "-m", "cablescope", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )


def _cables(db: str) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT count(*) FROM cables").fetchone()[0])
    except sqlite3.Error:
        return 0


def _wait_for(condition: object, proc: subprocess.Popen[str], limit: float = 300) -> None:
    end = time.monotonic() + limit
    while not condition():  # type: ignore[operator]
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the command never reached the stage to interrupt"
        time.sleep(0.05)


def _interrupt(proc: subprocess.Popen[str]) -> tuple[float, str]:
    sent = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    return time.monotonic() - sent, err


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


@pytest.mark.slow
def test_an_ingest_interrupted_while_writing_is_rerun_to_the_end(tmp_path: Path) -> None:
    db = str(tmp_path / "corpus.db")
    proc = _start("ingest", "--no-ner", "--db", db, str(CORPUS_TAR))
    _wait_for(lambda: _cables(db) > 0, proc)
    took, err = _interrupt(proc)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: ")
    assert took < STOP_WITHIN
    partial = orjson.loads(_run("stats", "--db", db, "--json").stdout)["cables"]
    assert 0 < partial < 6712
    assert f"{partial} new and 0 updated cables saved" in err
    done = _run("ingest", "--no-ner", "--db", db, str(CORPUS_TAR))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{6712 - partial} new, 0 updated, {partial} unchanged")
    assert orjson.loads(_run("stats", "--db", db, "--json").stdout)["cables"] == 6712


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    with tarfile.open(CORPUS_TAR, "r|gz") as tar:
        for i, member in enumerate(m for m in tar if m.isfile()):
            if i >= 200:
                break
            handle = tar.extractfile(member)
            assert handle is not None
            (folder / Path(member.name).name).write_bytes(handle.read())
    return folder


@pytest.mark.slow
def test_an_ingest_interrupted_while_tagging_stops_within_seconds(
    tmp_path: Path, pages: Path
) -> None:
    db = str(tmp_path / "tagging.db")
    proc = _start("ingest", "--workers", "2", "--db", db, str(pages))
    # Workers exist once the model is loaded and the first pages are sent to be tagged.
    _wait_for(lambda: len(_children(proc.pid)) >= 2, proc)
    time.sleep(1)
    workers = _children(proc.pid)
    took, err = _interrupt(proc)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1].startswith("interrupted: ")
    assert took < STOP_WITHIN, took
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
    saved = _cables(db)
    done = _run("ingest", "--db", db, str(pages))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{200 - saved} new, 0 updated, {saved} unchanged")


def test_ctrl_c_while_starting_up_is_one_line(tmp_path: Path) -> None:
    # Ctrl-C lands while the command modules load: simulated by the import itself raising.
    code = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def imp(name, *a, **k):\n"
        "    if name == 'cablescope.cli.app':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = imp\n"
        "sys.argv = ['cablescope', 'stats']\n"
        "from cablescope.cli import main\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode == 130
    assert done.stderr == "interrupted\n"
