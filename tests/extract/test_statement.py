"""Statements: reporting verbs, speakers (named, inverted, pronoun, spokesperson), quotes."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.extract.context import ExtractionContext
from kg.extract.statement import StatementExtractor, find_reports, quotes_in
from kg.extract.statement.registry import make_statement_extractor
from kg.types import Dispatch, Entity, EntityMention, EventExtractor, Status

MON = dt.date(2021, 3, 8)

ENTITIES = {
    "Jean Dupont": Entity(key="Person:jean dupont", kind="Person", label="Jean Dupont"),
    "Karim Haddad": Entity(key="Person:karim haddad", kind="Person", label="Karim Haddad"),
    "Léa Martin": Entity(key="Person:lea martin", kind="Person", label="Léa Martin"),
    "ministère de la Défense": Entity(
        key="Organization:mod", kind="Organization", label="Ministry of Defence"
    ),
    "Russie": Entity(key="Q159", kind="State", label="Russia", qid="Q159"),
    "ONU": Entity(key="Q1065", kind="IntergovernmentalOrganization", label="United Nations", qid="Q1065"),
    "AFP": Entity(key="Q40464", kind="Organization", label="Agence France-Presse", aliases=("AFP",)),
    "Genève": Entity(key="Q71", kind="City", label="Geneva", qid="Q71"),
    "rebelles": Entity(key="Group:rebels", kind="Group", label="rebels"),
    "Rwanda": Entity(key="Q1037", kind="State", label="Rwanda", qid="Q1037"),
    "russe": Entity(key="Q159", kind="State", label="Russia", qid="Q159"),
}


@pytest.fixture(scope="module")
def nlp(plain_nlp):
    return plain_nlp


@pytest.fixture(scope="module")
def read(nlp):
    """Parse a text told on MON, with ENTITIES as mentions; return (doc, ctx)."""

    def _read(text: str):
        doc = nlp(text)
        mentions = []
        for surface, ent in ENTITIES.items():
            start = text.find(surface)
            while start >= 0:
                mentions.append(EntityMention(surface, start, start + len(surface), ent.key))
                start = text.find(surface, start + 1)
        ctx = ExtractionContext(
            dispatch=Dispatch(source_name="t", body=text, date=MON, publisher="AFP"),
            doc=doc,
            entities={e.key: e for e in ENTITIES.values()},
            mentions=mentions,
        )
        return doc, ctx

    return _read


@pytest.fixture(scope="module")
def statements(read):
    def _statements(text: str):
        doc, ctx = read(text)
        return list(make_statement_extractor()(doc, ctx))

    return _statements


def test_statement_named_person_speaker_with_date(statements):
    (s,) = statements(
        "Le ministre des Affaires étrangères, Jean Dupont, a affirmé mardi que la trêve serait respectée."
    )
    assert s.event_class == "Statement"
    assert s.agent == ("Person:jean dupont",)
    assert s.date == (dt.date(2021, 3, 2),)
    assert s.status is Status.OCCURRED
    assert s.local_id == f"statement-{s.trigger.start}"
    assert s.trigger.text == "affirmé"


def test_statement_quote_before_inverted_spokesperson_gives_the_body(statements):
    (s,) = statements("« Nous ne céderons pas », a déclaré le porte-parole du ministère de la Défense.")
    assert s.agent == ("Organization:mod",)
    assert s.quote == "Nous ne céderons pas"


def test_statement_inverted_subject_skips_the_addressee(statements):
    (s,) = statements("« Les combats continuent », a affirmé à l'AFP Karim Haddad, un commandant rebelle.")
    assert s.agent == ("Person:karim haddad",)


def test_statement_unnamed_representative_speaks_for_the_state_not_where_posted(statements):
    (s,) = statements("« Ce texte est inacceptable », a déclaré jeudi l'ambassadeur russe à l'ONU.")
    assert s.agent == ("Q159",)


def test_statement_pronoun_takes_the_previous_speaker(statements):
    text = (
        "La diplomate Léa Martin a estimé que les discussions de Genève étaient utiles. "
        "« Il faut continuer à parler », a-t-elle ajouté."
    )
    out = statements(text)
    assert [s.agent for s in out] == [("Person:lea martin",), ("Person:lea martin",)]
    assert out[1].quote == "Il faut continuer à parler"


def test_statement_state_speaker_and_quote_inside(statements):
    (s,) = statements("La Russie a estimé que le projet de texte était « inacceptable ».")
    assert s.agent == ("Q159",)
    assert s.quote == "inacceptable"


def test_statement_place_where_it_was_said(statements):
    (s,) = statements("A Genève, Jean Dupont a déclaré que les négociations reprendraient.")
    assert s.agent == ("Person:jean dupont",)
    assert s.place == ("Q71",)


@pytest.mark.parametrize(
    "text",
    [
        "Selon l'ONU, les combats ont fait quarante morts.",  # a source, not a statement
        "Les combats ont repris dans la soirée, a indiqué une source militaire.",  # anonymous
        "Un correspondant de l'AFP a témoigné de bombardements intenses.",  # the agency's own staff
        "Les rebelles ont affirmé contrôler le quartier.",  # a collective, not a named speaker
        "Le chiffre avancé par les autorités reste incertain.",  # a participle, not a report
    ],
)
def test_statement_not_made_without_named_speaker(statements, text):
    assert statements(text) == []


def test_statement_one_per_sentence_and_speaker(statements):
    out = statements("Jean Dupont a annoncé un cessez-le-feu et a précisé qu'il entrerait en vigueur samedi.")
    assert len(out) == 1


def test_find_reports_marks_anonymous_sources(read):
    doc, ctx = read("Les combats ont repris dans la soirée, a indiqué une source militaire.")
    (r,) = find_reports(doc, ctx)
    assert r.anonymous and r.speakers == ()


def test_quotes_in_reads_french_and_straight_quotes():
    assert [q[2] for q in quotes_in('Il a dit « non, jamais » puis "peut-être".')] == [
        "non, jamais",
        "peut-être",
    ]


def test_make_statement_extractor_is_an_event_extractor():
    ex = make_statement_extractor()
    assert isinstance(ex, StatementExtractor)
    assert isinstance(ex, EventExtractor)
    assert (ex.name, ex.event_classes) == ("kg.statement.v1", ("Statement",))


def test_statement_role_holder_named_in_apposition(read):
    text = "Les secours sont arrivés tard, a déclaré le porte-parole du ministère de la Défense, Jean Dupont."
    doc, ctx = read(text)
    (s,) = make_statement_extractor()(doc, ctx)
    assert s.agent == ("Person:jean dupont",)


def test_statement_role_holder_is_the_last_person_named(read):
    text = "Les secours sont arrivés tard, a déclaré le porte-parole de Léa Martin, Jean Dupont."
    doc, ctx = read(text)
    (s,) = make_statement_extractor()(doc, ctx)
    assert s.agent == ("Person:jean dupont",)


def test_statement_a_bare_denial_is_a_statement(statements):
    (s,) = statements("Interrogée sur ces accusations, la Russie a démenti.")
    assert s.agent == ("Q159",)


def test_statement_swearing_to_act_is_a_statement(statements):
    (s,) = statements("La Russie a juré de poursuivre ses opérations.")
    assert s.agent == ("Q159",)


def test_statement_denial_read_as_an_adjective_by_the_tagger(statements):
    (s,) = statements("Le Rwanda dément toute implication dans les combats.")
    assert s.agent == ("Q1037",) and s.trigger.text == "dément"


def test_statement_adjective_dement_is_not_a_denial(statements):
    assert statements("Le patient dément a été hospitalisé mardi à Genève.") == []
