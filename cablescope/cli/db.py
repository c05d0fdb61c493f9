"""The ``db`` commands: whole databases, such as copying an archive to another engine."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

import click

from cablescope import store
from cablescope.cli._common import db_option, db_url, friendly, open_store
from cablescope.pipeline.copy import archive, copy_archive

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar


@click.group("db")
def db_command() -> None:
    """Whole databases: copy an archive between SQLite and PostgreSQL, optimize one."""


@db_command.command("copy")
@click.argument("src", metavar="SRC")
@click.argument("dst", metavar="DST")
@friendly
def copy_command(src: str, dst: str) -> None:
    """Copy the whole archive at SRC into the empty database DST: cables, readings,
    mentions, input files, problems, judgements and resolved entities. Each is a SQLite
    file, sqlite:///PATH or postgresql://USER@HOST/NAME; DST is created if needed. Prints
    a one-line summary."""
    path = store.database_file(src)
    if path is not None and not os.path.exists(path):
        raise click.ClickException(f"no database at {path}")
    started = time.perf_counter()
    with store.open(src) as source, store.open(dst) as target:
        if sys.stderr.isatty():
            bar: ProgressBar[int]
            with click.progressbar(
                length=max(source.count(), 1),
                label="copying",
                show_eta=True,
                show_percent=True,
                file=sys.stderr,
            ) as bar:
                copied = copy_archive(archive(source), archive(target), on_cables=bar.update)
        else:
            copied = copy_archive(archive(source), archive(target))
    elapsed = time.perf_counter() - started
    click.echo(f"copied {copied.summary()} to {store.shown(dst)} in {elapsed:.1f} s")


@db_command.command("optimize")
@db_option
@friendly
def optimize_command(db: str | None) -> None:
    """Bring the indexes of the database to the shape searches read fastest, after a large
    ingest: SQLite merges its full-text index into one segment, PostgreSQL the pending list
    of its words index; both refresh the planner's statistics. Searches are right without
    it, only slower."""
    started = time.perf_counter()
    with open_store(db, streams=True) as opened:
        opened.optimize()
    click.echo(f"optimized {store.shown(db_url(db))} in {time.perf_counter() - started:.1f} s")
