"""The words of the PostgreSQL words index, as fuzzy terms read them (``query.fuzzy``):
``cable_words`` and the deltas not yet folded into it give the words that start with a
letter (a range of the primary key), the words index how many cables hold each."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from cablescope.query import Term
from cablescope.query.fuzzy import Lexicon
from cablescope.store._lexicons import Lexicons
from cablescope.store.postgres._search import indexed
from cablescope.store.postgres._words import term
from cablescope.store.postgres._write import Conn

_STARTING = (
    "SELECT word FROM cable_words WHERE word >= %s AND word < %s"
    " UNION SELECT word FROM cable_words_delta WHERE word >= %s AND word < %s"
)


class Vocabulary:
    """The indexed words of the database on ``conn``; lexicons kept in ``kept``."""

    def __init__(self, conn: Conn, kept: Lexicons) -> None:
        self.conn = conn
        self.kept = kept

    def lexicon(self, letters: str) -> Lexicon:
        """The indexed words that start with one of ``letters``; kept while no transaction
        that may write has started or ended since (the server's snapshot is the same)."""
        row = self.conn.execute("SELECT pg_current_snapshot()::text").fetchone()
        return self.kept.get(row[0] if row else None, letters, self._starting)

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
