"""The words of the PostgreSQL words index, as fuzzy terms read them (``query.fuzzy``):
``cable_words``, and the words of the cables written since it was last folded, give the
words that start with a letter (a range of its primary key); the words index says how many
cables hold each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from cablescope.query import Term
from cablescope.query.fuzzy import Lexicon
from cablescope.store._lexicons import Lexicons
from cablescope.store.postgres._search import indexed
from cablescope.store.postgres._words import term
from cablescope.store.postgres._write import Conn

_STARTING = (
    "SELECT word FROM cable_words WHERE word >= %s AND word < %s UNION"
    " SELECT w FROM cables c, unnest(tsvector_to_array(c.words)) AS w"
    " WHERE c.rid IN (SELECT rid FROM cable_words_pending) AND w >= %s AND w < %s"
)
"""The words starting in a range: those kept, and those of the cables written since the
last fold."""


class Vocabulary:
    """The indexed words of the database on ``conn``; lexicons kept in ``kept``."""

    def __init__(self, conn: Conn, kept: Lexicons) -> None:
        self.conn = conn
        self.kept = kept

    def lexicon(self, letters: str) -> Lexicon:
        """The indexed words that start with one of ``letters``; kept while no transaction
        that may write has started or ended since (the server's snapshot is the same) and
        no cables were written (in this transaction too: ``cable_writes`` counts them)."""
        version = self.conn.execute(
            "SELECT pg_current_snapshot()::text, last_value FROM cable_writes"
        ).fetchone()
        return self.kept.get(version, letters, self._starting)

    def _starting(self, letters: str) -> Iterator[str]:
        for letter in letters:
            bounds = (letter, chr(ord(letter) + 1))
            for (word,) in self.conn.execute(_STARTING, bounds * 2):
                yield str(word)

    def cables(self, found: Sequence[str]) -> Mapping[str, int]:
        """How many cables hold each of the words ``found``, from the words index."""
        if not found:
            return {}
        queries = [term(Term(word)) for word in found]
        with indexed(self.conn):
            rows = self.conn.execute(
                "SELECT n, (SELECT count(*) FROM cables WHERE words @@ q::tsquery)"
                " FROM unnest(%s::text[]) WITH ORDINALITY AS t(q, n)",
                (queries,),
            ).fetchall()
        return {found[int(str(n)) - 1]: int(str(count)) for n, count in rows}
