"""Resolution with the cyclic garbage collector paused.

Resolution builds millions of small objects that live until it ends (the tables, the
decisions, the fact record), and forms no reference cycles among them. Each full collection
while they live walks every one of them: over the corpus, a quarter of a full resolution's
time and most of an incremental one's. Reference counting still frees what is dropped; the
collector runs again once resolution is done.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def uncollected() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, unless it is already paused."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
