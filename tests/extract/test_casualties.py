"""Casualty tolls: numbers, kinds, qualifiers, sub-counts, sources and causes."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.casualties import CasualtyExtractor, find_numbers, parse_number_words
from kg.extract.casualties.registry import make_casualty_extractor
from kg.extract.context import ExtractionContext
from kg.types import CasualtyKind, Dispatch, Entity, EntityMention, EventMention, Evidence

MON = dt.date(2021, 3, 8)
KILLED, INJURED = CasualtyKind.KILLED, CasualtyKind.INJURED

ENTITIES = {
    "OSDH": Entity(key="Organization:osdh", kind="Organization", label="OSDH"),
    "ONU": Entity(key="Q1065", kind="IntergovernmentalOrganization", label="United Nations", qid="Q1065"),
    "Sana": Entity(key="Organization:sana", kind="Organization", label="SANA"),
    "armée": Entity(key="ArmedForces:army", kind="ArmedForces", label="army"),
}


@pytest.fixture(scope="module")
def nlp(plain_nlp):
    return plain_nlp


@pytest.fixture(scope="module")
def tolls(nlp):
    """Run the extractor on a text; known names (ENTITIES) become mentions."""

    def _tolls(text: str, events: tuple[EventMention, ...] = ()):
        doc = nlp(text)
        mentions = []
        for surface, ent in ENTITIES.items():
            start = text.find(surface)
            while start >= 0:
                mentions.append(EntityMention(surface, start, start + len(surface), ent.key))
                start = text.find(surface, start + 1)
        ctx = ExtractionContext(
            dispatch=Dispatch(source_name="t", body=text, date=MON),
            doc=doc,
            entities={e.key: e for e in ENTITIES.values()},
            mentions=mentions,
        )
        return list(make_casualty_extractor()(doc, ctx, events))

    return _tolls


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("deux", 2),
        ("seize", 16),
        ("vingt-deux", 22),
        ("soixante-dix", 70),
        ("quatre-vingt-dix-neuf", 99),
        ("cent quatre-vingt", 180),
        ("deux cents", 200),
        ("trois mille", 3000),
        ("vingt et un", 21),
    ],
)
def test_parse_number_words_reads_french_numbers(text, value):
    assert parse_number_words(text) == value


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("8.000 combattants", [8000]),
        ("1 200 blessés", [1200]),
        ("2'700 morts", [2700]),
        ("une centaine d'enfants", [100]),
        ("une quarantaine de blessés", [40]),
        ("des dizaines de morts", []),
        ("70% du territoire", []),
        ("1,5 million de déplacés", [1500000]),
        ("à 17h00 précises", []),
    ],
)
def test_find_numbers_reads_digits_words_and_approximations(text, values):
    assert [n.value for n in find_numbers(text)] == values


def test_extractor_reads_killed_and_injured_with_qualifier_and_source(tolls):
    out = tolls("Au moins 35 civils ont été tués et 120 blessés lundi dans des bombardements, selon l'OSDH.")
    got = [(c.count, c.kind, c.qualifier) for c in out]
    assert got == [(35, KILLED, "at least"), (120, INJURED, None)]
    assert out[0].victims == "civils"
    assert all(c.according_to == ("Organization:osdh",) for c in out)
    assert out[0].local_id == f"cas-{out[0].evidence.text.index('35') + out[0].evidence.start}"


def test_extractor_reads_conflict_toll_noun(tolls):
    (c,) = tolls("Le conflit a fait plus de 500.000 morts depuis 2011.")
    assert (c.count, c.kind, c.qualifier, c.victims) == (500000, KILLED, "more than", "morts")


def test_extractor_reads_approximation_as_about(tolls):
    (c,) = tolls("Une dizaine de soldats ont péri dans l'embuscade.")
    assert (c.count, c.kind, c.qualifier, c.victims) == (10, KILLED, "about", "soldats")


def test_extractor_links_subcount_to_its_toll(tolls):
    out = tolls("Vingt-deux personnes, dont sept enfants, ont été tuées dans le village.")
    assert [(c.count, c.kind) for c in out] == [(22, KILLED), (7, KILLED)]
    assert out[1].part_of == out[0].local_id
    assert out[1].victims == "enfants"


def test_extractor_reads_coordinated_and_elliptical_figures(tolls):
    out = tolls("Huit soldats ont été tués mardi, 12 mercredi et cinq jeudi.")
    assert [(c.count, c.kind) for c in out] == [(8, KILLED), (12, KILLED), (5, KILLED)]
    out = tolls("Dans le camp adverse, 30 combattants et quatre civils ont péri.")
    assert [(c.count, c.kind) for c in out] == [(30, KILLED), (4, KILLED)]


def test_extractor_reads_death_noun_and_reporting_source(tolls):
    (c,) = tolls("L'agence Sana a rapporté la mort de neuf personnes dans la banlieue.")
    assert (c.count, c.kind, c.victims, c.according_to) == (9, KILLED, "personnes", ("Organization:sana",))


def test_extractor_gives_no_source_for_anonymous_sources(tolls):
    (c,) = tolls("Les frappes ont tué 14 civils, ont indiqué des sources de sécurité.")
    assert (c.count, c.kind, c.according_to) == (14, KILLED, ())


@pytest.mark.parametrize(
    "text",
    [
        "Le nombre de combattants était estimé à 8.000 selon l'ONU.",
        "Plus de 20.000 des 90.000 habitants ont fui la ville depuis le début de l'offensive.",
        "Des dizaines de civils ont été tués dans les bombardements.",
        "Le texte a recueilli 10 voix et quatre pays se sont abstenus.",
        "Les frappes ont duré trois jours et visé 15 villages.",
    ],
)
def test_extractor_ignores_numbers_that_are_not_tolls(tolls, text):
    assert tolls(text) == []


def test_extractor_skips_dates(tolls):
    out = tolls("Le 12 mars, 1 200 personnes ont été blessées dans la capitale.")
    assert [(c.count, c.kind) for c in out] == [(1200, INJURED)]


def test_extractor_keeps_a_toll_told_twice_once(tolls):
    text = (
        "Six civils ont été tués samedi à Donetsk. "
        "Les six civils ont péri pendant des affrontements dans la ville."
    )
    out = tolls(text)
    assert [(c.count, c.kind) for c in out] == [(6, KILLED)]


def test_extractor_links_cause_event_of_the_sentence(tolls):
    text = "Un raid aérien a tué douze civils dans le marché."
    start = text.index("raid")
    ev = EventMention(
        local_id=f"airstrike-{start}",
        event_class="AirStrike",
        trigger=Evidence("raid", start, start + 4),
        evidence=(Evidence(text, 0, len(text)),),
    )
    (c,) = tolls(text, (ev,))
    assert (c.count, c.kind, c.cause) == (12, KILLED, ev.local_id)


def test_make_casualty_extractor_is_a_casualty_extractor():
    from kg.types import CasualtyExtractor as Protocol

    ex = make_casualty_extractor()
    assert isinstance(ex, CasualtyExtractor)
    assert isinstance(ex, Protocol)
    assert ex.name == "kg.casualties.v1"


def test_extractor_counts_fighters_killed(tolls):
    (c,) = tolls("Au moins 30 combattants ont été tués dans les affrontements.")
    assert (c.count, c.kind, c.victims) == (30, KILLED, "combattants")


def test_extractor_source_prefers_named_body_over_demonym(nlp):
    text = "Des tirs ont fait deux blessés dans le village, selon l'agence officielle libanaise Ani."
    ents = {
        "libanaise": Entity(key="Q822", kind="State", label="Lebanon", qid="Q822"),
        "Ani": Entity(key="Organization:ani", kind="Organization", label="ANI"),
    }
    doc = nlp(text)
    mentions = [EntityMention(s, text.index(s), text.index(s) + len(s), e.key) for s, e in ents.items()]
    ctx = ExtractionContext(
        dispatch=Dispatch(source_name="t", body=text, date=MON),
        doc=doc,
        entities={e.key: e for e in ents.values()},
        mentions=mentions,
    )
    (c,) = make_casualty_extractor()(doc, ctx, ())
    assert (c.count, c.kind, c.according_to) == (2, INJURED, ("Organization:ani",))
