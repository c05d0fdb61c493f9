"""The repair chain: every rule in order, each on the text the previous ones left.

Each rule returns edits on the text it is given; ``compose`` re-expresses them
on the raw body, so the result's edits always point into the raw text and any
span of the repaired text maps back. Order matters where one repair exposes
another: records, the routing headers they hold and page breaks go first (a break can
split ``country,`` from ``s``); REF list letters go last, when the header block they sit
in reads as the grammar reads it. Tokenised text first loses its marks (a mark's closer can sit between
a word and its ``, s``), its spaced apostrophes and its tokeniser spacing, and
then goes through the same rules as plain text, so its result is plain text
that a second repair leaves alone.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from cablescope.model import Edit, RepairedText
from cablescope.repair._compose import compose
from cablescope.repair.apostrophes import apostrophe_edits
from cablescope.repair.detokenise import detokenise_edits
from cablescope.repair.headers import routing_header_edits
from cablescope.repair.marks import mark_edits
from cablescope.repair.pagebreaks import blank_run_edits, page_header_edits
from cablescope.repair.quotes import doubled_quote_edits, quote_edits
from cablescope.repair.records import front_edits, record_edits
from cablescope.repair.reflist import ref_letter_edits
from cablescope.repair.sipdis import sipdis_edits
from cablescope.repair.spacing import letterspacing_edits

Rule = Callable[[str], list[Edit]]

PLAIN_RULES: tuple[Rule, ...] = (
    record_edits,
    front_edits,
    routing_header_edits,
    page_header_edits,
    blank_run_edits,
    letterspacing_edits,
    sipdis_edits,
    apostrophe_edits,
    quote_edits,
    doubled_quote_edits,
    ref_letter_edits,
)

TOKENISED_RULES: tuple[Rule, ...] = (
    mark_edits,
    partial(apostrophe_edits, tokenised=True),
    detokenise_edits,
    *PLAIN_RULES,
)


# Rules whose removals can bring two more of their matches together.
_REPEATED: frozenset[Rule] = frozenset({page_header_edits, sipdis_edits})
_ROUNDS = 3


def run_rules(raw: str, rules: tuple[Rule, ...]) -> RepairedText:
    """Apply ``rules`` in order to ``raw``, composing their edits onto raw offsets."""
    current = RepairedText(raw=raw, text=raw, edits=())
    for rule in rules:
        for _ in range(_ROUNDS if rule in _REPEATED else 1):
            edits = rule(current.text)
            if not edits:
                break
            current = compose(current, edits)
    return current


def repair(raw: str, *, tokenised: bool = False) -> RepairedText:
    """The repaired text of a raw body, with the edits that make it from ``raw``.

    ``tokenised`` is for the annotated variant (inline entity marks, tokeniser
    spacing): the marks' brackets are removed and the spacing made natural.
    """
    return run_rules(raw, TOKENISED_RULES if tokenised else PLAIN_RULES)
