"""Work done in a worker process: detect the format, extract, build records."""

from __future__ import annotations

from collections.abc import Iterator

from cablescope.errors import CablescopeError
from cablescope.model import Cable, Envelope, Input, Problem
from cablescope.pipeline.build import build_cable
from cablescope.readers.detect import read


def process_input(path: str, data: bytes) -> list[Cable | Problem]:
    """Every cable in one input, or the Problems that kept them out."""
    out: list[Cable | Problem] = []
    for item in read(Input.from_bytes(path, data)):
        if isinstance(item, Problem):
            out.append(item)
        else:
            out.extend(process_pair(*item))
    return out


def process_inputs(chunk: list[tuple[str, bytes]]) -> list[Cable | Problem]:
    """``process_input`` over several (path, bytes) inputs."""
    return [result for path, data in chunk for result in process_input(path, data)]


def process_pairs(pairs: list[tuple[Envelope, str]]) -> list[Cable | Problem]:
    """``process_pair`` over several (envelope, raw body) pairs."""
    return [result for env, raw in pairs for result in process_pair(env, raw)]


def process_pair(env: Envelope, raw: str) -> Iterator[Cable | Problem]:
    """Build one cable; a cable that cannot be built becomes a Problem."""
    try:
        yield build_cable(env, raw)
    except CablescopeError as exc:
        yield Problem(env.path, "parse", str(exc), env.sha256)
    except (ValueError, IndexError, KeyError) as exc:
        yield Problem(env.path, "parse", f"could not parse the cable: {exc}", env.sha256)
