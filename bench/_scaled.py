"""A tagged store made N times larger without tagging again: every cable of a tagged store
copied N times with its readings and mentions, copy k renumbered (``10MEXICO83`` ->
``10MEXICO1000083`` for k = 1). Resolution sees the same names N times over, so its entity
table stays the size of one copy while its mentions grow N-fold: what its memory must not
follow."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))

import cablescope.store  # noqa: E402
from _renumber import renumber_id  # noqa: E402
from cablescope.model import Cable  # noqa: E402


def _copy(cable: Cable, k: int) -> Cable:
    return dataclasses.replace(cable, id=renumber_id(cable.id, k)) if k else cable


def scaled(source: str, times: int, target: str) -> int:
    """Write ``times`` copies of every cable of the store at ``source`` into the empty store
    at ``target``; the number of cables written. Streams: one cable and its readings at a
    time."""
    written = 0
    with cablescope.store.open(source) as src, cablescope.store.open(target) as dst:
        for k in range(times):
            with dst.batch():
                for cable in src.iter_cables():
                    readings = [_copy(r, k) for r in src.readings(cable.id)]
                    dst.put(_copy(cable, k), readings)
                    written += 1
    return written
