from __future__ import annotations

import datetime as dt

import pytest
from rdflib import RDF, RDFS, XSD, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, SKOS

from kg.errors import OntologyError
from kg.rdf import iri
from kg.rdf.builder import build_graph
from kg.rdf.namespace import CEV, DCTERMS, GEO, PROV, WD
from kg.types import (
    Casualties,
    CasualtyKind,
    Dispatch,
    Entity,
    EventMention,
    Evidence,
    Extraction,
    ObjectRef,
    Status,
)

BODY = ("Pékin a mis son veto mardi à un projet de résolution sur la Birmanie. "
        "Au moins 12 civils ont été tués à Mandalay, selon l'ONU.")


def _sentence(i: int) -> Evidence:
    start = 0 if i == 0 else BODY.index("Au moins")
    end = BODY.index(".") + 1 if i == 0 else len(BODY)
    return Evidence(BODY[start:end], start, end)


def extraction(*, event_class: str = "Veto") -> Extraction:
    d = Dispatch(source_name="birmanie-1", body=BODY, date=dt.date(2023, 3, 7), title="Veto chinois",
                 publisher="AFP")
    china = Entity("Q148", "State", "China", qid="Q148", aliases=("Chine", "Pékin"), extra_kinds=("Country",))
    un = Entity("Q1065", "IntergovernmentalOrganization", "United Nations", qid="Q1065", aliases=("ONU",))
    city = Entity("City:mandalay", "City", "Mandalay", label_lang="fr", lat=21.97, long=96.08)
    veto = EventMention(
        local_id="veto-6", event_class=event_class, trigger=Evidence("mis son veto", 8, 20),
        evidence=(_sentence(0),), agent=("Q148",), date=(dt.date(2023, 3, 7),), date_text="mardi",
        object=ObjectRef("Resolution", label="projet de résolution sur la Birmanie"), confidence=0.9,
        extractor="kg.veto.v1")
    toll = Casualties(local_id="cas-80", count=12, kind=CasualtyKind.KILLED, evidence=_sentence(1),
                      qualifier="at least", victims="civils", according_to=("Q1065",))
    return Extraction(dispatch=d, entities={e.key: e for e in (china, un, city)}, events=(veto,),
                      casualties=(toll,), dateline_key="City:mandalay")


def test_build_graph_names_the_graph_after_the_dispatch() -> None:
    g = build_graph(extraction())
    d = iri.dispatch_iri("birmanie-1")
    assert g.identifier == d
    assert (d, RDF.type, CEV.Dispatch) in g
    assert (d, CEV.sourceName, Literal("birmanie-1")) in g
    assert (d, DCTERMS.date, Literal(dt.date(2023, 3, 7), datatype=XSD.date)) in g
    assert (d, CEV.bodyText, Literal(BODY)) in g


def test_build_graph_event_has_roles_status_evidence_and_provenance() -> None:
    g = build_graph(extraction())
    e = iri.event_iri("birmanie-1", "veto-6")
    china = iri.entity_iri("Q148")
    assert (e, RDF.type, CEV.Veto) in g
    assert (e, CEV.agent, china) in g
    assert (e, CEV.status, CEV.Planned) not in g and (e, CEV.status, CEV.Occurred) in g
    assert (e, PROV.wasDerivedFrom, iri.dispatch_iri("birmanie-1")) in g
    assert (e, CEV.date, Literal(dt.date(2023, 3, 7), datatype=XSD.date)) in g
    ev = g.value(e, CEV.evidence)
    assert str(g.value(ev, CEV.text)) == BODY[int(g.value(ev, CEV.start)):int(g.value(ev, CEV.end))]
    obj = g.value(e, CEV.object)
    assert (obj, RDF.type, CEV.Resolution) in g
    assert float(g.value(e, CEV.confidence)) == pytest.approx(0.9)


def test_build_graph_describes_entities_with_labels_links_and_coordinates() -> None:
    g = build_graph(extraction())
    china, city = iri.entity_iri("Q148"), iri.entity_iri("City:mandalay")
    assert {CEV.State, CEV.Country} <= set(g.objects(china, RDF.type))
    assert (china, OWL.sameAs, WD.Q148) in g
    assert (china, RDFS.label, Literal("China", lang="en")) in g
    assert (china, SKOS.altLabel, Literal("Pékin", lang="fr")) in g
    assert float(g.value(city, GEO.lat)) == pytest.approx(21.97)
    assert (iri.dispatch_iri("birmanie-1"), CEV.dateline, city) in g


def test_build_graph_describes_only_referenced_entities() -> None:
    ex = extraction()
    g = build_graph(Extraction(dispatch=ex.dispatch, entities=ex.entities, events=ex.events))
    assert (iri.entity_iri("City:mandalay"), RDF.type, CEV.City) not in g
    assert (iri.entity_iri("Q1065"), RDF.type, CEV.IntergovernmentalOrganization) not in g


def test_build_graph_casualties() -> None:
    g = build_graph(extraction())
    c = iri.casualties_iri("birmanie-1", "cas-80")
    assert (c, CEV["count"], Literal(12, datatype=XSD.integer)) in g
    assert (c, CEV.kind, CEV.Killed) in g
    assert (c, CEV.countQualifier, Literal("at least")) in g
    assert (c, CEV.accordingTo, iri.entity_iri("Q1065")) in g


def test_build_graph_is_deterministic() -> None:
    assert isomorphic(build_graph(extraction()), build_graph(extraction()))
    assert sorted(build_graph(extraction())) == sorted(build_graph(extraction()))


def test_build_graph_rejects_a_class_the_ontology_does_not_declare() -> None:
    with pytest.raises(OntologyError, match="Protset"):
        build_graph(extraction(event_class="Protset"))


def test_build_graph_status_planned() -> None:
    ex = extraction()
    planned = ex.events[0].__class__(**{**ex.events[0].__dict__, "status": Status.PLANNED})
    g = build_graph(Extraction(dispatch=ex.dispatch, entities=ex.entities, events=(planned,)))
    assert (iri.event_iri("birmanie-1", "veto-6"), CEV.status, CEV.Planned) in g
