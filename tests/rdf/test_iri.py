from __future__ import annotations

import pytest

from kg.errors import InvalidIRIError
from kg.rdf import iri


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Alep-Est", "alep-est"), ("Sergueï Lavrov", "serguei-lavrov"), ("seed.txt", "seed-txt"),
     ("  Côte d’Ivoire ", "cote-d-ivoire")],
)
def test_slug_is_readable_and_ascii(text: str, expected: str) -> None:
    assert iri.slug(text) == expected


def test_slug_of_non_latin_text_is_a_stable_hash() -> None:
    assert iri.slug("دمشق") == iri.slug("دمشق")
    assert iri.slug("دمشق").startswith("x")
    assert iri.slug("دمشق") != iri.slug("حلب")


def test_slug_of_long_text_is_bounded_and_distinct() -> None:
    a, b = "a" * 200, "a" * 199 + "b"
    assert len(iri.slug(a)) < 100
    assert iri.slug(a) != iri.slug(b)


def test_entity_iri_from_qid_and_from_kind_and_name() -> None:
    assert str(iri.entity_iri("Q858")) == "https://w3id.org/depeche/id/entity/Q858"
    assert str(iri.entity_iri("ArmedGroup:Jaich al-Islam")) == (
        "https://w3id.org/depeche/id/entity/armedgroup/jaich-al-islam")


@pytest.mark.parametrize("key", ["", "Q", "rebels", ":x", "Group:"])
def test_entity_iri_rejects_keys_that_are_neither_qid_nor_kind_name(key: str) -> None:
    with pytest.raises(InvalidIRIError):
        iri.entity_iri(key)


@pytest.mark.parametrize("bad", ["not an iri", "http://x.org/a b", "relative/path", 'http://x.org/"q"'])
def test_check_iri_rejects_invalid_iris_at_once(bad: str) -> None:
    with pytest.raises(InvalidIRIError):
        iri.check_iri(bad)


def test_wikidata_iri_rejects_non_qids() -> None:
    assert str(iri.wikidata_iri("Q159")) == "http://www.wikidata.org/entity/Q159"
    with pytest.raises(InvalidIRIError):
        iri.wikidata_iri("P31")


def test_event_and_evidence_iris_are_deterministic_and_scoped_by_dispatch() -> None:
    assert iri.event_iri("a.txt", "veto-12") == iri.event_iri("a.txt", "veto-12")
    assert iri.event_iri("a.txt", "veto-12") != iri.event_iri("b.txt", "veto-12")
    assert str(iri.evidence_iri("a.txt", 3, 40)).endswith("/evidence/a-txt/3-40")
    with pytest.raises(InvalidIRIError):
        iri.evidence_iri("a.txt", 10, 2)
