"""What the dispatch as a whole tells an event (kg.extract.discourse)."""

from __future__ import annotations

from kg.extract.discourse import headline_classes, with_headline_place, with_known_parties
from kg.types import EventMention, Evidence

BODY = (
    "Les frappes ont repris jeudi. Les pourparlers reprendront lundi. "
    "Des obus sont tombés près de Kafr Sousa."
)


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


def _at(cls: str, start: int, **kw: object) -> EventMention:
    ev = Evidence(text="x" * 10, start=start, end=start + 10)
    return EventMention(local_id=f"{cls.lower()}-{start}", event_class=cls, trigger=ev, evidence=(ev,), **kw)


def test_known_parties_carry_over_to_a_later_partyless_truce() -> None:
    talks = _at("Negotiation", 0, participant=("Q212", "Group:separatists"))
    truce = _at("Ceasefire", 50)
    assert with_known_parties([truce, talks])[0].participant == ("Q212", "Group:separatists")


def test_known_parties_come_from_the_closest_earlier_event_only() -> None:
    early = _at("Agreement", 0, participant=("Q801", "Q38799"))
    clash = _at("Clash", 20, participant=("Q858", "Group:rebels"))  # battles keep their own sides
    later = _at("Negotiation", 40, participant=("Q858", "Group:rebels"))
    truce = _at("Ceasefire", 60)
    before = _at("Ceasefire", -30)  # told before any party is known
    one_sided = _at("Negotiation", 80, agent=("Q30",))
    out = with_known_parties([early, clash, later, truce, before, one_sided])
    assert out[3].participant == ("Q858", "Group:rebels")
    assert out[4].participant == ()
    assert out[5].participant == () and out[5].agent == ("Q30",)
