"""The README's quick start, run as a new user copies it after ``make demo``: in a fresh
shell without ``cablescope`` on its PATH, against the demo's database."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

README = ROOT / "README.md"
MAKEFILE = ROOT / "Makefile"
MARK = "@@@ "


def quick_start() -> list[str]:
    """The command lines of the README's quick-start block, comments dropped."""
    text = README.read_text(encoding="utf-8")
    found = re.search(r"<!-- quick-start -->\s*```sh\n(.*?)```\s*<!-- /quick-start -->", text, re.S)
    assert found, "README.md lost its quick-start block"
    lines = (line.split("  #")[0].strip() for line in found.group(1).splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def test_the_demo_database_is_the_one_the_quick_start_names() -> None:
    makefile = MAKEFILE.read_text(encoding="utf-8")
    database = re.search(r"^DEMO_DB := (\S+)$", makefile, re.M)
    assert database and "$(BIN)/cablescope ingest --db $(DEMO_DB) examples/" in makefile
    assert f"export CABLESCOPE_DB={database.group(1)}" in quick_start()


def test_the_quick_start_works_as_written(tmp_path: Path) -> None:
    if sys.prefix == sys.base_prefix:
        pytest.skip("the tests do not run in a virtual environment to activate")
    (tmp_path / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    (tmp_path / "examples").symlink_to(EXAMPLES, target_is_directory=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CABLESCOPE_DB", "VIRTUAL_ENV", "PATH"}
    }
    env["PATH"] = "/usr/bin:/bin"
    # what `make demo` stores before it serves
    made = subprocess.run(
        [Path(sys.prefix) / "bin" / "cablescope", "ingest", "--db", "demo.db", "examples/"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert made.returncode == 0, made.stderr

    commands = quick_start()
    assert commands[0] == ". .venv/bin/activate"
    script = "set -e\ncommand -v cablescope && exit 3 || true\n" + "".join(
        f"echo '{MARK}{i}'\n{command}\n" for i, command in enumerate(commands)
    )
    done = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr)
    outputs = dict(
        zip(commands, re.split(rf"^{MARK}\d+\n", done.stdout, flags=re.M)[1:], strict=True)
    )
    for command, output in outputs.items():
        if command.startswith("cablescope "):
            assert output.strip(), f"{command!r} printed nothing"
    assert not (tmp_path / "cablescope.db").exists()
    assert outputs["cablescope stats"].startswith("11 cables")
    searched = next(out for cmd, out in outputs.items() if cmd.startswith("cablescope search"))
    assert "10MEXICO83" in searched and "00HARARE5461" in searched
    assert "Calderon" in outputs["cablescope show 10MEXICO83"]
