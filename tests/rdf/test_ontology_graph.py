from __future__ import annotations

from rdflib import BNode

from kg.rdf import ontology


def test_ontology_graph_is_named_and_has_no_blank_nodes() -> None:
    g = ontology.ontology_graph()
    assert g.identifier == ontology.ONTOLOGY_GRAPH
    assert len(g) > 100
    assert not any(isinstance(term, BNode) for triple in g for term in triple)


def test_ontology_graph_is_the_same_on_every_load() -> None:
    first = set(ontology.ontology_graph())
    ontology._parsed.cache_clear()
    assert set(ontology.ontology_graph()) == first
