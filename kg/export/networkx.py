"""networkx views of the event graph, and writers for GraphML, GEXF and node-link JSON.

Views are read from the store with SPARQL; node ids are the entity and event
IRIs (stable across runs), and every attribute is a string, number or boolean
so GraphML and GEXF can carry it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KGError
from kg.store.oxigraph import Store

VIEWS = ("actors", "events", "places")
FORMATS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json"}

_ACTORS = """
SELECT ?event ?class ?agent ?agentLabel ?agentType ?target ?targetLabel ?targetType ?date ?dispatch
WHERE {
  ?event cev:agent ?agent ; cev:target ?target ; a ?t ; prov:wasDerivedFrom ?d .
  ?d cev:sourceName ?dispatch .
  FILTER(STRSTARTS(STR(?t), STR(cev:)))
  BIND(STRAFTER(STR(?t), STR(cev:)) AS ?class)
  OPTIONAL { ?agent rdfs:label ?agentLabel } OPTIONAL { ?target rdfs:label ?targetLabel }
  OPTIONAL { ?agent a ?at . FILTER(STRSTARTS(STR(?at), STR(cev:))) BIND(STRAFTER(STR(?at), STR(cev:)) AS ?agentType) }
  OPTIONAL { ?target a ?tt . FILTER(STRSTARTS(STR(?tt), STR(cev:))) BIND(STRAFTER(STR(?tt), STR(cev:)) AS ?targetType) }
  OPTIONAL { ?event cev:date ?date }
}
"""

_EVENT_ROLES = """
SELECT ?event ?class ?role ?node ?label ?type ?date ?dispatch
WHERE {
  VALUES ?role { cev:agent cev:target cev:participant cev:place }
  ?event ?role ?node ; a ?t ; prov:wasDerivedFrom ?d .
  ?d cev:sourceName ?dispatch .
  FILTER(STRSTARTS(STR(?t), STR(cev:)))
  BIND(STRAFTER(STR(?t), STR(cev:)) AS ?class)
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node a ?nt . FILTER(STRSTARTS(STR(?nt), STR(cev:))) BIND(STRAFTER(STR(?nt), STR(cev:)) AS ?type) }
  OPTIONAL { ?event cev:date ?date }
}
"""


def _v(sol: Any, name: str) -> str:
    term = sol[name]
    return "" if term is None else str(term.value)


def actor_graph(store: Store) -> nx.MultiDiGraph:
    """Actors as nodes, one directed edge agent -> target per event."""
    g = nx.MultiDiGraph()
    seen: set[tuple[str, str, str]] = set()
    for sol in store.query(_ACTORS):
        a, t, ev = _v(sol, "agent"), _v(sol, "target"), _v(sol, "event")
        for node, label, kind in ((a, _v(sol, "agentLabel"), _v(sol, "agentType")),
                                  (t, _v(sol, "targetLabel"), _v(sol, "targetType"))):
            if node not in g:
                g.add_node(node, label=label or node, type=kind)
        if (a, t, ev) in seen:
            continue
        seen.add((a, t, ev))
        g.add_edge(a, t, key=ev, event=ev, event_class=_v(sol, "class"), date=_v(sol, "date"),
                   dispatch=_v(sol, "dispatch"))
    return g


def _bipartite(store: Store, *, places: bool) -> nx.Graph:
    g = nx.Graph()
    for sol in store.query(_EVENT_ROLES):
        role = _v(sol, "role").rsplit("#", 1)[-1]
        if (role == "place") != places:
            continue
        ev, node = _v(sol, "event"), _v(sol, "node")
        g.add_node(ev, kind="event", event_class=_v(sol, "class"), date=_v(sol, "date"),
                   dispatch=_v(sol, "dispatch"), label=_v(sol, "class"))
        g.add_node(node, kind="place" if places else "actor", label=_v(sol, "label") or node,
                   type=_v(sol, "type"))
        g.add_edge(ev, node, role=role)
    return g


def view_graph(store: Store, view: str) -> nx.Graph:
    """The ``actors``, ``events`` (event-actor) or ``places`` (event-place) view."""
    if view == "actors":
        return actor_graph(store)
    if view == "events":
        return _bipartite(store, places=False)
    if view == "places":
        return _bipartite(store, places=True)
    raise KGError(f"unknown view {view!r}", hint=f"one of {', '.join(VIEWS)}")


def write(g: nx.Graph, path: Path, *, fmt: str | None = None) -> None:
    """Write a view as GraphML, GEXF or node-link JSON (format from ``fmt`` or the extension)."""
    fmt = fmt or FORMATS.get(path.suffix.lower())
    if fmt == "graphml":
        nx.write_graphml(g, path)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    elif fmt == "json":
        path.write_text(json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1),
                        encoding="utf-8")
    else:
        raise KGError(f"unknown export format {fmt or path.suffix!r}", where=str(path),
                      hint=f"one of {', '.join(FORMATS.values())}")
