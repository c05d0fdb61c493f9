"""The guideline's types on the gold cables' own text: missions and governments named by
their place, currency codes, nationalities and groups, archive records copied into a
body, posts in addressee lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from cablescope.model import Mention
from cablescope.tagging.kinds import is_group
from cablescope.tagging.rules import CableRules

GOLD = Path(__file__).resolve().parent.parent.parent / "evaluation" / "cable-gold"
RULES = CableRules()


def text_of(cable_id: str) -> str:
    return (GOLD / f"{cable_id}.txt").read_text(encoding="utf-8")


def at(text: str, needle: str, kind: str, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    return Mention(start, start + len(needle), kind, needle, "test")


def found(text: str, mentions: list[Mention]) -> set[tuple[str, str]]:
    return {(m.text, m.type) for m in RULES.apply(text, mentions)}


def test_a_mission_named_by_its_place_is_one_org() -> None:
    text = text_of("05VILNIUS732")
    start = text.index("Embassy Vilnius") + len("Embassy ")
    out = found(text, [Mention(start, start + 7, "LOC", "Vilnius", "test")])
    assert ("Embassy Vilnius", "ORG") in out
    assert ("Vilnius", "LOC") not in out


def test_the_country_before_a_mission_joins_it() -> None:
    text = text_of("07TRIPOLI943")
    start = text.index("U.S. Embassy Tripoli")
    us = Mention(start, start + 4, "LOC", "U.S.", "test")
    tripoli = Mention(start + 13, start + 20, "LOC", "Tripoli", "test")
    out = RULES.apply(text, [us, tripoli])
    assert [(m.text, m.type) for m in out if m.start >= start and m.end <= start + 20] == [
        ("U.S. Embassy Tripoli", "ORG")
    ]


def test_a_mission_at_a_post_is_found_without_the_tagger() -> None:
    text = text_of("08LISBON1999")
    assert ("Embassy Lisbon", "ORG") in found(text, [])


def test_an_embassy_of_no_post_is_left_alone() -> None:
    text = text_of("07MADRID1805")
    assert not any("Legatt" in m for m, _ in found(text, []))


def test_a_government_named_by_its_country_is_one_org() -> None:
    text = text_of("10LONDON88")
    out = found(text, [at(text, "Sudan", "LOC", 1), at(text, "Chad", "LOC", 1)])
    assert {("Government of Sudan", "ORG"), ("Government of Chad", "ORG")} <= out


def test_currency_codes_are_no_entities() -> None:
    text = text_of("05VILNIUS732")
    dollars = at(text, "US$", "MISC")
    assert "US$" in text and not any("US$" in m for m, _ in found(text, [dollars]))


def test_letters_a_cable_spells_out_as_a_name_are_no_currency() -> None:
    text = "The Dutch Unit Synthetic Drugs (USD) seized 50 kilos. USD officers said so."
    unit = at(text, "Unit Synthetic Drugs", "ORG")
    officers = at(text, "USD", "ORG", 1)
    assert ("USD", "ORG") in found(text, [unit, officers])
    paid = "They paid 400 US Dollars (USD) each; the USD figure rose."
    assert ("USD", "ORG") not in found(paid, [at(paid, "USD", "ORG", 1)])


def test_nationalities_and_groups_are_misc_not_people_or_parties() -> None:
    text = text_of("08ANKARA537")
    out = found(text, [at(text, "Alevis", "PER"), at(text, "Turks", "LOC")])
    assert {("Alevis", "MISC"), ("Turks", "LOC")} <= out
    text = text_of("09MANAMA639")
    assert ("Shia", "MISC") in found(text, [at(text, "Shia", "ORG")])
    text = text_of("04WELLINGTON641")
    assert ("New Zealanders", "MISC") in found(text, [at(text, "New Zealanders", "PER")])


@pytest.mark.parametrize(
    "word",
    ["Iraqi", "Turks", "Turkish", "New Zealanders", "Surinamer", "Icelanders", "Shia",
     "Alevis", "Chinese", "Sudanese", "Lebanese", "Germans", "South Africans", "ALEVIS",
     "Americans", "Kurds"],
)  # fmt: skip
def test_is_group(word: str) -> None:
    assert is_group(word)


@pytest.mark.parametrize(
    "word",
    ["Francis", "Frances", "Georgia", "Jordan", "Indiana", "Georgetown", "Roman", "Indi",
     "Philippine", "Mali", "Peru", "US", "Tunis", "Georg"],
)  # fmt: skip
def test_is_not_group(word: str) -> None:
    assert not is_group(word)


def test_an_archive_record_in_a_body_holds_no_entity() -> None:
    text = text_of("09QUITO1011")
    routed = text.index("RUEHBR/AMEMBASSY BRASILIA") + len("RUEHBR/AMEMBASSY ")
    origin = text.index("origin: Embassy Quito") + len("origin: ")
    marks = [
        Mention(routed, routed + 8, "LOC", "BRASILIA", "test"),
        Mention(origin, origin + 13, "ORG", "Embassy Quito", "test"),
    ]
    out = RULES.apply(text, marks)
    ends = text.index("header ends")
    assert not [m for m in out if m.start < ends and m.start > text.index("id: 237635")]


def test_a_post_in_an_addressee_line_is_loc() -> None:
    text = text_of("09QUITO1011")
    out = found(text, [at(text, "RECIFE", "PER")])
    assert ("RECIFE", "LOC") in out and ("RECIFE", "PER") not in out


def test_a_name_runs_over_its_particles() -> None:
    text = text_of("08RIYADH1134")
    start = text.index("Nizar \nbin Obaid Madani")
    first = Mention(start, start + 5, "PER", "Nizar", "test")
    second = at(text, "Obaid Madani", "PER")
    assert ("Nizar \nbin Obaid Madani", "PER") in found(text, [first, second])
    text = text_of("07TRIPOLI943")
    assert ("Saif al-Islam al-Qadhafi", "PER") in found(text, [at(text, "Saif", "PER")])


@pytest.mark.parametrize(
    ("text", "first", "second", "expected"),
    [
        (
            "Minister Manuel Lopez-Blanco said so.",
            "Manuel Lopez",
            "Blanco",
            {"Manuel Lopez-Blanco"},
        ),
        ("Judge Patrick Lopez-Terres ruled.", "Patrick Lopez", None, {"Patrick Lopez-Terres"}),
        ("JUDGE PATRICK LOPEZ-TERRES RULED.", "PATRICK LOPEZ", None, {"PATRICK LOPEZ-TERRES"}),
        # Two people, not one hyphenated name.
        (
            "the Vladimir Putin-Dmitry Medvedev tandem",
            "Vladimir Putin",
            "Dmitry Medvedev",
            {"Vladimir Putin", "Dmitry Medvedev"},
        ),
        (
            "THE VLADIMIR PUTIN-DMITRY MEDVEDEV TANDEM",
            "VLADIMIR PUTIN",
            "DMITRY MEDVEDEV",
            {"VLADIMIR PUTIN", "DMITRY MEDVEDEV"},
        ),
        ("the Obama-Medvedev summit", "Obama", "Medvedev", {"Obama", "Medvedev"}),
    ],
)
def test_a_hyphenated_surname_is_one_name(
    text: str, first: str, second: str | None, expected: set[str]
) -> None:
    marks = [at(text, first, "PER")] + ([at(text, second, "PER")] if second else [])
    assert {m for m, kind in found(text, marks) if kind == "PER"} == expected


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        (
            "Minister of Justice Juan Fernando Lopez\nAguilar spoke.",
            "Justice Juan Fernando Lopez\nAguilar",
            {("Juan Fernando Lopez\nAguilar", "PER")},
        ),
        (
            "He met Minister of Culture and Tourism Mumcu there.",
            "Culture and Tourism Mumcu",
            {("Mumcu", "PER")},
        ),
        (
            "THE MINISTER OF INTERIOR ABDULKADIR AKSU SAID.",
            "INTERIOR ABDULKADIR AKSU",
            {("ABDULKADIR AKSU", "PER")},
        ),
        # The portfolio alone is the title, no entity.
        ("the Minister for Mines and Energy arrived", "Mines and Energy", set()),
        (
            "the Minister of Foreign Affairs and International Cooperation spoke",
            "Foreign Affairs and International Cooperation",
            set(),
        ),
        # A portfolio word the list lacks is no person's name.
        (
            "the Minister of Interior and Decentralization",
            "Interior and Decentralization",
            {("Interior and Decentralization", "ORG")},
        ),
        # Not a portfolio: left as tagged.
        ("the Minister for Arab Affairs", "Arab", {("Arab", "MISC")}),
        (
            "the Ministry of Justice Reform Office",
            "Justice Reform Office",
            {("Justice Reform Office", "ORG")},
        ),
    ],
)
def test_a_ministers_portfolio_is_the_title_and_the_name_after_it_the_person(
    text: str, tagged: str, expected: set[tuple[str, str]]
) -> None:
    kind = "MISC" if tagged == "Arab" else "ORG"
    assert found(text, [at(text, tagged, kind)]) == expected


def test_a_dateline_in_capitals_is_no_part_of_a_name() -> None:
    text = "pilgrims ' progress .\nSami Aboudi\nAL-RAM , West Bank 1996-08-31\n"
    assert ("Sami Aboudi", "PER") in found(text, [at(text, "Sami Aboudi", "PER")])


def test_a_treaty_or_amendment_is_misc_a_body_stays_org() -> None:
    text = text_of("09QUITO1011")
    name = "U.S.-Colombia Defense Cooperation \nAgreement"
    assert (name, "MISC") in found(text, [at(text, name, "ORG")])
    text = text_of("09USUNNEWYORK653")
    assert ("Thirteenth Amendment", "MISC") in found(
        text, [at(text, "Thirteenth Amendment", "ORG")]
    )
    text = "talks with the Organisation of Islamic Conference on Monday"
    body = "Organisation of Islamic Conference"
    assert (body, "ORG") in found(text, [at(text, body, "ORG")])


def test_bodies_governments_and_offices_are_org() -> None:
    text = text_of("08ANKARA537")
    out = found(
        text,
        [
            at(text, "Hussein Gazi Association", "PER"),
            at(text, "Middle East Technology University", "LOC"),
        ],
    )
    assert {
        ("Hussein Gazi Association", "ORG"),
        ("Middle East Technology University", "ORG"),
    } <= out
    text = text_of("08LISBON1999")
    assert ("GOP", "ORG") in found(text, [at(text, "GOP", "MISC")])
    text = text_of("08SANJOSE653")
    assert ("COMMERCE/FCS", "ORG") in found(text, [at(text, "COMMERCE/FCS", "PER")])


def test_places_and_people_that_look_like_bodies_stay() -> None:
    text = "MET WITH DR. GOPO AT BRITISH EMB ON MARCH 3 ABOUT THE WEST BANK"
    out = found(text, [at(text, "GOPO", "PER"), at(text, "WEST BANK", "LOC")])
    assert {("GOPO", "PER"), ("WEST BANK", "LOC")} <= out


def test_office_symbols_and_ministries_are_found_where_the_tagger_missed_them() -> None:
    text = text_of("09HARARE955")
    out = found(text, [])
    assert ("Ministry of Foreign Affairs", "ORG") in out
    assert not any("Permanent" in m for m, _ in out)
    text = text_of("08BRASILIA1567")
    assert ("Ministry of Exterior Relations", "ORG") in found(text, [])
    text = text_of("09QUITO1011")
    assert ("Foreign Ministry", "ORG") in found(text, [])
    text = text_of("05VILNIUS732")
    assert {("EUR/NB", "ORG"), ("EUR/UMB", "ORG")} <= found(text, [])


def test_post_sections_and_generic_words_alone_are_no_entities() -> None:
    text = text_of("09USUNNEWYORK653")
    assert not any(
        "Administration" in m for m, _ in found(text, [at(text, "Administration", "ORG")])
    )
    text = "7. RSO AND AMBASSADOR MET FM PELEGHIAS AT THE SUMMIT; NGOS ATTENDED."
    marks = [at(text, "RSO", "ORG"), at(text, "FM PELEGHIAS", "PER"), at(text, "NGOS", "ORG")]
    assert found(text, marks) == {("PELEGHIAS", "PER")}


def test_a_detainees_serial_number_is_no_entity() -> None:
    text = text_of("07TRIPOLI943")
    marks = [at(text, "ISN-194", "ORG"), at(text, "ISN-557", "MISC")]
    assert not any(m.startswith("ISN") for m, _ in found(text, marks))


@pytest.mark.parametrize(
    ("text", "pronoun"),
    [
        ("AND HIS ADVISOR, HOLGER, HAVE BOTH TOLD US THAT THE TEXT WOULD BE ACCEPTABLE", True),
        ("IT WOULD BE MORE PRUDENT FOR US, IN MY VIEW, FOR THE PARTIES TO", True),
        ("TH BEGIN AND WOULD BE BACK TO US. HE BROKE OFF OUR CONVERSATION", True),
        ("COORDINATED WITH APPROPRIATE US MILITARY AUTHORITIES REGARDING", False),
        ("ANY FLEET LIKE US WITH WORLD WIDE RESPONSIBILITIES", False),
        ("Ambassador Kelly told US officials that the text", False),
    ],
)
def test_the_pronoun_us_in_capitals_is_no_place(text: str, pronoun: bool) -> None:
    out = found(text, [at(text, "US", "LOC")])
    assert (("US", "LOC") not in out) is pronoun
