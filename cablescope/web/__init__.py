"""The web stage: an ASGI app (FastAPI) with JSON endpoints under ``/api`` and server-rendered
pages, read-only over one database (a SQLite file or any URL ``cablescope.store.open`` takes).
``create_app(db_url)`` builds it; ``cablescope serve`` runs it with uvicorn."""

from cablescope.web.app import create_app

__all__ = ["create_app"]
