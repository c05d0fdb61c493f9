"""The `cablescope ner FILE...` contract: JSON lines, offsets into each file's own text."""

from __future__ import annotations

from pathlib import Path

import orjson

from tests.cli.test_cli import run
from tests.conftest import EXAMPLES


def test_every_line_is_an_entity_of_its_file(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"UNCLAS KINGSTON 000382\r\n\r\nAmbassador Johnson met Jamaican police.\r\n")
    files = [str(EXAMPLES / "annotated" / "09MEXICO2882.txt"), str(crlf)]
    done = run("ner", *files)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines
    contents = {f: Path(f).read_bytes().decode("utf-8") for f in files}
    seen = set()
    for line in lines:
        entity = orjson.loads(line)
        assert set(entity) == {"file", "start", "end", "type", "text"}
        assert entity["type"] in {"PER", "ORG", "LOC", "MISC"}
        assert contents[entity["file"]][entity["start"] : entity["end"]] == entity["text"]
        seen.add(entity["file"])
    assert seen == set(files)


def test_an_unreadable_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The PGR met in Mexico City.")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00bad")
    done = run("ner", str(bad), str(tmp_path / "missing.txt"), str(good))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert all(orjson.loads(line)["file"] == str(good) for line in done.stdout.splitlines())
    assert f"cannot read {bad}: not UTF-8 text" in done.stderr
