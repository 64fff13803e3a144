"""Parse repairs (kg.nlp.repairs), on sentences written for these tests, with the real French model."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.pipeline import load_nlp, normalise_for_nlp
from kg.nlp.repairs import REPAIRS_NAME

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _tok(doc: Doc, text: str):  # type: ignore[no-untyped-def]
    return next(t for t in doc if t.text == text)


def test_repairs_run_after_the_parser_and_the_lemmatizer(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("parser") < names.index(REPAIRS_NAME)
    assert names.index("lemmatizer") < names.index(REPAIRS_NAME)


@pytest.mark.parametrize(
    ("text", "participle", "subject"),
    [
        ("Les rebelles ont de leur côté accusé Kiev de saboter la trêve.", "accusé", "rebelles"),
        ("Le ministre a de son côté annoncé la fin des combats.", "annoncé", "ministre"),
        ("Il a ajouté que Moscou avait de son côté rejeté le texte.", "rejeté", "Moscou"),
    ],
)
def test_participle_after_a_parenthetical_heads_its_clause_again(nlp: Language, text: str, participle: str,
                                                                   subject: str) -> None:
    doc = nlp(normalise_for_nlp(text))
    p = _tok(doc, participle)
    deps = {c.text: c.dep_ for c in p.children}
    assert deps.get(subject, "").startswith("nsubj")
    assert deps.get("côté") == "obl:mod"
    assert any(c.dep_ == "aux:tense" for c in p.children)
    assert len(list(doc.sents)) == 1


def test_well_parsed_clauses_are_left_as_they_are(nlp: Language) -> None:
    text = "De son côté, Moscou a accusé Kiev de saboter la trêve."
    plain = nlp.make_doc(normalise_for_nlp(text))
    with nlp.select_pipes(disable=[REPAIRS_NAME]):
        before = [(t.dep_, t.head.i) for t in nlp(plain.text)]
    after = [(t.dep_, t.head.i) for t in nlp(plain.text)]
    assert after == before


def test_coordinated_subject_split_by_the_parser_is_joined_again(nlp: Language) -> None:
    text = "L'armée et les FSR ont signé samedi une trêve de sept jours."
    with nlp.select_pipes(disable=[REPAIRS_NAME]):
        raw = nlp(normalise_for_nlp(text))
    assert _tok(raw, "armée").dep_ == "ROOT" and _tok(raw, "signé").dep_ == "conj"  # the parser's reading
    doc = nlp(normalise_for_nlp(text))
    verb = _tok(doc, "signé")
    assert verb.dep_ == "ROOT"
    assert _tok(doc, "armée").head == verb and _tok(doc, "armée").dep_ == "nsubj"
    assert _tok(doc, "FSR").head == _tok(doc, "armée") and _tok(doc, "FSR").dep_ == "conj"
    assert _tok(doc, "et").head == _tok(doc, "FSR")
    assert _tok(doc, ".").head == verb


def test_subject_of_a_second_clause_read_as_a_conjunct_is_given_back(nlp: Language) -> None:
    text = "Le Hamas a libéré trois otages israéliens et Israël a relâché 33 prisonniers palestiniens."
    with nlp.select_pipes(disable=[REPAIRS_NAME]):
        raw = nlp(normalise_for_nlp(text))
    assert _tok(raw, "Israël").dep_ == "conj"  # the parser's reading: coordinated with "otages"
    doc = nlp(normalise_for_nlp(text))
    verb = _tok(doc, "relâché")
    assert _tok(doc, "Israël").head == verb and _tok(doc, "Israël").dep_ == "nsubj"
    assert verb.dep_ == "conj" and verb.head == _tok(doc, "libéré")
    assert _tok(doc, "et").head == verb


def test_subject_lost_behind_an_apposition_is_given_back(nlp: Language) -> None:
    text = ("Quelque 40 blessés, pour la plupart des enfants et des vieillards, ont été évacués mardi "
            "vers Idleb.")
    with nlp.select_pipes(disable=[REPAIRS_NAME]):
        raw = nlp(normalise_for_nlp(text))
    assert _tok(raw, "blessés").dep_.startswith("obl")  # the parser's reading
    doc = nlp(normalise_for_nlp(text))
    assert _tok(doc, "blessés").dep_ == "nsubj:pass" and _tok(doc, "blessés").head == _tok(doc, "évacués")


def test_a_fronted_time_is_not_made_a_subject(nlp: Language) -> None:
    doc = nlp(normalise_for_nlp("Dimanche, ont été évacués des centaines de civils."))
    assert not _tok(doc, "Dimanche").dep_.startswith("nsubj")


def test_participle_cut_off_by_a_closing_quote_modifies_the_object(nlp: Language) -> None:
    text = "Les deux camps ont promis de \"respecter l'accord de cessez-le-feu\" négocié à Doha mardi."
    with nlp.select_pipes(disable=[REPAIRS_NAME]):
        raw = nlp(normalise_for_nlp(text))
    assert _tok(raw, "négocié").dep_ == "xcomp"  # the parser's reading: a complement of "respecter"
    doc = nlp(normalise_for_nlp(text))
    part = _tok(doc, "négocié")
    assert part.head == _tok(doc, "accord") and part.dep_ == "acl"
