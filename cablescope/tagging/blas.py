"""The thread count of the OpenBLAS that numpy loaded.

OpenBLAS starts one thread per core for a large enough matrix product, and its idle threads
spin: in an ingest worker, where the processes are the parallelism, two threads cost 1.5
times the CPU time of one. The libraries are found by their path in ``/proc/self/maps``
(Linux); elsewhere none is found and nothing changes.
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from pathlib import Path

_SET = (
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)
_GET = (
    "scipy_openblas_get_num_threads64_",
    "scipy_openblas_get_num_threads",
    "openblas_get_num_threads64_",
    "openblas_get_num_threads",
)


def openblas() -> list[ctypes.CDLL]:
    """The OpenBLAS libraries loaded in this process."""
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    paths = {
        fields[5]
        for line in maps.splitlines()
        if "openblas" in line.lower() and len(fields := line.split(None, 5)) == 6
    }
    found: list[ctypes.CDLL] = []
    for path in sorted(paths):
        try:
            found.append(ctypes.CDLL(path))  # already loaded: the same library
        except OSError:
            continue
    return found


def _function(library: ctypes.CDLL, names: tuple[str, ...]) -> Callable[..., int] | None:
    for name in names:
        try:
            function: Callable[..., int] = getattr(library, name)
        except AttributeError:
            continue
        return function
    return None


def blas_threads(count: int) -> None:
    """Has every loaded OpenBLAS use ``count`` threads."""
    for library in openblas():
        setter = _function(library, _SET)
        if setter is not None:
            setter(count)


def blas_thread_counts() -> list[int]:
    """The thread count of each loaded OpenBLAS."""
    counts: list[int] = []
    for library in openblas():
        getter = _function(library, _GET)
        if getter is not None:
            counts.append(int(getter()))
    return counts
