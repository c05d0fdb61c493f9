"""Serving the app with uvicorn: its h11 protocol, made to answer the requests it cannot
parse (an over-long request line or headers, a malformed line) with the API's JSON error
shape instead of uvicorn's plain text, so every answer of the server has one shape."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import h11
import orjson
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from cablescope.web.errors import error_body

LINE_LIMIT = 16 * 1024
"""Bytes a request line and its headers may take together (h11's own default)."""


class Protocol(H11Protocol):
    """uvicorn's h11 protocol with JSON answers to requests it cannot read: 414 when the
    request line alone is over LINE_LIMIT, 431 when the headers are, else 400."""

    def send_400_response(self, msg: str) -> None:
        received, _ = self.conn.trailing_data
        if len(received) <= LINE_LIMIT:
            status, code, message = 400, "bad_request", "the request cannot be parsed as HTTP"
        elif b"\r\n" not in received[: LINE_LIMIT + 2]:
            status, code = 414, "uri_too_long"
            message = f"the request line is longer than {LINE_LIMIT:,} bytes"
        else:
            status, code = 431, "headers_too_large"
            message = f"the request line and headers are longer than {LINE_LIMIT:,} bytes"
        body = orjson.dumps(error_body(status, code, message))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]
        reason = HTTPStatus(status).phrase.encode()
        for event in (
            h11.Response(status_code=status, headers=headers, reason=reason),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event) or b"")
        self.transport.close()


def config(app: Any, host: str = "127.0.0.1", port: int = 8000, **options: Any) -> uvicorn.Config:
    """The uvicorn configuration ``cablescope serve`` runs ``app`` with."""
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        http=Protocol,
        h11_max_incomplete_event_size=LINE_LIMIT,
        log_level="warning",
        **options,
    )


def run(app: Any, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``app`` until interrupted."""
    uvicorn.Server(config(app, host, port)).run()


__all__ = ["LINE_LIMIT", "Protocol", "config", "run"]
