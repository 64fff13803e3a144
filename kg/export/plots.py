"""Static pictures for reports (matplotlib, the ``viz`` extra): the network and the time line.

* :func:`plot_network` draws a view: actors coloured by type (events by class, places by kind
  in the bipartite views), sized by their number of events, edges coloured by event class and
  thickened by their number of events, the most connected nodes labelled, with legends.
* :func:`plot_timeline` draws events over time, stacked by class, above the casualty figures
  (killed and injured) over the same time axis; days, weeks or months depending on the span.

Both write PNG (150 dpi) or SVG, use matplotlib's object API (no ``pyplot`` state, no display
needed, safe in servers and threads) and are deterministic (fixed layout seed, no date stamp).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import require
from kg.export import style
from kg.export.networkx import layout
from kg.export.records import EventData

_MAX_CLASSES = 10  # more event classes than this in a time line: the rest are "other"


def _figure(width: float, height: float) -> Any:
    figure: Any = require("matplotlib.figure", extra="viz")
    require("matplotlib.backends.backend_agg", extra="viz")
    return figure.Figure(figsize=(width, height), layout="constrained")


def _save(fig: Any, path: Path, fmt: str) -> None:
    matplotlib: Any = require("matplotlib", extra="viz")
    metadata = {"Date": None} if fmt in ("svg", "pdf") else {"Software": "depeche"}
    # Stable SVG ids, and SVG text kept as text (searchable, editable in a report); no global state changed.
    with matplotlib.rc_context({"svg.hashsalt": "depeche", "svg.fonttype": "none"}):
        fig.savefig(str(path), format=fmt, dpi=150, metadata=metadata)


def _node_colour(attrs: dict[str, Any]) -> str:
    kind = attrs.get("kind")
    if kind == "event":
        return style.event_colour(str(attrs.get("event_class", "")))
    if kind == "place":
        return style.place_colour(str(attrs.get("type", "")))
    return style.actor_colour(str(attrs.get("type", "")))


def plot_network(
    g: nx.Graph, path: Path, *, fmt: str = "png", title: str | None = None, max_labels: int = 30
) -> None:
    """Draw a view to ``path``.

    Args:
        g: a view from :mod:`kg.export.networkx`.
        path: the file to write.
        fmt: ``png`` or ``svg`` (anything matplotlib writes).
        title: the title (default: the view's name and size).
        max_labels: label at most this many nodes, the most connected first, skipping a node whose
            label would cover one already placed (event nodes of the bipartite views are not labelled).

    Raises:
        MissingDependencyError: without matplotlib (``pip install 'depeche[viz]'``).
    """
    lines: Any = require("matplotlib.collections", extra="viz")
    patches: Any = require("matplotlib.patches", extra="viz")
    n = g.number_of_nodes()
    side = min(6.0 + n**0.5 * 0.6, 24.0)
    fig = _figure(side + 2.5, side)
    ax = fig.add_subplot()
    ax.set_axis_off()
    view = str(g.graph.get("view", "graph"))
    ax.set_title(title or f"depeche — {view}: {n} nœuds, {g.number_of_edges()} liens", fontsize=12)
    pos = layout(g)
    # Edges: parallel edges of one class between two nodes are drawn once, thicker; the classes
    # linking the same pair are drawn side by side (offset across the line) so none hides another.
    groups: Counter[tuple[Any, Any, str]] = Counter()
    for u, v, d in g.edges(data=True):
        groups[(u, v, str(d.get("event_class", "")))] += int(d.get("count", 1))
    by_pair: dict[tuple[str, str], list[tuple[Any, Any, str, int]]] = defaultdict(list)
    for (u, v, cls), count in sorted(groups.items(), key=lambda x: str(x[0])):
        by_pair[tuple(sorted((str(u), str(v))))].append((u, v, cls, count))  # type: ignore[index]
    xs_all = [p[0] for p in pos.values()] or [0.0]
    spread = (max(xs_all) - min(xs_all)) or 1.0
    segments, colours, widths = [], [], []
    for (a, b), items in sorted(by_pair.items()):
        (ax_, ay), (bx, by) = pos[a], pos[b]
        length = math.hypot(bx - ax_, by - ay) or 1.0
        nx_, ny = -(by - ay) / length, (bx - ax_) / length  # unit normal of the pair's line
        for i, (u, v, cls, count) in enumerate(items):
            shift = (i - (len(items) - 1) / 2) * spread * 0.008
            (ux, uy), (vx, vy) = pos[u], pos[v]
            segments.append([(ux + nx_ * shift, uy + ny * shift), (vx + nx_ * shift, vy + ny * shift)])
            colours.append(style.event_colour(cls) if cls else "#bbbbbb")
            widths.append(0.8 + 1.2 * count**0.5)
    if segments:
        ax.add_collection(
            lines.LineCollection(segments, colors=colours, linewidths=widths, alpha=0.6, zorder=1)
        )
    nodes = sorted(g.nodes, key=str)
    xs = [pos[x][0] for x in nodes]
    ys = [pos[x][1] for x in nodes]
    sizes = [
        50 + 30 * float(g.nodes[x].get("events", 1)) ** 0.5 if g.nodes[x].get("kind") != "event" else 12
        for x in nodes
    ]
    ax.scatter(
        xs,
        ys,
        s=sizes,
        c=[_node_colour(g.nodes[x]) for x in nodes],
        edgecolors="white",
        linewidths=0.6,
        zorder=2,
    )
    ax.autoscale_view()
    ax.margins(0.06)
    # Labels: the most connected nodes first, skipping any that would sit on a label already placed.
    candidates = sorted(
        (x for x in nodes if g.nodes[x].get("kind") != "event"), key=lambda x: (-g.degree(x), str(x))
    )
    ys_all = [p[1] for p in pos.values()] or [0.0]
    min_dx, min_dy = spread * 0.07, ((max(ys_all) - min(ys_all)) or 1.0) * 0.025
    placed: list[tuple[float, float]] = []
    for x in candidates:
        if len(placed) >= max_labels:
            break
        px, py = pos[x]
        if any(abs(px - qx) < min_dx and abs(py - qy) < min_dy for qx, qy in placed):
            continue
        placed.append((px, py))
        ax.annotate(
            str(g.nodes[x].get("label", x)),
            pos[x],
            xytext=(0, -9),
            textcoords="offset points",
            ha="center",
            va="top",
            fontsize=8,
            zorder=3,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75},
        )
    # Legends: node kinds present, event classes present.
    kinds = sorted(
        {
            (g.nodes[x].get("kind", "actor"), str(g.nodes[x].get("type", g.nodes[x].get("event_class", ""))))
            for x in nodes
        }
    )
    node_handles = [
        patches.Patch(color=_node_colour({"kind": k, "type": t, "event_class": t}), label=t)
        for k, t in kinds
        if k != "event"
    ]
    classes = sorted(
        {c for _, _, c in groups if c}
        | {str(g.nodes[x].get("event_class")) for x in nodes if g.nodes[x].get("kind") == "event"}
    )
    edge_handles = [
        lines.LineCollection([], colors=style.event_colour(c), linewidths=3, label=c) for c in classes
    ]
    if node_handles:
        fig.legend(
            handles=node_handles,
            title="nœuds",
            loc="outside right upper",
            fontsize=8,
            title_fontsize=9,
            frameon=False,
        )
    if edge_handles:
        fig.legend(
            handles=edge_handles,
            title="événements",
            loc="outside right lower",
            fontsize=8,
            title_fontsize=9,
            frameon=False,
        )
    _save(fig, path, fmt)


def _bucket(span_days: int) -> str:
    return "day" if span_days <= 62 else "week" if span_days <= 730 else "month"


def _start_of(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=7 if unit == "week" else 1)


def timeline_counts(data: EventData) -> tuple[str, list[dt.date], dict[str, list[int]], dict[str, list[int]]]:
    """The numbers :func:`plot_timeline` draws.

    Returns:
        ``(unit, buckets, events_by_class, casualties_by_kind)``: the bucket unit (``day``, ``week``
        or ``month``), the first day of each bucket (no gaps), and per class / per kind
        (``Killed``, ``Injured``) one count per bucket. Sub-counts ("dont 4 enfants") are not added.
    """
    days = [e.day for e in data.events.values() if e.day] + [c.day for c in data.casualties if c.day]
    if not days:
        return "day", [], {}, {}
    first, last = min(days), max(days)
    unit = _bucket((last - first).days)
    buckets = [_start_of(first, unit)]
    while _next(buckets[-1], unit) <= last:
        buckets.append(_next(buckets[-1], unit))
    index = {b: i for i, b in enumerate(buckets)}
    by_class: dict[str, list[int]] = defaultdict(lambda: [0] * len(buckets))
    for e in data.events.values():
        if e.day:
            by_class[e.event_class][index[_start_of(e.day, unit)]] += 1
    by_kind: dict[str, list[int]] = {"Killed": [0] * len(buckets), "Injured": [0] * len(buckets)}
    for c in data.casualties:
        if c.day and not c.sub_count and c.kind in by_kind:
            by_kind[c.kind][index[_start_of(c.day, unit)]] += c.count
    return unit, buckets, dict(sorted(by_class.items())), by_kind


def plot_timeline(data: EventData, path: Path, *, fmt: str = "png", title: str | None = None) -> None:
    """Events over time by class (stacked bars) above casualties over time (killed, injured).

    Raises:
        MissingDependencyError: without matplotlib (``pip install 'depeche[viz]'``).
    """
    unit, buckets, by_class, by_kind = timeline_counts(data)
    fig = _figure(11, 7)
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    fig.suptitle(title or f"depeche — {len(data)} événements dans le temps", fontsize=12)
    unit_fr = {"day": "jour", "week": "semaine", "month": "mois"}[unit]
    width = {"day": 0.8, "week": 5.6, "month": 24.0}[unit]
    ranked = sorted(by_class, key=lambda c: (-sum(by_class[c]), c))
    shown = ranked[:_MAX_CLASSES]
    series = {c: by_class[c] for c in shown}
    if len(ranked) > _MAX_CLASSES:
        series["autres"] = [sum(by_class[c][i] for c in ranked[_MAX_CLASSES:]) for i in range(len(buckets))]
    base = [0] * len(buckets)
    for cls, counts in series.items():
        top.bar(
            buckets, counts, width=width, bottom=base, color=style.event_colour(cls), label=cls, align="edge"
        )
        base = [b + c for b, c in zip(base, counts, strict=True)]
    top.set_ylabel(f"événements par {unit_fr}")
    if series:
        top.legend(fontsize=8, ncols=2, frameon=False, loc="upper left")
    for offset, (kind, colour, label) in enumerate(
        (("Killed", "#b2182b", "tués"), ("Injured", "#ef8a62", "blessés"))
    ):
        if any(by_kind.get(kind, ())):
            bottom.bar(
                [b + dt.timedelta(days=offset * width / 2) for b in buckets],
                by_kind[kind],
                width=width / 2,
                color=colour,
                label=label,
                align="edge",
            )
    bottom.set_ylabel(f"victimes par {unit_fr}")
    if any(any(v) for v in by_kind.values()):
        bottom.legend(fontsize=8, frameon=False, loc="upper left")
    else:
        bottom.text(0.5, 0.5, "aucun bilan", transform=bottom.transAxes, ha="center", color="#888")
    ticker: Any = require("matplotlib.ticker", extra="viz")
    for ax in (top, bottom):
        ax.yaxis.set_major_locator(ticker.MaxNLocator(integer=True))
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
    bottom.tick_params(axis="x", labelrotation=30, labelsize=8)
    _save(fig, path, fmt)
