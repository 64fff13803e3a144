from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from kg.errors import KGError, MissingDependencyError
from kg.export.formats import Format, cytoscape_data, export, to_dot, write_graph
from kg.export.networkx import VIEWS, view_graph, write
from kg.export.records import EventData, EventFilter, load_events
from kg.export.sample import fill_store, scenario
from kg.rdf import iri
from kg.store.oxigraph import Store

RUSSIA, FRANCE = str(iri.entity_iri("Q159")), str(iri.entity_iri("Q142"))
VETO = str(iri.event_iri("alep-1", "veto-1"))


@pytest.fixture(scope="module")
def data() -> EventData:
    st = Store()
    fill_store(st, scenario())
    return load_events(st)


def _same_attrs(expected: dict[str, Any], got: dict[str, Any]) -> None:
    for k, v in expected.items():
        assert got[k] == v, k


@pytest.mark.parametrize("view", VIEWS)
def test_graphml_reads_back_with_the_same_nodes_edges_and_attributes(
    data: EventData, view: str, tmp_path: Path
) -> None:
    g = view_graph(data, view)
    path = tmp_path / f"{view}.graphml"
    write(g, path)
    back = nx.read_graphml(path, force_multigraph=g.is_multigraph())
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    for n, attrs in g.nodes(data=True):
        _same_attrs(attrs, back.nodes[n])
    if g.is_multigraph():
        for u, v, k, attrs in g.edges(keys=True, data=True):
            _same_attrs(attrs, back.edges[u, v, k])
    else:
        for u, v, attrs in g.edges(data=True):
            _same_attrs(attrs, back.edges[u, v])
    assert back.graph["view"] == view


def test_graphml_widens_mixed_types_and_drops_characters_xml_cannot_carry(tmp_path: Path) -> None:
    g = nx.MultiDiGraph(view="test")
    g.add_node("a", n=1, note='un « texte » <b> & "guillemets"\x01', ok=True)
    g.add_node("b", n=2.5, note="deux", ok=False)
    g.add_node("c", n="trois")
    g.add_edge("a", "b", key="https://example.org/e?x=1&y=2", w=3)
    path = tmp_path / "t.graphml"
    write_graph(g, path)
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.nodes["a"] == {"n": "1", "note": 'un « texte » <b> & "guillemets"', "ok": True}
    assert back.nodes["b"] == {"n": "2.5", "note": "deux", "ok": False}
    assert list(back.edges(keys=True, data=True)) == [("a", "b", "https://example.org/e?x=1&y=2", {"w": 3})]
    h = nx.Graph()
    h.add_node("x", v=1)
    h.add_node("y", v=2.5)
    write_graph(h, path)
    assert nx.read_graphml(path).nodes["x"]["v"] == 1.0


@pytest.mark.parametrize("view", VIEWS)
def test_gexf_reads_back_with_labels_colours_and_time_intervals(
    data: EventData, view: str, tmp_path: Path
) -> None:
    g = view_graph(data, view)
    path = tmp_path / f"{view}.gexf"
    write(g, path)
    back = nx.read_gexf(path)
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    for n, attrs in g.nodes(data=True):
        assert back.nodes[n]["label"] == attrs["label"]
        assert set(back.nodes[n]["viz"]["color"]) >= {"r", "g", "b"}
    text = path.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text or view != "actors"


def test_gexf_actor_edges_carry_the_event_day_and_class_colour(data: EventData, tmp_path: Path) -> None:
    path = tmp_path / "a.gexf"
    write(view_graph(data, "actors"), path)
    back = nx.read_gexf(path)
    (veto,) = [d for u, v, d in back.edges(data=True) if d.get("event") == VETO]
    assert (veto["start"], veto["end"]) == ("2016-12-05", "2016-12-05")
    assert veto["event_class"] == "Veto"
    # networkx does not read edge colours back: check the XML Gephi reads.
    ns = {"g": "http://www.gexf.net/1.2draft", "viz": "http://www.gexf.net/1.2draft/viz"}
    root = ET.parse(path).getroot()
    (edge,) = [e for e in root.iterfind(".//g:edge", ns) if any(a.get("value") == VETO for a in e.iter())]
    colour = edge.find("viz:color", ns)
    assert colour is not None and (colour.get("r"), colour.get("g"), colour.get("b")) == ("84", "39", "143")


@pytest.mark.parametrize("aggregate", [False, True])
def test_cytoscape_json_reads_back_with_networkx(data: EventData, aggregate: bool, tmp_path: Path) -> None:
    g = view_graph(data, "actors", aggregate=aggregate)
    path = tmp_path / "a.cyjs"
    write(g, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    ids = [e["data"]["id"] for e in doc["elements"]["edges"]]
    assert len(ids) == len(set(ids)) == g.number_of_edges()  # Cytoscape.js needs unique element ids
    back = nx.cytoscape_graph(doc)
    assert set(back.nodes) == set(g.nodes) and back.number_of_edges() == g.number_of_edges()
    assert back.is_multigraph() == g.is_multigraph() and back.is_directed()
    assert back.nodes[RUSSIA]["name"] == "Russia" and back.nodes[RUSSIA]["color"] == "#1f77b4"


def test_cytoscape_data_colours_edges_by_event_class(data: EventData) -> None:
    doc = cytoscape_data(view_graph(data, "actors"))
    veto = next(e["data"] for e in doc["elements"]["edges"] if e["data"].get("key") == VETO)
    assert (veto["source"], veto["target"], veto["color"]) == (RUSSIA, FRANCE, "#54278f")


@pytest.mark.parametrize("view", VIEWS)
def test_node_link_json_reads_back(data: EventData, view: str, tmp_path: Path) -> None:
    g = view_graph(data, view)
    path = tmp_path / f"{view}.json"
    write(g, path)
    back = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert nx.utils.graphs_equal(g, back)


def test_dot_has_every_node_and_edge_and_escapes_quotes(data: EventData, tmp_path: Path) -> None:
    g = view_graph(data, "actors")
    g.nodes[RUSSIA]["label"] = 'la "Russie"\nMoscou \\ Kremlin'
    path = tmp_path / "a.dot"
    write(g, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('digraph "actors" {') and text.rstrip().endswith("}")
    assert len(re.findall(r"^  \"[^\"]+\" -> \"", text, flags=re.M)) == g.number_of_edges()
    node_lines = [ln for ln in text.splitlines() if ln.startswith('  "') and " -> " not in ln]
    assert len(node_lines) == g.number_of_nodes()
    assert '"label"="la \\"Russie\\"\\nMoscou \\\\ Kremlin"' in text
    # Every quoted string is closed on its line.
    for line in node_lines:
        assert len(re.findall(r'(?<!\\)"', line.replace("\\\\", ""))) % 2 == 0


def test_dot_of_an_undirected_view_uses_undirected_edges(data: EventData) -> None:
    text = to_dot(view_graph(data, "events"))
    assert text.startswith('graph "events"') and " -- " in text and " -> " not in text


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.graphml", Format.GRAPHML),
        ("a.GEXF", Format.GEXF),
        ("a.cy.json", Format.CYJS),
        ("a.cyjs", Format.CYJS),
        ("a.json", Format.JSON),
        ("a.gv", Format.DOT),
        ("a.htm", Format.HTML),
        ("a.svg", Format.SVG),
    ],
)
def test_format_from_extension(name: str, fmt: Format) -> None:
    assert Format.from_extension(Path(name)) is fmt


def test_unknown_format_raises_and_writes_nothing(data: EventData, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="unknown export format '.xlsx'"):
        export(data, tmp_path / "a.xlsx")
    with pytest.raises(KGError, match="unknown export format 'pdfx'"):
        export(data, tmp_path / "a.graphml", fmt="pdfx")
    assert list(tmp_path.iterdir()) == []


def test_write_graph_refuses_html_with_a_hint(data: EventData, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="made from the events"):
        write_graph(view_graph(data, "actors"), tmp_path / "a.html")


def test_export_timeline_only_as_a_picture(data: EventData, tmp_path: Path) -> None:
    with pytest.raises(KGError, match="picture"):
        export(data, tmp_path / "t.graphml", view="timeline")


def test_export_reports_counts_and_applies_the_filter(data: EventData, tmp_path: Path) -> None:
    done = export(data, tmp_path / "a.graphml", filter=EventFilter(classes=("Attack",)), aggregate=True)
    assert (done.format, done.view, done.events, done.nodes, done.edges) == (
        Format.GRAPHML,
        "actors",
        2,
        4,
        2,
    )
    assert done.bytes == (tmp_path / "a.graphml").stat().st_size
    back = nx.read_graphml(tmp_path / "a.graphml")
    assert back.graph["filter"] == "classes=Attack"
    assert not list(tmp_path.glob("*.part"))


def test_export_is_byte_identical_across_runs(data: EventData, tmp_path: Path) -> None:
    for fmt in ("graphml", "gexf", "cyjs", "json", "dot", "html"):
        export(data, tmp_path / f"a.{fmt}")
        first = (tmp_path / f"a.{fmt}").read_bytes()
        export(load_events_again(), tmp_path / f"a.{fmt}")
        assert (tmp_path / f"a.{fmt}").read_bytes() == first, fmt


def load_events_again() -> EventData:
    st = Store()
    fill_store(st, reversed(scenario()))
    return load_events(st)


def test_plots_without_matplotlib_raise_missing_dependency(
    data: EventData, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)  # import now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"depeche\[viz\]"):
        export(data, tmp_path / "t.png", view="timeline")
    assert not list(tmp_path.iterdir())
