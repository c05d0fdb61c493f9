"""Helpers shared by the commands: the database option, error translation, JSON output."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click
import orjson

from cablescope.errors import CablescopeError, Interrupted
from cablescope import store
from cablescope.store import Database
from cablescope.tagging.load import DEFAULT_TAGGER

P = ParamSpec("P")
R = TypeVar("R")

DEFAULT_DB = "cablescope.db"


def db_url(explicit: str | None) -> str:
    """``--db``, else ``$CABLESCOPE_DB``, else ``cablescope.db`` in the working directory: a
    SQLite file, ``sqlite:///PATH``, ``postgresql://...`` or ``memory:``."""
    return explicit or os.environ.get("CABLESCOPE_DB") or DEFAULT_DB


db_option = click.option(
    "--db",
    "db",
    default=None,
    metavar="URL",
    help="Database: a SQLite file or sqlite:///PATH, or postgresql://USER@HOST/NAME "
    "(default: $CABLESCOPE_DB or ./cablescope.db).",
)


tagger_option = click.option(
    "--tagger",
    "tagger_name",
    default=DEFAULT_TAGGER,
    show_default=True,
    metavar="NAME",
    help="Tagger: cablescope (the shipped model), spacy:<pipeline> (any installed spaCy "
    "pipeline), or another registered backend (imported, static).",
)


class _Text(click.ParamType):
    """A word, id, name or query typed on the command line, as valid Unicode: bytes that are
    not UTF-8 (a Latin-1 terminal) are read as Windows-1252, other lone surrogates replaced,
    so that nothing further on fails to encode them."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from cablescope.query import clean

        return clean(str(value))


TEXT = _Text()


def open_store(explicit: str | None, *, create: bool = False) -> Database:
    """The database of ``--db`` (see ``db_url``); a SQLite file must exist unless ``create``."""
    url = db_url(explicit)
    path = store.database_file(url)
    if not create and path is not None and not os.path.exists(path):
        raise click.ClickException(
            f"no database at {path}; run `cablescope ingest PATH...` first or pass --db"
        )
    return store.open(url)


def friendly(func: Callable[P, R]) -> Callable[P, R]:
    """Turn cablescope's own errors into one line on stderr and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except Interrupted as exc:
            click.echo(str(exc), err=True)
            sys.exit(130)
        except CablescopeError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)

    return wrapper


def echo_json(value: Any) -> None:
    """Print one JSON document (indented) on stdout."""
    sys.stdout.write(orjson.dumps(value, option=orjson.OPT_INDENT_2).decode() + "\n")


def echo_json_line(value: Any) -> None:
    sys.stdout.write(orjson.dumps(value).decode() + "\n")
