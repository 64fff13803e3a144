"""The ontology as a graph, stored beside the dispatches so queries can use its hierarchy and annotations."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from kg import resources
from kg.errors import OntologyError

ONTOLOGY_GRAPH = URIRef("https://w3id.org/depeche/cev")


@cache
def _parsed() -> Graph:
    g = Graph()
    path = resources.ontology_path()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises many parser exception types
        raise OntologyError(f"cannot parse the ontology: {e}", where=str(path)) from e
    # Blank nodes (owl:unionOf lists…) get canonical, content-derived names and are then
    # skolemised, so storing the ontology twice gives the same quads.
    return to_canonical_graph(g).skolemize(authority="https://w3id.org", basepath="/depeche/cev/genid/")


def ontology_graph() -> Graph:
    """A fresh copy of ``ontology/cev.ttl`` as the named graph ``<https://w3id.org/depeche/cev>``."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    for t in _parsed():
        g.add(t)
    return g
