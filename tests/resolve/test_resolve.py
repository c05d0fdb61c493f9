"""Entity resolution on small cables: keys, aliases, acronyms, people named short, curation."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablescope.model import Cable, Mention
from cablescope.resolve.cluster import resolve
from cablescope.resolve.keys import (
    contains,
    name_key,
    role_before,
    runs,
    slug,
    split_roles,
    within,
    words,
)
from cablescope.model.entity import Judgement, Resolution
from cablescope.resolve.places import country_meant
from cablescope.store.memory import MemoryStore
from cablescope.resolve import resolve_store


def cable(cid: str, text: str, names: dict[str, str], origin: str = "Embassy Mexico",
          date: str = "2009-10-05") -> Cable:  # fmt: skip
    """A cable with ``text`` whose every occurrence of each name is a mention of its type."""
    taken: list[Mention] = []
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text):
            if all(m.end() <= t.start or m.start() >= t.end for t in taken):
                taken.append(Mention(m.start(), m.end(), names[name], m.group(), "static"))
    mentions = sorted(taken, key=lambda t: t.start)
    return Cable(cid, date=date, origin=origin, text=text, mentions=tuple(mentions))


def entity_of(resolution: Resolution, cable_id: str, surface: str, text: str) -> str:
    at = text.index(surface)
    return next(k.entity_id for k in resolution.links if k.cable_id == cable_id and k.start == at)


def test_keys_fold_case_dots_and_possessives() -> None:
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_key("TELLO PEON's") == name_key("Tello  Peon") == "tello peon"
    assert slug("Tello Peón") == "tello-peon"


@pytest.mark.parametrize(
    ("text", "role"),
    # fragments of 05BUENOSAIRES159, 09ULAANBAATAR234, 03BRASILIA3124, 07BERN258,
    # 08BUENOSAIRES1215, 08LONDON2964, 04SAOPAULO493 and 10LISBON66
    [
        ("Redrado said that President ", "president"),
        ("the recent travel of former President ", "former president"),
        ("Regarding former\nPresident ", "former president"),
        ("(U) FM ", "foreign minister"),
        ("Ambuehl told visiting EUR A/S ", "assistant secretary"),
        ("former Defense Minister under President ", "president"),
        ("of the Transport Minister. ", ""),
        ("that it is not clear that the ", ""),
        ("10, Brito told Under Secretary of State ", "under secretary"),
        ("for the Department of State ", ""),
        ("a letter to the Secretary of State. ", ""),
    ],
)
def test_the_role_before_a_name_is_its_titles_written_out(text: str, role: str) -> None:
    assert role_before(text + "Kirchner", len(text)) == role


def test_the_role_inside_a_mention_comes_off_its_name() -> None:
    # 06BERN1280 and an ambassador as the cables write them
    assert split_roles("P - U/S BURNS") == ("under secretary", "BURNS")
    assert split_roles("Amb. Wayne") == ("ambassador", "Wayne")
    assert split_roles("Hun Sen") == ("", "Hun Sen")


_VOCABULARY = set(words().titles) | {w for r in words().abbreviations.values() for w in r.split()}


_PIECES = ["President ", "former ", "said ", "A/S ", "FM ", "the ", "Minister. ", "(C) ", "a", "B",
           "/", " ", ".", ",", "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=20).map("".join))
def test_a_role_is_made_of_titles_and_stops_at_another_word(prefix: str) -> None:
    role = role_before(prefix + "said President X", len(prefix) + len("said President "))
    assert role == "president"
    for word in role_before(prefix, len(prefix)).split():
        assert word in _VOCABULARY or "/" in word


@pytest.mark.parametrize(
    ("key", "kind", "code"),
    [("japan", "LOC", "JA"), ("tokyo", "LOC", "JA"), ("buenos aires", "LOC", "AR"),
     ("japanese", "MISC", "JA"), ("jordanian", "MISC", "JO"), ("nigerian", "MISC", "NI"),
     ("nigerien", "MISC", "NG"), ("iraqi", "MISC", "IZ"), ("chinese", "MISC", "CH"),
     ("japanese", "LOC", None), ("tokyo", "MISC", None), ("chavez", "MISC", None),
     ("french", "MISC", None)],
)  # fmt: skip
def test_a_place_or_nationality_names_its_country(key: str, kind: str, code: str | None) -> None:
    assert country_meant(key, kind) == code


def test_a_name_is_within_a_longer_one_cut_short_or_without_its_middle() -> None:
    long = tuple("cristina fernandez de kirchner".split())
    assert within(long, ("cristina", "kirchner")) and not contains(long, ("cristina", "kirchner"))
    assert within(long, ("fernandez", "de", "kirchner"))
    assert not within(long, ("cristina",)) and not within(long, ("kirchner", "cristina"))
    assert not within(("george", "w", "bush"), ("w", "george"))


@given(st.lists(st.sampled_from(["ali", "de", "jorge", "luna", "garcia", "x"]), min_size=1,
                max_size=6).map(tuple))  # fmt: skip
def test_every_shorter_form_is_within_its_name(tokens: tuple[str, ...]) -> None:
    found = runs(tokens)
    assert len(set(found)) == len(found)
    for run in found:
        assert within(tokens, run) and len(run) < len(tokens)
    for i in range(len(tokens)):
        for j in range(i + 1, len(tokens) + 1):
            if contains(tokens, tokens[i:j]):
                assert tokens[i:j] in found
    # Every form ``within`` accepts is some of the tokens in order, and every one is found.
    for mask in range(1, 2 ** len(tokens) - 1):
        kept = tuple(w for i, w in enumerate(tokens) if mask >> i & 1)
        assert (kept in found) == within(tokens, kept)


TEXT = (
    "National Security Coordinator Jorge Tello Peon met the Ambassador. TELLO PEON said the "
    "Government of Mexico (GOM) would act. Tello Peon's aides and the U.S. and the USG agreed. "
    "The Defense Bilateral Working Group (DBWG) meets; the DBWG will report."
)
NAMES = {
    "Jorge Tello Peon": "PER",
    "TELLO PEON": "PER",
    "Tello Peon": "PER",
    "Government of Mexico": "ORG",
    "GOM": "ORG",
    "U.S.": "LOC",
    "USG": "ORG",
    "Defense Bilateral Working Group": "ORG",
    "DBWG": "ORG",
}


def test_variants_titles_acronyms_and_equivalents_become_one_entity() -> None:
    c = cable("09MEXICO1", TEXT, NAMES)
    r = resolve([c])
    person = {
        entity_of(r, c.id, s, TEXT) for s in ("Jorge Tello Peon", "TELLO PEON", "Tello Peon's")
    }
    assert person == {"per:jorge-tello-peon"}
    assert entity_of(r, c.id, "GOM", TEXT) == entity_of(r, c.id, "Government of Mexico", TEXT)
    assert entity_of(r, c.id, "DBWG", TEXT) == "org:defense-bilateral-working-group"
    # A country and its government are two entities.
    assert entity_of(r, c.id, "U.S.", TEXT) == "loc:united-states"
    assert entity_of(r, c.id, "USG", TEXT) == "org:united-states-government"
    tello = next(e for e in r.entities if e.id == "per:jorge-tello-peon")
    assert tello.name == "Jorge Tello Peon"
    assert {a.surface for a in tello.aliases} == {"Jorge Tello Peon", "TELLO PEON", "Tello Peon"}
    links = {k.start: k for k in r.links}
    assert links[TEXT.index("TELLO PEON")].method == "same-cable"
    assert links[TEXT.index("DBWG")].method == "acronym"


def test_a_surname_links_per_cable_and_only_with_evidence() -> None:
    a = cable("04BUENOSAIRES1", "Ambassador Lino Gutierrez met Kirchner. Gutierrez said no.",
              {"Lino Gutierrez": "PER", "Gutierrez": "PER", "Kirchner": "PER"},
              "Embassy Buenos Aires", "2004-08-10")  # fmt: skip
    b = cable("09QUITO1", "Lucio Gutierrez ran again. Gutierrez lost to Correa.",
              {"Lucio Gutierrez": "PER", "Gutierrez": "PER", "Correa": "PER"},
              "Embassy Quito", "2009-04-02")  # fmt: skip
    c = cable("07MOSCOW1", "Gutierrez visited Moscow.", {"Gutierrez": "PER"},
              "Embassy Moscow", "2007-01-01")  # fmt: skip
    r = resolve([a, b, c])
    assert entity_of(r, a.id, "Gutierrez said", a.text) == "per:lino-gutierrez"
    assert entity_of(r, b.id, "Gutierrez lost", b.text) == "per:lucio-gutierrez"
    alone = next(k for k in r.links if k.cable_id == c.id)
    assert (alone.entity_id, alone.method) == ("per:gutierrez", "ambiguous")
    assert alone.confidence < 0.5


def test_one_full_name_in_the_archive_takes_a_surname_with_less_confidence() -> None:
    a = cable("09MEXICO2", "Genaro Garcia Luna spoke.", {"Genaro Garcia Luna": "PER"})
    b = cable("09MEXICO3", "Garcia Luna spoke again.", {"Garcia Luna": "PER"})
    r = resolve([a, b])
    link = next(k for k in r.links if k.cable_id == b.id)
    assert link.entity_id == "per:genaro-garcia-luna"
    assert link.method == "archive" and 0.5 < link.confidence < 0.95


def test_curation_merge_split_rename() -> None:
    c = cable("09MEXICO1", TEXT, NAMES)
    r = resolve([c], [Judgement("rename", ("jorge tello peon", "Jorge Tello"), "t")])
    assert "per:jorge-tello" in {e.id for e in r.entities}
    r = resolve([c], [Judgement("split", ("jorge tello peon", "tello peon"), "t")])
    assert entity_of(r, c.id, "Tello Peon's", TEXT) != entity_of(r, c.id, "Jorge Tello Peon", TEXT)
    r = resolve(
        [c], [Judgement("merge", ("defense bilateral working group", "jorge tello peon"), "t")]
    )
    assert entity_of(r, c.id, "TELLO PEON", TEXT) == entity_of(r, c.id, "DBWG", TEXT)
    assert (r.applied, r.skipped) == (1, 0)
    r = resolve([c], [Judgement("merge", ("nobody", "jorge tello peon"), "t")])
    assert (r.applied, r.skipped) == (0, 1)


def test_split_by_cables_moves_only_those_cables() -> None:
    first, second = cable("09MEXICO1", TEXT, NAMES), cable("09MEXICO2", TEXT, NAMES)
    merged = resolve([first, second])
    assert entity_of(merged, first.id, "Jorge Tello Peon", TEXT) == entity_of(
        merged, second.id, "Jorge Tello Peon", TEXT
    )
    split = resolve([first, second], [Judgement("split", ("jorge tello peon", "@09MEXICO2"), "t")])
    assert (split.applied, split.skipped) == (1, 0)
    kept = entity_of(split, first.id, "Jorge Tello Peon", TEXT)
    moved = entity_of(split, second.id, "Jorge Tello Peon", TEXT)
    assert kept != moved
    assert entity_of(split, second.id, "TELLO PEON", TEXT) == moved
    assert entity_of(split, first.id, "TELLO PEON", TEXT) == kept


def test_memory_store_answers_from_a_resolution() -> None:
    store = MemoryStore()
    c = cable("09MEXICO1", TEXT, NAMES)
    store.put(c, [])
    assert store.entities_state() == "none"
    resolve_store(store)
    assert store.entities_state() == "fresh"
    assert store.entity_ids_named("tello peon") == ["per:jorge-tello-peon"]
    detail = store.entity_detail("per:jorge-tello-peon")
    assert detail is not None and detail.cable_ids == ("09MEXICO1",)
    assert detail.timeline == (("2009-10", 1),)
    store.put(c, [])
    assert store.entities_state() == "stale"


WORDS = {
    "Lino Gutierrez": {"Lino Gutierrez": "PER"},
    "Gutierrez": {"Gutierrez": "PER"},
    "Ambassador Gutierrez": {"Gutierrez": "PER"},
    "President Lucio Gutierrez": {"Lucio Gutierrez": "PER"},
    "President Gutierrez": {"President Gutierrez": "PER"},
    "Tello Peon": {"Tello Peon": "PER"},
    "Jorge Tello Peon": {"Jorge Tello Peon": "PER"},
    "Cristina Fernandez de Kirchner": {"Cristina Fernandez": "PER", "Kirchner": "PER"},
    "former President Kirchner": {"Kirchner": "PER"},
    "GOM": {"GOM": "ORG"},
    "US": {"US": "LOC"},
    "U.S.": {"U.S.": "LOC"},
}


@settings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.sampled_from(sorted(WORDS)), min_size=1, max_size=5), min_size=1,
                max_size=5),
       st.randoms())  # fmt: skip
def test_resolution_is_deterministic_and_ignores_cable_order(
    texts: list[list[str]], rng: st.SearchStrategy[object]
) -> None:
    cables = []
    for i, written in enumerate(texts):
        text = ". ".join(written) + "."
        names = {n: t for w in written for n, t in WORDS[w].items()}
        cables.append(cable(f"09X{i}", text, names, date=f"200{7 + i % 2}-0{i + 1}-01"))
    first = resolve(cables)
    shuffled = list(cables)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    again = resolve(shuffled)
    assert first.entities == again.entities
    assert sorted(first.links, key=lambda k: (k.cable_id, k.start)) == sorted(
        again.links, key=lambda k: (k.cable_id, k.start)
    )


def test_links_and_shared_cables_agree_in_both_stores(tmp_path: object) -> None:
    from pathlib import Path

    from cablescope.store.sqlite import SqliteStore

    cables = [
        cable("09MEXICO1", "Calderon met Tello Peon in Tijuana.",
              {"Calderon": "PER", "Tello Peon": "PER", "Tijuana": "LOC"}),
        cable("09MEXICO2", "Calderon went to Tijuana.", {"Calderon": "PER", "Tijuana": "LOC"}),
        cable("09MEXICO3", "Tello Peon stayed.", {"Tello Peon": "PER"}),
    ]  # fmt: skip
    memory = MemoryStore()
    sqlite = SqliteStore.open(str(Path(str(tmp_path)) / "s.db"))
    answers = []
    for store in (memory, sqlite):
        for c in cables:
            store.put(c, [])
        resolve_store(store)
        links = store.entity_links(["09MEXICO1", "09MEXICO9"])
        shared = store.shared_cables("per:calderon", ["loc:tijuana", "per:tello-peon", "x"])
        answers.append(([(k.cable_id, k.start, k.end, k.entity_id) for k in links], shared))
    sqlite.close()
    assert answers[0] == answers[1]
    links, shared = answers[0]
    assert [(s, e) for _, s, e, _ in links] == [(0, 8), (13, 23), (27, 34)]
    assert shared == {"loc:tijuana": {"09MEXICO1", "09MEXICO2"}, "per:tello-peon": {"09MEXICO1"}}


def test_entity_ids_stay_unique_when_a_numbered_id_is_another_name() -> None:
    # From the corpus with its imported marks: "Euro (" and "Euro" are two entities whose
    # names slug alike, so one is numbered misc:euro-2, which is also "Euro 2"'s own id.
    text = "Euro ( here. Euro there. Euro there. Euro 2 now."
    spans = [("Euro (", 0), ("Euro", 13), ("Euro", 25), ("Euro 2", 37)]
    mentions = tuple(Mention(at, at + len(s), "MISC", s, "static") for s, at in spans)
    assert all(text[m.start : m.end] == m.text for m in mentions)
    ids = [e.id for e in resolve([Cable("08PARIS1", text=text, mentions=mentions)]).entities]
    assert len(ids) == 3 and len(set(ids)) == 3, ids


def test_judgements_find_an_entity_by_a_name_no_mention_goes_by() -> None:
    """An entity named by the alias table (NATO's full name) though every mention is the
    acronym: a judgement made with its key still finds it."""
    text = "NATO ministers met. NATO will decide."
    c = cable("09BRUSSELS1", text, {"NATO": "ORG"})
    entity = resolve([c]).entities[0]
    assert entity.key == "north atlantic treaty organization"
    assert {a.key for a in entity.aliases} == {"nato"}
    judged = [
        Judgement("confirm", (entity.key, "nato"), "2026-01-01T00:00:00+00:00"),
        Judgement("rename", (entity.key, "The Alliance"), "2026-01-01T00:00:00+00:00"),
    ]
    resolution = resolve([c], judged)
    assert (resolution.applied, resolution.skipped) == (2, 0)
    assert [e.name for e in resolution.entities] == ["The Alliance"]
    assert {(k.confidence, k.method, k.key) for k in resolution.links} == {(1.0, "curated", "nato")}


def test_an_acronym_one_country_defines_holds_only_in_that_country() -> None:
    text = "The Party of the Democratic Revolution (PRD) met. The PRD said no."
    names = {"Party of the Democratic Revolution": "ORG", "PRD": "ORG"}
    mexico = [cable(f"09MEXICO{i}", text, names) for i in (1, 2)]
    used = "The PRD voted. Torrijos spoke."
    here = cable("09MEXICO3", used, {"PRD": "ORG", "Torrijos": "PER"})
    panama = cable("09PANAMA1", used, {"PRD": "ORG", "Torrijos": "PER"}, "Embassy Panama")
    r = resolve([*mexico, here, panama])
    party = "org:party-of-the-democratic-revolution"
    assert entity_of(r, here.id, "PRD", used) == party
    assert entity_of(r, panama.id, "PRD", used) == "org:prd"


def test_a_currency_is_no_entity_and_a_government_follows_the_post() -> None:
    text = "The GOB paid USD 5 million."
    names = {"GOB": "ORG", "USD": "MISC"}
    brazil = cable("09BRASILIA1", text, names, "Embassy Brasilia")
    bahrain = cable("09MANAMA1", text, names, "Embassy Manama")
    r = resolve([brazil, bahrain])
    assert {k.key for k in r.links} == {"gob"}
    assert entity_of(r, brazil.id, "GOB", text) == "org:government-of-brazil"
    assert entity_of(r, bahrain.id, "GOB", text) == "org:government-of-bahrain"


def test_a_governments_acronym_made_an_adjective_is_the_government() -> None:
    text = "A GOB-controlled firm bid; the US-led talks went on."
    names = {"GOB-controlled": "MISC", "US-led": "MISC"}
    brazil = cable("09BRASILIA1", text, names, "Embassy Brasilia")
    r = resolve([brazil])
    assert entity_of(r, brazil.id, "GOB-controlled", text) == "org:government-of-brazil"
    assert entity_of(r, brazil.id, "US-led", text) == "misc:us-led"


def test_a_name_as_a_modifier_and_with_an_initial_is_the_person() -> None:
    text = "Nicholas Burns met R. Nicholas Burns. The Uribe Administration and Alvaro Uribe."
    names = {"R. Nicholas Burns": "PER", "Nicholas Burns": "PER", "Uribe Administration": "ORG",
             "Alvaro Uribe": "PER"}  # fmt: skip
    c = cable("06BOGOTA1", text, names, "Embassy Bogota")
    again = cable("06BOGOTA2", "Uribe spoke.", {"Uribe": "PER"}, "Embassy Bogota")
    r = resolve([c, again])
    assert entity_of(r, c.id, "R. Nicholas Burns", text) == entity_of(
        r, c.id, "Nicholas Burns", text
    )
    assert entity_of(r, c.id, "Uribe Administration", text) == "per:alvaro-uribe"
    assert entity_of(r, again.id, "Uribe", again.text) == "per:alvaro-uribe"
