"""The ``eval`` command: score a tagger on the named-entity yardsticks."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cablescope.cli._common import db_option, echo_json, friendly, open_store, tagger_option
from cablescope.cli.entities import STALE
from cablescope.evaluation.resolution import evaluate_resolution, read_gold
from cablescope.evaluation.run import CORPORA, evaluate
from cablescope.resolve.lookup import require_resolved
from cablescope.tagging.load import DEFAULT_TAGGER, load_tagger


def shared_path(explicit: str | None) -> Path:
    """``--shared``, else ``$CABLESCOPE_SHARED``, else ``../shared`` from the working
    directory."""
    return Path(explicit or os.environ.get("CABLESCOPE_SHARED") or Path("..") / "shared")


@click.command("eval")
@tagger_option
@click.option(
    "--corpus",
    "corpora",
    type=click.Choice(CORPORA),
    multiple=True,
    help="Corpus to score on; repeat for several (default: all).",
)
@click.option("--no-rules", is_flag=True, help="Do not apply the cable rules to cable corpora.")
@click.option(
    "--rules-on-news",
    is_flag=True,
    help="Apply the cable rules to CoNLL news too, as `cablescope ner` applies them to any text.",
)
@click.option(
    "--shared",
    default=None,
    metavar="PATH",
    help="Folder holding ner/ (default: $CABLESCOPE_SHARED or ../shared).",
)
@click.option(
    "--resolution",
    is_flag=True,
    help="Score the entity links of --db on the resolution gold set instead of a tagger.",
)
@db_option
@click.option(
    "--gold",
    default=None,
    metavar="PATH",
    help="Folder of the resolution gold set (default: the project's evaluation/resolution).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object by corpus.")
@friendly
def eval_command(
    tagger_name: str,
    corpora: tuple[str, ...],
    no_rules: bool,
    rules_on_news: bool,
    shared: str | None,
    resolution: bool,
    db: str | None,
    gold: str | None,
    as_json: bool,
) -> None:
    """Score a named-entity tagger (precision, recall, F1 per type) on CoNLL-2003 valid,
    History Lab and the cable gold set. Cable rules apply to the cable corpora only, unless
    --rules-on-news.

    With --resolution, score the resolved entities of a database instead: link precision
    and recall over pairs of judged mentions and B-cubed F1 (evaluation/resolution/)."""
    if resolution:
        _eval_resolution(db, gold, as_json)
        return
    tagger = load_tagger(tagger_name)
    results = evaluate(
        tagger,
        corpora or CORPORA,
        rules=not no_rules,
        shared=shared_path(shared),
        news_rules=rules_on_news,
    )
    if as_json:
        echo_json({k: {"tagger": tagger_name, **r.to_dict()} for k, r in results.items()})
        return
    reports = [r.report(tagger_name) for r in results.values()]
    if tagger_name == DEFAULT_TAGGER and "historylab-all" in results:
        reports.append(TRAINED_ON_HISTORYLAB)
    click.echo("\n\n".join(reports))


def _eval_resolution(db: str | None, gold: str | None, as_json: bool) -> None:
    mentions = read_gold(Path(gold) if gold else None)
    with open_store(db) as store:
        if require_resolved(store):
            click.echo(STALE, err=True)
        result = evaluate_resolution(store, mentions)
    if as_json:
        echo_json(result.to_dict())
    else:
        click.echo(result.report())


TRAINED_ON_HISTORYLAB = (
    "note: four fifths of historylab-all trained the cablescope model; its held-out fifth "
    "is the historylab corpus."
)
