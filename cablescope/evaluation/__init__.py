"""Named-entity yardsticks: gold documents from CoNLL-2003, History Lab and the cable gold set,
and a scorer for any tagger's mentions against them."""

from cablescope.evaluation.cables import read_cable_gold
from cablescope.evaluation.conll import read_conll, sentences
from cablescope.evaluation.documents import GoldDocument, GoldEntity
from cablescope.evaluation.historylab import Tally, read_historylab
from cablescope.evaluation.score import Counts, Scores, score

__all__ = [
    "Counts",
    "GoldDocument",
    "GoldEntity",
    "Scores",
    "Tally",
    "read_cable_gold",
    "read_conll",
    "read_historylab",
    "score",
    "sentences",
]
