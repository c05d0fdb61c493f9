"""The two ways the PostgreSQL store builds a cable's tsvector agree: from its folded
words by the server (``WORDS``, most cables) and as a literal built in Python (cables
with letters outside ASCII, or words too long to index), on real cables and on the edges:
numbers PostgreSQL's parser might read otherwise, words in several columns, more
occurrences than a tsvector keeps, texts longer than its positions."""

from __future__ import annotations

import pytest

from cablescope.model import Cable
from tests.postgres import has_postgres, postgres_cluster, postgres_url

__all__ = ["postgres_cluster", "postgres_url"]

pytestmark = pytest.mark.skipif(not has_postgres(), reason="PostgreSQL is not installed")

EDGES = [
    ("1E5", "0x10 1e5", "1e5 0x10 1e e5 12345678901234567890 007 a1b2 1e-5 nan inf 3.14 u.s."),
    ("the", "the " * 100, "the " * 300),
    ("LONG", "a b", "a b c " * 7000),
    ("LONGER", "a", "a " * 20000),
    ("ACCENT", "Juárez", "Ciudad Juárez, İstanbul, ½, Straße — «quoted»"),
    ("PUNCT", "—", "only punctuation outside ASCII: « » — ’ … and words"),
    ("HUGE", "x", "word " + "a" * 2047 + " next " + "b" * 2046),
    ("EMPTY", None, ""),
]


def test_server_built_words_equal_the_literal(postgres_url: str, cables: list[Cable]) -> None:
    import psycopg

    from cablescope.store.postgres._words import WORDS, columns, tsvector

    rows = [(c.id, c.subject, c.text) for c in cables] + EDGES
    server = 0
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        for row in rows:
            values = columns(*row)
            server += values[0] is None
            found = conn.execute(
                f"SELECT ({WORDS})::text, %s::tsvector::text", (*values, tsvector(*row))
            ).fetchone()
            assert found is not None
            assert found[0] == found[1], row[0]
    assert server >= len(cables)  # the real cables all take the server's way
