"""cablescope: read, repair, search and connect US diplomatic cables."""

__version__ = "0.1.0"
