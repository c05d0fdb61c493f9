"""Fuzzy words (``gaddafi~``): how they parse, how spellings fold, which indexed words are
spellings of a name, and how a query's fuzzy terms become the spellings an index holds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cablescope.errors import QueryError
from cablescope.query import And, Not, Or, Query, Term, Variants, literal, parse_query
from cablescope.query import fuzzy
from cablescope.query.fold import words
from cablescope.query.fuzzy import Lexicon, expand, initials, spelling, spellings

CORPUS_WORDS = (
    "caada cabada cada cadasse caddy cade caderon cadivi caixa caldera caldern calderon"
    " canada candy canedo carazzai carey carney cauca cauldron causa chaez chafes chagas"
    " chagos chaos chapas charris chase chassis chavan chaves chavez chavz chides chiles"
    " chines chooses chvez coda codify coed coldren corley cowed credo cueva eastern"
    " gaddafi gade gadhafi gaeta garawi garda garey garvey garza garzon gasify ghada gheida"
    " gorey gurley gurney hamad hamas hasan hasbeen hasin hasnain hassan henein herein"
    " hezballah hezbollah hizaballah hizballah hizbollah hizbul hizbullah hoseini hoseyni"
    " hossain hossein housein houssay houssein husain husan husayn husein huseiny huseyin"
    " hussain hussaini hussein husseini husseiny kadafi kadiri kaneda karaya karua karzai"
    " karzais keizai kerley kezai khaleda khauda khorafi mabrook mabrouk mabruk magomed"
    " mahamat mahammed mahamoud mahamud mahmood mahmoud mahmud maimed malamud melamed"
    " mobarak mobruk mohamad mohamed mohamen mohammad mohammadi mohammed mohammid mohamoud"
    " mohamud mohmed mubara mubarak mubaraz mubarek mubarrak muhamad muhamed muhammad"
    " muhammed muharraq precedent qadafhi qadafi qaddafi qadhaf qadhafa qadhafi qadhafis"
    " qadiri qaeda qaida qazai qhadafi qoday quaeda qurei sardar wastern westen western"
    " westin weston wooster zadari zardari zardarni zedari zerdecki"
).split()
"""Words of the index of the 6,712-cable corpus that lie near the names tested below
(what ``name~1`` reads there), true spellings and near misses alike."""


# parsing


def test_a_word_with_a_tilde_is_a_fuzzy_term() -> None:
    assert parse_query("gaddafi~").root == Term("gaddafi", fuzzy=True)
    assert parse_query("Gaddafi~2").root == Term("Gaddafi", fuzzy=True, edits=2)
    assert parse_query("subject:qadhafi~").root == Term("qadhafi", column="subject", fuzzy=True)
    assert parse_query("-gaddafi~ libya").root == And(
        (Not(Term("gaddafi", fuzzy=True)), Term("libya"))
    )
    assert parse_query("gaddafi~ OR chavez~0").root == Or(
        (Term("gaddafi", fuzzy=True), Term("chavez", fuzzy=True, edits=0))
    )
    assert parse_query("foo~bar").root == Term("foo~bar")  # a ~ inside a word is text
    assert Term("gaddafi", fuzzy=True, edits=1).written == "gaddafi~1"


def test_a_fuzzy_word_counts_for_ranking_before_and_after_expansion() -> None:
    query = parse_query("gaddafi~ -tag:PREL")
    assert query.ranked and query.has_words
    assert query.positive_terms() == (Term("gaddafi", fuzzy=True),)


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("~", "~ follows a word"),
        ("gaddafi ~", "~ follows a word"),
        ('"colonel gaddafi"~', "not a phrase or a filter"),
        ("per:gaddafi~", "per:gaddafi~: ~ follows a word, not a filter"),
        ('per:"gaddafi"~', "~ follows a word"),
        ("tag:PREL~", "tag:PREL~: ~ follows a word, not a filter"),
        ("origin:tripoli~1", "not a filter"),
        ("al-qaida~", "al-qaida~: ~ follows one word, as in gaddafi~; here it follows 2"),
        ("gadd*~", "* and ~ do not combine"),
        ("gaddafi~*", "gaddafi~*: * and ~ do not combine"),
        ("gaddafi~4", "~N takes 0 to 3"),
    ],
)
def test_a_misplaced_tilde_is_a_one_line_query_error(q: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("*", r"\*")) as raised:
        parse_query(q)
    assert "\n" not in str(raised.value)


LETTERS = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéüçñßABCQXZ"), min_size=1, max_size=14)


@given(word=LETTERS, bound=st.sampled_from(["", "0", "1", "2", "3"]))
def test_any_word_takes_a_tilde(word: str, bound: str) -> None:
    root = parse_query(f"{word}~{bound}").root
    assert isinstance(root, Term) and root.fuzzy
    assert root.edits == (int(bound) if bound else None)
    assert words(root.text) == words(word)
    with pytest.raises(TypeError):
        literal(root)  # a store must replace it with its spellings first


# spelling


@pytest.mark.parametrize(
    ("word", "spelt"),
    [
        ("gaddafi", "kadafi"),
        ("qadhafi", "kadafi"),
        ("kadhafi", "kadafi"),
        ("khadafi", "kadafi"),
        ("ghaddafi", "gadafi"),  # gh is not q, k or g
        ("chavez", "chaves"),
        ("hussein", "husain"),
        ("husayn", "husain"),
        ("abdullah", "abdula"),
        ("dawood", "daud"),
        ("daoud", "daud"),
        ("ahmadinezhad", "ahmadinejad"),
        ("tchad", "chad"),
        ("phillips", "filips"),
        ("western", "western"),  # w and y stay at the start
        ("yousef", "yusef"),
        ("calderon", "kalderon"),
        ("cesar", "cesar"),
    ],
)
def test_spelling_folds_transliterations(word: str, spelt: str) -> None:
    assert spelling(word) == spelt


@given(word=st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyzéøß"), min_size=1, max_size=12))
def test_a_store_reads_every_word_that_may_be_a_spelling(word: str) -> None:
    """A word is compared only with words whose spelling starts like its own (both with a
    vowel alike); a store reads only those starting with ``initials``: so each word's
    own first letter must be among the initials of its spelling."""
    assert word[0] in initials(word)


# spellings of real names among real words


@pytest.mark.parametrize(
    ("name", "spelt"),
    [
        ("gaddafi", "gaddafi gadhafi kadafi qadafi qaddafi qadhafi qadhafa"),
        ("kadhafi", "gaddafi gadhafi kadafi qadafi qaddafi qadhafi qadhafa"),
        ("chavez", "chavez chaves"),
        (
            "hussein",
            "hussein hussain husain husayn huseyin husein housein houssein hossein hossain",
        ),
        ("hezbollah", "hezbollah hezballah hizbollah hizballah hizbullah"),
        ("qaeda", "qaeda qaida khauda"),
        ("karzai", "karzai"),
        ("mubarak", "mubarak mubarrak mobarak mubarek"),
        ("western", "western wastern"),
        ("calderon", "calderon"),
        ("zardari", "zardari"),
    ],
)
def test_the_spellings_of_a_name_and_no_other_word(name: str, spelt: str) -> None:
    assert set(spellings(name, CORPUS_WORDS)) == set(spelt.split())


def test_near_misses_are_left_out() -> None:
    kept = {name: set(spellings(name, CORPUS_WORDS)) for name in ("chavez", "hussein", "qaeda")}
    assert {"chase", "chaos", "chvez"}.isdisjoint(kept["chavez"])
    assert {"hassan", "hasan", "husseini", "husan"}.isdisjoint(kept["hussein"])
    assert {"ghada", "gheida", "cada", "quaeda"}.isdisjoint(kept["qaeda"])
    for name, misses in [
        ("karzai", "garza qazai"),
        ("mubarak", "muharraq mabrouk"),
        ("mohammed", "mahmoud mahmud mohammadi magomed"),
        ("western", "eastern weston"),
        ("calderon", "cauldron caldera"),
        ("zardari", "sardar zadari"),
        ("gaddafi", "codify gasify qadhafis"),
    ]:
        assert set(misses.split()).isdisjoint(spellings(name, CORPUS_WORDS)), name


def test_a_bound_allows_more_letters() -> None:
    assert spellings("chavez", CORPUS_WORDS, 0) == spellings("chavez", CORPUS_WORDS)
    wider = set(spellings("chavez", CORPUS_WORDS, 1))
    assert {"chavez", "chaves", "chvez", "chavz", "chaos"} <= wider
    assert "chase" not in wider  # two letters from chaves


def test_spellings_come_nearest_first() -> None:
    near = Lexicon(CORPUS_WORDS).near("mohammed")
    assert near[0] == (0, "mohamed") or near[0] == (0, "mohammed")
    assert [d for d, _ in near] == sorted(d for d, _ in near)
    assert (2, "muhammad") in near


def test_words_with_digits_are_no_spellings() -> None:
    assert spellings("tripoli", ["tripoli", "tripoli2", "tripoly"]) == ["tripoli", "tripoly"]
    assert spellings("g8", ["g8", "g9", "ge"]) == []
    assert len(Lexicon(["09tripoli57", "tripoli"])) == 1
    # a word that holds a digit stands for itself alone
    assert expand(parse_query("g8~"), Words({"g8": 3, "g9": 2})).variants[0].found == (("g8", 3),)


# expanding a query


class Words:
    """A Vocabulary of (word, cables) pairs, as a store's index answers."""

    def __init__(self, held: Mapping[str, int]) -> None:
        self.held = held
        self.read: list[str] = []

    def lexicon(self, letters: str) -> Lexicon:
        self.read.append(letters)
        return Lexicon(w for w in self.held if w[:1] in letters)

    def cables(self, found: Sequence[str]) -> Mapping[str, int]:
        return {w: self.held[w] for w in found if w in self.held}


CORPUS_COUNTS = {
    "qadhafi": 303, "qaddafi": 12, "gaddafi": 8, "gadhafi": 1, "kadafi": 1, "qadafi": 1,
    "qadhafa": 1, "codify": 15, "chavez": 402, "chaves": 11, "chase": 20, "libya": 280,
}  # fmt: skip
"""Cables of the corpus holding each word."""


def test_expansion_replaces_each_fuzzy_term_with_its_spellings() -> None:
    vocabulary = Words(CORPUS_COUNTS)
    query = expand(parse_query("gaddafi~ libya -chavez~ OR gaddafi~"), vocabulary)
    gaddafi = Variants(
        "gaddafi~",
        (("qadhafi", 303), ("qaddafi", 12), ("gaddafi", 8), ("gadhafi", 1), ("kadafi", 1),
         ("qadafi", 1), ("qadhafa", 1)),
    )  # fmt: skip
    assert query.variants == (gaddafi, Variants("chavez~", (("chavez", 402), ("chaves", 11))))
    spelt = Or(tuple(Term(w) for w, _ in gaddafi.found))
    assert query.root == Or(
        (And((spelt, Term("libya"), Not(Or((Term("chavez"), Term("chaves")))))), *spelt.items)
    )
    assert vocabulary.read == ["kqgc", "ct"]  # each term read once
    assert str(query.variants[0]).startswith("gaddafi~: qadhafi 303, qaddafi 12, gaddafi 8,")
    assert query.variants[1].to_dict() == {
        "term": "chavez~",
        "words": [{"word": "chavez", "cables": 402}, {"word": "chaves", "cables": 11}],
        "more": 0,
    }


def test_expansion_keeps_the_column_and_leaves_plain_queries_alone() -> None:
    vocabulary = Words(CORPUS_COUNTS)
    query = expand(parse_query("subject:chavez~"), vocabulary)
    assert query.root == Or((Term("chavez", column="subject"), Term("chaves", column="subject")))
    plain = parse_query("chavez libya tag:PREL")
    assert expand(plain, vocabulary) is plain and vocabulary.read == ["ct"]
    assert expand(query, vocabulary) is query  # nothing fuzzy is left


def test_a_word_without_spellings_matches_nothing() -> None:
    query = expand(parse_query("xyzzy~"), Words(CORPUS_COUNTS))
    assert query.root == Term("xyzzy")
    assert str(query.variants[0]) == "xyzzy~: no spelling found"
    single = expand(parse_query("libya~"), Words(CORPUS_COUNTS))
    assert single.root == Term("libya")


def test_at_most_max_variants_spellings_the_nearest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fuzzy, "MAX_VARIANTS", 3)
    held = {**CORPUS_COUNTS, "chaos": 84, "chavz": 1}
    found = expand(parse_query("chavez~1"), Words(held)).variants[0]
    # chavez and chaves spell alike, chavz is a letter off, chaos (84 cables) two
    assert found == Variants("chavez~1", (("chavez", 402), ("chaves", 11), ("chavz", 1)), 1)
    assert str(found).endswith("chavz 1 and 1 more")


def test_a_narrowed_query_keeps_its_variants() -> None:
    query = expand(parse_query("chavez~"), Words(CORPUS_COUNTS))
    assert query.narrowed(Term("libya")).variants == query.variants
    assert Query("x").variants == ()
