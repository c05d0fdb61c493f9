"""The ``train`` command: rebuild cablescope's entity model from ``../shared``."""

from __future__ import annotations

from pathlib import Path

import click

from cablescope.cli._common import echo_json, friendly
from cablescope.cli.evaluate import shared_path
from cablescope.tagging.trained import ENV, trained_model
from cablescope.training.data import Mix
from cablescope.training.train import replaceable


@click.command("train")
@click.option(
    "--backend",
    type=click.Choice(["cablescope", "minilm"]),
    default="cablescope",
    show_default=True,
    help="Which tagger to train: the default spaCy model, or the MiniLM encoder (extra "
    "cablescope[train-minilm]; a GPU is used when torch sees one, and --output is needed).",
)
@click.option(
    "--shared",
    default=None,
    metavar="PATH",
    help="Folder holding ner/ and corpus/ (default: $CABLESCOPE_SHARED or ../shared).",
)
@click.option(
    "--output",
    default=None,
    metavar="DIR",
    help=f"Where the trained model goes, replacing an earlier one (default: ${ENV}, else "
    "the user data folder, where the cablescope tagger looks first).",
)
@click.option(
    "--silver-cables",
    type=click.IntRange(0),
    default=Mix().silver_cables,
    show_default=True,
    help="Reveal-annotated cables to learn from.",
)
@click.option(
    "--training-cables",
    type=click.IntRange(0),
    default=Mix().train_repeat,
    show_default=True,
    help="Times the hand-marked training cables (evaluation/cable-train) are given; 0 trains "
    "without them, as the shipped model for text in capitals was trained.",
)
@click.option(
    "--historylab",
    "historylab_repeat",
    type=click.IntRange(1),
    default=Mix().historylab_repeat,
    show_default=True,
    help="Times the History Lab training documents are given (3 for the shipped model for "
    "mixed case).",
)
@click.option(
    "--agreeing-silver",
    is_flag=True,
    help="Mark the silver cables only where the shipped model for mixed case agrees with their "
    "marks (the rest of a mark either gives is left unknown, taking no loss).",
)
@click.option(
    "--max-steps",
    type=click.IntRange(1),
    default=None,
    help="Stop after this many updates (default: the configuration's).",
)
@friendly
def train_command(
    backend: str,
    shared: str | None,
    output: str | None,
    silver_cables: int,
    training_cables: int,
    historylab_repeat: int,
    agreeing_silver: bool,
    max_steps: int | None,
) -> None:
    """Train the default entity model (or, with --backend minilm, fine-tune the MiniLM
    tagger) on CoNLL-2003 train, History Lab train (less its held-out fifth), silver cables
    and the hand-marked training cables, and print what went in and the development scores.
    The default model takes about an hour on two cores; the MiniLM tagger minutes on a GPU,
    many hours without one."""
    if backend == "minilm" and not output:
        raise click.ClickException("give --output: the folder the MiniLM model goes to")
    target = Path(output).expanduser() if output else trained_model()
    if backend == "minilm":
        from cablescope.training.minilm import replaceable as minilm_replaceable

        minilm_replaceable(target)
    else:
        replaceable(target)
    root = shared_path(shared)
    for needed in (
        "ner/conll2003/train.txt",
        "ner/historylab/train",
        "corpus/reveal-annotated.tar.gz",
    ):
        if not (root / needed).exists():
            raise click.ClickException(f"{root / needed} not found; pass --shared")
    mix = Mix(
        silver_cables=silver_cables,
        train_repeat=training_cables,
        historylab_repeat=historylab_repeat,
        agreeing=agreeing_silver,
    )
    if backend == "minilm":
        from cablescope.training.minilm import Settings, train_minilm

        record = train_minilm(root, target, mix=mix, settings=Settings(max_steps=max_steps))
        echo_json(record)
        click.echo(f"model written to {target}; tag with it by --tagger minilm:{target}", err=True)
        return
    from cablescope.training.train import train

    record = train(root, target, mix=mix, max_steps=max_steps)
    echo_json(record)
    click.echo(f"model written to {where(target)}", err=True)


def where(target: Path) -> str:
    """``target`` and how the taggers reach it."""
    if target.resolve() == trained_model().resolve():
        return f"{target}; the cablescope tagger uses it from there"
    return (
        f"{target}; tag with it by --tagger spacy:{target}, or as the cablescope tagger "
        f"with {ENV}={target}"
    )
