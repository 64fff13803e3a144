"""Namespaces and the ``cev:`` ontology terms.

``CEV`` is an rdflib ``DefinedNamespace`` with ``_fail = True``: a term that is
not declared here raises ``AttributeError`` at once, and a test checks that the
terms here and those declared in ``ontology/cev.ttl`` are the same set. The term
list is generated from the ontology by ``tools/gen_namespace.py`` (``--check``
tells whether it is up to date).

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

    # BEGIN generated terms: tools/gen_namespace.py from ontology/cev.ttl (do not edit by hand)
    # --- classes
    Accusation: URIRef  # A party accuses another, for instance of breaking a truce or of a massacre
    Actor: URIRef  # A person, a collective or an institution that takes part in events; the root of the...
    Agreement: URIRef  # An agreement or a deal reached or signed between parties
    AirStrike: URIRef  # An attack from the air: an air raid, a bombing by aircraft, a drone or helicopter...
    ArmedForces: URIRef  # The armed forces of a state or one of their units (an army, an air force, a...
    ArmedGroup: URIRef  # A named non-state armed group (a rebel movement, a militia, a jihadist group)
    Attack: URIRef  # An armed attack by a party on another party, on people or on a place
    Bombing: URIRef  # An attack with an explosive device: a roadside or car bomb, a mine, a suicide attack
    Capture: URIRef  # A party takes or retakes control of a place
    Casualties: URIRef  # A toll reported in a dispatch: a number of people killed or injured, according...
    CasualtyKind: URIRef  # The kind of harm a toll counts: people killed or people injured
    Ceasefire: URIRef  # A truce or ceasefire declared, entering into force or extended
    City: URIRef  # A city, town or village
    Clash: URIRef  # Fighting, combat or clashes between armed parties
    Country: URIRef  # The territory of a country
    Dispatch: URIRef  # A news story (a wire dispatch) read as one input record; every triple extracted...
    Displacement: URIRef  # People flee a place or are displaced from it
    District: URIRef  # A district or neighbourhood of a city, or a named site within it
    Evacuation: URIRef  # Civilians, wounded people or fighters are evacuated from a place
    Event: URIRef  # Something reported to have happened, to be planned, or not to have happened, with its...
    EventStatus: URIRef  # Whether an event is reported as having happened, as planned, or as not happening
    Evidence: URIRef  # A span of a dispatch's body (usually a sentence) that an event or a toll was read...
    Group: URIRef  # An unnamed collective designated by a common noun: civilians, 'les rebelles', 'les...
    IntergovernmentalOrganization: URIRef  # An organization whose members are states, or one of its...
    Matter: URIRef  # A described thing an event is about (a plan, an idea, a demand), identified by its...
    Negotiation: URIRef  # Talks, meetings or consultations between parties, held or planned
    Offensive: URIRef  # A military offensive or advance launched or under way
    Organization: URIRef  # A non-governmental organization: an NGO, a news agency or outlet, a monitoring...
    Person: URIRef  # A named human being, such as a minister, a spokesperson or an ambassador
    Place: URIRef  # A geographical location where events happen; the root of the place classes
    Proposal: URIRef  # A party proposes, demands or calls for an action, including a draft resolution put...
    Region: URIRef  # A region, province or governorate, or a geographical area larger than a city
    Rejection: URIRef  # A party rejects a proposal, a plan or a demand
    Release: URIRef  # Prisoners, detainees or hostages are released or exchanged
    Resolution: URIRef  # A draft or adopted resolution of a deliberative body, such as the UN Security...
    ResolutionAdoption: URIRef  # A body adopts a resolution by vote
    Shelling: URIRef  # An attack by shelling, artillery, mortars, rockets or missiles
    State: URIRef  # A country as a polity or its government, including metonyms ('Moscou' for Russia, 'le...
    Statement: URIRef  # A public statement attributed to a speaker (a quotation, 'a affirmé', 'a estimé')
    Veto: URIRef  # A permanent member of the UN Security Council vetoes a draft resolution
    Withdrawal: URIRef  # Forces or fighters withdraw from a place, leave it, or hand over their weapons
    # --- individuals
    Injured: URIRef  # People injured
    Killed: URIRef  # People killed
    Negated: URIRef  # The event is reported as not happening, or is refused
    Occurred: URIRef  # The event is reported as having happened or as under way
    Planned: URIRef  # The event is announced, expected or proposed to happen
    # --- object properties
    accordingTo: URIRef  # The actor that gives a figure (a monitor, a ministry, a hospital...  # noqa: N815
    agent: URIRef  # The actor who acts in an event: the vetoing state, the attacker, the speaker
    casualtiesOf: URIRef  # The event a toll results from, when the dispatch says so  # noqa: N815
    dateline: URIRef  # The place a dispatch was filed from, as given in its dateline
    evidence: URIRef  # The span of the dispatch an event or a toll was read from
    kind: URIRef  # Whether a toll counts people killed or people injured
    locatedIn: URIRef  # A place lies within another (a district in a city, a city in a country)  # noqa: N815
    memberOf: URIRef  # An actor belongs to another: a minister to a government, a state to...  # noqa: N815
    object: URIRef  # What is vetoed, rejected, proposed or agreed: a resolution, another event (a...
    participant: URIRef  # A party to a symmetric event (talks, clashes, agreements, ceasefires)...
    place: URIRef  # Where an event happened or is to happen
    represents: URIRef  # An actor speaks or acts on behalf of another (an ambassador represents a state)
    status: URIRef  # Whether the event occurred, is planned, or is reported as not happening
    subCountOf: URIRef  # A toll is part of a larger one ('324 morts, dont 44 enfants')  # noqa: N815
    target: URIRef  # The actor acted upon in an event: the rejected party, the attacked, the accused
    # --- datatype properties
    bodyText: URIRef  # The cleaned body of a dispatch; every cev:start and cev:end offset...  # noqa: N815
    confidence: URIRef  # How sure the extractor is of an event, a decimal between 0 and 1 inclusive
    count: URIRef  # The number of people a toll counts, a non-negative integer ('au moins 324' gives 324)
    countQualifier: URIRef  # How the count is bounded: 'at least', 'more than', 'about'...  # noqa: N815
    date: URIRef  # The calendar date an event happened or is planned for, resolved against the dispatch...
    dateText: URIRef  # The time expression as written in the dispatch ('lundi', 'le 5...  # noqa: N815
    end: URIRef  # The offset just after the last character of the span in cev:bodyText (exclusive end)
    extractedBy: URIRef  # The registered name of the extractor that produced the event...  # noqa: N815
    geonamesId: URIRef  # The GeoNames identifier of a place, as a string of digits  # noqa: N815
    quote: URIRef  # The words of a statement, when the dispatch quotes them
    role: URIRef  # The function of an actor as the dispatch gives it ('ambassadeur russe à l'ONU')
    sourceName: URIRef  # The name of the input record a dispatch was read from: the file's...  # noqa: N815
    start: URIRef  # The offset of the first character of the span in cev:bodyText, counted from 0
    text: URIRef  # The evidence span exactly as it is in the dispatch body, equal to the body's...
    triggerText: URIRef  # The words that signal the event in the text ('a mis son veto'...  # noqa: N815
    victims: URIRef  # Who the victims are, as the dispatch names them ('civils', 'enfants')
    # --- annotation properties
    acledSubEventType: URIRef  # An ACLED sub-event type an event class corresponds to (such...  # noqa: N815
    cameoCode: URIRef  # A CAMEO event code an event class corresponds to (such as '129' for...  # noqa: N815
    ploverMode: URIRef  # The PLOVER v0.8 mode that narrows the PLOVER type of an event...  # noqa: N815
    ploverType: URIRef  # The PLOVER v0.8 event type an event class corresponds to (such as...  # noqa: N815
    # END generated terms


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
