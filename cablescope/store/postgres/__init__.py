"""The Store and SearchIndex on a PostgreSQL server (psycopg 3, a pool of connections).

``store.py`` holds the store, ``_schema.py`` the tables and their migrations,
``_words.py`` how words become tsvector and tsquery values, ``_write.py`` how cables are
written and locked, ``_search.py`` search, ``_links.py`` references, counts and facets,
``_entities.py`` resolved entities and curation.
"""

from cablescope.store.postgres.store import PostgresStore

__all__ = ["PostgresStore"]
