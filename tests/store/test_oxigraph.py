from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import QueryError, StoreError
from kg.store.oxigraph import Store

EX = "https://example.org/"


def graph(name: str, n: int) -> Graph:
    g = Graph(identifier=URIRef(EX + name))
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(EX + "p"), Literal(f"« valeur {i} » \"quoted\"\n", lang="fr")))
    return g


def test_replace_graph_replaces_instead_of_adding(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 5))
    st.replace_graph(graph("a", 3))
    assert len(st) == 3
    assert st.graph_names() == [EX + "a"]


def test_replace_graph_keeps_other_graphs(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 2))
    st.replace_graph(graph("b", 4))
    st.replace_graph(graph("a", 1))
    assert len(st.graph(EX + "b")) == 4 and len(st.graph(EX + "a")) == 1


def test_replace_ntriples_replaces_like_replace_graph_and_refuses_bad_text(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 5))
    st.replace_ntriples(EX + "a", graph("a", 2).serialize(format="nt", encoding="utf-8"))
    assert len(st.graph(EX + "a")) == 2
    with pytest.raises(StoreError, match="cannot write graph"):
        st.replace_ntriples(EX + "a", b"<not> n-triples")
    assert len(st.graph(EX + "a")) == 2  # the graph is as it was


def test_store_persists_on_disk_and_opens_read_only(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 2))
    st.flush()
    del st
    ro = Store(tmp_path / "s", read_only=True)
    assert EX + "a" in ro
    assert len(ro.graph(EX + "a")) == 2


def test_read_only_store_that_does_not_exist_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="kg build"):
        Store(tmp_path / "missing", read_only=True)


def test_query_uses_the_union_of_graphs_and_binds_safely() -> None:
    import pyoxigraph as ox

    st = Store()
    st.replace_graph(graph("a", 2))
    st.replace_graph(graph("b", 2))
    rows = list(st.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
    assert int(rows[0]["n"].value) == 4
    hostile = ox.Literal('x" } ; DROP ALL ; #')
    rows = list(st.query("SELECT ?s WHERE { ?s ?p ?o FILTER(STR(?o) = ?v) }", bindings={"v": hostile}))
    assert rows == [] and len(st) == 4


def test_query_syntax_error_is_a_query_error() -> None:
    with pytest.raises(QueryError):
        Store().query("SELEC nothing")


def test_export_trig_round_trips(tmp_path: Path) -> None:
    from rdflib import Dataset

    st = Store()
    st.replace_graph(graph("a", 3))
    st.export(tmp_path / "out.trig")
    ds = Dataset()
    ds.parse(tmp_path / "out.trig", format="trig")
    assert len(ds.graph(URIRef(EX + "a"))) == 3


def test_load_graph_replaces_a_graph_from_rdf_text(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 5))
    st.replace_graph(graph("b", 2))
    st.load_graph(EX + "a", f"<{EX}x> <{EX}p> <{EX}y> .".encode())
    assert len(st.graph(EX + "a")) == 1 and len(st.graph(EX + "b")) == 2


def test_load_graph_refuses_text_that_does_not_parse_and_keeps_the_graph(tmp_path: Path) -> None:
    st = Store(tmp_path / "s")
    st.replace_graph(graph("a", 3))
    with pytest.raises(StoreError, match="not valid Turtle"):
        st.load_graph(EX + "a", b"<not turtle")
    assert len(st.graph(EX + "a")) == 3
