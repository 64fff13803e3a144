"""Every library query on the graph the real pipeline builds from ``examples/dispatches``.

The exact answers on these depend on extraction quality (tested by the extractor and evaluation
tests); here each query must run on real output and the overview queries must see every dispatch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg import resources
from kg.query import bindings, load_query, to_table
from kg.store.oxigraph import Store

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "dispatches"
# a node every graph has, for the queries that need one
PARAMS = {
    "events-near": {"center": "https://w3id.org/depeche/id/entity/Q858"},
    "provenance": {"fact": "https://w3id.org/depeche/id/entity/Q858"},
    "actor-profile": {"actor": "https://w3id.org/depeche/id/entity/Q1065"},
    "events-by-actor": {"actor": "https://w3id.org/depeche/id/entity/Q1065"},
    "event-graph": {"event": "https://w3id.org/depeche/id/event/none/none"},
}


@pytest.fixture(scope="module")
def store(pipeline: object) -> Store:
    from kg.pipeline import build
    from kg.rdf.ontology import ontology_graph

    st = Store()
    st.replace_graph(ontology_graph())
    summary = build([EXAMPLES], store=st, pipeline=pipeline, validate=False)  # type: ignore[arg-type]
    assert summary.built >= 10
    return st


@pytest.mark.parametrize("name", [n for n in resources.query_names() if n != "actor-wikidata"])
def test_library_query_runs_on_the_examples(store: Store, name: str) -> None:
    q = load_query(name)
    store.query(q.text, bindings=bindings(q, PARAMS.get(name, {})))


def test_overview_queries_see_every_example_dispatch(store: Store) -> None:
    q = load_query("dispatches")
    table = to_table(store.query(q.text, bindings=bindings(q, {})))
    assert len(table.rows) >= 10
    q = load_query("events-by-class")
    assert to_table(store.query(q.text, bindings=bindings(q, {}))).rows
