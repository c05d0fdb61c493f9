"""The match auction on every example, under misleading names, and on bad inputs."""

from __future__ import annotations

import os

import pytest

from cablescope.readers import READERS, detect, read
from cablescope.readers.archive import expand
from cablescope.readers.detect import _CEILING
from cablescope.model import Input, Problem
from tests.readers.common import EXAMPLES, as_input, example, only_problem

EXPECTED = {
    "html/10MEXICO83.html": "wikileaks-html",
    "html/79TEHRAN8980.html": "wikileaks-html",
    "html/10CAIRO263.html": "wikileaks-html",
    "html/09CONAKRY797.html": "wikileaks-html",
    "annotated/09MEXICO2882.txt": "body-annotated",
    "body/09MEXICO2882.txt": "body-text",
    "body/00HARARE5461.txt": "body-text",
    "plusd/10MEXICO83.md": "plusd",
    "csv/cables-sample.csv": "cables-csv",
    "telegram/07KINGSTON382.txt": "telegram",
    "telegram/07BOGOTA1232.txt": "telegram",
    "telegram/09PARIS997.txt": "telegram",
    "pdf/07KINGSTON382.pdf": "pdf",
}
MISLEADING = ("cable.html", "dump.csv", "record.md", "scan.pdf", "07KINGSTON382.txt", "x")


def test_every_example_is_listed() -> None:
    found = {
        os.path.relpath(inp.path, EXAMPLES)
        for inp in expand([str(EXAMPLES)])
        if isinstance(inp, Input) and "!" not in inp.path
    }
    assert found == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_detected_by_content_not_name(name: str) -> None:
    data = example(name)
    for fake in MISLEADING:
        reader = detect(as_input(data, fake))
        assert reader is not None and reader.name == EXPECTED[name], fake


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_scores_stay_under_their_ceiling(name: str) -> None:
    inp = as_input(example(name))
    scores = {reader.name: reader.match(inp) for reader in READERS}
    assert all(0 <= scores[n] <= _CEILING[n] for n in scores)
    assert max(scores, key=lambda n: scores[n]) == EXPECTED[name]


def test_reader_names() -> None:
    names = [reader.name for reader in READERS]
    assert len(set(names)) == len(names) == 7
    assert set(names) == set(_CEILING)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"", "empty file"),
        (b"  \n\r\n\t ", "empty file"),
        (PNG, "binary data"),
        (bytes(range(256)) * 8, "binary data"),
        (b"\x1f\x8b\x08\x00" + bytes(200), "binary data"),
        (b"\xff\xfe" + "UNCLAS KINGSTON 000382\nTAGS: X\n".encode("utf-16-le"), "UTF-16"),
        ("SECRET STATE 000001\nTAGS: X\nSUBJECT: Y\n".encode("utf-16-be"), "UTF-16"),
        (b"<html><body><h1>Weather</h1><p>Sunny.</p></body></html>", "not a cable"),
        (b"hello world\n", "unknown format"),
    ],
)
def test_bad_inputs_give_one_problem(data: bytes, words: str) -> None:
    assert words in only_problem(data).message


def test_utf16_telegram_is_not_read_as_text() -> None:
    data = example("telegram/07KINGSTON382.txt").decode("latin-1").encode("utf-16")
    assert detect(as_input(data)) is None
    assert "UTF-16" in only_problem(data).message


def test_read_yields_problems_with_the_input_path() -> None:
    [problem] = list(read(as_input(b"", "some/where.txt")))
    assert isinstance(problem, Problem) and problem.path == "some/where.txt"
