"""The ``refs``, ``graph`` and ``timeline`` commands: following threads between cables."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cablescope.analysis.graph import FORMATS, KINDS, entity_graph, refs_graph, render
from cablescope.analysis.refs import refs
from cablescope.analysis.timeline import timeline
from cablescope.cli._common import (
    TEXT,
    QueryCommand,
    db_option,
    echo_json,
    friendly,
    open_store,
    plural,
    query_argument,
)
from cablescope.cli.render_links import render_refs, render_timeline
from cablescope.store.base import ENTITY_TYPES, GROUPS, PERIODS


def _chart_path(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from cablescope.analysis.chart import CHART_SUFFIXES

    if value is not None and Path(value).suffix.lower() not in CHART_SUFFIXES:
        raise click.BadParameter(f"name a {' or '.join(CHART_SUFFIXES)} file, not {value!r}")
    return value


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"cannot write {path}: {err.strerror}") from None


@click.command("refs")
@db_option
@click.argument("cable_id", type=TEXT)
@click.option("--json", "as_json", is_flag=True, help="Print the answer as one JSON object.")
@friendly
def refs_command(db: str | None, cable_id: str, as_json: bool) -> None:
    """List what cable CABLE_ID cites and which stored cables cite it.

    A cited cable the database lacks is missing: released (Cablegate published it, so it
    can be ingested) or never released. A reference without a year (REF: BRASILIA 0502)
    takes the citing cable's year. JSON: {"id", "cites", "cited_by", "missing", ...}.
    """
    with open_store(db) as store:
        found = refs(store, cable_id)
    if found is None:
        raise click.ClickException(f"no cable {cable_id!r} in the database, and none cites it")
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(render_refs(found))


@click.command("graph", cls=QueryCommand)
@db_option
@query_argument()
@click.option(
    "--kind",
    type=click.Choice(KINDS),
    default="refs",
    show_default=True,
    help="refs: citations between cables; entities: entities mentioned in the "
    "same cables, weighted by how many.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="json",
    show_default=True,
    help="gexf and graphml open in Gephi.",
)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
@click.option(
    "--all-cited",
    is_flag=True,
    help="refs: also the cables the selection cites outside it, stored or missing.",
)
@click.option(
    "--min-cables",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="entities: keep entities mentioned in at least this many cables.",
)
@click.option(
    "--min-weight",
    type=click.IntRange(1),
    default=1,
    show_default=True,
    help="entities: keep edges shared by at least this many cables.",
)
@click.option(
    "--type",
    "types",
    type=click.Choice(ENTITY_TYPES, case_sensitive=False),
    multiple=True,
    help="entities: keep entities of this type (PER, ORG, LOC, MISC; repeat for more); "
    "default: all.",
)
@click.option(
    "--isolated",
    is_flag=True,
    help="entities: keep the entities that share no cable with another kept entity "
    "(left out by default).",
)
@friendly
def graph_command(
    db: str | None,
    query: str,
    kind: str,
    fmt: str,
    output: str | None,
    all_cited: bool,
    min_cables: int,
    min_weight: int,
    types: tuple[str, ...],
    isolated: bool,
) -> None:
    """Export the citation graph or the entity co-mention graph, ready for Gephi.

    QUERY selects the cables that take part, as `cablescope search` does
    ('origin:mexico from:2009'); none: every cable. Entity nodes are the names of the
    stored entity index (TYPE:name).
    """
    with open_store(db) as store:
        if kind == "refs":
            made = refs_graph(store, query, all_cited=all_cited)
        else:
            made = entity_graph(
                store,
                query,
                min_cables=min_cables,
                min_weight=min_weight,
                types={t.upper() for t in types} or None,
                isolated=isolated,
            )
    text = render(made, fmt)
    if output is None:
        sys.stdout.write(text + "\n")
    else:
        _write(output, text)
        counts = f"{plural(len(made.nodes), 'node')}, {plural(len(made.edges), 'edge')}"
        click.echo(f"{counts} -> {output}", err=True)


@click.command("timeline", cls=QueryCommand)
@db_option
@query_argument()
@click.option("--by", type=click.Choice(PERIODS), default="month", show_default=True)
@click.option(
    "--group",
    type=click.Choice(GROUPS),
    default=None,
    help="Split the counts: origin, class (classification) or tag (TAGS code).",
)
@click.option(
    "--top",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="With --group: keep the largest groups, the rest count as 'other' (0: all).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the counts as one JSON object.")
@click.option(
    "--chart",
    metavar="FILE",
    callback=_chart_path,
    help="Also draw the counts into FILE.svg (or FILE.png, with matplotlib).",
)
@friendly
def timeline_command(
    db: str | None,
    query: str,
    by: str,
    group: str | None,
    top: int,
    as_json: bool,
    chart: str | None,
) -> None:
    """Count the cables QUERY matches per month or year.

    QUERY selects cables as `cablescope search` does ('tag:SNAR origin:mexico'); none:
    every cable. Empty periods between the first and the last count as 0.
    """
    with open_store(db) as store:
        found = timeline(store, query, by=by, group=group, top=top)
    if chart is not None:
        from cablescope.analysis.chart import write_chart

        try:
            write_chart(found, chart)
        except OSError as err:
            raise click.ClickException(f"cannot write {chart}: {err.strerror}") from None
        click.echo(f"chart written to {Path(chart).resolve()}", err=True)
    if as_json:
        echo_json(found.to_dict())
    else:
        click.echo(render_timeline(found))
