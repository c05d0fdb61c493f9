"""The command line: thin click commands that call one library function and print."""

from __future__ import annotations

import signal
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cablescope.cli.app import cli


def main() -> None:
    """Entry point of the ``cablescope`` command."""
    # A process started in the background inherits an ignored SIGINT; Ctrl-C from its
    # terminal must still stop it, so the handler is installed whatever was inherited.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        from cablescope.cli.app import cli

        cli(standalone_mode=True)
    except BrokenPipeError:
        # Reader of our output went away (``| head``): exit quietly.
        sys.stderr.close()
        sys.exit(0)
    except KeyboardInterrupt:
        # Ctrl-C before a command took charge of it (while starting up).
        sys.stderr.write("interrupted\n")
        sys.exit(130)


def __getattr__(name: str) -> Any:
    if name == "cli":
        from cablescope.cli.app import cli

        return cli
    raise AttributeError(name)


__all__ = ["cli", "main"]
