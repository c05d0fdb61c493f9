"""The runner seam: the single-machine path never imports Ray, and asking for Ray without it
installed is one line naming the install command."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from cablescope.cli import cli
from cablescope.errors import MissingExtra
from cablescope.pipeline.cluster import INSTALL, import_ray
from tests.conftest import EXAMPLES, ROOT

_LOCAL = """
import sys
from click.testing import CliRunner
from cablescope.cli import cli
result = CliRunner().invoke(cli, ["ingest", "--db", sys.argv[1], sys.argv[2]])
assert result.exit_code == 0, result.output
result = CliRunner().invoke(cli, ["tag", "--db", sys.argv[1]])
assert result.exit_code == 0, result.output
print(sorted(name for name in sys.modules if name == "ray" or name.startswith("ray.")))
"""


def test_ingest_and_tag_on_this_machine_import_no_ray(tmp_path: os.PathLike[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _LOCAL, str(tmp_path / "local.db"), str(EXAMPLES / "html")],
        env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_ray_without_the_extra_names_the_install_command(
    monkeypatch: pytest.MonkeyPatch, tmp_path: os.PathLike[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)
    with pytest.raises(MissingExtra, match=r"pip install 'cablescope\[ray\]'"):
        import_ray()
    for command in (["ingest", "--ray", "local", str(EXAMPLES / "html")], ["tag", "--ray", "auto"]):
        result = CliRunner().invoke(cli, [command[0], "--db", f"{tmp_path}/x.db", *command[1:]])
        assert result.exit_code != 0
        assert result.output.strip().splitlines() == [f"Error: {INSTALL}"]


def test_a_spec_of_an_unknown_tagger_is_refused_where_the_job_starts() -> None:
    from cablescope.errors import UnknownTagger
    from cablescope.pipeline.entities import TaggingSpec

    with pytest.raises(UnknownTagger, match="no tagger named 'nope'; available: cablescope"):
        TaggingSpec.named("nope")
    assert TaggingSpec.named("static", rules=False).load().rules is None
