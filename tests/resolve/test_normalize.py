from __future__ import annotations

import pytest

from kg.resolve.normalize import entity_key, fold, inflect_demonym, strip_accents


@pytest.mark.parametrize(
    ("surface", "folded"),
    [
        ("les États-Unis", "etats unis"),
        ("Etats-Unis", "etats unis"),
        ("l’ONU", "onu"),
        ("l'Organisation mondiale de la Santé", "organisation mondiale de la sante"),
        ("  Alep-Est ", "alep est"),
        ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
        ("la bande de Gaza", "bande de gaza"),
        ("Hay'at Tahrir al-Sham", "hay at tahrir al sham"),
        ("Œuvre", "oeuvre"),
    ],
)
def test_fold_unifies_spellings(surface: str, folded: str) -> None:
    assert fold(surface) == folded


def test_fold_empty_without_letters() -> None:
    assert fold(" – ") == ""


def test_entity_key_uses_kind_and_folded_label() -> None:
    assert entity_key("Person", "Vitali Tchourkine") == "Person:vitali tchourkine"
    assert entity_key("Group", "les rebelles") == "Group:rebelles"


def test_strip_accents_keeps_letters() -> None:
    assert strip_accents("Sergueï Choïgou") == "Serguei Choigou"


@pytest.mark.parametrize(
    ("base", "forms"),
    [
        ("russe", ("russe", "russes")),
        ("syrien", ("syrien", "syrienne", "syriens", "syriennes")),
        ("américain", ("américain", "américaine", "américains", "américaines")),
        ("chinois", ("chinois", "chinoise", "chinoises")),
        ("libanais", ("libanais", "libanaise", "libanaises")),
        ("burkinabè", ("burkinabè", "burkinabès")),
        ("érythréen", ("érythréen", "érythréenne", "érythréens", "érythréennes")),
    ],
)
def test_inflect_demonym_regular_forms(base: str, forms: tuple[str, ...]) -> None:
    assert inflect_demonym(base) == forms
