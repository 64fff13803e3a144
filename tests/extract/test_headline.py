"""The headline's place for events whose sentence names none (kg.extract.headline)."""

from __future__ import annotations

from kg.extract.headline import headline_classes, with_headline_place
from kg.types import EventMention, Evidence

BODY = "Les frappes ont repris jeudi. Les pourparlers reprendront lundi. Des obus sont tombés près de Kafr Sousa."


def _event(cls: str, sentence: str, **kw: object) -> EventMention:
    start = BODY.index(sentence)
    ev = Evidence(text=sentence, start=start, end=start + len(sentence))
    return EventMention(local_id=f"{cls.lower()}-{start}", event_class=cls, trigger=ev, evidence=(ev,), **kw)


def test_headline_place_goes_to_physical_events_without_one() -> None:
    strike = _event("AirStrike", "Les frappes ont repris jeudi.")
    talks = _event("Negotiation", "Les pourparlers reprendront lundi.")
    placed = _event("AirStrike", "Les frappes ont repris jeudi.", place=("Q1001",))
    out = with_headline_place([strike, talks, placed], "Q41183")
    assert [e.place for e in out] == [("Q41183",), (), ("Q1001",)]


def test_headline_place_not_given_where_the_sentence_names_a_place() -> None:
    shelling = _event("Shelling", "Des obus sont tombés près de Kafr Sousa.")
    where = BODY.index("Kafr Sousa")
    out = with_headline_place([shelling], "Q3766", names_a_place=lambda s, e: s <= where < e)
    assert out[0].place == ()


def test_headline_place_none_leaves_events_alone() -> None:
    strike = _event("AirStrike", "Les frappes ont repris jeudi.")
    assert with_headline_place([strike], None) == (strike,)


def test_headline_classes_are_event_classes_of_the_ontology(repo_root) -> None:  # type: ignore[no-untyped-def]
    from rdflib import RDFS, Graph

    from kg.rdf.namespace import CEV

    g = Graph().parse(repo_root / "ontology" / "cev.ttl")
    events = {str(c).removeprefix(str(CEV)) for c in g.transitive_subjects(RDFS.subClassOf, CEV.Event)}
    assert headline_classes() and headline_classes() <= events
    assert "Negotiation" not in headline_classes() and "Statement" not in headline_classes()
