"""The ``serve`` command: the web UI and JSON API over one database."""

from __future__ import annotations

import errno
import socket

import click

from cablescope.cli._common import db_option, db_url, friendly


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option(
    "--token",
    envvar="CABLESCOPE_TOKEN",
    default=None,
    metavar="TOKEN",
    help="Turn on the write routes (curation, upload) for requests with "
    "'Authorization: Bearer TOKEN' (default: $CABLESCOPE_TOKEN; none: read-only).",
)
@click.option(
    "--max-upload",
    type=click.IntRange(min=1),
    default=64,
    show_default=True,
    metavar="MB",
    help="Largest upload accepted by POST /api/ingest, in MB.",
)
@friendly
def serve_command(db: str | None, host: str, port: int, token: str | None, max_upload: int) -> None:
    """Serve the web UI (search, cables, entities, overview) and the JSON API (/api/docs).

    Read-only unless --token is given. Listens on 127.0.0.1 unless --host names another
    address.
    """
    from cablescope.store import shown as printable
    from cablescope.web import create_app
    from cablescope.web.server import run

    url = db_url(db)
    _check_free(host, port)
    app = create_app(url, token=token or None, max_upload=max_upload * 1024 * 1024)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"cablescope serving {printable(url)} at http://{shown}:{port}/ (Ctrl-C stops)")
    if token:
        click.echo("write routes on: POST /api/entities/merge|split|rename, /api/ingest")
    run(app, host=host, port=port)


def _check_free(host: str, port: int) -> None:
    """Stop with one line when ``port`` of ``host`` cannot be listened on (another server
    holds it), before a URL is printed that would lead to that other server."""
    if port == 0:
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As uvicorn does, so that a port left in TIME_WAIT does not count as busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"port {port} on {host} is in use by another program; stop it or pass --port N"
                ) from None
            raise click.ClickException(f"cannot listen on {host}:{port}: {err.strerror}") from None
