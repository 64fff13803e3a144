from __future__ import annotations

import datetime as dt
import json

import networkx as nx
import pytest

from kg.errors import KGError
from kg.export.networkx import (
    VIEWS,
    actor_graph,
    event_actor_graph,
    event_pairs,
    event_place_graph,
    layout,
    view_graph,
)
from kg.export.records import EventData, EventFilter, load_events
from kg.export.sample import fill_store, scenario
from kg.rdf import iri
from kg.store.oxigraph import Store


def ent(key: str) -> str:
    return str(iri.entity_iri(key))


def ev(source: str, local: str) -> str:
    return str(iri.event_iri(source, local))


RUSSIA, FRANCE, USA = ent("Q159"), ent("Q142"), ent("Q30")
ARMY, REBELS = ent("ArmedForces:armee syrienne"), ent("Group:rebelles")


@pytest.fixture(scope="module")
def store() -> Store:
    st = Store()
    fill_store(st, scenario())
    return st


@pytest.fixture(scope="module")
def data(store: Store) -> EventData:
    return load_events(store)


def test_actor_graph_nodes_are_actor_iris_with_label_type_and_qid(data: EventData) -> None:
    g = actor_graph(data)
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {
        RUSSIA,
        FRANCE,
        USA,
        ARMY,
        REBELS,
        ent("Q2429253"),
        ent("ArmedForces:forces irakiennes"),
        ent("Q1141478"),
    }
    russia = g.nodes[RUSSIA]
    assert (russia["label"], russia["type"], russia["qid"], russia["kind"]) == (
        "Russia",
        "State",
        "Q159",
        "actor",
    )
    assert russia["types"] == "Country|State" and russia["wikidata"] == "http://www.wikidata.org/entity/Q159"
    assert russia["events"] == 3
    assert "qid" not in g.nodes[REBELS]  # missing values are left out, never None
    assert g.degree(ent("Q1141478")) == 0  # a statement has no counterpart: an isolated actor


def test_actor_graph_has_one_edge_per_event_keyed_by_the_event_iri(data: EventData) -> None:
    g = actor_graph(data)
    veto = g.get_edge_data(RUSSIA, FRANCE, key=ev("alep-1", "veto-1"))
    assert veto["event_class"] == "Veto" and veto["plover"] == "REJECT" and veto["date"] == "2016-12-05"
    assert veto["relation"] == "agent-target" and veto["dispatch"] == "alep-1"
    assert veto["evidence"].startswith("La Russie a mis son veto")
    strike = g.get_edge_data(ARMY, REBELS, key=ev("alep-1", "frappe-2"))
    assert strike["place"] == "Aleppo" and strike["killed"] == 12 and strike["place_iri"] == ent("Q41183")
    clash = g.get_edge_data(ARMY, REBELS, key=ev("alep-2", "combats-2"))
    assert clash["relation"] == "participants" and clash["date_from_dispatch"] is True
    assert g.number_of_edges(ARMY, REBELS) == 2


def test_actor_graph_aggregated_counts_classes_and_date_range(data: EventData) -> None:
    g = actor_graph(data, aggregate=True)
    assert isinstance(g, nx.DiGraph) and not g.is_multigraph()
    e = g[ARMY][REBELS]
    assert e["count"] == 2 and e["weight"] == 2.0
    assert e["classes"] == "AirStrike:1|Clash:1"
    assert (e["first_date"], e["last_date"]) == ("2016-12-04", "2016-12-07")
    assert e["killed"] == 12 and e["dispatches"] == 2
    assert e["events"].split("|") == [ev("alep-1", "frappe-2"), ev("alep-2", "combats-2")]


def test_event_pairs_links_agents_to_targets_and_participants_pairwise(data: EventData) -> None:
    talks = data.events[ev("alep-2", "negociation-1")]
    assert event_pairs(talks) == [(RUSSIA, USA, "participants")]
    statement = data.events[ev("alep-2", "declaration-3")]
    assert event_pairs(statement) == []


def test_event_actor_graph_is_bipartite_with_roles(data: EventData) -> None:
    g = event_actor_graph(data)
    events = {n for n, d in g.nodes(data=True) if d["bipartite"] == 0}
    assert len(events) == 7 and nx.is_bipartite(g)
    assert g[ev("alep-1", "veto-1")][RUSSIA]["role"] == "agent"
    assert g[ev("alep-1", "veto-1")][FRANCE]["role"] == "target"
    assert g[ev("alep-2", "negociation-1")][USA]["role"] == "participant"
    node = g.nodes[ev("alep-1", "veto-1")]
    assert node["kind"] == "event" and node["label"] == "Veto 2016-12-05" and node["status"] == "Occurred"


def test_event_place_graph_links_events_to_places_with_coordinates(data: EventData) -> None:
    g = event_place_graph(data)
    aleppo = g.nodes[ent("Q41183")]
    assert aleppo["kind"] == "place" and aleppo["type"] == "City" and aleppo["lat"] == 36.2
    assert aleppo["located_in"] == "Syria" and aleppo["events"] == 2
    assert set(g[ent("Q41183")]) == {ev("alep-1", "frappe-2"), ev("alep-2", "combats-2")}
    assert g.nodes[ev("alep-1", "veto-1")]["kind"] == "event"  # events without a place stay, isolated


def test_view_graph_filters_by_class_period_place_and_actor(store: Store) -> None:
    g = view_graph(store, "actors", filter=EventFilter(classes=("Attack",)))
    assert {d["event_class"] for *_, d in g.edges(data=True)} == {"AirStrike", "Shelling"}
    g = view_graph(store, "actors", filter=EventFilter(start=dt.date(2016, 12, 19)))
    assert {k for *_, k in g.edges(keys=True)} == {ev("mossoul-1", "tirs-1"), ev("mossoul-1", "accusation-2")}
    g = view_graph(store, "places", filter=EventFilter(places=("Syrie",)))
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "place"} == {ent("Q41183")}
    g = view_graph(store, "events", filter=EventFilter(actors=("Q159",), statuses=("Occurred",)))
    assert {n for n, d in g.nodes(data=True) if d["kind"] == "event"} == {
        ev("alep-1", "veto-1"),
        ev("mossoul-1", "accusation-2"),
    }
    assert g.graph["filter"] == "actors=Q159; statuses=Occurred"


@pytest.mark.parametrize("view", VIEWS)
def test_view_graph_attributes_are_graphml_and_json_safe(data: EventData, view: str) -> None:
    g = view_graph(data, view)
    values = [v for _, d in g.nodes(data=True) for v in d.values()]
    values += [v for *_, d in g.edges(data=True) for v in d.values()]
    values += list(g.graph.values())
    assert values and all(type(v) in (str, int, float, bool) for v in values)
    json.dumps(nx.node_link_data(g, edges="edges"))


@pytest.mark.parametrize("view", VIEWS)
def test_view_graph_is_deterministic(store: Store, view: str) -> None:
    a, b = view_graph(store, view), view_graph(load_events(store), view)
    assert list(a.nodes(data=True)) == list(b.nodes(data=True))
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_view_graph_unknown_view_raises() -> None:
    with pytest.raises(KGError, match="unknown view 'people'"):
        view_graph(Store(), "people")


def test_layout_is_deterministic_and_places_every_node(data: EventData) -> None:
    g = actor_graph(data)
    a, b = layout(g), layout(g)
    assert a == b and set(a) == set(g.nodes)
    big = nx.empty_graph(2100)
    assert len(layout(big)) == 2100  # the spiral for huge graphs
