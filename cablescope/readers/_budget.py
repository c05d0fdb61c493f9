"""How long and how large reading one input may be.

A crafted file can make a parser run for minutes (pypdf before 6.9 reads a content stream
that ends in many ``"`` in quadratic time: 40 KB take 2.4 s, 160 KB 38 s). ``limited``
interrupts such work: on POSIX, on the main thread of a process, an interval timer
(``setitimer``/``SIGALRM``) raises OverBudget inside the block once its time is up, and
again every REPEAT seconds in case library code swallows the first one. Signal handlers run
only on the main thread, so elsewhere (a web request's thread) ``enforceable()`` is False and
``limited`` cannot interrupt anything: a caller there that needs the limit runs the reading
in a worker process, whose main thread can enforce it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType
from typing import Any

from cablescope.errors import OverBudget

SECONDS = 20.0
MAX_BYTES = 64 * 1024 * 1024
REPEAT = 0.5

Handler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


@dataclass(frozen=True, slots=True)
class Budget:
    """What reading one input may cost: ``seconds`` of wall-clock time up to each cable it
    yields (so a dump of many rows is not cut off for its length), and ``max_bytes``."""

    seconds: float = SECONDS
    max_bytes: int = MAX_BYTES

    def too_slow(self) -> str:
        """The one-line reason for an input that ran out of time."""
        return f"took longer than {self.seconds:g} s to read; skipped"

    def too_large(self, size: int) -> str:
        """The one-line reason for an input of ``size`` bytes over ``max_bytes``."""
        return f"is {_size(size)}, over the {_size(self.max_bytes)} one file may have; skipped"


DEFAULT = Budget()
"""The budget readers run under unless told otherwise."""


def enforceable() -> bool:
    """Whether ``limited`` can interrupt work here: a POSIX system, on the main thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class Clock:
    """The running limit of one ``limited`` block; ``restart`` gives it its full time again."""

    def __init__(self, seconds: float, armed: bool) -> None:
        self.seconds = seconds
        self.armed = armed

    def restart(self) -> None:
        if self.armed:
            signal.setitimer(signal.ITIMER_REAL, self.seconds, REPEAT)


@contextmanager
def limited(seconds: float) -> Iterator[Clock]:
    """Run the block for at most ``seconds``, then raise OverBudget in it (where
    ``enforceable()``; elsewhere the block runs unlimited). A timer that was running
    before is put back with the time it had left."""
    if not enforceable():
        yield Clock(seconds, armed=False)
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise OverBudget(f"took longer than {seconds:g} s")

    started = time.monotonic()
    handler = signal.signal(signal.SIGALRM, expire)
    outer = signal.setitimer(signal.ITIMER_REAL, seconds, REPEAT)
    try:
        yield Clock(seconds, armed=True)
    finally:
        _disarm(handler)
        if outer[0] > 0:
            left = outer[0] - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), outer[1])


def _disarm(handler: Handler) -> None:
    """Stop the timer and put the old handler back, even if the time runs out meanwhile."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, handler if handler is not None else signal.SIG_DFL)
            return
        except OverBudget:
            continue


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / (1024 * 1024):.0f} MiB"
