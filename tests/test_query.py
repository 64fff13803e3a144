from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import resources
from kg.errors import QueryError
from kg.query import Table, bind, bindings, load_query, load_query_file, parse_query, render, to_term

XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"

Q = """# title: Test query
# description: Counts things.
# param: who iri -- the actor
# param: since date default=2016-01-01 -- first day
# example: kg query test --param who=https://w3id.org/depeche/id/entity/Q159
SELECT * WHERE { ?s ?p ?o }
"""


def test_parse_query_reads_the_header() -> None:
    q = parse_query(Q, name="test")
    assert q.title == "Test query"
    assert [p.name for p in q.params] == ["who", "since"]
    assert q.params[1].default == "2016-01-01" and q.params[1].type == "date"


def test_parse_query_rejects_a_bad_param_line() -> None:
    with pytest.raises(QueryError, match="bad param"):
        parse_query("# param: who url\nSELECT * {}", name="x")


def test_bindings_use_defaults_and_reject_unknown_parameters() -> None:
    q = parse_query(Q, name="test")
    b = bindings(q, {"who": "https://w3id.org/depeche/id/entity/Q159"})
    assert b["since"].value == "2016-01-01"
    with pytest.raises(QueryError, match="unknown parameter"):
        bindings(q, {"whom": "x"})


@pytest.mark.parametrize(("value", "kind"),
                         [("not an iri", "iri"), ("2016-13-40", "date"), ("abc", "integer")])
def test_to_term_validates_values(value: str, kind: str) -> None:
    with pytest.raises(QueryError):
        to_term(value, kind)


def test_bind_joins_validated_terms_to_the_outer_where() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal("x")))
    text = "SELECT (COUNT(?s) AS ?n) WHERE { ?s ?p ?o FILTER(?o = ?v) }"
    assert int(next(iter(store.query(bind(text, {"v": ox.Literal("x")}))))["n"].value) == 1
    hostile = ox.Literal('x" } } ; DROP ALL ; SELECT * { "')
    assert int(next(iter(store.query(bind(text, {"v": hostile}))))["n"].value) == 0
    assert len(store) == 1


def test_every_packaged_query_has_a_header_and_parses() -> None:
    names = resources.query_names()
    assert names, "no packaged queries"
    store = ox.Store()
    for name in names:
        q = load_query(name)
        assert q.title and q.description, name
        store.query(q.text, prefixes=dict(__import__("kg.rdf.namespace", fromlist=["PREFIXES"]).PREFIXES))


def test_load_query_unknown_name_lists_the_available_ones() -> None:
    with pytest.raises(QueryError, match="available"):
        load_query("no-such-query")


def test_load_query_file(tmp_path: Path) -> None:
    f = tmp_path / "mine.rq"
    f.write_text(Q, encoding="utf-8")
    assert load_query_file(f).name == "mine"


def test_render_formats() -> None:
    t = Table.from_json(("a", "b"), [({"type": "uri", "value": "x"}, None),
                                     ({"type": "literal", "value": "y, z"},
                                      {"type": "literal", "value": "2", "datatype": XSD_INTEGER})])
    assert render(t, "csv").splitlines() == ["a,b", "x,", '"y, z",2']
    assert render(t, "tsv").splitlines()[2] == "y, z\t2"
    data = json.loads(render(t, "json"))
    assert data["head"]["vars"] == ["a", "b"]
    assert data["results"]["bindings"][0] == {"a": {"type": "uri", "value": "x"}}
    assert data["results"]["bindings"][1]["b"] == {"type": "literal", "value": "2", "datatype": XSD_INTEGER}
    assert t.kinds == (("uri", None), ("", XSD_INTEGER))
    assert "(2 rows)" in render(t, "table")
