"""The words of the SQLite full-text index, as fuzzy terms read them (``query.fuzzy``):
FTS5's ``fts5vocab`` table over ``cables_fts``, made once per connection in its temporary
schema (which a read-only connection can write), gives the words that start with a letter
(a range of its sorted terms) and in how many cables each is."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence

from cablescope.query.fuzzy import Lexicon
from cablescope.store._lexicons import Lexicons
from cablescope.store._sqlwrite import chunks, marks

VOCABULARY = "temp.cables_vocab"
"""The ``fts5vocab`` table of ``cables_fts``: one row per word, with its cables (``doc``)."""


class Vocabulary:
    """The indexed words of the database on ``conn``; lexicons kept in ``kept``."""

    def __init__(self, conn: sqlite3.Connection, kept: Lexicons) -> None:
        self.conn = conn
        self.kept = kept

    def _table(self) -> None:
        self.conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {VOCABULARY}"
            " USING fts5vocab(main, cables_fts, 'row')"
        )

    def lexicon(self, letters: str) -> Lexicon:
        """The indexed words that start with one of ``letters``; kept until the database
        changes (a commit of another connection, or a write of this one)."""
        self._table()
        (seen,) = self.conn.execute("PRAGMA data_version").fetchone()
        return self.kept.get((seen, self.conn.total_changes), letters, self._starting)

    def _starting(self, letters: str) -> Iterator[str]:
        sql = f"SELECT term FROM {VOCABULARY} WHERE term >= ? AND term < ?"
        for letter in letters:
            for (term,) in self.conn.execute(sql, (letter, chr(ord(letter) + 1))):
                yield term

    def cables(self, found: Sequence[str]) -> Mapping[str, int]:
        """How many cables hold each of the words ``found`` (absent: none)."""
        self._table()
        counts: dict[str, int] = {}
        for chunk in chunks(list(found)):
            sql = f"SELECT term, doc FROM {VOCABULARY} WHERE term IN ({marks(chunk)})"
            counts.update(self.conn.execute(sql, chunk))
        return counts
