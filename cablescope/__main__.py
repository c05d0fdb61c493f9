"""``python -m cablescope`` runs the command line."""

from cablescope.cli import main

main()
