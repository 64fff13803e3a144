"""The one place that turns extracted values into RDF triples.

:func:`build_graph` maps an :class:`~kg.types.Extraction` (one dispatch) to an
rdflib ``Graph`` whose identifier is the dispatch IRI: the dispatch's named
graph. The graph is self-contained (every actor and place it refers to is
described in it), and building is deterministic: the same extraction gives the
same triples, whatever the order of its inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from kg.errors import OntologyError
from kg.rdf import iri
from kg.rdf.namespace import CEV, DCTERMS, GEO, PREFIXES, PROV, SCHEMA
from kg.types import Casualties, Entity, EventMention, Evidence, Extraction

_STATUS = {"Occurred": CEV.Occurred, "Planned": CEV.Planned, "Negated": CEV.Negated}
_KIND = {"Killed": CEV.Killed, "Injured": CEV.Injured}


def new_graph(identifier: URIRef | None = None) -> Graph:
    """An empty graph with depeche's prefixes bound (deterministic serialisation)."""
    g = Graph(identifier=identifier, bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def _cls(local: str) -> URIRef:
    try:
        return CEV[local]  # type: ignore[no-any-return]
    except AttributeError as e:  # DefinedNamespace with _fail = True
        raise OntologyError(f"class cev:{local} is not declared in the ontology",
                            hint="fix the extractor or add the class to ontology/cev.ttl") from e


class _Builder:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.src = ex.dispatch.source_name
        self.d = iri.dispatch_iri(self.src)
        self.g = new_graph(self.d)
        self.described: set[str] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.g.add((s, p, o))

    # --- dispatch -----------------------------------------------------------------
    def dispatch(self) -> None:
        d, disp = self.d, self.ex.dispatch
        self.add(d, RDF.type, CEV.Dispatch)
        self.add(d, CEV.sourceName, Literal(disp.source_name))
        if disp.published is not None:
            self.add(d, DCTERMS.date, Literal(disp.published, datatype=XSD.dateTime))
        else:
            self.add(d, DCTERMS.date, Literal(disp.date, datatype=XSD.date))
        self.add(d, DCTERMS.language, Literal(disp.lang))
        self.add(d, CEV.bodyText, Literal(disp.body))
        if disp.title:
            self.add(d, SCHEMA.headline, Literal(disp.title, lang=disp.lang))
        if disp.url:
            self.add(d, SCHEMA.url, Literal(disp.url, datatype=XSD.anyURI))
        if self.ex.publisher_key:
            self.add(d, SCHEMA.publisher, self.entity(self.ex.publisher_key))
        if self.ex.dateline_key:
            self.add(d, CEV.dateline, self.entity(self.ex.dateline_key))

    # --- entities -----------------------------------------------------------------
    def entity(self, key: str) -> URIRef:
        node = iri.entity_iri(key)
        if key in self.described or key not in self.ex.entities:
            return node
        self.described.add(key)
        e: Entity = self.ex.entities[key]
        for kind in (e.kind, *e.extra_kinds):
            self.add(node, RDF.type, _cls(kind))
        self.add(node, RDFS.label, Literal(e.label, lang=e.label_lang))
        for alias in sorted(set(e.aliases) - {e.label}):
            self.add(node, SKOS.altLabel, Literal(alias, lang="fr"))
        if e.qid:
            self.add(node, OWL.sameAs, iri.wikidata_iri(e.qid))
        if e.lat is not None and e.long is not None:
            self.add(node, GEO.lat, Literal(Decimal(str(e.lat)), datatype=XSD.decimal))
            self.add(node, GEO.long, Literal(Decimal(str(e.long)), datatype=XSD.decimal))
        if e.geonames:
            self.add(node, CEV.geonamesId, Literal(e.geonames))
        if e.role:
            self.add(node, CEV.role, Literal(e.role, lang="fr"))
        for prop, ref in ((CEV.locatedIn, e.located_in), (CEV.represents, e.represents),
                          (CEV.memberOf, e.member_of)):
            if ref and ref != key:
                self.add(node, prop, self.entity(ref))
        return node

    def entities(self, prop: URIRef, subject: URIRef, keys: Iterable[str]) -> None:
        for key in keys:
            self.add(subject, prop, self.entity(key))

    # --- provenance ---------------------------------------------------------------
    def evidence(self, subject: URIRef, ev: Evidence) -> None:
        node = iri.evidence_iri(self.src, ev.start, ev.end)
        self.add(subject, CEV.evidence, node)
        self.add(node, RDF.type, CEV.Evidence)
        self.add(node, CEV.text, Literal(ev.text))
        self.add(node, CEV.start, Literal(ev.start, datatype=XSD.integer))
        self.add(node, CEV.end, Literal(ev.end, datatype=XSD.integer))

    # --- events -------------------------------------------------------------------
    def event(self, ev: EventMention) -> None:
        node = iri.event_iri(self.src, ev.local_id)
        self.add(node, RDF.type, _cls(ev.event_class))
        self.add(node, PROV.wasDerivedFrom, self.d)
        actors = (*ev.agent, *ev.participant)
        who = ", ".join(self.ex.entities[k].label for k in actors if k in self.ex.entities)
        self.add(node, RDFS.label, Literal(f"{ev.event_class}: {who}" if who else ev.event_class, lang="en"))
        self.entities(CEV.agent, node, ev.agent)
        self.entities(CEV.target, node, ev.target)
        self.entities(CEV.participant, node, ev.participant)
        self.entities(CEV.place, node, ev.place)
        for day in ev.date:
            self.add(node, CEV.date, Literal(day, datatype=XSD.date))
        if ev.date_text:
            self.add(node, CEV.dateText, Literal(ev.date_text))
        self.add(node, CEV.status, _STATUS[ev.status.value])
        if ev.quote and ev.event_class == "Statement":
            self.add(node, CEV.quote, Literal(ev.quote, lang=self.ex.dispatch.lang))
        for evidence in ev.evidence:
            self.evidence(node, evidence)
        self.add(node, CEV.confidence, Literal(Decimal(f"{min(max(ev.confidence, 0.0), 1.0):.3f}"),
                                               datatype=XSD.decimal))
        self.add(node, CEV.triggerText, Literal(ev.trigger.text))
        if ev.extractor:
            self.add(node, CEV.extractedBy, Literal(ev.extractor))
        if ev.object is not None:
            self.object(node, ev)

    def object(self, node: URIRef, ev: EventMention) -> None:
        ref = ev.object
        assert ref is not None
        if ref.event_id is not None:
            if any(o.local_id == ref.event_id for o in self.ex.events):
                self.add(node, CEV.object, iri.event_iri(self.src, ref.event_id))
            return
        if not ref.label:
            return
        obj = iri.object_iri(self.src, f"{ev.local_id}-object")
        self.add(node, CEV.object, obj)
        self.add(obj, RDF.type, CEV.Resolution if ref.kind == "Resolution" else CEV.Matter)
        # No prov:wasDerivedFrom here: that property marks the events and tolls read from the
        # dispatch, and a proposal's object is neither.
        self.add(obj, RDFS.label, Literal(ref.label, lang=self.ex.dispatch.lang))

    # --- casualties ---------------------------------------------------------------
    def casualties(self, c: Casualties) -> None:
        node = iri.casualties_iri(self.src, c.local_id)
        self.add(node, RDF.type, CEV.Casualties)
        self.add(node, PROV.wasDerivedFrom, self.d)
        self.add(node, CEV["count"], Literal(c.count, datatype=XSD.integer))
        self.add(node, CEV.kind, _KIND[c.kind.value])
        if c.qualifier:
            self.add(node, CEV.countQualifier, Literal(c.qualifier))
        if c.victims:
            self.add(node, CEV.victims, Literal(c.victims, lang=self.ex.dispatch.lang))
        self.entities(CEV.accordingTo, node, c.according_to)
        event_ids = {e.local_id for e in self.ex.events}
        if c.cause and c.cause in event_ids:
            self.add(node, CEV.casualtiesOf, iri.event_iri(self.src, c.cause))
        if c.part_of and any(o.local_id == c.part_of for o in self.ex.casualties):
            self.add(node, CEV.subCountOf, iri.casualties_iri(self.src, c.part_of))
        for day in c.date:
            self.add(node, CEV.date, Literal(day, datatype=XSD.date))
        self.evidence(node, c.evidence)


def build_graph(extraction: Extraction) -> Graph:
    """The named graph of one dispatch.

    Args:
        extraction: everything read from the dispatch.

    Returns:
        A graph whose identifier is the dispatch IRI.

    Raises:
        InvalidIRIError: if a key cannot be turned into a valid IRI.
        AttributeError: if an extractor used a class name the ontology does not declare.
    """
    b = _Builder(extraction)
    b.dispatch()
    for ev in sorted(extraction.events, key=lambda e: e.local_id):
        b.event(ev)
    for c in sorted(extraction.casualties, key=lambda c: c.local_id):
        b.casualties(c)
    return b.g
