"""Writers for the views: GraphML, GEXF, Cytoscape.js JSON, node-link JSON, DOT; and :func:`export`.

* GraphML and GEXF are what Gephi, Cytoscape desktop, yEd and networkx read. The GEXF file also
  carries colours and sizes (``viz``) and, per edge, the event day as a time interval
  (``start``/``end``), so Gephi's timeline can play the graph over time.
* ``cyjs`` is Cytoscape.js's ``elements`` JSON (Cytoscape desktop imports it too;
  :func:`networkx.cytoscape_graph` reads it back).
* ``json`` is networkx node-link JSON (:func:`networkx.node_link_graph` with ``edges="edges"``).
* ``dot`` is Graphviz.
* ``html`` is the interactive page (:mod:`kg.export.html`); ``png`` and ``svg`` are static plots
  (:mod:`kg.export.plots`, needs the ``viz`` extra).

Files are written to a temporary name and renamed, so a failed export never leaves half a file.
"""

from __future__ import annotations

import enum
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import networkx as nx

from kg.errors import KGError
from kg.export import style
from kg.export.networkx import VIEWS, view_graph
from kg.export.records import EventData, EventFilter, as_data
from kg.store.oxigraph import Store

#: Pseudo-views that only exist as pictures.
PLOT_VIEWS = ("timeline",)


class Format(enum.StrEnum):
    """The export formats."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CYJS = "cyjs"
    JSON = "json"
    DOT = "dot"
    HTML = "html"
    PNG = "png"
    SVG = "svg"

    @classmethod
    def from_extension(cls, path: Path) -> Format:
        """The format of a file name (``.cyjs`` or ``.cy.json`` is Cytoscape.js; ``.gv`` is DOT).

        Raises:
            KGError: for an extension no format uses.

        >>> Format.from_extension(Path("a.cy.json")), Format.from_extension(Path("b.GraphML"))
        (<Format.CYJS: 'cyjs'>, <Format.GRAPHML: 'graphml'>)
        """
        name = path.name.lower()
        if name.endswith(".cy.json"):
            return cls.CYJS
        ext = path.suffix.lower().lstrip(".")
        ext = {"gv": "dot", "htm": "html", "xml": "graphml"}.get(ext, ext)
        try:
            return cls(ext)
        except ValueError:
            raise KGError(
                f"unknown export format {path.suffix!r}",
                where=str(path),
                hint=f"use --format, one of {', '.join(f.value for f in cls)}",
            ) from None

    @classmethod
    def parse(cls, value: str | Format | None, path: Path) -> Format:
        """``value`` as a format, or the format of ``path`` when it is None."""
        if value is None:
            return cls.from_extension(path)
        try:
            return cls(str(getattr(value, "value", value)).lower())
        except ValueError:
            raise KGError(
                f"unknown export format {value!r}", hint=f"one of {', '.join(f.value for f in cls)}"
            ) from None


@dataclass(frozen=True)
class ExportSummary:
    """What :func:`export` wrote."""

    path: Path
    format: Format
    view: str
    nodes: int
    edges: int
    events: int
    bytes: int
    seconds: float


# --- writers -------------------------------------------------------------------------------------
def _atomic(path: Path, writer: Callable[[Path], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    try:
        writer(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def _colour(attrs: dict[str, Any]) -> str:
    kind = attrs.get("kind")
    if kind == "event" or "event_class" in attrs and kind is None:
        return style.event_colour(str(attrs.get("event_class", "")))
    if kind == "place":
        return style.place_colour(str(attrs.get("type", "")))
    return style.actor_colour(str(attrs.get("type", "")))


def _gexf_graph(g: nx.Graph) -> nx.Graph:
    """A copy with GEXF ``viz`` colours and sizes and, on edges, the event day as start/end."""
    h = g.copy()
    for _, attrs in h.nodes(data=True):
        r, gr, b = style.rgb(_colour(attrs))
        size = 5.0 + 2.0 * float(attrs.get("events", 1)) ** 0.5
        attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}, "size": size}
    for *_, attrs in h.edges(data=True):
        start = attrs.get("date") or attrs.get("first_date")
        end = attrs.get("date") or attrs.get("last_date")
        if start and end:
            attrs["start"], attrs["end"] = start, end
        if "event_class" in attrs:
            r, gr, b = style.rgb(style.event_colour(str(attrs["event_class"])))
            attrs["viz"] = {"color": {"r": r, "g": gr, "b": b, "a": 1.0}}
    return h


_GRAPHML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return xml_escape(_XML_ILLEGAL.sub("", str(value)))


def _xml_attr(value: Any) -> str:
    return quoteattr(_XML_ILLEGAL.sub("", str(value)))


def _graphml_lines(g: nx.Graph) -> Iterator[str]:
    """GraphML, streamed: what :func:`networkx.write_graphml` writes, without building a tree in memory."""
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # (domain, name) -> (id, type)

    def declare(domain: str, attrs: dict[str, Any]) -> None:
        for name, value in attrs.items():
            kind = _GRAPHML_TYPES.get(type(value), "string")
            known = keys.get((domain, name))
            if known is None:
                keys[(domain, name)] = (f"d{len(keys)}", kind)
            elif known[1] != kind:  # mixed types: int and float widen to double, anything else to string
                wide = "double" if {known[1], kind} == {"long", "double"} else "string"
                keys[(domain, name)] = (known[0], wide)

    declare("graph", g.graph)
    for _, attrs in g.nodes(data=True):
        declare("node", attrs)
    for *_, attrs in g.edges(data=True):
        declare("edge", attrs)

    def data(domain: str, attrs: dict[str, Any], indent: str) -> Iterator[str]:
        for name, value in attrs.items():
            yield f'{indent}<data key="{keys[(domain, name)][0]}">{_xml_text(value)}</data>\n'

    yield "<?xml version='1.0' encoding='utf-8'?>\n"
    yield (
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for (domain, name), (key, kind) in keys.items():
        yield f'  <key id="{key}" for="{domain}" attr.name={_xml_attr(name)} attr.type="{kind}" />\n'
    yield f'  <graph edgedefault="{"directed" if g.is_directed() else "undirected"}">\n'
    yield from data("graph", g.graph, "    ")
    for n, attrs in g.nodes(data=True):
        yield f"    <node id={_xml_attr(n)}>\n"
        yield from data("node", attrs, "      ")
        yield "    </node>\n"
    for u, v, k, attrs in _edges(g):
        edge_id = f" id={_xml_attr(k)}" if k is not None else ""
        yield f"    <edge source={_xml_attr(u)} target={_xml_attr(v)}{edge_id}>\n"
        yield from data("edge", attrs, "      ")
        yield "    </edge>\n"
    yield "  </graph>\n</graphml>\n"


def write_graphml(g: nx.Graph, path: Path) -> None:
    """GraphML (UTF-8, typed keys; edge ids are the multigraph keys, i.e. the event IRIs).

    Streamed (a 10,000-event view is written in a fraction of the time networkx's tree writer takes);
    :func:`networkx.read_graphml`, Gephi, Cytoscape and yEd read it.
    """

    def writer(p: Path) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            fh.writelines(_graphml_lines(g))

    _atomic(path, writer)


def write_gexf(g: nx.Graph, path: Path) -> None:
    """GEXF 1.2 with colours, sizes and per-edge time intervals (the event day)."""
    _atomic(path, lambda p: nx.write_gexf(_gexf_graph(g), p, encoding="utf-8", version="1.2draft"))


def _edges(g: nx.Graph) -> Iterator[tuple[Any, Any, Any, dict[str, Any]]]:
    if g.is_multigraph():
        yield from g.edges(keys=True, data=True)
    else:
        for u, v, d in g.edges(data=True):
            yield u, v, None, d


def cytoscape_data(g: nx.Graph) -> dict[str, Any]:
    """The graph as Cytoscape.js ``elements`` JSON, with ``color`` on every node and coloured edge.

    Node data has ``id`` (the IRI), ``value`` (the same, for :func:`networkx.cytoscape_graph`),
    ``name`` (the label) and the node attributes; edge data has ``id``, ``source``, ``target``,
    ``key`` (for multigraphs) and the edge attributes.
    """
    nodes = []
    for n, attrs in g.nodes(data=True):
        nodes.append(
            {
                "data": {
                    **attrs,
                    "id": str(n),
                    "value": str(n),
                    "name": str(attrs.get("label", n)),
                    "color": _colour(attrs),
                }
            }
        )
    edges = []
    for i, (u, v, k, attrs) in enumerate(_edges(g)):
        data = {**attrs, "id": f"e{i}", "source": str(u), "target": str(v)}
        if k is not None:
            data["key"] = str(k)
        if "event_class" in attrs:
            data["color"] = style.event_colour(str(attrs["event_class"]))
        edges.append({"data": data})
    return {
        "data": dict(g.graph),
        "directed": g.is_directed(),
        "multigraph": g.is_multigraph(),
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cyjs(g: nx.Graph, path: Path) -> None:
    """Cytoscape.js JSON (see :func:`cytoscape_data`)."""
    text = json.dumps(cytoscape_data(g), ensure_ascii=False, indent=1)
    _atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def write_node_link(g: nx.Graph, path: Path) -> None:
    """networkx node-link JSON (``edges`` key)."""
    text = json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1)
    _atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


def _dot_quote(value: Any) -> str:
    s = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return f'"{s}"'


def _dot_attrs(attrs: dict[str, Any]) -> str:
    return ", ".join(f"{_dot_quote(k)}={_dot_quote(v)}" for k, v in attrs.items())


def to_dot(g: nx.Graph) -> str:
    """Graphviz DOT text: nodes filled with their type's colour, edges coloured by event class.

    >>> h = nx.DiGraph(); h.add_edge("a", "b", event_class="Veto")
    >>> print(to_dot(h).splitlines()[-2])
      "a" -> "b" ["event_class"="Veto", "color"="#54278f"];
    """
    arrow = "->" if g.is_directed() else "--"
    lines = [
        f"{'digraph' if g.is_directed() else 'graph'} {_dot_quote(g.graph.get('view', 'depeche'))} {{",
        '  graph ["overlap"="false", "splines"="true"];',
        '  node ["style"="filled", "fontname"="Helvetica", "fontsize"="10"];',
    ]
    for n, attrs in g.nodes(data=True):
        lines.append(f"  {_dot_quote(n)} [{_dot_attrs({**attrs, 'fillcolor': _colour(attrs)})}];")
    for u, v, k, attrs in _edges(g):
        extra = {"key": k} if k is not None else {}
        if "event_class" in attrs:
            extra["color"] = style.event_colour(str(attrs["event_class"]))
        lines.append(f"  {_dot_quote(u)} {arrow} {_dot_quote(v)} [{_dot_attrs({**attrs, **extra})}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def write_dot(g: nx.Graph, path: Path) -> None:
    """Graphviz DOT (see :func:`to_dot`)."""
    text = to_dot(g)
    _atomic(path, lambda p: p.write_text(text, encoding="utf-8"))


_GRAPH_WRITERS: dict[Format, Callable[[nx.Graph, Path], None]] = {
    Format.GRAPHML: write_graphml,
    Format.GEXF: write_gexf,
    Format.CYJS: write_cyjs,
    Format.JSON: write_node_link,
    Format.DOT: write_dot,
}


def write_graph(g: nx.Graph, path: Path, *, fmt: str | Format | None = None) -> None:
    """Write a view (format from ``fmt`` or the extension).

    ``png`` and ``svg`` draw the graph (``viz`` extra); ``html`` needs the events themselves:
    use :func:`export` or :func:`kg.export.html.write_html`.

    Raises:
        KGError: for an unknown format, or ``html``.
    """
    f = Format.parse(fmt, path)
    if f in (Format.PNG, Format.SVG):
        from kg.export.plots import plot_network

        _atomic(path, lambda p: plot_network(g, p, fmt=f.value))
        return
    writer = _GRAPH_WRITERS.get(f)
    if writer is None:
        raise KGError(
            "the HTML page is made from the events, not from a graph",
            where=str(path),
            hint="use kg.export.formats.export(store, path) or `kg export --format html`",
        )
    writer(g, path)


def export(
    source: Store | EventData,
    path: Path,
    *,
    view: str = "actors",
    fmt: str | Format | None = None,
    filter: EventFilter | None = None,
    aggregate: bool = False,
    title: str | None = None,
) -> ExportSummary:
    """Export a view of the store's events to a file.

    Args:
        source: a store, or event data already read from one.
        path: the file to write (replaced atomically).
        view: ``actors``, ``events`` or ``places``; ``timeline`` (events and casualties over time)
            for ``png``/``svg``. The HTML page always shows the actor network.
        fmt: a :class:`Format` or its name; by default from the extension of ``path``.
        filter: which events to export.
        aggregate: for the ``actors`` view, one edge per actor pair instead of one per event.
        title: the title of the HTML page or the plot.

    Returns:
        What was written (counts, size, time taken).

    Raises:
        KGError: for an unknown view or format, or a filter value that matches nothing.
        MissingDependencyError: for ``png``/``svg`` without matplotlib (``pip install 'depeche[viz]'``).
    """
    t0 = time.perf_counter()
    f = Format.parse(fmt, path)
    if view not in VIEWS + PLOT_VIEWS:
        raise KGError(f"unknown view {view!r}", hint=f"one of {', '.join(VIEWS + PLOT_VIEWS)}")
    if view in PLOT_VIEWS and f not in (Format.PNG, Format.SVG):
        raise KGError(f"the {view} view is a picture", hint="use --format png or svg")
    data = as_data(source, filter)
    nodes = edges = 0
    if f is Format.HTML:
        from kg.export.html import write_html

        nodes, edges = write_html(data, path, title=title, filter=filter)
    elif view == "timeline":
        from kg.export.plots import plot_timeline

        _atomic(path, lambda p: plot_timeline(data, p, fmt=f.value, title=title))
    else:
        g = view_graph(data, view, aggregate=aggregate)
        if filter:
            g.graph["filter"] = filter.describe()
        nodes, edges = g.number_of_nodes(), g.number_of_edges()
        if f in (Format.PNG, Format.SVG):
            from kg.export.plots import plot_network

            _atomic(path, lambda p: plot_network(g, p, fmt=f.value, title=title))
        else:
            _GRAPH_WRITERS[f](g, path)
    return ExportSummary(
        path, f, view, nodes, edges, len(data), path.stat().st_size, time.perf_counter() - t0
    )
