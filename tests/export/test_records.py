from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import KGError
from kg.export.records import EventData, EventFilter, load_events
from kg.export.sample import fill_store, scenario
from kg.rdf import iri
from kg.store.oxigraph import Store

RUSSIA = str(iri.entity_iri("Q159"))
ALEPPO = str(iri.entity_iri("Q41183"))


def ev(source: str, local: str) -> str:
    return str(iri.event_iri(source, local))


@pytest.fixture(scope="module")
def data() -> EventData:
    st = Store()
    fill_store(st, scenario())
    return load_events(st)


def test_load_events_reads_every_event_with_its_most_specific_class(data: EventData) -> None:
    assert len(data) == 7
    veto = data.events[ev("alep-1", "veto-1")]
    assert veto.event_class == "Veto"
    assert veto.classes[:2] == ("Veto", "Rejection")
    assert veto.plover == ("REJECT",)
    assert veto.agents == (RUSSIA,) and veto.targets == (str(iri.entity_iri("Q142")),)
    assert veto.evidence[0].text.startswith("La Russie a mis son veto")
    assert veto.dispatch == str(iri.dispatch_iri("alep-1"))


def test_load_events_day_falls_back_to_the_dispatch_date(data: EventData) -> None:
    clash = data.events[ev("alep-2", "combats-2")]
    assert clash.dates == () and clash.day == dt.date(2016, 12, 7) and clash.day_from_dispatch
    strike = data.events[ev("alep-1", "frappe-2")]
    assert strike.day == dt.date(2016, 12, 4) and not strike.day_from_dispatch


def test_load_events_adds_tolls_to_their_event_without_sub_counts(data: EventData) -> None:
    strike = data.events[ev("alep-1", "frappe-2")]
    assert (strike.killed, strike.injured) == (12, 0)  # "dont 4 enfants" is part of the 12
    loose = [c for c in data.casualties if c.event is None]
    assert [(c.count, c.kind, c.day) for c in loose] == [(20, "Injured", dt.date(2016, 12, 20))]


def test_load_events_reads_entities_with_qid_aliases_and_containment(data: EventData) -> None:
    aleppo = data.entities[ALEPPO]
    assert (aleppo.label, aleppo.qid, aleppo.lat) == ("Aleppo", "Q41183", 36.2)
    assert aleppo.located_in == (str(iri.entity_iri("Q858")),)
    russia = data.entities[RUSSIA]
    assert russia.type == "State" and russia.place_type == "Country" and "Moscou" in russia.aliases


def test_select_class_includes_subclasses(data: EventData) -> None:
    kept = data.select(EventFilter(classes=("Attack",)))
    assert set(kept.events) == {ev("alep-1", "frappe-2"), ev("mossoul-1", "tirs-1")}
    assert set(data.select(EventFilter(classes=("cev:Rejection",))).events) == {ev("alep-1", "veto-1")}


def test_select_period_is_inclusive_and_keeps_loose_tolls(data: EventData) -> None:
    kept = data.select(EventFilter(start=dt.date(2016, 12, 19), end=dt.date(2016, 12, 20)))
    assert set(kept.events) == {ev("mossoul-1", "tirs-1"), ev("mossoul-1", "accusation-2")}
    assert sorted(c.count for c in kept.casualties) == [5, 20]
    assert set(kept.dispatches) == {str(iri.dispatch_iri("mossoul-1"))}


@pytest.mark.parametrize("ref", ["Syria", "syrie", "Q858", str(iri.entity_iri("Q858"))])
def test_select_place_includes_places_located_within(data: EventData, ref: str) -> None:
    kept = data.select(EventFilter(places=(ref,)))
    assert set(kept.events) == {ev("alep-1", "frappe-2"), ev("alep-2", "combats-2")}


@pytest.mark.parametrize("ref", ["Russia", "moscou", "Q159", RUSSIA])
def test_select_actor_matches_iri_qid_label_or_alias_in_any_role(data: EventData, ref: str) -> None:
    kept = data.select(EventFilter(actors=(ref,)))
    assert set(kept.events) == {
        ev("alep-1", "veto-1"),
        ev("alep-2", "negociation-1"),
        ev("mossoul-1", "accusation-2"),
    }
    assert kept.casualties == ()  # tolls with no event go only with a pure period filter


def test_select_status_keeps_only_that_status(data: EventData) -> None:
    assert set(data.select(EventFilter(statuses=("Planned",))).events) == {ev("alep-2", "negociation-1")}


def test_select_unknown_values_raise_with_a_hint(data: EventData) -> None:
    with pytest.raises(KGError, match="unknown event class 'Parade'"):
        data.select(EventFilter(classes=("Parade",)))
    with pytest.raises(KGError, match="no actor matches 'Atlantis'"):
        data.select(EventFilter(actors=("Atlantis",)))


def test_select_without_filter_is_the_same_data(data: EventData) -> None:
    assert data.select(None) is data and data.select(EventFilter()) is data


def test_load_events_without_the_ontology_matches_classes_exactly() -> None:
    st = Store()
    fill_store(st, scenario(), ontology=False)
    data = load_events(st)
    assert data.events[ev("alep-1", "veto-1")].plover == ()
    assert set(data.select(EventFilter(classes=("AirStrike",))).events) == {ev("alep-1", "frappe-2")}
    with pytest.raises(KGError):
        data.select(EventFilter(classes=("Attack",)))


def test_load_events_on_an_empty_store_is_empty() -> None:
    data = load_events(Store())
    assert len(data) == 0 and not data.entities and not data.casualties
