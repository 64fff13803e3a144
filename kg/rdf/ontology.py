"""The ontology as a graph, stored beside the dispatches so queries can use its hierarchy and annotations."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef

from kg import resources
from kg.errors import OntologyError

ONTOLOGY_GRAPH = URIRef("https://w3id.org/depeche/cev")


@cache
def _parsed() -> Graph:
    g = Graph(identifier=ONTOLOGY_GRAPH)
    path = resources.ontology_path()
    try:
        g.parse(path, format="turtle")
    except Exception as e:  # rdflib raises many parser exception types
        raise OntologyError(f"cannot parse the ontology: {e}", where=str(path)) from e
    return g


def ontology_graph() -> Graph:
    """A fresh copy of ``ontology/cev.ttl`` as the named graph ``<https://w3id.org/depeche/cev>``."""
    g = Graph(identifier=ONTOLOGY_GRAPH)
    for t in _parsed():
        g.add(t)
    return g
