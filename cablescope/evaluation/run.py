"""Running a tagger over the named-entity yardsticks: which corpora exist, how each is read and
scored, and what one run over a corpus measured.

Corpora, by name:

    conll-valid   CoNLL-2003 validation set (news text), one document per ``-DOCSTART-``
    historylab    History Lab annotated 1970s cables (all caps), the fifth held out of
                  training cablescope's model; exact and overlap scores
    historylab-all  all of History Lab train, for taggers that never saw it
    cables        the project's cable gold set (``evaluation/cable-gold``)

The cable-aware rules (``CableRules``) are applied to the cable corpora; to CoNLL too only
when asked (``news_rules``), which scores news as ``cablescope ner`` tags it: the rules find no
cable header there, so their header rules do not act.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cablescope.evaluation.cables import read_cable_gold
from cablescope.evaluation.conll import read_conll
from cablescope.evaluation.documents import GoldDocument
from cablescope.evaluation.historylab import is_held_out, read_historylab
from cablescope.evaluation.score import Scores, score
from cablescope.model import Mention
from cablescope.errors import TaggerError
from cablescope.tagging.base import Tagger
from cablescope.tagging.rules import CableRules

CORPORA = ("conll-valid", "historylab", "historylab-all", "cables")
"""Every corpus name ``evaluate`` knows, in the order reports list them."""

CABLE_CORPORA = frozenset({"historylab", "historylab-all", "cables"})
"""Corpora of cables, where the cable-aware rules apply."""

OVERLAP_CORPORA = frozenset({"historylab", "historylab-all"})
"""All-caps corpora, where a name found where it overlaps the gold span also counts."""

NAMES_ONLY = ("PER", "ORG", "LOC")
"""History Lab annotates people, organisations and places; MISC there is only what the
conversion makes of nationality words, so its reports add these three types pooled."""


class UnknownCorpus(TaggerError):
    """A corpus name ``evaluate`` does not know."""


@dataclass(frozen=True, slots=True)
class CorpusResult:
    """What one tagger scored on one corpus.

    ``exact`` counts a prediction right when span and type equal a gold entity's;
    ``overlap`` (all-caps corpora only) when it overlaps one of its type. ``seconds`` is the
    time spent tagging, the cable rules included when ``rules`` is true. ``skipped`` is why
    the corpus was not run (its files are absent); the scores are then empty.
    """

    corpus: str
    exact: Scores
    overlap: Scores | None
    documents: int
    words: int
    seconds: float
    rules: bool
    skipped: str = ""

    @property
    def pooled(self) -> tuple[str, ...]:
        """The types reported pooled as an extra row (``NAMES_ONLY`` on History Lab)."""
        return NAMES_ONLY if self.corpus in OVERLAP_CORPORA else ()

    @property
    def words_per_second(self) -> float:
        """Words tagged per second (0.0 when nothing was timed)."""
        return self.words / self.seconds if self.seconds > 0 else 0.0

    def header(self, tagger: str) -> str:
        """One line naming the corpus, the tagger, whether rules ran, and the sizes."""
        rules = "on" if self.rules else "off"
        if self.skipped:
            return f"## {self.corpus}: tagger {tagger}, rules {rules}: skipped ({self.skipped})"
        return (
            f"## {self.corpus}: tagger {tagger}, rules {rules}, {self.documents} documents, "
            f"{self.words} words, {self.words_per_second:,.0f} words/s"
        )

    def report(self, tagger: str) -> str:
        """The header line, then the exact table and, where measured, the overlap table."""
        lines = [self.header(tagger)]
        if self.skipped:
            return lines[0]
        lines += ["", "exact span and type:", "", self.exact.table(self.pooled)]
        if self.overlap is not None:
            lines += ["", "overlapping span, same type:", "", self.overlap.table(self.pooled)]
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        """Plain values for JSON reports."""
        return {
            "corpus": self.corpus,
            "rules": self.rules,
            "skipped": self.skipped or None,
            "documents": self.documents,
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": round(self.words_per_second, 1),
            "exact": self.exact.to_dict(self.pooled),
            "overlap": self.overlap.to_dict(self.pooled) if self.overlap is not None else None,
        }


def _gold(corpus: str, shared: Path) -> tuple[list[GoldDocument], str]:
    """The gold documents of ``corpus`` and, when its files are absent, why none are."""
    if corpus == "conll-valid":
        path = shared / "ner" / "conll2003" / "valid.txt"
        if not path.is_file():
            return [], f"{path} not found"
        return list(read_conll(path)), ""
    if corpus in ("historylab", "historylab-all"):
        folder = shared / "ner" / "historylab" / "train"
        if not folder.is_dir():
            return [], f"{folder} not found"
        documents = list(read_historylab(folder))
        if corpus == "historylab":
            documents = [d for d in documents if is_held_out(d.id)]
        return documents, ""
    if corpus == "cables":
        documents = list(read_cable_gold())
        return documents, "" if documents else "the cable gold set is not in this checkout"
    raise UnknownCorpus(f"no corpus named {corpus!r}; available: {', '.join(CORPORA)}")


def _predict(
    tagger: Tagger, documents: Sequence[GoldDocument], rules: CableRules | None
) -> tuple[dict[str, list[Mention]], float]:
    """Mentions by document id and the seconds the tagging (and rules) took."""
    started = time.perf_counter()
    texts: Iterator[str] = (d.text for d in documents)
    predicted: dict[str, list[Mention]] = {}
    for document, mentions in zip(documents, tagger.tag(texts), strict=True):
        if rules is not None:
            mentions = rules.apply(document.text, mentions)
        predicted[document.id] = mentions
    return predicted, time.perf_counter() - started


def _empty(corpus: str, rules: bool, why: str) -> CorpusResult:
    return CorpusResult(corpus, score((), {}), None, 0, 0, 0.0, rules, why)


def evaluate(
    tagger: Tagger,
    corpora: Sequence[str],
    *,
    rules: bool,
    shared: Path,
    news_rules: bool = False,
) -> dict[str, CorpusResult]:
    """Tag every named corpus (see the module docstring) with ``tagger`` and score it, by
    corpus name in the order given. ``rules`` applies ``CableRules`` to cable corpora, and
    with ``news_rules`` to every corpus, as ``cablescope ner`` does to any text.
    Corpora whose files are missing under ``shared`` come back ``skipped``; an unknown name
    raises UnknownCorpus before anything runs."""
    for corpus in corpora:
        if corpus not in CORPORA:
            raise UnknownCorpus(f"no corpus named {corpus!r}; available: {', '.join(CORPORA)}")
    results: dict[str, CorpusResult] = {}
    for corpus in dict.fromkeys(corpora):
        applied = rules and (news_rules or corpus in CABLE_CORPORA)
        documents, why = _gold(corpus, shared)
        if why:
            results[corpus] = _empty(corpus, applied, why)
            continue
        predicted, seconds = _predict(tagger, documents, CableRules() if applied else None)
        results[corpus] = CorpusResult(
            corpus,
            score(documents, predicted),
            score(documents, predicted, overlap=True) if corpus in OVERLAP_CORPORA else None,
            len(documents),
            sum(len(d.text.split()) for d in documents),
            seconds,
            applied,
        )
    return results
