"""Progress on a terminal: ingest's bar measures bytes of input as the work comes back, with
a time left timed from the first work back, then the resolution's bar on a line of its own; a
counter where the total cannot be known."""

from __future__ import annotations

import io
import re
import sys
import time

import pytest

from cablescope.cli._common import ByteProgress
from cablescope.cli.app import cli
from tests.conftest import EXAMPLES


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def screen(terminal: Terminal) -> list[str]:
    """The lines as a terminal leaves them: each the last thing drawn over it."""
    text = re.sub(r"\x1b\[\?25[hl]", "", terminal.getvalue())
    return [line.rsplit("\r", 1)[-1].rstrip() for line in text.split("\n")]


def terminal(monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """stderr as a terminal (set in the test itself: pytest sets its own between fixtures and
    the test)."""
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    return stream


def test_ingest_shows_its_progress_then_the_resolutions(
    monkeypatch: pytest.MonkeyPatch, tmp_path: str
) -> None:
    shown = terminal(monkeypatch)
    with pytest.raises(SystemExit) as ended:
        cli.main(["ingest", "--db", f"{tmp_path}/t.db", str(EXAMPLES)], standalone_mode=False)
    assert ended.value.code == 0
    lines = screen(shown)
    assert re.fullmatch(r"ingesting +\[#+\] +100% +0\.4 of 0\.4 MB", lines[0]), lines
    assert re.fullmatch(r"resolving +\[#+\] +100%", lines[1]), lines
    # The bar of the ingest ended its line before the resolution's began.
    assert "resolving" not in lines[0] and "ingesting" not in "\n".join(lines[1:])


def test_ingest_without_entities_shows_no_resolution(
    monkeypatch: pytest.MonkeyPatch, tmp_path: str
) -> None:
    shown = terminal(monkeypatch)
    with pytest.raises(SystemExit):
        cli.main(["ingest", "--db", f"{tmp_path}/t.db", "--no-ner", str(EXAMPLES / "html")],
                 standalone_mode=False)  # fmt: skip
    assert "100%" in screen(shown)[0] and "resolving" not in shown.getvalue()


def test_the_time_left_is_timed_from_the_first_work_back(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = terminal(monkeypatch)
    clock = [0.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    bar = ByteProgress(lambda: 100_000_000, "ingesting")
    clock[0] = 30.0  # the workers start and load a model: nothing comes back for 30 s
    bar(10_000_000)
    clock[0] = 30.2  # the other worker's first job, back with the first
    bar(10_000_000)
    for n in range(1, 4):  # then 10 MB every 10 s
        clock[0] = 30.2 + 10 * n
        bar(10_000_000)
    # 30 MB in the 30 s since the first work came back, 50 MB left: 50 s, where timing from
    # the start (60 s) or counting the first jobs as speed (38 s) would say otherwise.
    assert screen(shown)[0].endswith("50%  50.0 of 100.0 MB  00:00:50")
    clock[0] = 71.0
    bar(50_000_000)
    bar.close()
    assert screen(shown)[0].endswith("100%  100.0 of 100.0 MB")


def test_an_unknown_total_shows_a_counter_not_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    shown = terminal(monkeypatch)
    bar = ByteProgress(lambda: None, "reading")
    bar(2_500_000)
    bar(2_500_000)
    bar.close()
    line = screen(shown)[0]
    assert line.startswith("reading") and line.endswith("5.0 MB, total size unknown")
    assert "%" not in line and not re.search(r"\d:\d\d", line)


def test_no_terminal_no_bar_and_no_total_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)

    def total() -> int:
        raise AssertionError("the total was asked without a terminal")

    bar = ByteProgress(total, "ingesting")
    bar(10)
    bar.close()
    assert stream.getvalue() == ""
