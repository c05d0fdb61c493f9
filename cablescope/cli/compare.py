"""The ``diff`` and ``redactions`` commands: how sources of a cable differ, and what was
redacted."""

from __future__ import annotations

import click

from cablescope.analysis.diff import diff
from cablescope.analysis.redactions import redactions
from cablescope.analysis.worddiff import CONTEXT
from cablescope.cli._common import TEXT, db_option, echo_json, friendly, open_store
from cablescope.cli.render_compare import render_diff, render_redactions


@click.command("diff")
@db_option
@click.argument("cable_id", type=TEXT)
@click.option(
    "--sources",
    nargs=2,
    metavar="A B",
    default=None,
    help="The two sources to compare, each named by its format (plusd), a sha256 prefix or "
    "part of its path. Default: the two whose words differ most.",
)
@click.option(
    "--context",
    type=click.IntRange(0),
    default=CONTEXT,
    show_default=True,
    help="Unchanged words shown around each change.",
)
@click.option(
    "--exact",
    is_flag=True,
    help="Count typesetting as change: quotes, ¶ signs, punctuation, rule lines.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as one JSON object.")
@friendly
def diff_command(
    db: str | None,
    cable_id: str,
    sources: tuple[str, str] | None,
    context: int,
    exact: bool,
    as_json: bool,
) -> None:
    """Compare two sources of cable CABLE_ID: a word diff of their texts, and the fields on
    which any of its sources disagree.

    Whitespace, line wrapping and page-break lines never count as changes; nor, without
    --exact, does typesetting. Deleted words show as [-old-], inserted ones as {+new+}.
    """
    with open_store(db) as store:
        found = diff(store, cable_id, sources or None, exact=exact, context=context)
    if found is None:
        raise click.ClickException(f"no cable {cable_id!r} in the database")
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(render_diff(found))


@click.command("redactions")
@db_option
@click.argument("query", default="", type=TEXT)
@click.option("--spans", is_flag=True, help="Also list each redacted span with its words around.")
@click.option("--json", "as_json", is_flag=True, help="Print the listing as one JSON object.")
@friendly
def redactions_command(db: str | None, query: str, spans: bool, as_json: bool) -> None:
    """Count the redacted spans (XXXXXXXXXXXX) of the cables QUERY matches, per cable and
    per numbered paragraph.

    QUERY selects cables as `cablescope search` does ('origin:"Embassy Tripoli"',
    'id:10CAIRO263'); none: every cable. Cables without redactions are left out.
    """
    with open_store(db) as store:
        found = redactions(store, query)
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(render_redactions(found, spans=spans))
