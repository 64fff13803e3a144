"""networkx views of the event graph: actor interactions, event–actor and event–place graphs.

Node ids are the entity and event IRIs (stable across runs and stores). Every
attribute is a string, an integer, a float or a boolean — never ``None``: a
missing value is left out, and a list is joined with ``|`` — so GraphML, GEXF
and JSON carry every view unchanged. Nodes and edges are added in IRI order,
so the same store always gives the same file.

>>> from kg.export.sample import fill_store, scenario
>>> from kg.store.oxigraph import Store
>>> st = Store()
>>> fill_store(st, scenario())
>>> g = view_graph(st, "actors")
>>> g.nodes["https://w3id.org/depeche/id/entity/Q159"]["label"]
'Russia'
>>> sorted({d["event_class"] for _, _, d in g.edges(data=True)})
['Accusation', 'AirStrike', 'Clash', 'Negotiation', 'Shelling', 'Veto']
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import KGError
from kg.export.records import EntityInfo, EventData, EventFilter, EventInfo, as_data
from kg.store.oxigraph import Store

VIEWS = ("actors", "events", "places")
SEP = "|"
_MAX_FORCE_LAYOUT = 2000  # above this many nodes the O(n^2) force layout is too slow: use a spiral


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes GraphML/GEXF/JSON can carry: no None, dates as ISO text, sequences joined by ``|``."""
    out: dict[str, Any] = {}
    for k, v in attrs.items():
        if v is None:
            continue
        if isinstance(v, dt.date):
            v = v.isoformat()
        elif isinstance(v, tuple | list | set | frozenset):
            items = [x.isoformat() if isinstance(x, dt.date) else str(x) for x in v]
            if not items:
                continue
            v = SEP.join(items)
        out[k] = v
    return out


def event_pairs(ev: EventInfo) -> list[tuple[str, str, str]]:
    """The actor pairs an event links, with the relation: ``(source, target, relation)``.

    Agents point to targets (``agent-target``); participants of a symmetric event are linked
    pairwise in IRI order (``participants``); agents point to participants (``agent-participant``,
    e.g. a release with mediators). Self-loops are dropped.
    """
    out: dict[tuple[str, str], str] = {}
    for a in ev.agents:
        for t in ev.targets:
            out.setdefault((a, t), "agent-target")
    parts = sorted(ev.participants)
    for i, p in enumerate(parts):
        for q in parts[i + 1 :]:
            out.setdefault((p, q), "participants")
    for a in ev.agents:
        for p in parts:
            out.setdefault((a, p), "agent-participant")
    return [(u, v, rel) for (u, v), rel in out.items() if u != v]


def _entity_attrs(info: EntityInfo | None, iri: str, *, kind: str, data: EventData) -> dict[str, Any]:
    if info is None:
        return _clean(
            {"kind": kind, "label": data.label(iri), "type": "Place" if kind == "place" else "Actor"}
        )
    return _clean(
        {
            "kind": kind,
            "label": info.label,
            "type": info.place_type if kind == "place" else info.type,
            "types": info.types,
            "qid": info.qid,
            "wikidata": f"http://www.wikidata.org/entity/{info.qid}" if info.qid else None,
            "aliases": info.aliases,
            "lat": info.lat,
            "long": info.long,
            "located_in": tuple(data.label(p) for p in info.located_in) if kind == "place" else None,
        }
    )


def _event_attrs(ev: EventInfo, data: EventData) -> dict[str, Any]:
    disp = data.dispatches.get(ev.dispatch)
    return _clean(
        {
            "event": ev.iri,
            "event_class": ev.event_class,
            "plover": ev.plover,
            "status": ev.status,
            "date": ev.day,
            "dates": ev.dates,
            "date_from_dispatch": ev.day_from_dispatch,
            "date_text": ev.date_text,
            "place": tuple(data.label(p) for p in ev.places),
            "place_iri": ev.places,
            "dispatch": disp.source_name if disp else None,
            "dispatch_iri": ev.dispatch,
            "confidence": ev.confidence,
            "evidence": " ".join(e.text for e in ev.evidence) or None,
            "killed": ev.killed,
            "injured": ev.injured,
        }
    )


def _actor_nodes(g: nx.Graph, data: EventData, events: Iterable[EventInfo]) -> None:
    counts = Counter(a for ev in events for a in ev.actors)
    for iri in sorted(counts):
        g.add_node(
            iri, **_entity_attrs(data.entities.get(iri), iri, kind="actor", data=data), events=counts[iri]
        )


def actor_graph(
    source: Store | EventData, *, filter: EventFilter | None = None, aggregate: bool = False
) -> nx.MultiDiGraph | nx.DiGraph:
    """Actors as nodes, linked by the events between them.

    Args:
        source: a store, or event data already read from one.
        filter: which events to keep (None: all).
        aggregate: one edge per actor pair with ``count``, ``weight``, ``classes`` (``Veto:2|Clash:1``),
            the most frequent ``event_class``, ``first_date``/``last_date``, ``events`` (IRIs) and the
            ``killed``/``injured`` totals, instead of one edge per event.

    Returns:
        A ``MultiDiGraph`` whose edge keys are event IRIs (see :func:`event_pairs` for the direction),
        or a ``DiGraph`` when ``aggregate``. Every actor of a kept event is a node (an actor whose only
        events have no counterpart is an isolated node), with ``label``, ``type``, ``types``, ``qid``,
        ``wikidata`` and ``events`` (its number of events).
    """
    data = as_data(source, filter)
    events = list(data.events.values())
    g: nx.MultiDiGraph | nx.DiGraph = nx.DiGraph() if aggregate else nx.MultiDiGraph()
    g.graph.update(
        _clean(
            {
                "view": "actors",
                "generator": "depeche",
                "filter": filter.describe() if filter else None,
                "aggregated": aggregate,
            }
        )
    )
    _actor_nodes(g, data, events)
    if not aggregate:
        for ev in events:
            attrs = _event_attrs(ev, data)
            for u, v, rel in event_pairs(ev):
                g.add_edge(u, v, key=ev.iri, relation=rel, **attrs)
        return g
    groups: dict[tuple[str, str], list[EventInfo]] = {}
    for ev in events:
        for u, v, _ in event_pairs(ev):
            groups.setdefault((u, v), []).append(ev)
    for (u, v), evs in sorted(groups.items()):
        classes = Counter(e.event_class for e in evs)
        days = sorted(e.day for e in evs if e.day is not None)
        g.add_edge(
            u,
            v,
            **_clean(
                {
                    "count": len(evs),
                    "weight": float(len(evs)),
                    "event_class": sorted(classes.items(), key=lambda x: (-x[1], x[0]))[0][0],
                    "classes": tuple(f"{c}:{n}" for c, n in sorted(classes.items())),
                    "first_date": days[0] if days else None,
                    "last_date": days[-1] if days else None,
                    "events": tuple(e.iri for e in evs),
                    "dispatches": len({e.dispatch for e in evs}),
                    "killed": sum(e.killed for e in evs),
                    "injured": sum(e.injured for e in evs),
                }
            ),
        )
    return g


def _event_nodes(g: nx.Graph, data: EventData) -> None:
    for ev in data.events.values():
        attrs = _event_attrs(ev, data)
        attrs.pop("event")
        label = f"{ev.event_class} {ev.day.isoformat()}" if ev.day else ev.event_class
        g.add_node(ev.iri, kind="event", bipartite=0, label=label, **attrs)


def event_actor_graph(source: Store | EventData, *, filter: EventFilter | None = None) -> nx.Graph:
    """The bipartite event–actor graph: an edge per actor role, with ``role`` (``agent|participant``…).

    Event nodes have ``kind="event"``, ``bipartite=0`` and the event's attributes (class, PLOVER
    type, date, status, places, dispatch, evidence, casualty figures); actor nodes ``kind="actor"``,
    ``bipartite=1``.
    """
    data = as_data(source, filter)
    g = nx.Graph(
        view="events", generator="depeche", **_clean({"filter": filter.describe() if filter else None})
    )
    _event_nodes(g, data)
    _actor_nodes(g, data, data.events.values())
    for n in g.nodes:
        g.nodes[n].setdefault("bipartite", 1)
    for ev in data.events.values():
        for actor in ev.actors:
            g.add_edge(ev.iri, actor, role=SEP.join(ev.roles_of(actor)))
    return g


def event_place_graph(source: Store | EventData, *, filter: EventFilter | None = None) -> nx.Graph:
    """The bipartite event–place graph (``role="place"``); place nodes carry ``lat``/``long`` when known."""
    data = as_data(source, filter)
    g = nx.Graph(
        view="places", generator="depeche", **_clean({"filter": filter.describe() if filter else None})
    )
    _event_nodes(g, data)
    counts = Counter(p for ev in data.events.values() for p in ev.places)
    for iri in sorted(counts):
        g.add_node(
            iri,
            bipartite=1,
            events=counts[iri],
            **_entity_attrs(data.entities.get(iri), iri, kind="place", data=data),
        )
    for ev in data.events.values():
        for place in ev.places:
            g.add_edge(ev.iri, place, role="place")
    return g


def view_graph(
    source: Store | EventData, view: str, *, filter: EventFilter | None = None, aggregate: bool = False
) -> nx.Graph:
    """The ``actors``, ``events`` (event–actor) or ``places`` (event–place) view.

    Args:
        source: a store, or event data already read from one.
        view: one of :data:`VIEWS`.
        filter: which events to keep.
        aggregate: for ``actors``, one edge per actor pair instead of one per event.

    Raises:
        KGError: for an unknown view or a filter value that matches nothing.
    """
    if view == "actors":
        return actor_graph(source, filter=filter, aggregate=aggregate)
    if view == "events":
        return event_actor_graph(source, filter=filter)
    if view == "places":
        return event_place_graph(source, filter=filter)
    raise KGError(f"unknown view {view!r}", hint=f"one of {', '.join(VIEWS)}")


def layout(g: nx.Graph, *, seed: int = 7, scale: float = 1000.0) -> dict[Any, tuple[float, float]]:
    """Deterministic 2-D positions for a graph's nodes (force-directed; a spiral for huge graphs).

    Args:
        g: the graph (directions and parallel edges are ignored; ``weight`` pulls nodes together).
        seed: the random seed of the force layout.
        scale: half the width of the drawing.
    """
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(g.nodes))
    for u, v, d in g.edges(data=True):
        w = float(d.get("weight", 1.0))
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += w
        else:
            simple.add_edge(u, v, weight=w)
    n = simple.number_of_nodes()
    if n > _MAX_FORCE_LAYOUT:
        # Golden-angle spiral, most connected actors in the middle.
        order = sorted(simple.nodes, key=lambda x: (-simple.degree(x), str(x)))
        golden = 2.399963229728653
        return {
            x: (
                scale * math.sqrt(i / n) * math.cos(i * golden),
                scale * math.sqrt(i / n) * math.sin(i * golden),
            )
            for i, x in enumerate(order)
        }
    # Each connected component is laid out on its own (force-directed, its size growing with the
    # square root of its node count) and the components are packed in rows, largest first: news
    # graphs have many small components, which a single force layout would fling to the edges.
    comps = sorted(
        (sorted(c, key=str) for c in nx.connected_components(simple)), key=lambda c: (-len(c), str(c[0]))
    )
    boxes: list[tuple[list[Any], dict[Any, tuple[float, float]], float]] = []
    for comp in comps:
        radius = math.sqrt(len(comp))
        if len(comp) == 1:
            boxes.append((comp, {comp[0]: (0.0, 0.0)}, 0.5))
            continue
        try:
            sub = nx.spring_layout(
                simple.subgraph(comp),
                seed=seed,
                scale=radius,
                weight="weight",
                method="force",
                iterations=80 if len(comp) < 500 else 40,
            )
            pos = {x: (float(p[0]), float(p[1])) for x, p in sub.items()}
        except ImportError:  # numpy missing
            pos = {x: (float(p[0]), float(p[1])) for x, p in nx.circular_layout(comp, scale=radius).items()}
        boxes.append((comp, pos, radius))
    gap = 1.2
    width = max(2 * boxes[0][2] + gap, 1.3 * math.sqrt(sum((2 * r + gap) ** 2 for *_, r in boxes)))
    out: dict[Any, tuple[float, float]] = {}
    x = y = row = 0.0
    for _, pos, r in boxes:
        size = 2 * r + gap
        if x > 0 and x + size > width:
            x, y, row = 0.0, y + row, 0.0
        for node, (px, py) in pos.items():
            out[node] = (x + size / 2 + px, -(y + size / 2) + py)
        x += size
        row = max(row, size)
    height = y + row
    k = scale / (max(width, height) / 2)
    return {n: ((px - width / 2) * k, (py + height / 2) * k) for n, (px, py) in out.items()}


def write(g: nx.Graph, path: Path, *, fmt: str | None = None) -> None:
    """Write a view to ``path`` (format from ``fmt`` or the extension; see :mod:`kg.export.formats`)."""
    from kg.export.formats import write_graph

    write_graph(g, path, fmt=fmt)
