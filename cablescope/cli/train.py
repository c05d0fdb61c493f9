"""The ``train`` command: rebuild cablescope's entity model from ``../shared``."""

from __future__ import annotations

from pathlib import Path

import click

from cablescope.cli._common import echo_json, friendly
from cablescope.cli.evaluate import shared_path
from cablescope.tagging.spacy_backend import MODEL
from cablescope.training.data import Mix


@click.command("train")
@click.option(
    "--shared",
    default=None,
    metavar="PATH",
    help="Folder holding ner/ and corpus/ (default: $CABLESCOPE_SHARED or ../shared).",
)
@click.option(
    "--output",
    default=str(MODEL),
    show_default=True,
    metavar="DIR",
    help="Where the trained model goes (it replaces what is there).",
)
@click.option(
    "--silver-cables",
    type=click.IntRange(0),
    default=Mix().silver_cables,
    show_default=True,
    help="Reveal-annotated cables to learn from.",
)
@click.option(
    "--max-steps",
    type=click.IntRange(1),
    default=None,
    help="Stop after this many updates (default: the configuration's).",
)
@friendly
def train_command(
    shared: str | None, output: str, silver_cables: int, max_steps: int | None
) -> None:
    """Train the default entity model on CoNLL-2003 train, History Lab train (less its
    held-out fifth) and silver cables, and print what went in and the development scores.
    Takes about an hour on two cores."""
    from cablescope.training.train import train

    root = shared_path(shared)
    for needed in (
        "ner/conll2003/train.txt",
        "ner/historylab/train",
        "corpus/reveal-annotated.tar.gz",
    ):
        if not (root / needed).exists():
            raise click.ClickException(f"{root / needed} not found; pass --shared")
    record = train(root, Path(output), mix=Mix(silver_cables=silver_cables), max_steps=max_steps)
    echo_json(record)
