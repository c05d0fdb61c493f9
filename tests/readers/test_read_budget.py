"""Reading budgets: work over its time is interrupted, inputs over size are refused."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from cablescope.errors import OverBudget
from cablescope.model import Cable, Problem
from cablescope.pipeline.process import process_input
from cablescope.readers._budget import Budget, enforceable, limited
from tests.readers.common import example
from tests.readers.makers import quote_tail_pdf

# Long enough to take minutes in pypdf's quadratic scan (160 KB: 38 s with pypdf 5.6).
SLOW_QUOTES = 160_000


def _spin(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


def test_work_over_its_time_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(OverBudget), limited(0.2):
        _spin(30)
    assert time.monotonic() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_swallowed_interruption_comes_again() -> None:
    started = time.monotonic()
    with pytest.raises(OverBudget), limited(0.2):
        try:
            _spin(30)
        except Exception:  # noqa: BLE001 - as a library that catches everything would
            pass
        _spin(30)
    assert time.monotonic() - started < 5


def test_work_within_its_time_runs_to_the_end_and_an_outer_timer_is_kept() -> None:
    with limited(30):
        with limited(5) as clock:
            _spin(0.05)
            clock.restart()
        left = signal.getitimer(signal.ITIMER_REAL)[0]
        assert 20 < left <= 30
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_off_the_main_thread_budgets_say_they_cannot_be_enforced() -> None:
    seen: list[object] = []

    def work() -> None:
        seen.append(enforceable())
        with limited(0.05):
            _spin(0.2)
        seen.append("finished")

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert enforceable()
    assert seen == [False, "finished"]


def test_a_crafted_pdf_is_skipped_within_its_budget() -> None:
    data = quote_tail_pdf("Page 1 of 1", SLOW_QUOTES)
    started = time.monotonic()
    [problem] = process_input("crafted/10MEXICO83.pdf", data, Budget(seconds=0.5))
    assert time.monotonic() - started < 10
    assert isinstance(problem, Problem)
    assert problem.stage == "read"
    # a pypdf that refuses such a stream at once (6.14 and later) makes it an unreadable PDF
    assert problem.message in (
        "took longer than 0.5 s to read; skipped",
        "PDF text does not read as a cable",
    ) or problem.message.startswith("unreadable PDF")


def test_an_input_over_the_size_budget_is_not_read() -> None:
    data = example("telegram/07KINGSTON382.txt")
    [problem] = process_input("big/07KINGSTON382.txt", data, Budget(max_bytes=1024))
    assert isinstance(problem, Problem)
    assert problem.stage == "read"
    assert problem.message == "is 2 KiB, over the 1 KiB one file may have; skipped"
    [cable] = process_input("big/07KINGSTON382.txt", data)
    assert isinstance(cable, Cable) and cable.id == "07KINGSTON382"
