"""Work done in a worker process: detect the format, extract, build records.

A cable whose id is provisional (``Cable.id_provisional``) is kept, and followed by a
Problem of severity ``warning`` saying why; only Problems of severity ``error`` mean that
something was rejected. Each input is read within a time and size budget (``readers._budget``): an input that
exceeds it becomes a Problem and the work goes on with the next. The time limit can only
be enforced where ``_budget.enforceable()`` (the main thread of a process).
"""

from __future__ import annotations

from collections.abc import Iterator

from cablescope.errors import CablescopeError, OverBudget
from cablescope.model import Cable, Envelope, Input, Problem
from cablescope.pipeline.build import build_reading
from cablescope.readers import _budget
from cablescope.readers._text import STAGE, sha256
from cablescope.readers.detect import read


def process_input(
    path: str, data: bytes, budget: _budget.Budget | None = None, digest: str | None = None
) -> list[Cable | Problem]:
    """Every cable in one input, or the Problems that kept them out. ``budget`` defaults to
    ``_budget.DEFAULT``; an input over it yields the cables read so far and a Problem.
    ``digest`` is the sha256 of ``data`` when the caller has it."""
    limits = budget or _budget.DEFAULT
    if len(data) > limits.max_bytes:
        return [Problem(path, STAGE, limits.too_large(len(data)), sha256(data))]
    out: list[Cable | Problem] = []
    try:
        with _budget.limited(limits.seconds) as clock:
            for item in read(Input.from_bytes(path, data, digest)):
                if isinstance(item, Problem):
                    out.append(item)
                else:
                    out.extend(process_pair(*item))
                clock.restart()
    except OverBudget:
        out.append(Problem(path, STAGE, limits.too_slow(), sha256(data)))
    return out


def process_inputs(
    chunk: list[tuple[str, bytes]], budget: _budget.Budget | None = None
) -> list[Cable | Problem]:
    """``process_input`` over several (path, bytes) inputs."""
    return [result for path, data in chunk for result in process_input(path, data, budget)]


def process_pairs(
    pairs: list[tuple[Envelope, str]], budget: _budget.Budget | None = None
) -> list[Cable | Problem]:
    """``process_pair`` over several (envelope, raw body) pairs, each within the budget."""
    limits = budget or _budget.DEFAULT
    out: list[Cable | Problem] = []
    for env, raw in pairs:
        try:
            with _budget.limited(limits.seconds):
                out.extend(process_pair(env, raw))
        except OverBudget:
            out.append(Problem(env.path, STAGE, limits.too_slow(), env.sha256))
    return out


def process_pair(env: Envelope, raw: str) -> Iterator[Cable | Problem]:
    """Build one cable; a cable that cannot be built becomes a Problem. A cable kept with a
    provisional id is followed by a warning Problem that says why."""
    try:
        cable, provisional = build_reading(env, raw)
        yield cable
        if provisional is not None:
            yield Problem(
                env.path,
                "parse",
                f"kept with a provisional id: {cable.id} ({provisional})",
                env.sha256,
                severity="warning",
            )
    except OverBudget:
        raise
    except CablescopeError as exc:
        yield Problem(env.path, "parse", str(exc), env.sha256)
    except (ValueError, IndexError, KeyError) as exc:
        yield Problem(env.path, "parse", f"could not parse the cable: {exc}", env.sha256)
