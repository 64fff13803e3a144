"""Namespaces and the ``cev:`` ontology terms.

``CEV`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: a term that is
not declared here raises ``AttributeError`` at once, and a test checks that the
terms here and those declared in ``ontology/cev.ttl`` are the same set.

>>> str(CEV.Veto)
'https://w3id.org/depeche/cev#Veto'
>>> CEV.Vetto
Traceback (most recent call last):
...
AttributeError: term 'Vetto' not in namespace 'https://w3id.org/depeche/cev#'
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
SCHEMA = Namespace("https://schema.org/")
DCTERMS = Namespace("http://purl.org/dc/terms/")
ID = Namespace("https://w3id.org/depeche/id/")


class CEV(DefinedNamespace):
    """The depeche conflict-event ontology (``ontology/cev.ttl``)."""

    _NS = Namespace("https://w3id.org/depeche/cev#")
    _fail = True

    # --- classes: dispatches and provenance
    Dispatch: URIRef  # a news story, one named graph
    Evidence: URIRef  # a sentence of a dispatch, with offsets
    # --- classes: events
    Event: URIRef
    Statement: URIRef
    Proposal: URIRef
    Rejection: URIRef
    Veto: URIRef
    ResolutionAdoption: URIRef
    Negotiation: URIRef
    Agreement: URIRef
    Ceasefire: URIRef
    Accusation: URIRef
    Attack: URIRef
    AirStrike: URIRef
    Shelling: URIRef
    Bombing: URIRef
    Clash: URIRef
    Offensive: URIRef
    Capture: URIRef
    Withdrawal: URIRef
    Evacuation: URIRef
    Release: URIRef
    Displacement: URIRef
    # --- classes: actors and places
    Actor: URIRef
    Person: URIRef
    State: URIRef
    IntergovernmentalOrganization: URIRef
    ArmedGroup: URIRef
    ArmedForces: URIRef
    Organization: URIRef
    Group: URIRef
    Place: URIRef
    Country: URIRef
    Region: URIRef
    City: URIRef
    District: URIRef
    # --- classes: objects, tolls, value sets
    Resolution: URIRef  # a draft or adopted resolution
    Matter: URIRef  # a described thing an event is about (a plan, an idea, a demand)
    Casualties: URIRef
    EventStatus: URIRef
    CasualtyKind: URIRef
    # --- individuals
    Occurred: URIRef
    Planned: URIRef
    Negated: URIRef
    Killed: URIRef
    Injured: URIRef
    # --- dispatch properties
    sourceName: URIRef
    dateline: URIRef
    bodyText: URIRef
    # --- event properties
    agent: URIRef
    target: URIRef
    participant: URIRef
    place: URIRef
    date: URIRef
    dateText: URIRef
    status: URIRef
    object: URIRef
    quote: URIRef
    evidence: URIRef
    confidence: URIRef
    triggerText: URIRef
    extractedBy: URIRef
    # --- evidence properties
    text: URIRef
    start: URIRef
    end: URIRef
    # --- class annotations
    ploverType: URIRef
    cameoCode: URIRef
    acledSubEventType: URIRef
    # --- actor and place properties
    role: URIRef
    memberOf: URIRef
    represents: URIRef
    locatedIn: URIRef
    geonamesId: URIRef
    # --- casualties
    count: URIRef
    countQualifier: URIRef
    kind: URIRef
    victims: URIRef
    accordingTo: URIRef
    casualtiesOf: URIRef
    subCountOf: URIRef


PREFIXES: dict[str, str] = {
    "cev": str(CEV._NS),
    "sem": str(SEM),
    "prov": str(PROV),
    "wd": str(WD),
    "wdt": str(WDT),
    "geo": str(GEO),
    "schema": str(SCHEMA),
    "dcterms": str(DCTERMS),
    "id": str(ID),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def cev_terms() -> frozenset[str]:
    """Local names of every declared ``cev:`` term."""
    return frozenset(k for k in CEV.__annotations__ if not k.startswith("_"))
