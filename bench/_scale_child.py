"""The child processes of bench/scale.py, each its own process so that its time and memory
are its own and the measuring process does not share its interpreter:

    python bench/_scale_child.py bare CORPUS DB      the bare FTS5 load of bench/ingest.py
                                                     into the new file DB; prints the pages
    python bench/_scale_child.py serve URL PORT TTL  `cablescope serve`'s app over URL on
                                                     127.0.0.1:PORT, its cache of facets and
                                                     charts keeping answers TTL s (0: none)
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def bare(corpus: str, db: str) -> None:
    from ingest import baseline

    _, pages = baseline(Path(corpus), Path(db))
    print(pages)


def serve(url: str, port: int, ttl: float) -> None:
    import uvicorn

    from cablescope.web import create_app
    from cablescope.web.server import config

    app = create_app(url)
    app.state.cache.ttl = ttl
    uvicorn.Server(config(app, port=port)).run()


def main() -> None:
    match sys.argv[1:]:
        case ["bare", corpus, db]:
            bare(corpus, db)
        case ["serve", url, port, ttl]:
            serve(url, int(port), float(ttl))
        case _:
            sys.exit(__doc__)


if __name__ == "__main__":
    main()
