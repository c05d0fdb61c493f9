"""The command line: thin click commands that call one library function and print."""

from __future__ import annotations

import sys

from cablescope.cli.app import cli


def main() -> None:
    """Entry point of the ``cablescope`` command."""
    try:
        cli(standalone_mode=True)
    except BrokenPipeError:
        # Reader of our output went away (``| head``): exit quietly.
        sys.stderr.close()
        sys.exit(0)


__all__ = ["cli", "main"]
