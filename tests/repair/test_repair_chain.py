"""The whole chain: invariants on arbitrary text and on real fragments with quirks injected."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablescope.repair import find_marks, marks_on_text, repair
from tests.repair.common import assert_consistent, fixture

# Pieces of real cables (09MEXICO2882, 10MEXICO83, 04MADRID974, 03THEHAGUE2835, 90CAPETOWN97)
# and the damage the published text carries.
FRAGMENTS = (
    "They believe it would also go a long way toward stitching up the",
    "Ciudad Juarez, Tijuana, and one other city with a joint planning cell",
    "1. (SBU) Summary: The inauguration of the Defense Bilateral Working Group",
    "Moratinos stressed Zapatero,s appreciation for the President,s phone call",
    "SUBJECT: AMBASSADOR,S MEETING WITH POSSIBLE NEW SPANISH",
    "a DUP demand for a six-month &decontamination8 period prior to SF",
    "it is a &hot button topic8 that is not going to go away. KENNY",
    "AT&T and R&D, Oil & Gas, 18 of the G8",
    "S E C R E T SECTION 01 OF 05 MEXICO 000083",
    "C O N F I D E N T I A L THE HAGUE 000131",
    "SIPDIS\n\nSIPDIS",
    "SIPDIS \n \nSENSITIVE \n \nSIPDIS",
    "MEXICO 00000083 002 OF 005",
    "PAGE 02        CAPE T  00097  01 OF 03  182017Z",
    "CONFIDENTIAL \n \nCONFIDENTIAL \n \n",
    'detainees as ""pussycats"" compared',
    "what I don,t want is to lose",
    "MexicoQ,s lead on the Technical",
    "¶2. (C) Moratinos said that",
    "-------------------- ",
    "Comment",
    "the",
    "modernization.",
    ",s",
    "8",
    "&",
    "'",
    '"',
)
SEPARATORS = (" ", "  ", "\n", "\n\n", " \n \n", "\n\n\n\n", "\u2028", " \\\n", "")
QUIRKY = st.lists(st.sampled_from(FRAGMENTS + SEPARATORS), max_size=24).map("".join)
ANY_TEXT = st.text(
    alphabet=st.sampled_from(
        list("aAsStT,.;:&8'\" \n\\()[]¶0123456789PERLOCSIPDISOF") + ["\u2028"]
    ),
    max_size=120,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_never_raises_and_stays_consistent(raw: str) -> None:
    for tokenised in (False, True):
        assert_consistent(repair(raw, tokenised=tokenised))


@settings(max_examples=600, deadline=None)
@given(st.one_of(ANY_TEXT, QUIRKY))
def test_idempotent(raw: str) -> None:
    once = repair(raw)
    assert_consistent(once)
    assert repair(once.text).text == once.text


@settings(max_examples=300, deadline=None)
@given(st.one_of(ANY_TEXT, QUIRKY))
def test_tokenised_output_is_plain_text(raw: str) -> None:
    once = repair(raw, tokenised=True)
    assert_consistent(once)
    assert repair(once.text).text == once.text


MARKED = st.lists(
    st.one_of(
        st.sampled_from(FRAGMENTS + (" , ", " . \n", " ( ", " ) ", " 's ", ' " ')),
        st.builds(
            lambda kind, inner: f"[{kind} {inner}  ]",
            st.sampled_from(["PER", "ORG", "LOC", "MISC"]),
            st.sampled_from(
                ["Keith Mines", "PGR", "Mexico City", "U.S.", "SIPDIS", "Worker 's Party"]
            ),
        ),
    ),
    max_size=20,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(MARKED)
def test_marks_map_onto_their_text(raw: str) -> None:
    repaired = repair(raw, tokenised=True)
    assert_consistent(repaired)
    marks = find_marks(raw)
    spans = marks_on_text(repaired, marks)
    assert len(spans) <= len(marks)
    for start, end, _kind in spans:
        piece = repaired.text[start:end]
        assert piece and piece == piece.strip()
        assert "[" not in piece and "  ]" not in piece


def test_edits_name_their_rules() -> None:
    raw = fixture("pagebreak_mexico.txt") + "\n\nS E C R E T\n\nSIPDIS\n\nSIPDIS\n&quoted8 DON,T"
    rules = {part for e in repair(raw).edits for part in e.rule.split("+")}
    assert rules == {"pagebreak", "apostrophe", "letterspacing", "sipdis", "quote"}


def test_empty_and_untouched_text() -> None:
    assert repair("").text == ""
    plain = "UNCLAS STATE 001234\n\nE.O. 12958: N/A\nTAGS: PREL\n\n1. (U) Nothing to repair here."
    result = repair(plain)
    assert result.text == plain
    assert result.edits == ()
