"""The ``ner`` command: entities of plain-text files, one JSON object per line."""

from __future__ import annotations

import sys

import click

from cablescope.cli._common import echo_json_line, friendly, tagger_option
from cablescope.tagging.load import load_tagger
from cablescope.tagging.rules import CableRules


@click.command("ner")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@tagger_option
@click.option("--no-rules", is_flag=True, help="Do not apply the cable rules.")
@friendly
def ner_command(files: tuple[str, ...], tagger_name: str, no_rules: bool) -> None:
    """Print every entity of each FILE (UTF-8 text; - for standard input) as one JSON
    object per line: {"file", "start", "end", "type", "text"}, offsets into the file's
    text, end exclusive.

    Exit status 1 when a file cannot be read (the others are still tagged).
    """
    tagger = load_tagger(tagger_name)
    rules = None if no_rules else CableRules()
    failed = False
    texts: list[tuple[str, str]] = []
    for path in files:
        try:
            if path == "-":
                texts.append((path, _stdin()))
                continue
            with open(path, encoding="utf-8", newline="") as handle:
                texts.append((path, handle.read()))
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
            click.echo(f"cannot read {path}: {reason}", err=True)
            failed = True
    for (path, text), mentions in zip(texts, tagger.tag(t for _, t in texts), strict=True):
        found = rules.apply(text, list(mentions)) if rules is not None else mentions
        for m in sorted(found, key=lambda m: (m.start, m.end)):
            echo_json_line(
                {"file": path, "start": m.start, "end": m.end, "type": m.type, "text": m.text}
            )
    if failed:
        sys.exit(1)


def _stdin() -> str:
    """Standard input as UTF-8 text, line ends kept as they are (offsets count them)."""
    return sys.stdin.buffer.read().decode("utf-8")
