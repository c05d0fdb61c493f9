"""The ``serve`` command: the web UI and JSON API over one database."""

from __future__ import annotations

import click

from cablescope.cli._common import db_option, db_path, friendly


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@friendly
def serve_command(db: str | None, host: str, port: int) -> None:
    """Serve the web UI (search, cables, overview) and the JSON API (/api/docs), read-only.

    Listens on 127.0.0.1 unless --host names another address.
    """
    import uvicorn

    from cablescope.web import create_app

    app = create_app(db_path(db))
    click.echo(f"cablescope: serving {db_path(db)} on http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
